"""BK-4: session times are stored in UTC, entered and shown in Europe/London, right across the clock changes.

2026: the clocks go forward at 01:00 GMT on Sunday 29 March (01:00–01:59 never happens) and back at 02:00 BST
on Sunday 25 October (01:00–01:59 happens twice).
"""

from __future__ import annotations

import time as time_module
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from app.studies import timezones
from app.studies.models import ResearchSession
from tests.factories import ResearchSessionFactory

SPRING = date(2026, 3, 29)


AUTUMN = date(2026, 10, 25)


EN = {"Accept-Language": "en"}


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        (date(2026, 1, 15), time(9, 0), datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),  # GMT
        (date(2026, 7, 15), time(9, 0), datetime(2026, 7, 15, 8, 0, tzinfo=UTC)),  # BST
        (SPRING, time(0, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),  # just before the jump
        (SPRING, time(2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # just after it
        (AUTUMN, time(0, 59), datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        (AUTUMN, time(1, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # the first 01:30 (BST)
        (AUTUMN, time(2, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),  # GMT again
    ],
)
def test_uk_wall_clock_times_convert_to_the_right_utc_instant(day, at, expected):
    assert timezones.local_to_utc(day, at) == expected
    assert timezones.to_local(expected).replace(tzinfo=None) == datetime.combine(day, at)


@pytest.mark.parametrize("at", [time(1, 0), time(1, 30), time(1, 59)])
def test_a_time_the_spring_change_skips_is_refused(at):
    assert not timezones.exists(SPRING, at)
    with pytest.raises(timezones.NonexistentLocalTime):
        timezones.local_to_utc(SPRING, at)


@pytest.mark.parametrize("at", [time(1, 0), time(1, 30), time(1, 59)])
def test_a_time_the_autumn_change_repeats_is_ambiguous_and_resolves_to_bst(at):
    assert timezones.is_ambiguous(AUTUMN, at)
    instant = timezones.local_to_utc(AUTUMN, at)
    assert timezones.zone_of(instant) == timezones.ZoneLabel("BST", 1)
    assert timezones.instant_is_ambiguous(instant)


def test_ordinary_times_are_neither_skipped_nor_repeated():
    for day in (SPRING, AUTUMN, date(2026, 6, 1)):
        for at in (time(0, 30), time(2, 30), time(9, 0)):
            assert timezones.exists(day, at) and not timezones.is_ambiguous(day, at)


def test_clock_change_days_are_23_and_25_hours_long():
    start, end = timezones.local_day_bounds(SPRING)
    assert (end - start).total_seconds() == 23 * 3600
    start, end = timezones.local_day_bounds(AUTUMN)
    assert (end - start).total_seconds() == 25 * 3600


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        timezones.to_local(datetime(2026, 1, 1, 9, 0))


def _session_form(**overrides) -> dict:
    data = {
        "day": ["29", "3", "2026"],
        "start_time": "09:00",
        "end_time": "10:00",
        "capacity": "1",
        "mode": "online",
        "joining_link": "https://meet.example.org/a",
        "language": "cy",
    }
    data.update(overrides)
    return data


def test_a_skipped_spring_time_is_refused_with_a_clear_message(app, client, as_role, study):
    as_role("researcher")
    response = client.post(
        f"/studies/{study.id}/sessions/new", data=_session_form(start_time="01:30"), headers=EN
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The clocks go forward on 29 March 2026, so 01:30 does not exist in UK time" in html
    with app.app_context():
        assert db.session.scalar(select(ResearchSession)) is None


def test_a_repeated_autumn_time_takes_the_first_and_is_shown_with_its_offset(app, client, as_role, study):
    as_role("researcher")
    response = client.post(
        f"/studies/{study.id}/sessions/new",
        data=_session_form(day=["25", "10", "2026"], start_time="01:30", end_time="03:00"),
    )
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(select(ResearchSession))
        assert session.starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert session.ends_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "the clocks go back, so 01:30 happens twice. The first was used: 01:30 BST (UTC+1)." in html
    assert "01:30 BST (UTC+1) to 03:00" in html
    detail = client.get(f"/studies/{study.id}/sessions/{session.id}", headers=EN).get_data(as_text=True)
    assert "01:30 BST (UTC+1)" in detail and "03:00 GMT (UTC+0)" in detail


def _nine_oclock_either_side_of_the_change(client, study, first, second):
    for day in (first, second):
        response = client.post(
            f"/studies/{study.id}/sessions/new",
            data=_session_form(day=[str(day.day), str(day.month), str(day.year)]),
        )
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("before", "after"), [(date(2026, 3, 28), date(2026, 3, 30)), (date(2026, 10, 24), date(2026, 10, 26))]
)
def test_nine_oclock_stays_nine_oclock_across_the_change_in_the_page_and_the_feed(
    app, client, as_role, before, after, study
):
    me = as_role("researcher")
    _nine_oclock_either_side_of_the_change(client, study, before, after)
    with app.app_context():
        sessions = db.session.scalars(select(ResearchSession).order_by(ResearchSession.starts_at)).all()
        hours_utc = [s.starts_at.hour for s in sessions]
        assert sorted(hours_utc) == [8, 9]  # the same wall-clock time, an hour apart in UTC
        for session in sessions:
            session.facilitator_id = me.id
        db.session.commit()
    html = client.get(f"/studies/{study.id}/calendar", headers=EN).get_data(as_text=True)
    assert html.count("09:00 to 10:00") == 2
    client.post("/calendar/feed")
    week = client.get(f"/calendar/week?week={before.isoformat()}", headers=EN).get_data(as_text=True)
    feed_path = week.split('value="http://profi.test', 1)[1].split('"', 1)[0]
    calendar = Calendar.from_ical(client.get(feed_path).data)
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    assert [(s.hour, s.minute) for s in starts] == [(9, 0), (9, 0)]
    assert {str(s.tzinfo) for s in starts} == {"Europe/London"}
    assert {event["dtstart"].params["TZID"] for event in calendar.walk("VEVENT")} == {"Europe/London"}


def test_times_do_not_depend_on_the_servers_own_time_zone(app, client, as_role, monkeypatch, study):
    me = as_role("researcher")
    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    try:
        assert time_module.localtime(0).tm_hour == 19  # the process really is in New York now
        response = client.post(
            f"/studies/{study.id}/sessions/new",
            data=_session_form(day=["26", "10", "2026"], facilitator=str(me.id)),
        )
        assert response.status_code == 302
        with app.app_context():
            session = db.session.scalar(select(ResearchSession))
            assert session.starts_at == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
        html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
        assert "09:00 to 10:00" in html and "Monday 26 October 2026" in html
        edit = client.get(f"/studies/{study.id}/sessions/{session.id}/edit").get_data(as_text=True)
        assert 'value="09:00"' in edit
        week = client.get("/calendar/week?week=2026-10-26", headers=EN).get_data(as_text=True)
        assert "09:00 to 10:00" in week
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_the_feed_writes_the_second_of_a_repeated_time_in_utc(app, client, as_role):
    """01:30 BST to 01:30 GMT: as TZID local times both would read as the first 01:30 (RFC 5545)."""
    me = as_role("researcher")
    with app.app_context():
        ResearchSessionFactory(
            facilitator_id=me.id,
            starts_at=datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            ends_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        )
        db.session.commit()
    client.post("/calendar/feed")
    week = client.get("/calendar/week?week=2026-10-19", headers=EN).get_data(as_text=True)
    assert "01:30 BST (UTC+1) to 01:30 GMT (UTC+0)" in week
    feed_path = week.split('value="http://profi.test', 1)[1].split('"', 1)[0]
    event = Calendar.from_ical(client.get(feed_path).data).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
