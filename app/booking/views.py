"""Booking pages: participants book, move and cancel from their personal link (BK-5: a GET never changes
anything); researchers invite, remind, and book on someone's behalf. Views parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.booking import forms, invitations, services
from app.booking.models import Booking, WaitlistStatus
from app.common import access
from app.extensions import db
from app.models_base import utcnow
from app.participants import limits
from app.participants.services import get_participant_by_code, get_segment, list_segments
from app.portal import links
from app.studies import services as studies
from app.studies.blueprint import uk_day, uk_time_label

bp = Blueprint("booking", __name__, template_folder="templates")


@bp.before_request
def load_participant_from_booking_link():
    token = (request.view_args or {}).get("token")
    if token is None:
        return None
    if request.method == "POST":
        services.begin_booking()  # SQLite: take the write lock before reading anything
    try:
        g.participant = invitations.participant_for_booking_link(token)
    except links.LinkExpired:
        return render_template("portal/link_problem.html", expired=True), 400
    except links.LinkInvalid:
        return render_template("portal/link_problem.html", expired=False), 400
    g.booking_token = token
    preference = g.participant.preferred_language
    g.participant_language = preference if preference in ("cy", "en") else "cy"
    return None


def _study(study_id: int):
    study = studies.get_study(study_id)
    if study is None:
        abort(404)
    return study


def _session_of(study, session_id: int):
    session = studies.get_session(study, session_id)
    if session is None:
        abort(404)
    return session


def _my_booking(study, booking_id: int) -> Booking:
    """Only the link's own participant's live booking in this study; anyone else's is not found."""
    booking = db.session.get(Booking, booking_id) if 0 < booking_id <= studies.MAX_ID else None
    if (
        booking is None
        or booking.participant_id != g.participant.id
        or booking.research_session.study_id != study.id
        or not booking.is_live
    ):
        abort(404)
    return booking


def _session_label(session) -> str:
    return _(
        "%(day)s, %(start)s to %(end)s (%(language)s)",
        day=uk_day(session.starts_at),
        start=uk_time_label(session.starts_at),
        end=uk_time_label(session.ends_at),
        language=session.language_label,
    )


def _needs_consent(study) -> bool:
    try:
        services.check_consent(g.participant, study)
    except services.ConsentMissing:
        return True
    return False


def _consent_url() -> str:
    return url_for("portal.consent_page", token=links.current_token(g.participant))


def _to_study(study):
    return redirect(url_for("booking.study_page", token=g.booking_token, study_id=study.id))


def _full(study, session):
    entry = services.open_entry(g.participant, study)
    return render_template(
        "booking/full.html", study=study, session=session, entry=entry, form=forms.WaitlistForm()
    )


def _notice(study, what: str):
    return render_template("booking/notice.html", study=study, what=what)


# Participants ---------------------------------------------------------------------------------------------


@bp.route("/p/<token>/studies/<int:study_id>")
@access.participant_link
def study_page(token: str, study_id: int):
    study = _study(study_id)
    entry = services.open_entry(g.participant, study)
    offer = (
        entry
        if entry
        and entry.status == WaitlistStatus.OFFERED
        and entry.offer_expires_at is not None
        and entry.offer_expires_at > utcnow()
        else None
    )
    return render_template(
        "booking/study.html",
        study=study,
        sessions=invitations.open_sessions(study),
        entry=entry,
        offer=offer,
        bookings=invitations.bookings_in_study(g.participant, study),
        waitlist_form=forms.WaitlistForm(),
        leave_form=forms.LeaveWaitlistForm(),
    )


