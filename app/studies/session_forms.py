"""Forms that enter research sessions, one or a series. Times are typed in UK wall-clock time and converted to UTC
here, through app.studies.timezones, so a time the clocks skip is refused on its own field."""

from __future__ import annotations

import re
from datetime import date, time

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp, ValidationError

from app.common.formatting import date_long
from app.common.forms import LocalisedDateField, LocalisedIntegerField, max_length, required, strip_filter
from app.common.widgets import GovCheckboxInput, GovRadioInput
from app.studies import series, services, timezones
from app.studies.forms import choices_of
from app.studies.joining_links import is_safe_joining_link
from app.studies.models import (
    MODE_LABELS,
    SESSION_LANGUAGE_LABELS,
    SessionMode,
)

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # keeps date arithmetic far from its limits
TIME_HINT = _l("24-hour UK time, for example 09:30 or 14:00.")


def parse_time(value: str | None) -> time | None:
    match = TIME_PATTERN.match(value or "")
    return time(int(match.group(1)), int(match.group(2))) if match else None


def _time_field(label):
    return StringField(
        label,
        description=TIME_HINT,
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[
            required(_l("Enter a time")),
            Regexp(TIME_PATTERN, message=_l("Enter a time in 24-hour format, like 09:30 or 14:00")),
        ],
    )


def sensible_date(form, field):
    if field.data and not EARLIEST_DAY <= field.data <= LATEST_DAY:
        raise ValidationError(_("Enter a date between 2000 and 2099"))


def skipped_time_message(day: date, at: time) -> str:
    return _(
        "The clocks go forward on %(date)s, so %(time)s does not exist in UK time. Choose another time.",
        date=date_long(day),
        time=at.strftime("%H:%M"),
    )


# The "when" fields are declared before the shared details so they come first in the form and its errors.
class _SessionWhen(FlaskForm):
    day = LocalisedDateField(
        _l("Date"), validators=[InputRequired(message=_l("Enter the date of the session")), sensible_date]
    )
    start_time = _time_field(_l("Start time"))
    end_time = _time_field(_l("End time"))


class _SeriesWhen(FlaskForm):
    first_day = LocalisedDateField(
        _l("First day"), validators=[InputRequired(message=_l("Enter the first day")), sensible_date]
    )
    last_day = LocalisedDateField(
        _l("Last day"), validators=[InputRequired(message=_l("Enter the last day")), sensible_date]
    )
    day_start = _time_field(_l("First session starts at"))
    day_end = _time_field(_l("Last session ends by"))
    slot_minutes = LocalisedIntegerField(
        _l("Length of each session, in minutes"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the length of each session")),
            NumberRange(min=5, max=480, message=_l("Enter a number of minutes from 5 to 480")),
        ],
    )
    gap_minutes = LocalisedIntegerField(
        _l("Break between sessions, in minutes"),
        widget=GovTextInput(),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=240, message=_l("Enter a number of minutes from 0 to 240")),
        ],
    )
    weekdays_only = BooleanField(
        _l("Weekdays only (no sessions on Saturday or Sunday)"), widget=GovCheckboxInput()
    )


