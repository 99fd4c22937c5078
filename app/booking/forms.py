"""Forms for the staff booking pages: invitations, overrides, reminders and booking on someone's behalf."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from app.common.forms import max_length, required, strip_filter
from app.common.widgets import GovRadioInput


def _yes_no():
    """Answers to "Do they want…?" ("A ydynt am…?": "Ydyn" / "Nac ydyn"; Welsh review, row 7)."""
    return [("yes", _lp("answer to do they want", "Yes")), ("no", _lp("answer to do they want", "No"))]


def _via():
    return [("phone", _l("By phone")), ("email", _l("By email"))]


class InvitationForm(FlaskForm):
    segment = SelectField(_l("A saved segment"), widget=GovSelect(), choices=[], validators=[Optional()])
    codes = TextAreaField(
        _l("Or participants’ codes, names or email addresses"),
        description=_l("One on each line, or separated by commas. For example: P-0012, Llŷr Evans"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(5000)],
    )
    submit = SubmitField(_l("Check who will get it"), widget=GovSubmitInput())


class SendCheckedForm(FlaskForm):
    """The check page's button: `checked` is the signed list of the people it showed
    (booking.invitation_checks.checked_token)."""

    checked = HiddenField(validators=[required(_l("Check who will get the invitation first"))])
    submit = SubmitField(_l("Send invitations"), widget=GovSubmitInput())


class OverrideForm(FlaskForm):
    code = StringField(
        _l("Participant code"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter a participant code")), max_length(12)],
    )
    reason = TextAreaField(
        _l("Why they should be asked this time"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[required(_l("Enter a reason for the override")), max_length(500)],
    )
    submit = SubmitField(_l("Allow and invite"), widget=GovSubmitInput())


class RemindForm(FlaskForm):
    submit = SubmitField(_l("Remind people who have not answered"), widget=GovSubmitInput())


class AssistedBookingForm(FlaskForm):
    code = StringField(
        _l("Who"),
        description=_l("Their participant code (for example P-0012), email address or name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter their participant code, email address or name")), max_length(320)],
    )
    session = RadioField(
        _l("Session"),
        widget=GovRadioInput(),
        coerce=int,
        choices=[],
        validators=[required(_l("Choose a session"))],
    )
    via = RadioField(
        _l("How they asked"),
        widget=GovRadioInput(),
        choices=_via,
        validators=[required(_l("Choose phone or email"))],
    )
    adjustments = TextAreaField(
        _l("Adjustments they need (optional)"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    wants_welsh = RadioField(
        _l("Do they want to take part in Welsh?"),
        widget=GovRadioInput(),
        choices=_yes_no,
        validators=[required(_l("Choose whether they want to take part in Welsh"))],
    )
    submit = SubmitField(_l("Book on their behalf"), widget=GovSubmitInput())


class AttendanceForm(FlaskForm):
    """One click per person on the session page: which outcome is the button's own value (checked by the
    service, which refuses anything but attended, no_show or late_cancel)."""


class MarkAllAttendedForm(FlaskForm):
    submit = SubmitField(_l("Mark everyone not yet marked as attended"), widget=GovSubmitInput())
