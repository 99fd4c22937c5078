"""A series of sessions from a date range and a daily timetable: laid out on the UK wall clock, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.studies import series
from app.studies.models import ResearchSession
from tests.studies.form_data import series_form

EN = {"Accept-Language": "en"}


def _count(model=ResearchSession) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_hourly_sessions_from_ten_to_four_over_three_days_make_eighteen(app, client, as_role, study):
    as_role("researcher")
    response = client.post(f"/studies/{study.id}/sessions/series", data=series_form(), headers=EN)
    assert response.status_code == 302
    with app.app_context():
        sessions = db.session.scalars(select(ResearchSession).order_by(ResearchSession.starts_at)).all()
        assert len(sessions) == 18 and _events("research_session.created") == 18
        assert sessions[0].starts_at == datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
        assert sessions[-1].ends_at == datetime(2026, 6, 5, 15, 0, tzinfo=UTC)  # 16:00 BST
        assert {(s.address_cy, s.address_en) for s in sessions} == {
            ("Canolfan Cyd, Caerdydd", "Cyd Centre, Cardiff")
        }
    assert "18 sessions have been added." in client.get(f"/studies/{study.id}", headers=EN).get_data(
        as_text=True
    )


def test_a_series_with_breaks_and_weekdays_only(app, client, as_role, study):
    as_role("researcher")
    # Friday 5 to Monday 8 June; 45-minute slots with 15-minute breaks from 09:00 to 12:00: 3 a day.
    response = client.post(
        f"/studies/{study.id}/sessions/series",
        data=series_form(
            first_day=["5", "6", "2026"],
            last_day=["8", "6", "2026"],
            day_start="09:00",
            day_end="12:00",
            slot_minutes="45",
            gap_minutes="15",
            weekdays_only="y",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        sessions = db.session.scalars(select(ResearchSession).order_by(ResearchSession.starts_at)).all()
        assert len(sessions) == 6
        assert {s.starts_at.date().isoformat() for s in sessions} == {"2026-06-05", "2026-06-08"}
        assert [s.starts_at.minute for s in sessions[:3]] == [0, 0, 0]
        assert [s.starts_at.hour for s in sessions[:3]] == [8, 9, 10]


def test_a_series_with_one_bad_slot_creates_nothing(app, client, as_role, study):
    as_role("researcher")
    response = client.post(
        f"/studies/{study.id}/sessions/series",
        headers=EN,
        data=series_form(
            first_day=["27", "3", "2026"],
            last_day=["30", "3", "2026"],
            day_start="00:30",
            day_end="03:00",
            slot_minutes="30",
        ),
    )
    assert response.status_code == 200
    assert "The clocks go forward on 29 March 2026, so 01:00 does not exist in UK time" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert _count() == 0 and _events("research_session.created") == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_day": ["1", "6", "2026"]}, "The last day must be the same as or after the first day"),
        ({"day_end": "09:00"}, "The last session must end after the first one starts"),
        ({"slot_minutes": "420"}, "These dates and times make no sessions"),
        (
            {"first_day": ["6", "6", "2026"], "last_day": ["7", "6", "2026"], "weekdays_only": "y"},
            "These dates and times make no sessions",
        ),
        ({"last_day": ["5", "6", "2027"]}, "A series can cover at most 92 days"),
        (
            {"last_day": ["30", "6", "2026"], "slot_minutes": "5", "day_end": "12:00"},
            "A series can have at most 200 sessions",
        ),
        ({"slot_minutes": "0"}, "Enter a number of minutes from 5 to 480"),
        ({"first_day": ["30", "2", "2026"]}, "Enter a real date"),
        (
            {"first_day": ["30", "12", "9999"], "last_day": ["31", "12", "9999"]},
            "Enter a date between 2000 and 2099",
        ),
        ({"mode": "online"}, "Enter the joining link for an online session"),
    ],
)
def test_bad_series_details_are_refused_and_nothing_is_saved(app, client, as_role, study, change, message):
    as_role("researcher")
    response = client.post(f"/studies/{study.id}/sessions/series", data=series_form(**change), headers=EN)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count() == 0


SPRING = date(2026, 3, 29)


def test_a_series_keeps_its_wall_clock_times_across_the_spring_change():
    plan = series.Timetable(date(2026, 3, 28), date(2026, 3, 30), time(9, 0), time(10, 0), 60)
    slots = series.plan_slots(plan)
    assert [s.local_start for s in slots] == [time(9, 0)] * 3
    assert [s.starts_at.hour for s in slots] == [9, 8, 8]  # GMT, then BST: 09:00 local every day


def test_a_series_touching_the_skipped_hour_fails_as_a_whole():
    plan = series.Timetable(date(2026, 3, 28), date(2026, 3, 29), time(0, 0), time(3, 0), 30)
    with pytest.raises(series.SlotDoesNotExist) as refused:
        series.plan_slots(plan)
    assert refused.value.day == SPRING and refused.value.at == time(1, 0)


def test_a_series_across_the_autumn_clock_change_makes_every_slot_the_length_asked_for():
    from datetime import date, time, timedelta

    from app.studies.series import Timetable, plan_slots

    plan = Timetable(
        first_day=date(2026, 10, 24),
        last_day=date(2026, 10, 26),
        day_start=time(0, 0),
        day_end=time(4, 0),
        slot_minutes=60,
    )
    slots = plan_slots(plan)
    assert len(slots) == 12
    assert {slot.ends_at - slot.starts_at for slot in slots} == {timedelta(minutes=60)}