class _SessionDetails(FlaskForm):
    capacity = LocalisedIntegerField(
        _l("Places"),
        description=_l("1 for an interview; more for a workshop."),
        widget=GovTextInput(),
        default=1,
        validators=[
            InputRequired(message=_l("Enter the number of places")),
            NumberRange(min=1, max=200, message=_l("Enter a number of places from 1 to 200")),
        ],
    )
    mode = RadioField(
        _l("How the session happens"),
        widget=GovRadioInput(),
        choices=choices_of(MODE_LABELS),
        validators=[required(_l("Choose how the session happens"))],
    )
    joining_link = StringField(
        _l("Joining link (online sessions)"),
        description=_l("The full address, starting https://"),
        widget=GovTextInput(),
        filters=[strip_filter],
        validators=[max_length(500)],
    )
    address_cy = TextAreaField(
        _l("Address in Welsh (sessions in person)"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(1000)],
    )
    address_en = TextAreaField(
        _l("Address in English (sessions in person)"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(1000)],
    )
    access_information_cy = TextAreaField(
        _l("Access information in Welsh (optional)"),
        description=_l("For example step-free access, parking, hearing loop or captions."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    access_information_en = TextAreaField(
        _l("Access information in English (optional)"),
        description=_l("Participants read it in their language before they book."),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(2000)],
    )
    language = RadioField(
        _l("Language of the session"),
        widget=GovRadioInput(),
        choices=choices_of(SESSION_LANGUAGE_LABELS),
        validators=[required(_l("Choose a language"))],
    )
    facilitator = SelectField(_l("Facilitator"), widget=GovSelect(), choices=[], default="")
    note_taker = SelectField(_l("Note-taker"), widget=GovSelect(), choices=[], default="")
    participant_information_cy = TextAreaField(
        _l("Information for participants in Welsh"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(4000)],
    )
    participant_information_en = TextAreaField(
        _l("Information for participants in English"),
        widget=GovTextArea(),
        filters=[strip_filter],
        validators=[max_length(4000)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nobody = [("", _("Not decided yet"))]
        self.facilitator.choices = nobody + [(str(u.id), u.name) for u in services.facilitator_candidates()]
        self.note_taker.choices = nobody + [(str(u.id), u.name) for u in services.note_taker_candidates()]

    def _validate_details(self) -> bool:
        ok = True
        link = self.joining_link.data or ""
        if self.mode.data == SessionMode.ONLINE and not link:
            self.joining_link.errors.append(_("Enter the joining link for an online session"))
            ok = False
        elif link and not is_safe_joining_link(link):
            self.joining_link.errors.append(_("Enter a web address starting http:// or https://"))
            ok = False
        if self.mode.data == SessionMode.IN_PERSON:
            if not (self.address_cy.data or "").strip():
                self.address_cy.errors.append(_("Enter the address in Welsh"))
                ok = False
            if not (self.address_en.data or "").strip():
                self.address_en.errors.append(_("Enter the address in English"))
                ok = False
        welsh, english = (
            (self.access_information_cy.data or "").strip(),
            (self.access_information_en.data or "").strip(),
        )
        if english and not welsh:
            self.access_information_cy.errors.append(_("Enter the access information in Welsh as well"))
            ok = False
        elif welsh and not english:
            self.access_information_en.errors.append(_("Enter the access information in English as well"))
            ok = False
        return ok

    def detail_values(self) -> dict:
        return {
            "capacity": self.capacity.data,
            "mode": self.mode.data,
            "language": self.language.data,
            "joining_link": self.joining_link.data or "",
            "address_cy": self.address_cy.data or "",
            "address_en": self.address_en.data or "",
            "access_information_cy": self.access_information_cy.data or "",
            "access_information_en": self.access_information_en.data or "",
            "facilitator_id": int(self.facilitator.data) if self.facilitator.data else None,
            "note_taker_id": int(self.note_taker.data) if self.note_taker.data else None,
            "participant_information_cy": self.participant_information_cy.data or "",
            "participant_information_en": self.participant_information_en.data or "",
        }


class SessionForm(_SessionWhen, _SessionDetails):
    """One session. After validate(): starts_at and ends_at (UTC), and `ambiguous` (times shown twice)."""

    starts_at = ends_at = None
    ambiguous: list  # the UTC instants whose UK time happens twice that night (the first was taken)
    submit = SubmitField(_l("Save session"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        self.ambiguous = []
        ok = super().validate(extra_validators)
        ok = self._validate_details() and ok
        day, start, end = self.day.data, parse_time(self.start_time.data), parse_time(self.end_time.data)
        if day is None or start is None or end is None:
            return False
        times_ok = True
        for field, at in ((self.start_time, start), (self.end_time, end)):
            if not timezones.exists(day, at):
                field.errors.append(skipped_time_message(day, at))
                times_ok = False
        if times_ok:
            self.starts_at, self.ends_at = (
                timezones.local_to_utc(day, start),
                timezones.local_to_utc(day, end),
            )
            self.ambiguous = [i for i in (self.starts_at, self.ends_at) if timezones.instant_is_ambiguous(i)]
            if self.ends_at <= self.starts_at:
                self.end_time.errors.append(_("The end time must be after the start time"))
                times_ok = False
        return self._validate_capacity() and ok and times_ok

    def _validate_capacity(self) -> bool:
        """Editing a session: no fewer places than are already taken (the service and the database refuse it
        too). The session comes from the edit page's URL, the one place this form is used for an existing one."""
        args = request.view_args or {}
        if self.capacity.errors or self.capacity.data is None or "session_id" not in args:
            return True
        study = services.get_study(args.get("study_id", 0))
        session = services.get_session(study, args["session_id"]) if study else None
        taken = services.places_taken(session) if session else 0
        if self.capacity.data >= taken:
            return True
        self.capacity.errors.append(
            ngettext(
                "%(num)d place is already booked, so enter %(num)d or more places (cancel bookings first to have fewer)",
                "%(num)d places are already booked, so enter %(num)d or more places (cancel bookings first to have "
                "fewer)",
                taken,
            )
        )
        return False


class SeriesForm(_SeriesWhen, _SessionDetails):
    """A series of sessions. After validate(): `slots`, every one already converted to UTC."""

    slots: list[series.Slot]
    mode = RadioField(  # the plural legend for many sessions (Welsh: "Sut y caiff y sesiynau eu cynnal")
        _l("How the sessions happen"),
        widget=GovRadioInput(),
        choices=choices_of(MODE_LABELS),
        validators=[required(_l("Choose how the sessions happen"))],
    )
    submit = SubmitField(_l("Create the sessions"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        self.slots = []
        ok = super().validate(extra_validators)
        ok = self._validate_details() and ok
        first, last = self.first_day.data, self.last_day.data
        start, end = parse_time(self.day_start.data), parse_time(self.day_end.data)
        if (
            first is None
            or last is None
            or start is None
            or end is None
            or self.slot_minutes.data is None
            or self.slot_minutes.errors
            or self.gap_minutes.errors
            or self.first_day.errors
            or self.last_day.errors
        ):
            return False
        if last < first:
            self.last_day.errors.append(_("The last day must be the same as or after the first day"))
            return False
        if end <= start:
            self.day_end.errors.append(_("The last session must end after the first one starts"))
            return False
        timetable = series.Timetable(
            first,
            last,
            start,
            end,
            self.slot_minutes.data,
            self.gap_minutes.data or 0,
            bool(self.weekdays_only.data),
        )
        try:
            self.slots = series.plan_slots(timetable)
        except series.SlotDoesNotExist as error:
            self.day_start.errors.append(skipped_time_message(error.day, error.at))
        except series.RangeTooLong:
            self.last_day.errors.append(
                ngettext(
                    "A series can cover at most %(num)d day",
                    "A series can cover at most %(num)d days",
                    series.MAX_DAYS,
                )
            )
        except series.TooManySlots:
            self.slot_minutes.errors.append(
                ngettext(
                    "A series can have at most %(num)d session",
                    "A series can have at most %(num)d sessions",
                    series.MAX_SLOTS,
                )
            )
        except series.EmptySeries:
            self.slot_minutes.errors.append(
                _("These dates and times make no sessions. Check the times, the length and ‘weekdays only’.")
            )
        return ok and bool(self.slots)
