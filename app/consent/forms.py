"""Forms for consent: drafting a version (Welsh and English side by side) and taking consent on someone's behalf."""

from __future__ import annotations

from flask_babel import force_locale, lazy_ngettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

from app.common.forms import max_length, required, strip_filter
from app.common.widgets import GovRadioInput
from app.consent.models import (
    METHOD_LABELS,
    PURPOSE_LABELS,
    SECTION_LABELS,
    ConsentForm,
    Method,
    Purpose,
    Section,
)

LANGUAGES = ("cy", "en")
TITLE_LIMIT = 200
SECTION_LIMIT = 4000
QUESTION_LIMIT = 500
NOTE_LIMIT = 500
# Consent taken on someone's behalf is never "online": that is the participant's own link (CON-4).
ON_BEHALF_METHODS = (Method.PAPER, Method.PHONE, Method.VERBAL)


def in_language(part, language: str):
    """'Who runs the research in Welsh': one whole phrase per language, never stitched."""
    if language == "cy":
        return _l("%(part)s in Welsh", part=part)
    return _l("%(part)s in English", part=part)


def language_name(language: str):
    return _l("Welsh") if language == "cy" else _l("English")


def title_field(language: str) -> str:
    return f"title_{language}"


def section_field(section: str, language: str) -> str:
    return f"section_{section}_{language}"


def purpose_field(purpose: str, language: str) -> str:
    return f"purpose_{purpose}_{language}"


def _part_label(kind: str, key: str):
    if kind == "title":
        return _l("Title")
    if kind == "section":
        return SECTION_LABELS[Section(key)]
    return _l("The “%(purpose)s” question", purpose=PURPOSE_LABELS[Purpose(key)])


def describe_missing(code: str) -> tuple[str, str]:
    """A services.missing_text() code ("section.who.cy") as words in the reader's language, and its field id."""
    kind, _sep, rest = code.partition(".")
    key, _sep, language = rest.rpartition(".")
    if kind == "title":
        return str(in_language(_part_label("title", ""), language)), title_field(language)
    if kind == "section":
        return str(in_language(_part_label("section", key), language)), section_field(key, language)
    return str(in_language(_part_label("purpose", key), language)), purpose_field(key, language)


def _text(label, part, limit: int, *, area: bool = True):
    message = lazy_ngettext(
        "%(part)s: enter %(num)d character or fewer",
        "%(part)s: enter %(num)d characters or fewer",
        limit,
        part=part,
    )
    field_class, widget = (TextAreaField, GovTextArea()) if area else (StringField, GovTextInput())
    return field_class(
        label, widget=widget, filters=[strip_filter], validators=[Length(max=limit, message=message)]
    )


class DraftForm(FlaskForm):
    """Every text of a draft version. Nothing is required while drafting; publishing checks completeness."""

    submit = SubmitField(_l("Save draft"), widget=GovSubmitInput())

    def contents(self) -> dict:
        """Keyword arguments for services.create_draft / update_draft."""
        return {
            "title_cy": self[title_field("cy")].data or "",
            "title_en": self[title_field("en")].data or "",
            "sections": {
                section.value: {
                    language: self[section_field(section, language)].data or "" for language in LANGUAGES
                }
                for section in Section
            },
            "purposes": {
                purpose.value: {
                    language: self[purpose_field(purpose, language)].data or "" for language in LANGUAGES
                }
                for purpose in Purpose
            },
        }


def draft_data(version: ConsentForm) -> dict:
    data = {title_field(language): getattr(version, f"title_{language}") for language in LANGUAGES}
    for language in LANGUAGES:
        for section in Section:
            data[section_field(section, language)] = version.section(section, language)
        for purpose in Purpose:
            data[purpose_field(purpose, language)] = version.purpose(purpose, language)
    return data


for _language in LANGUAGES:
    setattr(
        DraftForm,
        title_field(_language),
        _text(language_name(_language), in_language(_l("Title"), _language), TITLE_LIMIT, area=False),
    )