@bp.route("/p/<token>/studies/<int:study_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@access.participant_link
def choose(token: str, study_id: int, session_id: int):
    study = _study(study_id)
    session = _session_of(study, session_id)
    existing = services.live_booking(g.participant.id, session.id)
    if existing is not None:
        return render_template("booking/booked.html", study=study, booking=existing)
    if session.is_cancelled or session.starts_at <= utcnow():
        return _notice(study, "unavailable")
    form = forms.BookForm()
    if request.method == "GET" and not services.places_left(session):
        return _full(study, session)
    consent_needed = _needs_consent(study)
    if form.validate_on_submit() and not consent_needed:
        try:
            booking = services.book_session(
                g.participant,
                session,
                adjustments=form.adjustments.data or "",
                wants_welsh=form.wants_welsh.data == "yes",
            )
        except services.SessionFull:
            return _full(study, session)
        except (services.SessionInPast, services.SessionCancelled):
            return _notice(study, "unavailable")
        except services.NotAllowed:
            return _notice(study, "not_allowed")
        except services.ConsentMissing:
            consent_needed = True
        else:
            return render_template("booking/booked.html", study=study, booking=booking, new=True)
    return render_template(
        "booking/confirm.html",
        study=study,
        session=session,
        form=form,
        consent_needed=consent_needed,
        consent_url=_consent_url(),
    )


@bp.route("/p/<token>/studies/<int:study_id>/waitlist", methods=["POST"])
@access.participant_link
def join_waitlist(token: str, study_id: int):
    study = _study(study_id)
    if forms.WaitlistForm().validate_on_submit():
        try:
            services.join_waitlist(g.participant, study)
        except services.NotAllowed:
            return _notice(study, "not_allowed")
        flash(_("You are on the waiting list. We will email you if a place comes up."), "success")
    return _to_study(study)


@bp.route("/p/<token>/studies/<int:study_id>/waitlist/leave", methods=["POST"])
@access.participant_link
def leave_waitlist(token: str, study_id: int):
    study = _study(study_id)
    entry = services.open_entry(g.participant, study)
    if forms.LeaveWaitlistForm().validate_on_submit() and entry is not None:
        services.leave_waitlist(entry)
        flash(_("You have left the waiting list."), "success")
    return _to_study(study)


@bp.route("/p/<token>/studies/<int:study_id>/offer", methods=["GET", "POST"])
@access.participant_link
def offer(token: str, study_id: int):
    study = _study(study_id)
    entry = services.open_entry(g.participant, study)
    if (
        entry is None
        or entry.status != WaitlistStatus.OFFERED
        or entry.offer_expires_at is None
        or entry.offer_expires_at <= utcnow()
    ):
        return _notice(study, "no_offer")
    form = forms.BookForm()
    if form.validate_on_submit():
        try:
            booking = services.accept_offer(
                entry, adjustments=form.adjustments.data or "", wants_welsh=form.wants_welsh.data == "yes"
            )
        except services.OfferNotOpen:
            return _notice(study, "no_offer")
        except services.ConsentMissing:
            pass
        except services.BookingError:
            return _notice(study, "not_allowed")
        else:
            return render_template("booking/booked.html", study=study, booking=booking, new=True)
    consent_needed = _needs_consent(study)
    return render_template(
        "booking/confirm.html",
        study=study,
        session=entry.offered_session,
        form=form,
        consent_needed=consent_needed,
        consent_url=_consent_url(),
        offer=entry,
    )


@bp.route("/p/<token>/studies/<int:study_id>/bookings/<int:booking_id>/reschedule", methods=["GET", "POST"])
@access.participant_link
def reschedule(token: str, study_id: int, booking_id: int):
    study = _study(study_id)
    booking = _my_booking(study, booking_id)
    form = forms.RescheduleForm()
    form.session.choices = [
        (s.id, _session_label(s))
        for s, _left in invitations.open_sessions(study, excluding=booking.research_session_id)
    ]
    if form.validate_on_submit():
        try:
            services.reschedule_booking(booking, _session_of(study, form.session.data))
        except services.BookingError:
            form.session.errors.append(
                _("That session is no longer available. Your booking has not changed.")
            )
        else:
            flash(_("Your booking has been moved."), "success")
            return _to_study(study)
    return render_template("booking/reschedule.html", study=study, booking=booking, form=form)


@bp.route("/p/<token>/studies/<int:study_id>/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@access.participant_link
def cancel(token: str, study_id: int, booking_id: int):
    study = _study(study_id)
    booking = _my_booking(study, booking_id)
    form = forms.CancelForm()
    if form.validate_on_submit():
        services.cancel_booking(booking)
        flash(_("Your booking has been cancelled."), "success")
        return _to_study(study)
    return render_template("booking/cancel.html", study=study, booking=booking, form=form)


# Researchers ----------------------------------------------------------------------------------------------


def _invitation_page(study, form, result=None, status: int = 200):
    return render_template(
        "booking/invitations.html",
        study=study,
        form=form,
        result=result,
        remind_form=forms.RemindForm(),
        override_form=forms.OverrideForm(formdata=None),
        invited=invitations.invited_codes(study),
    ), status


@bp.route("/studies/<int:study_id>/invitations", methods=["GET", "POST"])
@access.researcher
def invite(study_id: int):
    study = _study(study_id)
    form = forms.InvitationForm()
    form.segment.choices = [("", _("No segment"))] + [(str(s.id), s.name) for s in list_segments()]
    if form.validate_on_submit():
        people, unknown = invitations.participants_by_codes(invitations.parse_codes(form.codes.data))
        segment = get_segment(int(form.segment.data)) if form.segment.data else None
        if segment is None and not people and not unknown:
            form.codes.errors.append(_("Choose a segment or enter participant codes"))
            return _invitation_page(study, form, status=400)
        if segment is not None:
            people = invitations.participants_in_segment(segment) + people
        result = invitations.invite_participants(study, people)
        result.skipped += [
            invitations.Skipped(code, [_("No participant has this code.")]) for code in unknown
        ]
        return _invitation_page(study, form, result)
    return _invitation_page(study, form, status=400 if form.errors else 200)


@bp.route("/studies/<int:study_id>/invitations/override", methods=["POST"])
@access.researcher
def override(study_id: int):
    study = _study(study_id)
    form = forms.OverrideForm()
    participant = (
        get_participant_by_code((form.code.data or "").upper()) if form.validate_on_submit() else None
    )
    if participant is None:
        flash(_("Enter a participant code and a reason for the override."), "error")
        return redirect(url_for("booking.invite", study_id=study.id))
    try:
        result = invitations.override_and_invite(study, participant, form.reason.data, actor=current_user)
    except (limits.OverrideNotAllowed, limits.OverrideNotNeeded):
        flash(_("An override cannot be given to %(code)s.", code=participant.code), "error")
    else:
        if result.invited:
            flash(_("%(code)s has been invited.", code=participant.code), "success")
    return redirect(url_for("booking.invite", study_id=study.id))


@bp.route("/studies/<int:study_id>/invitations/remind", methods=["POST"])
@access.researcher
def remind(study_id: int):
    study = _study(study_id)
    if forms.RemindForm().validate_on_submit():
        count = invitations.remind_unanswered(study)
        flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", count), "success")
    return redirect(url_for("booking.invite", study_id=study.id))


@bp.route("/studies/<int:study_id>/book-for", methods=["GET", "POST"])
@access.researcher
def book_for(study_id: int):
    if request.method == "POST":
        services.begin_booking()
    study = _study(study_id)
    form = forms.AssistedBookingForm()
    form.session.choices = [(s.id, _session_label(s)) for s, _left in invitations.open_sessions(study)]
    if form.validate_on_submit():
        participant = get_participant_by_code(form.code.data.upper())
        if participant is None:
            form.code.errors.append(_("No participant has this code."))
        else:
            try:
                services.book_session(
                    participant,
                    _session_of(study, form.session.data),
                    adjustments=form.adjustments.data or "",
                    wants_welsh=form.wants_welsh.data == "yes",
                    assisted_by=current_user._get_current_object(),
                    assisted_via=form.via.data,
                )
            except services.NotAllowed as refused:
                form.code.errors.extend(refused.decision.describe())
            except services.ConsentMissing:
                form.code.errors.append(
                    _("They have not given the consent this study needs on the current form.")
                )
            except services.BookingError:
                form.session.errors.append(_("That session is full or no longer open. Choose another."))
            else:
                flash(_("%(code)s has been booked.", code=participant.code), "success")
                return redirect(url_for("studies.detail", study_id=study.id))
    return render_template("booking/book_for.html", study=study, form=form), 400 if form.errors else 200
