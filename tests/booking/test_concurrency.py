"""Booking under real concurrency: threads, each with its own app context, session and connection, against a
committed database (SQLite here, PostgreSQL with TEST_DATABASE_URL), all acting at the same moment — BK-1 and BK-2
(bookings and double clicks, direct and over HTTP) and reminders (two runs of the sender at once; two presses of
"Remind" on the invitations page at once: one reminder each, issue 9, item 12)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.booking import bookings, errors, invitation_reminders, reminders
from app.booking.models import Booking, BookingReminder, Invitation
from app.common.transactions import write_transaction
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants import links
from app.participants.models import Participant
from app.studies.models import ResearchSession, Study
from tests.conftest import migrated_app
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory

THREADS = 12
CAPACITY = 3


@pytest.fixture
def committed_app():
    application = migrated_app("booking_concurrency")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _setup(app, participants: int) -> tuple[int, list[int]]:
    with app.app_context():
        session = ResearchSessionFactory(days_ahead=7, capacity=CAPACITY)
        people = ParticipantFactory.create_batch(participants, consented=True)
        for person in people:
            InvitationFactory(study=session.study, participant=person)
        ids = [person.id for person in people]
        db.session.commit()
        session_id = session.id
        db.session.remove()
    return session_id, ids


def _book_all_at_once(app, session_id: int, participant_ids: list[int]) -> list[object]:
    """Each thread books like a request: take the write lock first (as a POST does), load, book, commit once."""
    barrier = threading.Barrier(len(participant_ids))
    results: list[object] = [None] * len(participant_ids)

    def book(index: int, participant_id: int) -> None:
        with app.app_context(), write_transaction():
            try:
                barrier.wait(timeout=30)
                participant = db.session.get(Participant, participant_id)
                session = db.session.get(ResearchSession, session_id)
                booking = bookings.book_session(participant, session)
                db.session.commit()
                results[index] = booking.id
            except errors.SessionFull as refused:
                db.session.rollback()
                results[index] = refused
            except Exception as error:  # noqa: BLE001 — any other outcome is the failure this test looks for
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(i, pid)) for i, pid in enumerate(participant_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _stored(app, session_id: int) -> tuple[int, int]:
    with app.app_context():
        live = db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.research_session_id == session_id, Booking.status == "booked")
        )
        counted = db.session.get(ResearchSession, session_id).booked_count
        db.session.remove()
    return live, counted


def test_simultaneous_bookings_fill_exactly_the_capacity_and_the_rest_hear_full(committed_app):
    session_id, participant_ids = _setup(committed_app, THREADS)
    results = _book_all_at_once(committed_app, session_id, participant_ids)
    unexpected = [r for r in results if not isinstance(r, int | errors.SessionFull)]
    assert unexpected == []
    assert sum(isinstance(r, int) for r in results) == CAPACITY
    assert sum(isinstance(r, errors.SessionFull) for r in results) == THREADS - CAPACITY
    assert _stored(committed_app, session_id) == (CAPACITY, CAPACITY)


def test_simultaneous_double_clicks_make_one_booking(committed_app):
    session_id, [participant_id] = _setup(committed_app, 1)
    results = _book_all_at_once(committed_app, session_id, [participant_id] * 6)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert _stored(committed_app, session_id) == (1, 1)


def test_simultaneous_http_bookings_fill_a_session_exactly_and_the_rest_are_told_it_is_full(committed_app):
    """Real requests through a threaded server, each thread with its own HTTP connection (BK-1: never an error)."""
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import urlopen

    from werkzeug.serving import make_server

    session_id, ids = _setup(committed_app, THREADS)
    with committed_app.app_context():
        study_id = db.session.get(ResearchSession, session_id).study_id
        tokens = [links.current_token(db.session.get(Participant, pid), links.BOOKING) for pid in ids]
        db.session.remove()
    server = make_server("127.0.0.1", 0, committed_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    barrier = threading.Barrier(THREADS)
    statuses: list[tuple[int, str]] = [(0, "")] * THREADS

    def post(index: int) -> None:
        url = f"http://127.0.0.1:{server.server_port}/p/{tokens[index]}/studies/{study_id}/sessions/{session_id}"
        data = urlencode({"wants_welsh": "no", "adjustments": ""}).encode()
        barrier.wait()
        try:
            with urlopen(url, data=data, timeout=30) as response:  # noqa: S310 — a loopback test server
                statuses[index] = (response.status, response.read().decode())
        except HTTPError as error:
            statuses[index] = (error.code, error.read().decode())
            error.close()

    workers = [threading.Thread(target=post, args=(i,)) for i in range(THREADS)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert all(status < 500 for status, _ in statuses), [s for s, _ in statuses]
    with committed_app.app_context():
        live = db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.research_session_id == session_id, Booking.status == "booked")
        )
        db.session.remove()
    assert live == CAPACITY


def test_two_runs_at_once_queue_one_reminder_per_booking(committed_app):
    with committed_app.app_context():
        ids = [
            bookings.book_session(ParticipantFactory(consented=True), session).id
            for session in ResearchSessionFactory.create_batch(4, days_ahead=2 / 24, capacity=3)
        ]
        db.session.commit()
        db.session.remove()
    runs = 2
    barrier = threading.Barrier(runs)
    results: list[object] = [None] * runs

    def run(index: int) -> None:
        with committed_app.app_context():
            try:
                barrier.wait(timeout=30)
                results[index] = reminders.send_reminders().queued
                db.session.commit()
            except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 4
    with committed_app.app_context():
        per_booking = dict(
            db.session.execute(
                select(BookingReminder.booking_id, func.count()).group_by(BookingReminder.booking_id)
            ).all()
        )
        messages = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "booking_reminder")
        )
        db.session.remove()
    assert per_booking == {booking_id: 1 for booking_id in ids}
    assert messages == 4


def test_two_presses_of_remind_at_once_remind_each_person_once(committed_app):
    """Each press as a request takes it: the write lock first (SQLite), read who is due, claim, commit once."""
    invited = 5
    with committed_app.app_context():
        session = ResearchSessionFactory(days_ahead=7, capacity=3)
        for person in ParticipantFactory.create_batch(invited):
            InvitationFactory(
                study=session.study, participant=person, created_at=utcnow() - timedelta(days=30)
            )
        study_id = session.study_id
        db.session.commit()
        db.session.remove()
    presses = 2
    barrier = threading.Barrier(presses)
    results: list[object] = [None] * presses

    def press(index: int) -> None:
        with committed_app.app_context(), write_transaction():
            try:
                barrier.wait(timeout=30)
                study = db.session.get(Study, study_id)
                results[index] = invitation_reminders.remind_unanswered(study).sent
                db.session.commit()
            except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(results) == [0, invited], results  # type: ignore[type-var]
    with committed_app.app_context():
        counts = list(
            db.session.scalars(select(Invitation.reminder_count).where(Invitation.study_id == study_id))
        )
        messages = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "booking_reminder")
        )
        db.session.remove()
    assert counts == [1] * invited and messages == invited
