"""Reminders: once per booking (re-runs and two runs at once), the window, the language, and who is skipped."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.booking import bookings, reminders
from app.booking.models import BookingReminder
from app.consent.models import Purpose
from app.consent.services import record_consent, withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants.services import set_status
from app.studies.services import cancel_session
from tests.conftest import migrated_app
from tests.consent_helpers import publish_test_form
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory


def _participant(**kwargs):
    participant = ParticipantFactory(**kwargs)
    record_consent(participant, answers={p.value: True for p in Purpose}, method="online", language="cy")
    return participant


def _booked(hours_ahead: float, *, capacity=1, now=None, participant=None, **session_kwargs):
    now = now or utcnow()
    start = (now + timedelta(hours=hours_ahead)).replace(microsecond=0)
    session = ResearchSessionFactory(
        study=StudyFactory(),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=capacity,
        **session_kwargs,
    )
    return bookings.book_session(participant or _participant(), session, now=now)


def _reminders_to(participant) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.participant_id == participant.id, OutboxMessage.kind == "booking_reminder"
            )
        )
    )


@pytest.fixture
def form(app_ctx):
    return publish_test_form()


def test_running_twice_queues_one_reminder_and_audits_it(form):
    booking = _booked(5)
    assert reminders.send_reminders().queued == 1
    assert reminders.send_reminders().queued == 0
    [message] = _reminders_to(booking.participant)
    assert "meet.example.org" in message.body_text  # the joining link
    assert "http://profi.test/" in message.body_text  # the link to change or cancel
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "booking.reminded"))
    assert event.target_id == str(booking.id)


def test_window_includes_its_end_and_excludes_the_past_and_beyond(form):
    now = utcnow().replace(microsecond=0)
    inside = _booked(24, now=now)
    beyond = _booked(24 + 1 / 60, now=now)
    soon = _booked(1 / 60, now=now)
    assert reminders.send_reminders(now=now, hours=24).queued == 2
    assert len(_reminders_to(inside.participant)) == 1 and len(_reminders_to(soon.participant)) == 1
    assert _reminders_to(beyond.participant) == []
    assert reminders.send_reminders(now=now + timedelta(hours=2), hours=24).queued == 1  # now in the window
    assert reminders.send_reminders(now=now + timedelta(days=3), hours=24).queued == 0  # started: too late


def test_window_comes_from_config_with_a_default_of_24_hours(app, form):
    assert reminders.window_hours() == 24
    now = utcnow()
    booking = _booked(30, now=now)
    app.config["BOOKING_REMINDER_HOURS"] = 48
    try:
        assert reminders.window_hours() == 48
        assert reminders.send_reminders(now=now).queued == 1
    finally:
        del app.config["BOOKING_REMINDER_HOURS"]
    assert len(_reminders_to(booking.participant)) == 1


@pytest.mark.parametrize(("preference", "language"), [("cy", "cy"), ("en", "en"), ("unknown", "cy+en")])
def test_reminder_is_in_the_participants_language_bilingual_welsh_first_when_unknown(
    form, preference, language
):
    booking = _booked(3, participant=_participant(preferred_language=preference))
    reminders.send_reminders()
    [message] = _reminders_to(booking.participant)
    assert message.language == language
    if language == "cy+en":
        welsh, english = message.body_text.split("-" * 60)
        assert "Hello" in english and "Hello" not in welsh


def test_in_person_reminder_gives_the_address(form):
    booking = _booked(3, mode="in_person", joining_link="", address="1 Heol y Frenhines, Caerdydd")
    reminders.send_reminders()
    [message] = _reminders_to(booking.participant)
    assert "Heol y Frenhines" in message.body_text


def test_cancelled_sessions_withdrawn_and_opted_out_people_are_skipped(form):
    cancelled = _booked(3)
    cancel_session(cancelled.research_session)
    withdrawn, opted_out, paused = _booked(3), _booked(3), _booked(3)
    withdraw_consent(withdrawn.participant, method="online", language="en")
    set_status(opted_out.participant, "opted_out", reason="test")
    set_status(paused.participant, "paused", reason="test")  # still booked, so still reminded
    assert reminders.send_reminders().queued == 1
    assert len(_reminders_to(paused.participant)) == 1
    for booking in (cancelled, withdrawn, opted_out):
        assert _reminders_to(booking.participant) == []


def test_a_rescheduled_booking_is_reminded_for_its_new_session(form):
    now = utcnow().replace(microsecond=0)
    booking = _booked(3, now=now, capacity=2)
    later = ResearchSessionFactory(
        study=booking.research_session.study, starts_at=now + timedelta(hours=5), capacity=2
    )
    assert reminders.send_reminders(now=now).queued == 1
    bookings.reschedule_booking(booking, later, now=now)
    assert reminders.send_reminders(now=now).queued == 1
    assert len(_reminders_to(booking.participant)) == 2


# Two runs at once, on a committed database ---------------------------------------------------------------


@pytest.fixture
def committed_app():
    application = migrated_app("booking_reminders")
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_two_runs_at_once_queue_one_reminder_per_booking(committed_app):
    with committed_app.app_context():
        publish_test_form()
        ids = [_booked(2, capacity=3).id for _ in range(4)]
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


def test_the_command_prints_how_many_were_queued(app, form):
    _booked(2)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "Reminders queued: 1" in result.output
    assert "BOOKING_REMINDER_HOURS" in result.output
