"""Forms for projects and their phases, with Welsh and English side by side (Welsh first)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, Regexp, ValidationError

from app.common.forms import LocalisedDateField, max_length, required, strip_filter
from app.common.widgets import GovCheckboxInput, GovRadioInput
from app.projects.models import PHASE_LABELS, PhaseKind
from app.projects.services import SLUG_PATTERN


class ProjectForm(FlaskForm):
    name_cy = StringField(
        _l("Name in Welsh"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter the project’s name in Welsh")), max_length(200)],
    )
    name_en = StringField(
        _l("Name in English"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[required(_l("Enter the project’s name in English")), max_length(200)],
    )
    summary_cy = TextAreaField(
        _l("Summary in Welsh"), widget=GovTextArea(), filters=[strip_filter], validators=[max_length(4000)]
    )
    summary_en = TextAreaField(
        _l("Summary in English"), widget=GovTextArea(), filters=[strip_filter], validators=[max_length(4000)]
    )
    slug = StringField(
        _l("Short name for addresses"),
        description=_l("Lower-case letters, numbers and hyphens, for example cyd or e-invoicing."),
        widget=GovTextInput(),
        filters=[lambda value: value.strip().lower() if isinstance(value, str) else value],
        validators=[
            required(_l("Enter a short name")),
            max_length(40),
            Regexp(SLUG_PATTERN, message=_l("Use only lower-case letters, numbers and single hyphens")),
        ],
    )
    submit = SubmitField(_l("Save project"), widget=GovSubmitInput())


def phase_choices():
    return [(kind.value, PHASE_LABELS[kind]) for kind in PhaseKind]


class PhaseForm(FlaskForm):
    kind = RadioField(
        _l("Phase"),
        widget=GovRadioInput(),
        choices=phase_choices,
        validators=[required(_l("Choose a phase"))],
    )
    starts_on = LocalisedDateField(_l("Start date"), validators=[Optional()])
    ends_on = LocalisedDateField(_l("End date"), validators=[Optional()])
    is_current = BooleanField(_l("This is the project’s current phase"), widget=GovCheckboxInput())
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
    submit = SubmitField(_l("Save phase"), widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_("The end date must be the same as or after the start date"))
