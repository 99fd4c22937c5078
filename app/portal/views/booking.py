"""A participant's booking pages for one study, from their BOOKING link: see the sessions, book one (or join
the waiting list when full), take an offered place, move or cancel a booking (BK-2, BK-3, BK-5).

Each POST calls one booking service and turns the domain error it raises into a page; nothing is checked
twice. A GET changes nothing.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.booking import bookings, errors, lookups, overview, places, self_service, waitlist
from app.booking.eligibility import consent_problem
from app.consent.models import PURPOSE_LABELS
from app.participants import links
from app.portal.booking_forms import BookForm, CancelForm, LeaveWaitlistForm, RescheduleForm, WaitlistForm
from app.portal.views import bp, link
from app.studies import services as studies
from app.studies.formatting import session_label


def _study(study_id: int):
    """Only a study the link's holder was invited to, or is booked or waiting in, while it recruits or runs;
    any other id is not found (SEC-4)."""
    study = overview.study_for(g.participant, study_id)
    if study is None:
        abort(404)
    return study


def _session_of(study, session_id: int):
    session = studies.get_session(study, session_id)
    if session is None:
        abort(404)
    return session


def _my_booking(study, booking_id: int):
    """Only the link's own participant's live booking in this study; anyone else's is not found."""
    booking = lookups.own_live_booking(g.participant, study, booking_id)
    if booking is None:
        abort(404)
    return booking


def _consent_url() -> str:
    """The consent form, which leads back to this booking page once answered (issue 8, item 14)."""
    return url_for("portal.consent_page", token=links.current_token(g.participant), next=request.path)


def _to_study(study):
    return redirect(url_for("portal.study", token=g.token, study_id=study.id))


def _full(study, session, entry=None):
    return render_template(
        "portal/booking/full.html",
        study=study,
        session=session,
        entry=entry,
        form=WaitlistForm(formdata=None, session=session.id),
    )


def _notice(study, what: str):
    return render_template("portal/booking/notice.html", study=study, what=what)


def _booked(study, booking, *, new: bool = False):
    return render_template("portal/booking/booked.html", study=study, booking=booking, new=new)


def _confirm(study, session, form, *, consent: errors.ConsentMissing | None, offer=None):
    return render_template(
        "portal/booking/confirm.html",
        study=study,
        session=session,
        form=form,
        consent=consent,
        purpose_labels=PURPOSE_LABELS,
        consent_url=_consent_url(),
        offer=offer,
    )


@bp.route("/p/<token>/studies/<int:study_id>")
@link(links.BOOKING)
def study(token: str, study_id: int):
    found = _study(study_id)
    shown = overview.study_overview(g.participant, found)
    return render_template(
        "portal/booking/study.html",
        study=found,
        sessions=shown.sessions,
        full_sessions=shown.full_sessions,
        taking_bookings=shown.taking_bookings,
        entry=shown.entry,
        offer=shown.offer,
        bookings=shown.bookings,
        waitlist_form=WaitlistForm(),
        leave_form=LeaveWaitlistForm(),
        changeable=self_service.changeable_by_participant,
    )


