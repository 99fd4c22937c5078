"""Staff study and session pages page their tables (issue 8, P-4): a count and one page of rows, so the page runs
the same number of queries for 2 rows or 51, and any page number in the query string shows a page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models_base import utcnow
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory
from tests.queries import queries_for_page

EN = {"Accept-Language": "en"}
PAGE_SIZE = 50  # app.config PAGE_SIZE


def _study_with_sessions(app, count: int) -> int:
    with app.app_context():
        study = StudyFactory()
        start = (utcnow() + timedelta(days=3)).replace(microsecond=0)
        for i in range(count):
            ResearchSessionFactory(study=study, starts_at=start + timedelta(hours=i), capacity=2)
        db.session.commit()
        return study.id


def _session_with_bookings(app, count: int) -> tuple[int, int]:
    with app.app_context():
        session = ResearchSessionFactory(days_ahead=5, capacity=count)
        for _ in range(count):
            BookingFactory(research_session=session, participant=ParticipantFactory(consented=True))
        db.session.commit()
        return session.study_id, session.id


def _rows(page: str) -> int:
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r'<tr class="govuk-table__row">', body))


def test_the_study_page_shows_its_sessions_a_page_at_a_time(app, client, as_role):
    as_role("viewer", preferred_language="en")
    study = _study_with_sessions(app, PAGE_SIZE + 1)
    first = client.get(f"/studies/{study}", headers=EN).get_data(as_text=True)
    assert f"{PAGE_SIZE + 1} sessions, in UK time" in first
    assert _rows(first) == PAGE_SIZE
    assert 'aria-label="Pages of the study’s sessions"' in first and f"/studies/{study}?page=2" in first
    second = client.get(f"/studies/{study}?page=2", headers=EN).get_data(as_text=True)
    assert _rows(second) == 1


def test_the_session_page_shows_its_bookings_a_page_at_a_time(app, client, as_role):
    as_role("researcher", preferred_language="en")
    study, session = _session_with_bookings(app, PAGE_SIZE + 1)
    path = f"/studies/{study}/sessions/{session}"
    first = client.get(path, headers=EN).get_data(as_text=True)
    assert f"{PAGE_SIZE + 1} bookings" in first and _rows(first) == PAGE_SIZE
    assert _rows(client.get(f"{path}?page=2", headers=EN).get_data(as_text=True)) == 1


def test_the_study_page_runs_the_same_queries_for_two_sessions_or_fifty_one(app, client, as_role):
    as_role("researcher")
    few = queries_for_page(app, client, f"/studies/{_study_with_sessions(app, 2)}")
    many = queries_for_page(app, client, f"/studies/{_study_with_sessions(app, PAGE_SIZE + 1)}")
    assert many == few


def test_the_session_page_runs_the_same_queries_for_two_bookings_or_fifty_one(app, client, as_role):
    as_role("admin")
    few = queries_for_page(app, client, "/studies/{}/sessions/{}".format(*_session_with_bookings(app, 2)))
    many = queries_for_page(app, client, "/studies/{}/sessions/{}".format(*_session_with_bookings(app, 51)))
    assert many == few


@pytest.mark.parametrize("asked", ["0", "-3", "x", "2.5", "99999999999999999999999", ""])
def test_any_page_number_shows_a_page(app, client, as_role, asked):
    as_role("viewer", preferred_language="en")
    study = _study_with_sessions(app, PAGE_SIZE + 1)
    response = client.get(f"/studies/{study}?page={asked}", headers=EN)
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True)) in (PAGE_SIZE, 1)
