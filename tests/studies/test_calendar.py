"""Calendars: a study's sessions by day, a researcher's week, and the private .ics feed behind a token."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.audit.models import AuditEvent
from app.extensions import db
from app.studies.models import CalendarFeed
from tests.conftest import sign_in
from tests.factories import ResearchSessionFactory, StaffUserFactory, StudyFactory

EN = {"Accept-Language": "en"}
FEED_URL = re.compile(r'value="http://profi\.test(/calendar/[^"]+\.ics)"')


def _feed_path(client) -> str:
    match = FEED_URL.search(client.get("/calendar/week", headers=EN).get_data(as_text=True))
    assert match, "no feed address on the week page"
    return match.group(1)


def _make_feed(client) -> str:
    assert client.post("/calendar/feed").status_code == 302
    return _feed_path(client)


@pytest.fixture
def my_sessions(app, as_role):
    """A researcher with three sessions of theirs (one cancelled) and one of someone else's."""
    me = as_role("researcher", preferred_language="en")
    with app.app_context():
        study = StudyFactory(
            title_en="Invoice study", title_cy="Astudiaeth anfonebau", method="usability_test"
        )
        start = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # Monday 26 October, 09:00 GMT
        mine = [
            ResearchSessionFactory(study=study, facilitator_id=me.id, starts_at=start),
            ResearchSessionFactory(
                study=study,
                note_taker_id=me.id,
                starts_at=start + timedelta(days=1),
                mode="in_person",
                joining_link="",
                address_cy="Tŷ Hywel, Caerdydd",
                address_en="Tŷ Hywel, Cardiff",
            ),
            ResearchSessionFactory(
                study=study, facilitator_id=me.id, starts_at=start + timedelta(days=2), status="cancelled"
            ),
        ]
        ResearchSessionFactory(study=study, facilitator=StaffUserFactory(), starts_at=start)
        db.session.commit()
        return me, study, mine


def test_the_feed_is_valid_icalendar_with_stable_uids_and_london_times(app, client, my_sessions):
    me, study, mine = my_sessions
    path = _make_feed(client)
    anonymous = app.test_client()  # calendar apps do not sign in
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar" and "no-store" in response.headers["Cache-Control"]
    calendar = Calendar.from_ical(response.data)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"research-session-{s.id}@profi.invalid" for s in mine}
    first = events[f"research-session-{mine[0].id}@profi.invalid"]
    assert first["DTSTART"].params["TZID"] == "Europe/London"
    assert first.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 10, 26, 9, 0)
    assert first.decoded("DTEND").replace(tzinfo=None) == datetime(2026, 10, 26, 10, 0)
    assert str(first["SUMMARY"]) == "Invoice study" and str(first["STATUS"]) == "CONFIRMED"
    assert str(first["URL"]) == "https://meet.example.org/profi"
    assert "You are facilitating." in str(first["DESCRIPTION"])
    assert f"http://profi.test/studies/{study.id}/sessions/{mine[0].id}" in str(first["DESCRIPTION"])
    in_person = events[f"research-session-{mine[1].id}@profi.invalid"]
    assert str(in_person["LOCATION"]) == "Tŷ Hywel, Cardiff"  # the feed is in its owner's language
    assert "You are taking notes." in str(in_person["DESCRIPTION"])
    assert str(events[f"research-session-{mine[2].id}@profi.invalid"]["STATUS"]) == "CANCELLED"
    again = Calendar.from_ical(anonymous.get(path).data)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)


def test_the_feed_speaks_the_researchers_language(app, client, my_sessions):
    me, study, mine = my_sessions
    path = _make_feed(client)
    with app.app_context():
        db.session.get(StaffUser, me.id).preferred_language = "cy"
        db.session.commit()
    calendar = Calendar.from_ical(app.test_client().get(path, headers=EN).data)
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} >= {"Astudiaeth anfonebau"}


@pytest.mark.parametrize("bad", ["not-a-token", "WzEsImFiYyJd.bad-signature", "", "x" * 500])
def test_a_bad_token_is_not_found(app, client, my_sessions, bad):
    _make_feed(client)
    response = app.test_client().get(f"/calendar/{bad}.ics", headers=EN)
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.get_data(as_text=True)


