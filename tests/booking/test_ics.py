"""A booking's .ics (BK-6, BK-4): METHOD, a stable UID, a rising SEQUENCE, Europe/London times, the right language."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import pytest
from icalendar import Calendar

from app.booking import bookings, ics
from app.extensions import db
from app.mail.composition import compose_now
from app.studies.timezones import local_to_utc
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def _booking(day, at=(9, 0), *, language="en", **session_fields):
    participant = ParticipantFactory(consented=True, preferred_language=language)
    start = local_to_utc(date(*day), clock(*at))
    session = ResearchSessionFactory(
        study=StudyFactory(title_cy="Prynu gwell", title_en="Better buying"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=3,
        **session_fields,
    )
    return bookings.book_session(participant, session, now=LONG_AGO)


def _parse(text: str):
    calendar = Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("day", [(2026, 3, 27), (2026, 3, 30), (2026, 10, 23), (2026, 10, 26)])
def test_nine_oclock_local_stays_nine_oclock_across_the_clock_changes(day):
    booking = _booking(day)
    calendar, event = _parse(ics.render_booking_ics(booking, "en"))
    assert event["dtstart"].params["TZID"] == "Europe/London"
    start = event.decoded("dtstart")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (*day, 9, 0)
    assert start.astimezone(UTC) == booking.research_session.starts_at
    assert event.decoded("dtend").hour == 10
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/London"


def test_the_server_time_zone_does_not_move_the_time(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        booking = _booking((2026, 3, 30))
        _calendar, event = _parse(ics.render_booking_ics(booking, "en"))
        assert event.decoded("dtstart").hour == 9
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_request_has_a_stable_uid_and_sequence_rises_with_each_change():
    booking = _booking((2026, 6, 2))
    calendar, event = _parse(ics.render_booking_ics(booking, "en"))
    assert calendar["method"] == "REQUEST" and event["status"] == "CONFIRMED"
    assert str(event["uid"]) == booking.uid and event["sequence"] == 0
    assert "mailto:" + booking.participant.email in str(event["attendee"])
    later = ResearchSessionFactory(
        study=booking.research_session.study, starts_at=datetime(2026, 6, 3, 9, tzinfo=UTC), capacity=2
    )
    bookings.reschedule_booking(booking, later, now=LONG_AGO)
    _calendar, moved = _parse(ics.render_booking_ics(booking, "en"))
    assert str(moved["uid"]) == booking.uid and moved["sequence"] == 1
    assert moved.decoded("dtstart").hour == 10  # 09:00 UTC is 10:00 BST in June
    bookings.cancel_booking(booking, now=LONG_AGO)
    calendar, cancelled = _parse(ics.render_booking_ics(booking, "en", ics.CANCEL))
    assert calendar["method"] == "CANCEL" and cancelled["status"] == "CANCELLED"
    assert str(cancelled["uid"]) == booking.uid and cancelled["sequence"] == 2


def test_text_is_in_the_participants_language():
    welsh = _booking(
        (2026, 6, 2),
        language="cy",
        mode="in_person",
        address_cy="Neuadd y Dref, Llangefni",
        address_en="Town Hall, Llangefni",
    )
    _calendar, event = _parse(ics.render_booking_ics(welsh, "cy"))
    assert "Prynu gwell" in str(event["summary"]) and "Better buying" not in str(event["summary"])
    assert str(event["location"]) == "Neuadd y Dref, Llangefni"


def test_bilingual_text_puts_welsh_first():
    booking = _booking((2026, 6, 2), language="unknown")
    _calendar, event = _parse(ics.render_booking_ics(booking, "cy+en"))
    summary = str(event["summary"])
    assert summary.index("Prynu gwell") < summary.index("Better buying")


def test_the_attached_ics_matches_the_email_language():
    from sqlalchemy import select

    from app.booking.notifications import attachment_for
    from app.mail.models import OutboxMessage

    booking = _booking((2026, 6, 2), language="cy")
    message = compose_now(
        db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
    )
    assert message.language == "cy"
    _calendar, event = _parse(attachment_for(message).content)
    assert str(event["uid"]) == booking.uid and "Prynu gwell" in str(event["summary"])


def test_the_time_zone_is_given_once_before_the_event():
    text = ics.render_booking_ics(_booking((2026, 10, 26)), "en")
    assert text.count("BEGIN:VTIMEZONE") == 1 and text.count("END:VTIMEZONE") == 1
    assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
