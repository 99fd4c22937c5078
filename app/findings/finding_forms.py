"""Forms of the findings pages: a finding (Welsh and English side by side, Welsh first), its recommendations,
carrying it into a later phase and recording a retest's outcome, the filters of the findings list and of the
observations a researcher cites, and confirmations.

Choices that depend on the project (phases, studies, tags) are given when the form is made. A value that is not
one of the choices gets a message in the reader's language (never WTForms' English "Not a valid choice")."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from app.common.forms import max_length, required, strip_filter
from app.common.widgets import GovCheckboxesInput, GovRadioInput
from app.findings.findings import MAX_STATEMENT
from app.findings.recommendations import MAX_OWNER, MAX_TEXT
from app.findings.standards import FRAMEWORK_LABELS, GOVUK, STANDARDS, WALES
from app.findings.vocabulary import (
    FINDING_KIND_LABELS,
    FINDING_STATUS_LABELS,
    GRADED_KINDS,
    OBSERVATION_KIND_LABELS,
    PRIORITY_LABELS,
    RECOMMENDATION_STATUS_LABELS,
    SEVERITY_LABELS,
    SEVERITY_LEVELS,
    FindingStatus,
    RecommendationStatus,
)


def labelled(labels: dict) -> list[tuple[str, Any]]:
    return [(str(key), label) for key, label in labels.items()]


def chosen_from(message):
    """The field's value (or each of its values) is one of its choices; else `message`. Empty passes."""

    def check(form, field):
        allowed = {str(value) for value, _label in field.choices or []}
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in values if value not in (None, "")):
            raise ValidationError(message)

    return check


def _standard_choices(framework: str) -> list[tuple[str, str]]:
    return [(s.code, f"{s.number}. {s.name}") for s in STANDARDS if s.framework == framework]


class FindingForm(FlaskForm):
    """A finding (REP-2, REP-4, REP-5). `phases` and `studies` are (id, label) pairs of the project; `phase` is
    asked only for a new finding (a finding stays in the phase it was found in: carry it on instead)."""

    phase = RadioField(
        _l("Phase it was found in"),
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[required(_l("Choose the phase it was found in"))],
    )
    statement_cy = TextAreaField(
        _l("Finding in Welsh"),
        description=_l("One sentence."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_STATEMENT)],
    )
    statement_en = TextAreaField(
        _l("Finding in English"),
        description=_l("One sentence."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_STATEMENT)],
    )
    kind = RadioField(
        _l("Kind of finding"),
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: labelled(FINDING_KIND_LABELS),
        validators=[
            required(_l("Choose what kind of finding this is")),
            chosen_from(_l("Choose what kind of finding this is")),
        ],
    )
    severity = RadioField(
        _l("Severity"),
        description=_l("For problems and needs only."),
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: [(str(level), SEVERITY_LABELS[level]) for level in SEVERITY_LEVELS],
        validators=[chosen_from(_l("Choose how severe it is"))],
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        validate_choice=False,
        default=FindingStatus.NEW.value,
        choices=lambda: labelled(FINDING_STATUS_LABELS),
        validators=[required(_l("Choose a status")), chosen_from(_l("Choose a status"))],
    )
    study = SelectField(
        _l("Study it came from (optional)"),
        widget=GovSelect(),
        validate_choice=False,
        validators=[chosen_from(_l("Choose a study of this project"))],
    )
    standards_wales = SelectMultipleField(
        FRAMEWORK_LABELS[WALES],
        widget=GovCheckboxesInput(),
        validate_choice=False,
        choices=lambda: _standard_choices(WALES),
        validators=[chosen_from(_l("Choose standards from the list"))],
    )
    standards_govuk = SelectMultipleField(
        FRAMEWORK_LABELS[GOVUK],
        widget=GovCheckboxesInput(),
        validate_choice=False,
        choices=lambda: _standard_choices(GOVUK),
        validators=[chosen_from(_l("Choose standards from the list"))],
    )
    submit = SubmitField(_l("Save finding"), widget=GovSubmitInput())

    def __init__(self, *args, choices, fixed_phase_id: int | None = None, **kwargs):
        """`choices`: listing.FilterChoices of the project. With `fixed_phase_id` (editing) the phase is not
        asked: studies must be of that phase."""
        super().__init__(*args, **kwargs)
        self.phase.choices = [(str(phase_id), label) for phase_id, label in choices.phases]
        self.study.choices = [("", _("None"))] + [(str(i), title) for i, title in choices.studies]
        self.study_phases = choices.study_phases
        self.phase_id_fixed = fixed_phase_id
        if fixed_phase_id is not None:
            del self.phase

    def validate_phase(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_("Choose the phase it was found in"))

    def validate_statement_cy(self, field):
        if not (field.data or "").strip() and not (self.statement_en.data or "").strip():
            raise ValidationError(_("Write the finding in Welsh, in English or in both"))

    def validate_severity(self, field):
        if self.kind.data in {str(kind) for kind in GRADED_KINDS} and not field.data:
            raise ValidationError(_("Choose how severe it is"))

    def validate_study(self, field):
        if not field.data or not field.data.isdigit():
            return
        phase_id = int(self.phase.data) if "phase" in self and (self.phase.data or "").isdigit() else None
        phase_id = phase_id if phase_id is not None else self.phase_id_fixed
        if phase_id is not None and self.study_phases.get(int(field.data)) != phase_id:
            raise ValidationError(_("Choose a study of this phase"))

    def severity_value(self) -> int | None:
        graded = self.kind.data in {str(kind) for kind in GRADED_KINDS}
        return int(self.severity.data) if graded and (self.severity.data or "").isdigit() else None

    def study_value(self) -> int | None:
        return int(self.study.data) if (self.study.data or "").isdigit() else None

    def standards_value(self) -> tuple[str, ...]:
        return tuple((self.standards_wales.data or []) + (self.standards_govuk.data or []))

    @staticmethod
    def initial(finding, standards: list[str]) -> dict:
        return {
            "statement_cy": finding.statement_cy,
            "statement_en": finding.statement_en,
            "kind": str(finding.kind),
            "severity": str(finding.severity) if finding.severity else "",
            "status": str(finding.status),
            "study": str(finding.study_id) if finding.study_id else "",
            "standards_wales": [code for code in standards if code.startswith(WALES)],
            "standards_govuk": [code for code in standards if code.startswith(GOVUK)],
        }