def test_an_altered_token_is_not_found(app, client, my_sessions):
    path = _make_feed(client)
    # A character in the middle: every one of its bits counts (the last base64 character may carry padding).
    at = len("/calendar/") + 5
    altered = path[:at] + ("z" if path[at] != "z" else "y") + path[at + 1 :]
    assert app.test_client().get(altered).status_code == 404


def test_resetting_the_feed_stops_the_old_address_at_once(app, client, my_sessions):
    old = _make_feed(client)
    new = _make_feed(client)
    assert old != new
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("calendar_feed.%")).order_by(AuditEvent.id)
        ).all()
        assert actions == ["calendar_feed.created", "calendar_feed.reset"]


def test_the_feed_stops_when_the_researcher_is_deactivated_or_made_a_viewer(app, client, my_sessions):
    me, _, _ = my_sessions
    path = _make_feed(client)
    anonymous = app.test_client()
    for change in ({"role": "viewer"}, {"active": False}):
        with app.app_context():
            user = db.session.get(StaffUser, me.id)
            for key, value in change.items():
                setattr(user, key, value)
            db.session.commit()
        assert anonymous.get(path).status_code == 404
        with app.app_context():
            user = db.session.get(StaffUser, me.id)
            user.role, user.active = "researcher", True
            db.session.commit()
        assert anonymous.get(path).status_code == 200


def test_opening_the_week_page_makes_no_feed_and_viewers_cannot_make_one(app, client, as_role):
    as_role("viewer")
    html = client.get("/calendar/week", headers=EN).get_data(as_text=True)
    assert "Your private calendar link" not in html
    assert client.post("/calendar/feed").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 0


def test_week_page_lists_my_sessions_by_day_with_links_to_other_weeks(app, client, my_sessions):
    me, study, mine = my_sessions
    html = client.get("/calendar/week?week=2026-10-28", headers=EN).get_data(as_text=True)
    assert "Week beginning Monday 26 October 2026" in html
    for day in ("Monday 26 October 2026", "Tuesday 27 October 2026", "Sunday 1 November 2026"):
        assert day in html
    assert html.count("09:00 to 10:00") == 3 and "Invoice study" in html
    assert "Facilitator" in html and "Note-taker" in html and "Cancelled" in html
    assert f"/calendar/week?week=2026-10-19&amp;person={me.id}" in html
    assert f"/calendar/week?week=2026-11-02&amp;person={me.id}" in html
    assert "Make a private address" in html and "Make a new private link" in html
    empty = client.get("/calendar/week?week=2026-11-02", headers=EN).get_data(as_text=True)
    assert "09:00 to 10:00" not in empty and empty.count("No sessions.") == 7


def test_anyone_on_the_staff_can_see_a_researchers_week_but_not_their_feed(app, client, my_sessions, create):
    me, _, _ = my_sessions
    _make_feed(client)
    viewer_client = app.test_client()
    viewer = create(StaffUserFactory, role="viewer")
    sign_in(viewer_client, viewer)
    html = viewer_client.get(f"/calendar/week?week=2026-10-26&person={me.id}", headers=EN).get_data(
        as_text=True
    )
    assert html.count("09:00 to 10:00") == 3
    assert not FEED_URL.search(html) and "Your private calendar link" not in html


@pytest.mark.parametrize("week", ["nonsense", "0001-01-01", "9999-12-31", "2026-02-30"])
def test_a_bad_week_falls_back_to_this_week(app, client, as_role, week):
    as_role("researcher")
    assert client.get(f"/calendar/week?week={week}&person=99999999999999").status_code == 200


def test_study_calendar_groups_sessions_under_their_uk_day(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        study = StudyFactory()
        # 23:30 UTC on 30 June is 00:30 BST on 1 July: it belongs under 1 July.
        ResearchSessionFactory(study=study, starts_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
        ResearchSessionFactory(study=study, starts_at=datetime(2026, 6, 30, 9, 0, tzinfo=UTC))
        db.session.commit()
    html = client.get(f"/studies/{study.id}/calendar", headers=EN).get_data(as_text=True)
    assert html.index("Tuesday 30 June 2026") < html.index("10:00 to 11:00")
    assert html.index("Wednesday 1 July 2026") < html.index("00:30 to 01:30")
