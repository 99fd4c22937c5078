"""Forms of the session log (issue 10, item 1): the session's notes, who re-confirmed consent at the start, and
one observation at a time.

Every choice is checked here with a message in the reader's language (WTForms' own "Not a valid choice" is never
shown); the services check again. Notes and observations carry the DP-2 confirmation: when the text holds a
booked person's name or contact details, the page warns and saves only once "Save anyway" is ticked for exactly
what it warned about (`warned` remembers that, so new personal data in an edited text warns again)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from app.common.forms import max_length, strip_filter
from app.common.widgets import GovCheckboxInput, GovRadioInput
from app.findings.errors import InvalidObservation
from app.findings.observations import MAX_TEXT, ObservationDetails, parse_time_marker
from app.findings.session_logs import MAX_NOTES, PersonalData
from app.findings.tags import MAX_TAG_LENGTH
from app.findings.vocabulary import OBSERVATION_KIND_LABELS, SPOKEN_LANGUAGE_LABELS

SAVE_ANYWAY_HINT = _l(
    "Only if the text must keep them. Research data names people by their code, like P-0042."
)


def warning_key(found: Iterable[PersonalData]) -> str:
    """What a warning was about, as the page remembers it: "email:P-0001,name:P-0001" (codes, never the data)."""
    return ",".join(sorted({f"{item.kind}:{item.code}" for item in found}))


def save_anyway(found: list[PersonalData], ticked: bool, warned: str | None) -> bool:
    """Whether to save a text holding personal data (DP-2): nothing found, or "Save anyway" ticked after a warning
    about everything found now."""
    if not found:
        return True
    return bool(ticked) and set(warning_key(found).split(",")) <= set((warned or "").split(","))


def _one_of(allowed: Iterable[str], message):
    def check(form, field):
        if field.data not in set(allowed):
            raise ValidationError(str(message))

    return check


class NotesForm(FlaskForm):
    notes = TextAreaField(
        _l("Session notes"),
        description=_l("What happened, in your words. Refer to people by their code, never by name."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_NOTES)],
    )
    notes_anyway = BooleanField(
        _l("Save anyway, with these personal details in the notes"),
        description=SAVE_ANYWAY_HINT,
        widget=GovCheckboxInput(),
    )
    notes_warned = HiddenField()
    save_notes = SubmitField(_l("Save notes"), widget=GovSubmitInput())


class ObservationForm(FlaskForm):
    """One observation. Call `offer(codes)` before validating: the participant must be one of them (people
    booked on the session, observations.session_participants)."""

    participant = SelectField(_l("Participant"), widget=GovSelect(), choices=[], validate_choice=False)
    kind = SelectField(
        _l("Kind of observation"),
        widget=GovSelect(),
        choices=[(kind.value, label) for kind, label in OBSERVATION_KIND_LABELS.items()],
        validate_choice=False,
        validators=[_one_of(OBSERVATION_KIND_LABELS, _l("Choose what kind of observation this is"))],
    )
    text = TextAreaField(
        _l("What they said or did"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(MAX_TEXT)],
    )
    language = RadioField(
        _l("Language it was said in"),
        widget=GovRadioInput(),
        choices=list(SPOKEN_LANGUAGE_LABELS.items()),
        validate_choice=False,
        validators=[_one_of(SPOKEN_LANGUAGE_LABELS, _l("Choose the language it was said in"))],
    )
    time_marker = StringField(
        _l("Time in the recording (optional)"),
        description=_l("Hours, minutes and seconds, like 00:14:30"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(8)],
    )
    tags = StringField(
        _l("Tags (optional)"),
        description=_l("Separate tags with commas."),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(20 * MAX_TAG_LENGTH)],
    )
    anyway = BooleanField(
        _l("Save anyway, with these personal details in the observation"),
        description=SAVE_ANYWAY_HINT,
        widget=GovCheckboxInput(),
    )
    warned = HiddenField()
    save = SubmitField(_l("Save and add another"), widget=GovSubmitInput())

    def offer(self, codes: list[str]) -> ObservationForm:
        self.participant.choices = [("", _l("Choose a participant"))] + [(code, code) for code in codes]
        self._codes = set(codes)
        return self

    def validate_participant(self, field):
        if field.data not in getattr(self, "_codes", set()):
            raise ValidationError(str(_l("Choose someone booked on this session")))

    def validate_text(self, field):
        if not field.data:
            raise ValidationError(str(_l("Enter what was said or done")))

    def validate_time_marker(self, field):
        try:
            parse_time_marker(field.data)
        except InvalidObservation as refused:
            raise ValidationError(refused.message) from None

    def details(self) -> ObservationDetails:
        return ObservationDetails(
            code=self.participant.data or "",
            kind=self.kind.data or "",
            text=self.text.data or "",
            language=self.language.data or "",
            time_marker=self.time_marker.data or "",
            tags=self.tags.data or "",
        )


class ReconfirmForm(FlaskForm):
    """The bookings whose person re-confirmed consent at the start: checkboxes named "reconfirmed", one per
    booking id (the page draws them, each with the person's consent state)."""

    save_reconfirmed = SubmitField(_l("Save who re-confirmed"), widget=GovSubmitInput())

    @staticmethod
    def chosen(values: list[str], allowed: set[int]) -> set[int]:
        """The booking ids ticked, of those allowed; anything else (not a number, another session's) ignored."""
        return {
            int(value)
            for value in values
            if value.isascii() and value.isdigit() and len(value) <= 12 and int(value) in allowed
        }


class DeleteObservationForm(FlaskForm):
    delete = SubmitField(_l("Yes, delete it"), widget=GovSubmitInput())
