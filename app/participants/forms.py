"""Forms for the register: a participant's details, the filter, segments, limits and overrides."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, NumberRange, Optional, ValidationError

from app.common.forms import LocalisedDateField, LocalisedIntegerField, max_length, required, strip_filter
from app.common.widgets import GovCheckboxesInput, GovCheckboxInput, GovRadioInput
from app.participants.models import (
    LANGUAGE_PREFERENCE_LABELS,
    ORGANISATION_TYPE_LABELS,
    RECRUITED_VIA_LABELS,
    REGION_LABELS,
    SENIORITY_LABELS,
    STATUS_LABELS,
    WELSH_WILLINGNESS_LABELS,
)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def choices(labels: dict):
    return lambda: [(key.value, label) for key, label in labels.items()]


def validate_phone(form: object, field: Any) -> None:
    value = (field.data or "").strip()
    if value and (not PHONE_PATTERN.match(value) or sum(ch.isdigit() for ch in value) < 7):
        raise ValidationError(_("Enter a phone number, like 029 2000 0000 or +44 29 2000 0000"))


class ParticipantForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter their full name")), max_length(200)],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            required(_l("Enter their email address")),
            max_length(320),
            Email(message=_l("Enter an email address in the correct format, like name@example.org")),
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(30), validate_phone],
    )
    organisation = StringField(
        _l("Organisation"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter their organisation")), max_length(200)],
    )
    organisation_type = RadioField(
        _l("Type of organisation"),
        widget=GovRadioInput(),
        choices=choices(ORGANISATION_TYPE_LABELS),
        validators=[required(_l("Choose the type of organisation"))],
    )
    region = RadioField(
        _l("Region"),
        widget=GovRadioInput(),
        choices=choices(REGION_LABELS),
        validators=[required(_l("Choose a region"))],
    )
    job_role = StringField(
        _l("Job role"), widget=GovTextInput(), filters=[strip_filter], validators=[max_length(200)]
    )
    seniority = RadioField(
        _l("Seniority"),
        widget=GovRadioInput(),
        choices=choices(SENIORITY_LABELS),
        validators=[required(_l("Choose their seniority"))],
    )
    years_in_procurement = LocalisedIntegerField(
        _l("Years in procurement (optional)"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=60, message=_l("Enter a number of years from 0 to 60")),
        ],
    )
    preferred_language = RadioField(
        _l("Preferred language for correspondence"),
        widget=GovRadioInput(),
        choices=choices(LANGUAGE_PREFERENCE_LABELS),
        default="unknown",
        validators=[required(_l("Choose a language"))],
    )
    welsh_willingness = RadioField(
        _l("Willing to take part in Welsh"),
        widget=GovRadioInput(),
        choices=choices(WELSH_WILLINGNESS_LABELS),
        default="unknown",
        validators=[required(_l("Choose an answer"))],
    )
    adjustments = TextAreaField(
        _l("Adjustments they need (optional)"),
        description=_l(
            "Record adjustments, not diagnoses: for example, captions, extra time or step-free access."
        ),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    recruited_via = RadioField(
        _l("How they were recruited"),
        widget=GovRadioInput(),
        choices=choices(RECRUITED_VIA_LABELS),
        default="other",
        validators=[required(_l("Choose how they were recruited"))],
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=choices(STATUS_LABELS),
        default="active",
        validators=[required(_l("Choose a status"))],
    )
    # Shown only for someone who opted out or withdrew themselves: bringing them back records their request.
    own_request = BooleanField(
        _l("They have asked us themselves to take part again"), widget=GovCheckboxInput()
    )
    status_reason = TextAreaField(
        _l("How and when they asked"),
        description=_l("For example: “Phoned on 3 December to say they would like to take part again.”"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(500)],
    )
    notes = TextAreaField(
        _l("Notes (optional)"), widget=GovTextArea(), filters=[strip_filter], validators=[max_length(4000)]
    )
    submit = SubmitField(_l("Save participant"), widget=GovSubmitInput())


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET search

    q = StringField(
        _l("Search"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(200)],
        description=_l("Name, email, organisation, job role or code"),
    )
    organisation_type = SelectMultipleField(
        _l("Type of organisation"),
        widget=GovCheckboxesInput(),
        choices=choices(ORGANISATION_TYPE_LABELS),
        validate_choice=False,
    )
    region = SelectMultipleField(
        _l("Region"), widget=GovCheckboxesInput(), choices=choices(REGION_LABELS), validate_choice=False
    )
    seniority = SelectMultipleField(
        _l("Seniority"), widget=GovCheckboxesInput(), choices=choices(SENIORITY_LABELS), validate_choice=False
    )
    preferred_language = SelectMultipleField(
        _l("Preferred language"),
        widget=GovCheckboxesInput(),
        choices=choices(LANGUAGE_PREFERENCE_LABELS),
        validate_choice=False,
    )
    welsh_willingness = SelectMultipleField(
        _l("Willing to take part in Welsh"),
        widget=GovCheckboxesInput(),
        choices=choices(WELSH_WILLINGNESS_LABELS),
        validate_choice=False,
    )
    recruited_via = SelectMultipleField(
        _l("How they were recruited"),
        widget=GovCheckboxesInput(),
        choices=choices(RECRUITED_VIA_LABELS),
        validate_choice=False,
    )
    status = SelectMultipleField(
        _l("Status"), widget=GovCheckboxesInput(), choices=choices(STATUS_LABELS), validate_choice=False
    )
    has_adjustments = SelectField(
        _l("Adjustments"),
        widget=GovSelect(),
        validate_choice=False,
        choices=lambda: [
            ("", _("Any")),
            ("yes", _("Needs adjustments")),
            ("no", _("No adjustments recorded")),
        ],
    )
    organisation = StringField(
        _l("Organisation"), widget=GovTextInput(), filters=[strip_filter], validators=[max_length(200)]
    )
    job_role = StringField(
        _l("Job role"), widget=GovTextInput(), filters=[strip_filter], validators=[max_length(200)]
    )
    min_years = LocalisedIntegerField(
        _l("At least this many years in procurement"),
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=60)],
    )
    max_years = LocalisedIntegerField(
        _l("At most this many years in procurement"),
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=60)],
    )
    sort = SelectField(
        _l("Sort by"),
        widget=GovSelect(),
        validate_choice=False,
        choices=lambda: [
            ("name", _("Name")),
            ("code", _("Code")),
            ("organisation", _("Organisation")),
            ("newest", _("Newest first")),
        ],
    )
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())


class SegmentForm(FlaskForm):
    name = StringField(
        _l("Name for this segment"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter a name for the segment")), max_length(120)],
    )
    submit = SubmitField(_l("Save as a segment"), widget=GovSubmitInput())


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"), widget=GovSubmitInput())


class LimitForm(FlaskForm):
    max_sessions = LocalisedIntegerField(
        _l("Most sessions one person may take part in"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter a number of sessions")),
            NumberRange(min=1, max=100, message=_l("Enter a number from 1 to 100")),
        ],
    )
    period_days = LocalisedIntegerField(
        _l("Over this many days"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter a number of days")),
            NumberRange(min=1, max=3650, message=_l("Enter a number of days from 1 to 3650")),
        ],
    )
    cooldown_days = LocalisedIntegerField(
        _l("Days to wait after each session before asking again"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=365, message=_l("Enter a number of days from 0 to 365")),
        ],
    )
    warn_when_remaining = LocalisedIntegerField(
        _l("Show “near the limit” when this many sessions or fewer remain"),
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a number from 0 to 100"))],
    )
    active = RadioField(
        _l("Apply the limit"),
        widget=GovRadioInput(),
        choices=lambda: [("yes", _("Yes")), ("no", _("No"))],
        validators=[required(_l("Choose yes or no"))],
    )
    submit = SubmitField(_l("Save limits"), widget=GovSubmitInput())


class OverrideForm(FlaskForm):
    reason = TextAreaField(
        _l("Why should they be asked despite the limit?"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[required(_l("Enter a reason for the override")), max_length(1000)],
    )
    submit = SubmitField(_l("Allow one more invitation"), widget=GovSubmitInput())


class ParticipationForm(FlaskForm):
    took_part_on = LocalisedDateField(
        _l("Date they took part"), validators=[required(_l("Enter the date they took part"))]
    )
    description = StringField(
        _l("What they took part in"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Describe what they took part in")), max_length(200)],
    )
    submit = SubmitField(_l("Record participation"), widget=GovSubmitInput())


class SendLinkForm(FlaskForm):
    """A button: email the participant a link (the kind is a hidden field checked by the view)."""


class RevokeLinksForm(FlaskForm):
    """Stop every link a participant holds (SEC-4): a deliberate action, with the reason kept in the audit log."""

    reason = TextAreaField(
        _l("Why their links should stop working"),
        description=_l(
            "For example: a link was sent to the wrong address. They can ask for a new link at any time."
        ),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[required(_l("Enter why their links should stop working")), max_length(500)],
    )
    submit = SubmitField(_l("Stop every link they have"), widget=GovSubmitInput())
