"""A facilitator or note-taker in two overlapping sessions is warned of at once, and the week view flags both
(issue 9, item 13)."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.studies import clashes
from app.studies.models import SessionStatus
from tests.factories import ResearchSessionFactory, StaffUserFactory, StudyFactory
from tests.studies.form_data import session_form

EN = {"Accept-Language": "en"}


def _pair(app, *, gap_minutes: int, cancelled: bool = False, as_note_taker: bool = False):
    with app.app_context():
        person = StaffUserFactory(role="researcher", name="Catrin Lloyd")
        first = ResearchSessionFactory(days_ahead=6, facilitator_id=person.id)
        start = first.ends_at + timedelta(minutes=gap_minutes)
        second = ResearchSessionFactory(
            study=StudyFactory(),
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            facilitator_id=None if as_note_taker else person.id,
            note_taker_id=person.id if as_note_taker else None,
            status=SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED,
        )
        db.session.commit()
        return person, first, second


def test_overlapping_sessions_of_one_person_clash(app, app_ctx):
    person, first, second = _pair(app, gap_minutes=-30, as_note_taker=True)
    [clash] = clashes.clashes_for(db.session.merge(first))
    assert clash.person.id == person.id and clash.other.id == second.id
    assert clashes.clashing_ids([db.session.merge(first), db.session.merge(second)]) == {first.id, second.id}


def test_back_to_back_and_cancelled_sessions_do_not_clash(app, app_ctx):
    _, first, second = _pair(app, gap_minutes=0)
    assert clashes.clashes_for(db.session.merge(first)) == []
    _, first, second = _pair(app, gap_minutes=-30, cancelled=True)
    assert clashes.clashing_ids([db.session.merge(first), db.session.merge(second)]) == set()


def test_saving_a_clashing_session_warns_and_the_week_view_flags_it(app, client, as_role):
    me = as_role("researcher", name="Siân Prys", preferred_language="en")
    with app.app_context():
        study = StudyFactory()
        ResearchSessionFactory(
            study=StudyFactory(), facilitator_id=me.id, starts_at=_june_3(10), ends_at=_june_3(11, 30)
        )
        db.session.commit()
        study_id = study.id
    response = client.post(
        f"/studies/{study_id}/sessions/new",
        data=session_form(facilitator=str(me.id), start_time="11:00", end_time="12:00"),
        headers=EN,
        follow_redirects=True,
    )
    assert "Siân Prys is also in another session at" in response.get_data(as_text=True)
    week = client.get("/calendar/week?week=2026-06-03", headers=EN).get_data(as_text=True)
    assert week.count("Overlaps another session of the same staff") == 2


def _june_3(hour: int, minute: int = 0):
    from datetime import date, time

    from app.studies.timezones import local_to_utc

    return local_to_utc(date(2026, 6, 3), time(hour, minute))
