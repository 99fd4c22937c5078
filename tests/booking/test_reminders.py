"""Reminders (app/booking/reminders.py): once per booking (re-runs; two runs at once are in test_concurrency.py),
the window, the language, and who is skipped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import bookings, reminders
from app.consent.services import withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants.status import set_status
from app.studies.services import cancel_session
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


def _booked(hours_ahead: float, *, capacity=1, now=None, participant=None, **session_kwargs):
    now = now or utcnow()
    start = (now + timedelta(hours=hours_ahead)).replace(microsecond=0)
    session = ResearchSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=1), capacity=capacity, **session_kwargs
    )
    return BookingFactory(
        participant=participant or ParticipantFactory(consented=True), research_session=session
    )


def _reminders_to(participant) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.participant_id == participant.id, OutboxMessage.kind == "booking_reminder"
            )
        )
    )


def test_running_twice_queues_one_reminder_and_audits_it():
    booking = _booked(5)
    assert reminders.send_reminders().queued == 1
    assert reminders.send_reminders().queued == 0
    [message] = _reminders_to(booking.participant)
    assert "meet.example.org" in message.body_text  # the joining link
    assert "http://profi.test/" in message.body_text  # the link to change or cancel
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "booking.reminded"))
    assert event.target_id == str(booking.id)


def test_window_includes_its_end_and_excludes_the_past_and_beyond():
    now = utcnow().replace(microsecond=0)
    inside = _booked(24, now=now)
    beyond = _booked(24 + 1 / 60, now=now)
    soon = _booked(1 / 60, now=now)
    assert reminders.send_reminders(now=now, hours=24).queued == 2
    assert len(_reminders_to(inside.participant)) == 1 and len(_reminders_to(soon.participant)) == 1
    assert _reminders_to(beyond.participant) == []
    assert reminders.send_reminders(now=now + timedelta(hours=2), hours=24).queued == 1  # now in the window
    assert reminders.send_reminders(now=now + timedelta(days=3), hours=24).queued == 0  # started: too late


def test_window_comes_from_config_with_a_default_of_24_hours(app):
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
def test_reminder_is_in_the_participants_language_bilingual_welsh_first_when_unknown(preference, language):
    booking = _booked(3, participant=ParticipantFactory(consented=True, preferred_language=preference))
    reminders.send_reminders()
    [message] = _reminders_to(booking.participant)
    assert message.language == language
    if language == "cy+en":
        welsh, english = message.body_text.split("-" * 60)
        assert "Hello" in english and "Hello" not in welsh


def test_in_person_reminder_gives_the_address():
    booking = _booked(
        3,
        mode="in_person",
        joining_link="",
        address_cy="1 Heol y Frenhines, Caerdydd",
        address_en="1 Queen Street, Cardiff",
    )
    reminders.send_reminders()
    [message] = _reminders_to(booking.participant)
    assert "Heol y Frenhines" in message.body_text


def test_cancelled_sessions_withdrawn_and_opted_out_people_are_skipped():
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


def test_a_rescheduled_booking_is_reminded_for_its_new_session():
    now = utcnow().replace(microsecond=0)
    booking = _booked(3, now=now, capacity=2)
    later = ResearchSessionFactory(
        study=booking.research_session.study, starts_at=now + timedelta(hours=5), capacity=2
    )
    assert reminders.send_reminders(now=now).queued == 1
    bookings.reschedule_booking(booking, later, now=now)
    assert reminders.send_reminders(now=now).queued == 1
    assert len(_reminders_to(booking.participant)) == 2


def test_the_command_prints_how_many_were_queued(app):
    _booked(2)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "Reminders queued: 1" in result.output
    assert "BOOKING_REMINDER_HOURS" in result.output