class RecommendationForm(FlaskForm):
    text_cy = TextAreaField(
        _l("Recommendation in Welsh"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_TEXT)],
    )
    text_en = TextAreaField(
        _l("Recommendation in English"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_TEXT)],
    )
    owner = StringField(
        _l("Owner (optional)"),
        description=_l("A team or a role, for example “Content design”."),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(MAX_OWNER)],
    )
    priority = RadioField(
        _l("Priority"),
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: labelled(PRIORITY_LABELS),
        validators=[required(_l("Choose a priority")), chosen_from(_l("Choose a priority"))],
    )
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        validate_choice=False,
        default=RecommendationStatus.PROPOSED.value,
        choices=lambda: labelled(RECOMMENDATION_STATUS_LABELS),
        validators=[required(_l("Choose a status")), chosen_from(_l("Choose a status"))],
    )
    submit = SubmitField(_l("Save recommendation"), widget=GovSubmitInput())

    def validate_text_cy(self, field):
        if not (field.data or "").strip() and not (self.text_en.data or "").strip():
            raise ValidationError(_("Write the recommendation in Welsh, in English or in both"))


class CarryForm(FlaskForm):
    """Take a finding into a later phase to retest it there (REP-3). `phases`: (id, label) of later phases."""

    phase = RadioField(
        _l("Phase to carry it into"),
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[required(_l("Choose a later phase of this project"))],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        description=_l("For example, what the team changed and what to look for when retesting."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    submit = SubmitField(_l("Carry the finding"), widget=GovSubmitInput())

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = [(str(phase_id), label) for phase_id, label in phases]

    def validate_phase(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_("Choose a later phase of this project"))


class OutcomeForm(FlaskForm):
    """The finding's status in one phase: a retest's outcome there."""

    status = RadioField(
        _l("Status in this phase"),
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: labelled(FINDING_STATUS_LABELS),
        validators=[required(_l("Choose a status")), chosen_from(_l("Choose a status"))],
    )
    submit = SubmitField(_l("Save status"), widget=GovSubmitInput())


class CiteForm(FlaskForm):
    """Observations to cite as evidence: their ids, checked on the picker (any number of them)."""

    observations = SelectMultipleField(_l("Observations to cite"), validate_choice=False)
    submit = SubmitField(_l("Add as evidence"), widget=GovSubmitInput())

    def validate_observations(self, field):
        values = field.data or []
        if not values:
            raise ValidationError(_("Choose at least one observation"))
        if any(not value.isascii() or not value.isdigit() or len(value) > 10 for value in values):
            raise ValidationError(_("Choose observations from the list"))

    def observation_ids(self) -> list[int]:
        return [int(value) for value in self.observations.data or []]


class ConfirmForm(FlaskForm):
    """A confirmation: deleting a finding or a recommendation, taking an observation off the evidence."""

    submit = SubmitField(_l("Delete"), widget=GovSubmitInput())


def filter_field(label, **kwargs) -> SelectField:
    return SelectField(label, widget=GovSelect(), validate_choice=False, **kwargs)


class FindingFilterForm(FlaskForm):
    """The findings list's filters (a GET form: no CSRF token). Values that are not choices filter nothing
    (listing.filter_from)."""

    class Meta:
        csrf = False

    phase = filter_field(_l("Phase"))
    study = filter_field(_l("Study"))
    kind = filter_field(_l("Kind"))
    severity = filter_field(_l("Severity"))
    status = filter_field(_l("Status"))
    tag = filter_field(_l("Tag on its evidence"))
    standard = filter_field(_l("Service standard"))
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.phase.choices = every + [(str(i), label) for i, label in choices.phases]
        self.study.choices = every + [(str(i), label) for i, label in choices.studies]
        self.kind.choices = every + labelled(FINDING_KIND_LABELS)
        self.severity.choices = every + [(str(level), SEVERITY_LABELS[level]) for level in SEVERITY_LEVELS]
        self.status.choices = every + labelled(FINDING_STATUS_LABELS)
        self.tag.choices = every + [(str(i), name) for i, name in choices.tags]
        self.standard.choices = every + [
            (s.code, f"{FRAMEWORK_LABELS[s.framework]} {s.number}. {s.name}") for s in STANDARDS
        ]


class ObservationFilterForm(FlaskForm):
    """The evidence picker's filters (GET). `choices`: pages.PickerChoices; `session_label` formats a session."""

    class Meta:
        csrf = False

    study = filter_field(_l("Study"))
    session = filter_field(_l("Session"))
    tag = filter_field(_l("Tag"))
    kind = filter_field(_l("Kind"))
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def __init__(self, *args, choices, session_label, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.study.choices = every + [(str(i), title) for i, title in choices.studies]
        self.session.choices = every + [
            (str(i), session_label(starts_at, title)) for i, starts_at, title in choices.sessions
        ]
        self.tag.choices = every + [(str(i), name) for i, name in choices.tags]
        self.kind.choices = every + labelled(OBSERVATION_KIND_LABELS)
