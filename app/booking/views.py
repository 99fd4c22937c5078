"""Staff booking pages: researchers invite people to a study, remind those who have not answered, and book on
someone's behalf. Participants' own booking pages live in app/portal. Views parse, call one service, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.booking import (
    attendance,
    bookings,
    errors,
    forms,
    invitation_checks,
    invitation_reminders,
    invitations,
    lookups,
    places,
)
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


def _invitation_page(study, form=None, *, sent=None, status: int = 200):
    """The invitations page: the form (first step), what the last "Send invitations" did, and reminders."""
    form = form or forms.InvitationForm(formdata=None)
    form.segment.choices = [("", _("No segment"))] + [(str(s.id), s.name) for s in usable_segments()]
    outlook = invitation_reminders.reminder_outlook(study)
    remind_form = forms.RemindForm()
    remind_form.submit.label.text = ngettext(
        "Remind %(num)d person who has not answered",
        "Remind %(num)d people who have not answered",
        outlook.count,
    )
    return render_template(
        "booking/invitations.html",
        study=study,
        form=form,
        sent=sent,
        outlook=outlook,
        remind_form=remind_form,
        override_form=forms.OverrideForm(formdata=None),
        invited=invitations.invited_codes(study),
    ), status


@bp.route("/studies/<int:study_id>/invitations", methods=["GET", "POST"])
@access.researcher
def invite(study_id: int):
    """First step: the form; posted, the check page (who will get it, who not and why, the email in each
    language). Nothing is sent until its "Send invitations" (send_invitations)."""
    study = _study(study_id)
    form = forms.InvitationForm()
    form.segment.choices = [("", _("No segment"))] + [(str(s.id), s.name) for s in usable_segments()]
    if form.validate_on_submit():
        entries = invitation_checks.parse_entries(form.codes.data)
        segment = usable_segment(int(form.segment.data)) if form.segment.data else None
        if segment is None and not entries:
            form.codes.errors.append(
                _("Choose a segment or enter participants’ codes, names or email addresses")
            )
            return _invitation_page(study, form, status=400)
        check = invitation_checks.check_invitations(
            study, segment=segment, entries=entries, actor=current_user._get_current_object()
        )
        return render_template(
            "booking/invitation_check.html",
            study=study,
            check=check,
            send_form=forms.SendCheckedForm(formdata=None, checked=check.token),
            override_form=forms.OverrideForm(formdata=None),
        )
    return _invitation_page(study, form, status=400 if form.errors else 200)


@bp.route("/studies/<int:study_id>/invitations/send", methods=["POST"])
@access.researcher
def send_invitations(study_id: int):
    """Second step: invite exactly the people the check page showed, asking again whether each may be asked."""
    study = _study(study_id)
    form = forms.SendCheckedForm()
    if not form.validate_on_submit():
        flash(_("Check who will get the invitation first."), "error")
        return redirect(url_for("booking.invite", study_id=study.id))
    try:
        sent = invitation_checks.send_checked(
            study, form.checked.data, actor=current_user._get_current_object()
        )
    except invitation_checks.CheckNotValid:
        flash(_("That check has expired. Check who will get the invitation again."), "error")
        return redirect(url_for("booking.invite", study_id=study.id))
    return _invitation_page(study, sent=sent)


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
        result = invitation_reminders.remind_unanswered(study, actor=current_user._get_current_object())
        if result.blocked == invitation_reminders.NOT_RECRUITING:
            flash(_("No reminders were sent: the study is not recruiting, so nobody could book."), "error")
        elif result.blocked == invitation_reminders.NO_PLACES:
            flash(_("No reminders were sent: no session still to come has a place left."), "error")
        else:
            flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", result.sent), "success")
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