@bp.route("/p/<token>/studies/<int:study_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@link(links.BOOKING)
def choose(token: str, study_id: int, session_id: int):
    chosen = overview.chosen_session(g.participant, study_id, session_id)
    if chosen is None:
        abort(404)
    found, session = chosen.study, chosen.session
    form = BookForm()
    if form.validate_on_submit():
        try:
            booking = bookings.book_session(
                g.participant,
                session,
                adjustments=form.adjustments.data or "",
                wants_welsh=form.wants_welsh.data == "yes",
                standing=chosen.standing,
            )
        except errors.SessionFull:
            return _full(found, session, waitlist.open_entry(g.participant, found))
        except (errors.SessionInPast, errors.SessionCancelled):
            return _notice(found, "unavailable")
        except errors.StudyNotTakingBookings:
            return _notice(found, "not_taking")
        except errors.StudyLimitReached:
            return _notice(found, "already_booked")
        except errors.NotAllowed:
            return _notice(found, "not_allowed")
        except errors.ConsentMissing as missing:
            return _confirm(found, session, form, consent=missing)
        return _booked(found, booking, new=True)
    shown = overview.session_choice(g.participant, chosen)
    if shown.choice == overview.Choice.BOOKED:
        return _booked(found, shown.booking)
    if shown.choice == overview.Choice.NOT_TAKING:
        return _notice(found, "not_taking")
    if shown.choice == overview.Choice.UNAVAILABLE:
        return _notice(found, "unavailable")
    if shown.choice == overview.Choice.FULL and not form.is_submitted():
        return _full(found, session, shown.entry)
    return _confirm(found, session, form, consent=shown.consent)


@bp.route("/p/<token>/studies/<int:study_id>/waitlist", methods=["POST"])
@link(links.BOOKING)
def join_waitlist(token: str, study_id: int):
    found = _study(study_id)
    form = WaitlistForm()
    if form.validate_on_submit():
        # One session of the study (from a full session's page), or any session when none is named.
        wanted = studies.get_session(found, form.session.data) if form.session.data else None
        try:
            waitlist.join_waitlist(g.participant, found, session=wanted)
        except errors.StudyNotTakingBookings:
            return _notice(found, "not_taking")
        except errors.NotAllowed:
            return _notice(found, "not_allowed")
        flash(_("You are on the waiting list. We will email you if a place comes up."), "success")
    return _to_study(found)


@bp.route("/p/<token>/studies/<int:study_id>/waitlist/leave", methods=["POST"])
@link(links.BOOKING)
def leave_waitlist(token: str, study_id: int):
    found = _study(study_id)
    if LeaveWaitlistForm().validate_on_submit() and waitlist.leave_study_waitlist(g.participant, found):
        flash(_("You have left the waiting list."), "success")
    return _to_study(found)


@bp.route("/p/<token>/studies/<int:study_id>/offer", methods=["GET", "POST"])
@link(links.BOOKING)
def offer(token: str, study_id: int):
    found = _study(study_id)
    form = BookForm()
    if form.validate_on_submit():
        try:
            booking = bookings.accept_offer(
                g.participant,
                found,
                adjustments=form.adjustments.data or "",
                wants_welsh=form.wants_welsh.data == "yes",
            )
        except errors.OfferNotOpen:
            return _notice(found, "no_offer")
        except errors.StudyNotTakingBookings:
            return _notice(found, "not_taking")
        except errors.StudyLimitReached:
            return _notice(found, "already_booked")
        except errors.ConsentMissing:
            pass  # shown again below, asking for consent first
        except errors.BookingError:
            return _notice(found, "not_allowed")
        else:
            return _booked(found, booking, new=True)
    entry = waitlist.live_offer(g.participant, found)
    if entry is None:
        return _notice(found, "no_offer")
    return _confirm(
        found,
        entry.offered_session,
        form,
        consent=consent_problem(g.participant, found),
        offer=entry,
    )


@bp.route("/p/<token>/studies/<int:study_id>/bookings/<int:booking_id>/reschedule", methods=["GET", "POST"])
@link(links.BOOKING)
def reschedule(token: str, study_id: int, booking_id: int):
    found = _study(study_id)
    booking = _my_booking(found, booking_id)
    if not self_service.changeable_by_participant(booking):
        return _notice(found, "too_late")
    form = RescheduleForm()
    form.session.choices = [
        (s.id, session_label(s))
        for s, _left in places.open_sessions(found, excluding=booking.research_session_id)
    ]
    if form.validate_on_submit():
        try:
            self_service.move_own_booking(booking, _session_of(found, form.session.data))
        except errors.TooLateToChange:
            return _notice(found, "too_late")
        except errors.SessionFull:
            form.session.errors.append(
                _("That session has filled up since you opened this page. Your booking has not changed.")
            )
        except errors.BookingError:
            form.session.errors.append(
                _("That session is no longer available. Your booking has not changed.")
            )
        else:
            flash(_("Your booking has been moved."), "success")
            return _to_study(found)
    return render_template("portal/booking/reschedule.html", study=found, booking=booking, form=form)


@bp.route("/p/<token>/studies/<int:study_id>/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@link(links.BOOKING)
def cancel_booking(token: str, study_id: int, booking_id: int):
    found = _study(study_id)
    if lookups.own_cancelled_booking(g.participant, found, booking_id) is not None:
        # A second click, or an old link: the booking is cancelled already, which is what they asked for.
        flash(_("Your booking has been cancelled."), "success")
        return _to_study(found)
    booking = _my_booking(found, booking_id)
    form = CancelForm()
    if not self_service.changeable_by_participant(booking):
        return _notice(found, "too_late")
    if form.validate_on_submit():
        try:
            self_service.cancel_own_booking(booking)
        except errors.TooLateToChange:
            return _notice(found, "too_late")
        flash(_("Your booking has been cancelled."), "success")
        return _to_study(found)
    return render_template("portal/booking/cancel.html", study=found, booking=booking, form=form)
