"""Forms for studies, cancelling a research session, and calendar feeds. The forms that enter a research
session's times are in session_forms.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange

from app.common.forms import LocalisedIntegerField, max_length, required, strip_filter
from app.common.widgets import GovCheckboxesInput, GovRadioInput
from app.consent.models import PURPOSE_LABELS, Purpose
from app.studies import services
from app.studies.models import (
    METHOD_LABELS,
    STUDY_STATUS_LABELS,
)


def choices_of(labels: dict):
    """Choices for a field from an enum's label map, in the reader's language when the form is built."""
    return lambda: [(key.value, label) for key, label in labels.items()]


class StudyForm(FlaskForm):
    title_cy = StringField(
        _l("Title in Welsh"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter the study’s title in Welsh")), max_length(200)],
    )
    title_en = StringField(
        _l("Title in English"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter the study’s title in English")), max_length(200)],
    )
    description_cy = TextAreaField(
        _l("Description in Welsh"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(4000)],
    )
    description_en = TextAreaField(
        _l("Description in English"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(4000)],
    )
    research_questions_cy = TextAreaField(
        _l("Research questions in Welsh"),
        description=_l("One question a line."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(8000)],
    )
    research_questions_en = TextAreaField(
        _l("Research questions in English"),
        description=_l("One question a line."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(8000)],
    )
    method = RadioField(
        _l("Method"),
        widget=GovRadioInput(),
        choices=choices_of(METHOD_LABELS),
        validators=[required(_l("Choose a method"))],
    )
    target_sample = LocalisedIntegerField(
        _l("Target sample"),
        description=_l("How many participants you aim to include."),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the target sample")),
            NumberRange(min=1, max=1000, message=_l("Enter a number from 1 to 1000")),
        ],
    )
    sessions_per_participant = LocalisedIntegerField(
        _l("Sessions each participant may book"),
        description=_l(
            "1 for most studies. More if each person takes part in several sessions, such as a follow-up."
        ),
        widget=GovTextInput(),
        default=1,
        validators=[
            InputRequired(message=_l("Enter how many sessions each participant may book")),
            NumberRange(min=1, max=10, message=_l("Enter a number from 1 to 10")),
        ],
    )
    required_purposes = SelectMultipleField(
        _l("Consent this study needs"),
        description=_l("Taking part is always needed. Choose anything else the sessions will involve."),
        widget=GovCheckboxesInput(),
        choices=lambda: [(p.value, PURPOSE_LABELS[p]) for p in Purpose if p != Purpose.TAKE_PART],
    )
    facilitators = SelectMultipleField(
        _l("Facilitators"), widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=choices_of(STUDY_STATUS_LABELS),
        default="planning",
        validators=[required(_l("Choose a status"))],
    )
    submit = SubmitField(_l("Save study"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facilitators.choices = [(u.id, u.name) for u in services.facilitator_candidates()]


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Cancel this session"), widget=GovSubmitInput())


class FeedForm(FlaskForm):
    submit = SubmitField(_l("Make a new private link"), widget=GovSubmitInput())