for _section in Section:
    for _language in LANGUAGES:
        setattr(
            DraftForm,
            section_field(_section, _language),
            _text(
                language_name(_language),
                in_language(_part_label("section", _section), _language),
                SECTION_LIMIT,
            ),
        )
for _purpose in Purpose:
    for _language in LANGUAGES:
        setattr(
            DraftForm,
            purpose_field(_purpose, _language),
            _text(
                language_name(_language),
                in_language(_part_label("purpose", _purpose), _language),
                QUESTION_LIMIT,
            ),
        )


def answer_labels(language: str) -> dict[str, str]:
    """Yes and No written in the language the participant reads, not the member of staff's."""
    with force_locale(language):
        return {
            "yes": pgettext("answer to do you agree", "Yes"),
            "no": pgettext("answer to do you agree", "No"),
        }


def one_of(values, message):
    def check(form, field):
        if field.data not in values:
            raise ValidationError(message)

    return check


def _method_field(label, missing_message):
    return RadioField(
        label,
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: [(method.value, METHOD_LABELS[method]) for method in ON_BEHALF_METHODS],
        validators=[
            required(missing_message),
            one_of([m.value for m in ON_BEHALF_METHODS], _l("Choose paper form, by phone or in person")),
        ],
    )


def _note_field():
    return TextAreaField(
        _l("Note (optional)"),
        description=_l("For example, where the signed paper form is kept."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(NOTE_LIMIT)],
    )


def answer_field(purpose: Purpose) -> str:
    return f"answer_{purpose.value}"


class RecordForm(FlaskForm):
    """Consent given on paper, by phone or in person, recorded by a member of staff (CON-3, CON-4)."""

    form_version = HiddenField()
    language = RadioField(
        _l("Which language was the form in?"),
        widget=GovRadioInput(),
        validate_choice=False,
        choices=lambda: [(language, language_name(language)) for language in LANGUAGES],
        validators=[
            required(_l("Choose the language the form was in")),
            one_of(LANGUAGES, _l("Choose Welsh or English")),
        ],
    )
    method = _method_field(_l("How did they give their answers?"), _l("Choose how they gave their answers"))
    # answer_<purpose> fields, then note and submit, are added below in that order (the error summary's order).

    def __init__(self, *args, shown_in: str, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_version = str(version)
        labels = answer_labels(shown_in)
        for purpose in Purpose:
            self[answer_field(purpose)].choices = [("yes", labels["yes"]), ("no", labels["no"])]
        if not self.form_version.data:
            self.form_version.data = self.expected_version

    def validate_form_version(self, field):
        if field.data != self.expected_version:
            raise ValidationError(
                _(
                    "A new version of the consent form was published while this page was open. "
                    "Check their answers against the form below, then record them again."
                )
            )

    def answers(self) -> dict[str, bool]:
        return {purpose.value: self[answer_field(purpose)].data == "yes" for purpose in Purpose}


for _purpose in Purpose:
    _message = _l("Record their answer, yes or no, for “%(purpose)s”", purpose=PURPOSE_LABELS[_purpose])
    setattr(
        RecordForm,
        answer_field(_purpose),
        RadioField(
            PURPOSE_LABELS[_purpose],
            widget=GovRadioInput(),
            validate_choice=False,
            choices=[],
            validators=[required(_message), one_of(("yes", "no"), _message)],
        ),
    )
RecordForm.note = _note_field()
RecordForm.submit = SubmitField(_l("Record consent"), widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    method = _method_field(_l("How did they ask to withdraw?"), _l("Choose how they asked to withdraw"))
    note = _note_field()
    submit = SubmitField(_l("Withdraw consent"), widget=GovSubmitInput())


class PublishForm(FlaskForm):
    submit = SubmitField(_l("Publish this version"), widget=GovSubmitInput())


class AskAgainForm(FlaskForm):
    submit = SubmitField(_l("Ask them all to consent again"), widget=GovSubmitInput())


class NewDraftForm(FlaskForm):
    submit = SubmitField(_l("Create a new draft"), widget=GovSubmitInput())
