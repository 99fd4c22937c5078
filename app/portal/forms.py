"""Forms on a participant's own pages, worded for the participant."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email

from app.common.forms import max_length, required, strip_filter
from app.common.widgets import GovRadioInput
from app.consent.models import CONSENT_ANSWERS, PURPOSE_LABELS, PURPOSE_UNANSWERED, Purpose
from app.participants.forms import ParticipantForm
from app.participants.services import STAFF_ONLY_FIELDS, ParticipantDetails
from app.portal.form_base import PortalForm


class OwnDetailsForm(PortalForm, ParticipantForm):
    """The participant's own details: everything but what researchers keep (how recruited, status, notes)."""

    full_name = StringField(
        _l("Your full name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter your full name")), max_length(200)],
    )
    email = EmailField(
        _l("Your email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            required(_l("Enter your email address")),
            max_length(320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )
    organisation = StringField(
        _l("Your organisation"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter your organisation")), max_length(200)],
    )
    adjustments = TextAreaField(
        _l("Adjustments you need to take part (optional)"),
        description=_l(
            "For example, captions, extra time, breaks or step-free access. Only the research team "
            "running your sessions can see this."
        ),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    recruited_via = None
    status = None
    notes = None
    submit = SubmitField(_l("Save my details"), widget=GovSubmitInput())


# The fields of ParticipantDetails a participant corrects themselves (everything but STAFF_ONLY_FIELDS).
OWN_FIELDS = tuple(f.name for f in dataclass_fields(ParticipantDetails) if f.name not in STAFF_ONLY_FIELDS)


def consent_form_class():
    """A form with one Yes/No question per purpose, none answered in advance (CON-3)."""

    class GiveConsentForm(PortalForm):
        submit = SubmitField(_l("Send my answers"), widget=GovSubmitInput())

    for purpose in Purpose:
        setattr(
            GiveConsentForm,
            purpose.value,
            RadioField(
                PURPOSE_LABELS[purpose],
                widget=GovRadioInput(),
                choices=list(CONSENT_ANSWERS),
                validators=[required(PURPOSE_UNANSWERED[purpose])],
            ),
        )
    return GiveConsentForm


class ConfirmForm(PortalForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class RequestLinkForm(PortalForm):
    email = EmailField(
        _l("Your email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            required(_l("Enter your email address")),
            max_length(320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )
    submit = SubmitField(_l("Send me my link"), widget=GovSubmitInput())
