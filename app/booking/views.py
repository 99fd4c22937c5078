"""Staff booking pages: researchers invite people to a study, remind those who have not answered, and book on
someone's behalf. Participants' own booking pages live in app/portal. Views parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.booking import attendance, bookings, errors, forms, invitations, lookups, places
from app.common import access
from app.participants import limits
from app.participants.filters import usable_segment, usable_segments
from app.participants.services import (
    NoSuchParticipant,
    SeveralParticipants,
    find_participant,
    get_participant_by_code,
)
from app.studies import services as studies
from app.studies.formatting import session_label

bp = Blueprint("booking", __name__, template_folder="templates")


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
    form.segment.choices = [("", _("No segment"))] + [(str(s.id), s.name) for s in usable_segments()]
    if form.validate_on_submit():
        people, unknown = invitations.participants_by_codes(invitations.parse_codes(form.codes.data))
        segment = usable_segment(int(form.segment.data)) if form.segment.data else None
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
    study = _study(study_id)
    form = forms.AssistedBookingForm()
    form.session.choices = [(s.id, session_label(s)) for s, _left in places.open_sessions(study)]
    consent_for = None
    if form.validate_on_submit():
        try:
            participant = find_participant(form.code.data)
        except NoSuchParticipant:
            form.code.errors.append(_("Nobody on the testing team has this code, email address or name."))
        except SeveralParticipants as several:
            form.code.errors.append(
                _(
                    "More than one person matches. Use one of their codes: %(codes)s",
                    codes=", ".join(several.codes),
                )
            )
        else:
            try:
                bookings.book_session(
                    participant,
                    _session_of(study, form.session.data),
                    adjustments=form.adjustments.data or "",
                    wants_welsh=form.wants_welsh.data == "yes",
                    assisted_by=current_user._get_current_object(),
                    assisted_via=form.via.data,
                )
            except errors.NotAllowed as refused:
                form.code.errors.extend(refused.decision.describe())
            except errors.ConsentMissing:
                form.code.errors.append(
                    _("They have not given the consent this study needs on the current form.")
                )
                consent_for = participant
            except errors.StudyLimitReached as limit:
                form.code.errors.append(
                    ngettext(
                        "They already have %(num)d booking in this study, which is as many as it allows.",
                        "They already have %(num)d bookings in this study, which is as many as it allows.",
                        limit.limit,
                    )
                )
            except errors.StudyNotTakingBookings:
                form.session.errors.append(
                    _("This study is not taking bookings. Its status must be recruiting or running.")
                )
            except errors.BookingError:
                form.session.errors.append(_("That session is full or no longer open. Choose another."))
            else:
                flash(_("%(code)s has been booked.", code=participant.code), "success")
                return redirect(url_for("studies.detail", study_id=study.id))
    return render_template(
        "booking/book_for.html", study=study, form=form, consent_for=consent_for
    ), 400 if form.errors else 200


# Attendance -------------------------------------------------------------------------------------------------


def _to_session(study_id: int, session_id: int):
    if request.form.get("back") == "log":  # marked from the session log (app.findings), which posts here too
        return redirect(
            url_for("findings.session_log", study_id=study_id, session_id=session_id) + "#attendance"
        )
    return redirect(url_for("studies.session_detail", study_id=study_id, session_id=session_id))


@bp.route(
    "/studies/<int:study_id>/sessions/<int:session_id>/bookings/<int:booking_id>/attendance", methods=["POST"]
)
@access.researcher
def mark_attendance(study_id: int, session_id: int, booking_id: int):
    """One click per person: attended, did not attend, or cancelled late (issue 8, item 11)."""
    study = _study(study_id)
    session = _session_of(study, session_id)
    booking = lookups.booking_in_session(session, booking_id)
    if booking is None:
        abort(404)
    if not forms.AttendanceForm().validate_on_submit():
        abort(400)
    try:
        attendance.mark_attendance(
            booking, request.form.get("outcome", ""), actor=current_user._get_current_object()
        )
    except ValueError:
        abort(400)
    except attendance.AttendanceTooEarly:
        flash(_("Attendance can be recorded once the session has started."), "error")
    except attendance.NotMarkable:
        flash(_("This booking was cancelled, so there is no attendance to record."), "error")
    else:
        flash(_("Attendance for %(code)s has been saved.", code=booking.participant.code), "success")
    return _to_session(study.id, session.id)


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>/attendance", methods=["POST"])
@access.researcher
def mark_all_attended(study_id: int, session_id: int):
    study = _study(study_id)
    session = _session_of(study, session_id)
    if forms.MarkAllAttendedForm().validate_on_submit():
        try:
            count = attendance.mark_all_unmarked_attended(session, actor=current_user._get_current_object())
        except attendance.AttendanceTooEarly:
            flash(_("Attendance can be recorded once the session has started."), "error")
        else:
            flash(
                ngettext("%(num)d person marked as attended.", "%(num)d people marked as attended.", count),
                "success",
            )
    return _to_session(study.id, session.id)
