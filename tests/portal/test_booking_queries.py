"""A participant's booking pages run a fixed number of SQL statements; a booking POST runs at most ten and repeats
none (P-4)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models_base import utcnow
from app.participants import links
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory
from tests.queries import queries_for_page

EN = {"Accept-Language": "en"}


def _study_with_sessions(app, count: int) -> tuple[int, list[int], str]:
    with app.app_context():
        study = StudyFactory()
        start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
        sessions = [
            ResearchSessionFactory(study=study, capacity=2, starts_at=start + timedelta(hours=2 * i))
            for i in range(count)
        ]
        person = ParticipantFactory(consented=True, preferred_language="en", consent__language="en")
        InvitationFactory(study=study, participant=person)
        db.session.commit()
        return study.id, [s.id for s in sessions], links.current_token(person, links.BOOKING)


def test_the_participants_study_page_runs_the_same_queries_for_one_session_or_ten(app, client):
    study, _, token = _study_with_sessions(app, 1)
    few = queries_for_page(app, client, f"/p/{token}/studies/{study}")
    study, _, token = _study_with_sessions(app, 10)
    many = queries_for_page(app, client, f"/p/{token}/studies/{study}")
    assert many == few


def _statements_of(app, action) -> list[tuple[str, str]]:
    statements: list[tuple[str, str]] = []
    with app.app_context():
        engine = db.engine

    def remember(conn, cursor, statement, parameters, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append((statement, repr(parameters)))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return statements


@pytest.fixture
def jobs_queued():
    """The email job waits in the queue's storage, as it does for a real worker: the request's statements only."""
    from app import jobs

    jobs.queue.immediate = False
    try:
        yield
    finally:
        jobs.queue.flush()
        jobs.queue.immediate = True


def test_a_booking_post_runs_at_most_ten_statements(app, client, jobs_queued):
    """P-4: lock the participant, read the session with their standing, the limit, their participation and their
    consent once each, then take the place and write the booking, its audit row and the email's outbox row (the
    sender composes the email and its .ics: app/mail/composition.py)."""
    study, [session], token = _study_with_sessions(app, 1)
    path = f"/p/{token}/studies/{study}/sessions/{session}"

    def book():
        response = client.post(path, data={"adjustments": "", "wants_welsh": "no"}, headers=EN)
        assert response.status_code == 200 and "govuk-panel--confirmation" in response.text

    statements = _statements_of(app, book)
    order = "\n".join(s[:110].replace("\n", " ") for s, _p in statements)
    assert len(statements) <= 10, f"{len(statements)} statements:\n{order}"
    writes = [m.group(1) for s, _p in statements if (m := re.match(r"(?:INSERT INTO|UPDATE) (\w+)", s))]
    assert sorted(writes) == ["audit_event", "booking", "outbox_message", "research_session"]


def test_a_booking_post_runs_no_statement_twice(app, client):
    study, [session], token = _study_with_sessions(app, 1)
    path = f"/p/{token}/studies/{study}/sessions/{session}"

    def book():
        assert client.post(path, data={"adjustments": "", "wants_welsh": "no"}, headers=EN).status_code == 200

    statements = _statements_of(app, book)
    repeated = [s for i, s in enumerate(statements) if s in statements[:i]]
    order = "\n".join(s[:110].replace("\n", " ") for s, _p in statements)
    assert repeated == [], f"{len(repeated)} of {len(statements)} statements repeated:\n{order}"
