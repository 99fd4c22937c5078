"""CON-5 and BK-1 under real concurrency: withdrawals, bookings, details and cancellations for the same people,
as real HTTP requests through a threaded server (each thread its own connection), against a committed database
(SQLite here, PostgreSQL with TEST_DATABASE_URL). Every change to one participant's state runs one after the
other, so nobody ends withdrawn with a live booking, and nobody sees a server error."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app.booking import bookings
from app.booking.models import Booking, BookingStatus
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants import links
from app.participants.models import Participant, ParticipantStatus
from app.studies.models import ResearchSession
from tests.conftest import migrated_app
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory

PEOPLE = 20
SESSIONS = 4


@pytest.fixture
def committed_app():
    application = migrated_app("one_participant_at_a_time")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _details(person: Participant) -> dict[str, str]:
    return {
        "full_name": person.full_name + " Jones",
        "email": person.email,
        "organisation": "Cyngor Gwynedd",
        "organisation_type": "local_authority",
        "region": "north",
        "seniority": "manager",
        "preferred_language": "en",
        "welsh_willingness": "yes",
        "adjustments": "",
    }


def _requests(app) -> list[tuple[str, dict[str, str]]]:
    """Ten requests for each of twenty people: a withdrawal, four bookings, three corrections, two cancellations
    of the booking they hold already. 200 in all, shuffled."""
    with app.app_context():
        study = StudyFactory(status="recruiting")
        start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
        sessions = [
            ResearchSessionFactory(study=study, capacity=PEOPLE + 1, starts_at=start + timedelta(hours=2 * i))
            for i in range(SESSIONS)
        ]
        requests: list[tuple[str, dict[str, str]]] = []
        for _ in range(PEOPLE):
            person = ParticipantFactory(consented=True, preferred_language="en")
            held = bookings.book_session(person, sessions[0])
            page, booking = links.current_token(person), links.current_token(person, links.BOOKING)
            base = f"/p/{booking}/studies/{study.id}"
            requests.append((f"/p/{page}/withdraw", {}))
            for session in sessions:
                requests.append((f"{base}/sessions/{session.id}", {"wants_welsh": "no", "adjustments": ""}))
            for _ in range(3):
                requests.append((f"/p/{page}/details", _details(person)))
            for _ in range(2):
                requests.append((f"{base}/bookings/{held.id}/cancel", {}))
        db.session.commit()
        db.session.remove()
    random.Random(7).shuffle(requests)
    return requests


def test_two_hundred_mixed_requests_for_twenty_people_leave_no_one_withdrawn_with_a_booking(committed_app):
    requests = _requests(committed_app)
    assert len(requests) == 200
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()

    def post(request: tuple[str, dict[str, str]]) -> int:
        path, form = request
        url = f"http://127.0.0.1:{server.server_port}{path}"
        try:
            with urlopen(url, data=urlencode(form).encode(), timeout=60) as response:  # noqa: S310 — loopback
                return response.status
        except HTTPError as error:
            error.close()
            return error.code

    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(post, requests))
    finally:
        server.shutdown()
        serving.join(timeout=10)
        server.server_close()
    assert [s for s in statuses if s >= 500] == []
    with committed_app.app_context():
        withdrawn = list(
            db.session.scalars(select(Participant).where(Participant.status == ParticipantStatus.WITHDRAWN))
        )
        assert len(withdrawn) == PEOPLE  # every withdrawal went through
        live = list(
            db.session.scalars(
                select(Booking)
                .join(ResearchSession)
                .where(Booking.status == BookingStatus.BOOKED, ResearchSession.starts_at > utcnow())
            )
        )
        assert live == [], f"{len(live)} live bookings of people who have withdrawn"
        for person in withdrawn:
            # Nothing written to them after they withdrew (CON-5): no confirmation of a booking made after it.
            late = db.session.scalars(
                select(OutboxMessage.kind).where(
                    OutboxMessage.participant_id == person.id,
                    OutboxMessage.created_at > person.status_changed_at,
                    OutboxMessage.kind == "booking_confirmation",
                )
            ).all()
            assert late == [], (person.code, late)
        db.session.remove()
