"""Research sessions of a study: one at a time or a series, edited and (softly) cancelled by researchers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.booking import session_changes
from app.booking.bookings import session_bookings_query
from app.booking.forms import AttendanceForm, MarkAllAttendedForm
from app.common import access
from app.common.formatting import date_long
from app.common.paging import page_url, paginate
from app.consent.services import consent_states
from app.models_base import utcnow
from app.participants.visibility import can_see_contact_details, can_see_session_adjustments
from app.studies import clashes, services, timezones
from app.studies.formatting import session_label, uk_time, uk_time_with_zone
from app.studies.forms import ConfirmForm
from app.studies.session_forms import SeriesForm, SessionForm
from app.studies.views import bp
from app.studies.views.studies import study_or_404


def _session_or_404(study_id: int, session_id: int):
    study = study_or_404(study_id)
    session = services.get_session(study, session_id)
    if session is None:
        abort(404)
    return study, session


def _details(form: SessionForm) -> services.SessionDetails:
    assert form.starts_at is not None and form.ends_at is not None  # the form has been validated
    return services.SessionDetails(starts_at=form.starts_at, ends_at=form.ends_at, **form.detail_values())


def _note_repeated_times(instants) -> None:
    """Say which of a twice-shown autumn time was taken: always the first (BST)."""
    if instants:
        instant = instants[0]
        flash(
            _(
                "On %(date)s the clocks go back, so %(time)s happens twice. The first was used: %(label)s.",
                date=date_long(timezones.to_local(instant).date()),
                time=uk_time(instant),
                label=uk_time_with_zone(instant),
            )
        )


def _initial(session) -> dict:
    start, end = timezones.to_local(session.starts_at), timezones.to_local(session.ends_at)
    return {
        "day": start.date(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "capacity": session.capacity,
        "mode": session.mode,
        "joining_link": session.joining_link,
        "address_cy": session.address_cy,
        "address_en": session.address_en,
        "access_information_cy": session.access_information_cy,
        "access_information_en": session.access_information_en,
        "language": session.language,
        "facilitator": str(session.facilitator_id or ""),
        "note_taker": str(session.note_taker_id or ""),
        "participant_information_cy": session.participant_information_cy,
        "participant_information_en": session.participant_information_en,
    }


@bp.route("/studies/<int:study_id>/sessions/new", methods=["GET", "POST"])
@access.researcher
def session_new(study_id: int):
    study = study_or_404(study_id)
    form = SessionForm()
    if form.validate_on_submit():
        created = services.create_session(study, _details(form), actor=current_user._get_current_object())
        flash(_("The session has been added."), "success")
        _warn_of_clashes([created])
        _note_repeated_times(form.ambiguous)
        return redirect(url_for("studies.detail", study_id=study.id))
    return render_template("studies/session_form.html", form=form, study=study, session=None)


@bp.route("/studies/<int:study_id>/sessions/series", methods=["GET", "POST"])
@access.researcher
def series_new(study_id: int):
    study = study_or_404(study_id)
    form = SeriesForm()
    if form.validate_on_submit():
        values = form.detail_values()
        created = services.create_sessions(
            study,
            [services.SessionDetails(starts_at=s.starts_at, ends_at=s.ends_at, **values) for s in form.slots],
            actor=current_user._get_current_object(),
        )
        _warn_of_clashes(created)
        flash(
            ngettext("%(num)d session has been added.", "%(num)d sessions have been added.", len(created)),
            "success",
        )
        _note_repeated_times(
            [i for s in created for i in (s.starts_at, s.ends_at) if timezones.instant_is_ambiguous(i)]
        )
        return redirect(url_for("studies.detail", study_id=study.id))
    return render_template("studies/series_form.html", form=form, study=study)


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>")
@access.staff
def session_detail(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    return render_template(
        "studies/session_detail.html",
        study=study,
        session=session,
        bookings=(found := paginate(session_bookings_query(session))),
        page_url=page_url(),
        consent=consent_states([booking.participant_id for booking in found.items]),
        show_names=can_see_contact_details(current_user),
        show_adjustments=can_see_session_adjustments(current_user, session),
        attendance_form=AttendanceForm(),
        mark_all_form=MarkAllAttendedForm(),
        session_started=session.starts_at <= utcnow(),
    )


def _warn_of_clashes(sessions) -> None:
    """Issue 9, item 13: say at once when a facilitator or note-taker is now in two overlapping sessions."""
    for session in sessions:
        for clash in clashes.clashes_for(session):
            flash(
                _(
                    "%(name)s is also in another session at %(when)s, which overlaps this one.",
                    name=clash.person.name,
                    when=session_label(clash.other),
                ),
                "warning",
            )


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@access.researcher
def session_edit(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    if session.is_cancelled:
        flash(_("This session has been cancelled, so it cannot be changed."))
        return redirect(url_for("studies.session_detail", study_id=study.id, session_id=session.id))
    form = SessionForm(data=_initial(session))
    if form.validate_on_submit():
        try:
            told = services.update_session(session, _details(form), actor=current_user._get_current_object())
        except services.BookedSessionInPast:
            form.day.errors.append(
                _("People are booked on this session, so it cannot be moved to a time that has passed")
            )
            return _edit_page(form, study, session, 400)
        except services.CapacityBelowBookings as error:
            # Someone booked between the form's check and the save: nothing is kept (a 400 rolls back).
            form.capacity.errors.append(
                ngettext(
                    "%(num)d place is already booked, so enter %(num)d or more places",
                    "%(num)d places are already booked, so enter %(num)d or more places",
                    error.taken,
                )
            )
            return _edit_page(form, study, session, 400)
        flash(_("The session has been saved."), "success")
        if told:
            flash(
                ngettext(
                    "%(num)d person booked on it has been emailed the new details.",
                    "%(num)d people booked on it have been emailed the new details.",
                    told,
                ),
                "success",
            )
        _note_repeated_times(form.ambiguous)
        _warn_of_clashes([session])
        return redirect(url_for("studies.session_detail", study_id=study.id, session_id=session.id))
    return _edit_page(form, study, session)


def _edit_page(form, study, session, status: int = 200):
    """The edit form, saying how many people booked on the session would be told of a change."""
    page = render_template(
        "studies/session_form.html",
        form=form,
        study=study,
        session=session,
        people_to_tell=session_changes.people_to_tell(session),
    )
    return page, status


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@access.researcher
def session_cancel(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        if services.cancel_session(session):
            flash(_("The session has been cancelled."), "success")
        else:
            flash(_("This session had already been cancelled."))
        return redirect(url_for("studies.detail", study_id=study.id))
    return render_template("studies/session_cancel.html", form=form, study=study, session=session)
