"""The search form (issue 10, item 6): what was typed and the filters, read from the query string. A filter
value that is not one of the choices is reported in the reader's language and filters nothing."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from app.common.forms import strip_filter
from app.common.i18n import in_language
from app.findings.search import SHOW_FINDINGS, SHOW_OBSERVATIONS, SearchFilters, SearchOptions
from app.findings.standards import FRAMEWORK_LABELS, STANDARDS, standard_label
from app.findings.vocabulary import (
    FINDING_KIND_LABELS,
    FINDING_STATUS_LABELS,
    OBSERVATION_KIND_LABELS,
    SEVERITY_LABELS,
    SEVERITY_LEVELS,
)


class _FromList:
    """The value must be one of the field's choices (or empty: any)."""

    def __init__(self, message) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data and field.data not in {str(value) for value, _label in field.choices}:
            raise ValidationError(str(self.message))


def _select(label, message) -> SelectField:
    return SelectField(
        label,
        widget=GovSelect(),
        choices=[],
        validate_choice=False,
        validators=[_FromList(message)],
        default="",
    )


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET search

    q = StringField(
        _l("Search for"),
        widget=GovTextInput(),
        filters=[strip_filter],
        description=_l(
            "Words in Welsh or English, or a participant code such as P-0042. Every word must be found; "
            "words such as AND, OR and NOT are searched for like any other word."
        ),
    )
    show = _select(_l("Show"), _l("Choose what to show from the list"))
    phase = _select(_l("Phase"), _l("Choose a phase from the list"))
    study = _select(_l("Study"), _l("Choose a study from the list"))
    tag = _select(_l("Tag"), _l("Choose a tag from the list"))
    observation_kind = _select(_l("Kind of observation"), _l("Choose a kind of observation from the list"))
    finding_kind = _select(_l("Kind of finding"), _l("Choose a kind of finding from the list"))
    severity = _select(_l("Severity"), _l("Choose a severity from the list"))
    status = _select(_l("Status of finding"), _l("Choose a status from the list"))
    standard = _select(_l("Service standard"), _l("Choose a service standard from the list"))
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def offer(self, options: SearchOptions) -> SearchForm:
        """Fill the choices from the project's phases, studies and tags, in the reader's language."""
        anything = ("", _("Any"))
        self.show.choices = [
            ("", _("Findings and observations")),
            (SHOW_FINDINGS, _("Findings only")),
            (SHOW_OBSERVATIONS, _("Observations only")),
        ]
        self.phase.choices = [anything] + [(str(p.id), p.label) for p in options.phases]
        self.study.choices = [anything] + [(str(s.id), in_language(s, "title")[0]) for s in options.studies]
        self.tag.choices = [anything] + [(str(t.id), t.name) for t in options.tags]
        self.observation_kind.choices = [anything] + [
            (k.value, str(v)) for k, v in OBSERVATION_KIND_LABELS.items()
        ]
        self.finding_kind.choices = [anything] + [(k.value, str(v)) for k, v in FINDING_KIND_LABELS.items()]
        self.severity.choices = [anything] + [(str(n), str(SEVERITY_LABELS[n])) for n in SEVERITY_LEVELS]
        self.status.choices = [anything] + [(k.value, str(v)) for k, v in FINDING_STATUS_LABELS.items()]
        self.standard.choices = [anything] + [
            (s.code, f"{FRAMEWORK_LABELS[s.framework]}: {standard_label(s.code)}") for s in STANDARDS
        ]
        return self

    def filters(self) -> SearchFilters:
        """The filters chosen (validate first): a field with an error filters nothing."""

        def chosen(name: str) -> str:
            field = getattr(self, name)
            return "" if field.errors or not field.data else str(field.data)

        def number(name: str) -> int | None:
            return int(chosen(name)) if chosen(name) else None

        return SearchFilters(
            show=chosen("show"),
            phase_id=number("phase"),
            study_id=number("study"),
            tag_id=number("tag"),
            observation_kind=chosen("observation_kind"),
            finding_kind=chosen("finding_kind"),
            severity=number("severity"),
            status=chosen("status"),
            standard=chosen("standard"),
        )
