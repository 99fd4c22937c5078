"""How booking reacts to events declared below it (blinker signals; the layering rule forbids the imports the
other way). connect() is called once by create_app(); receivers run in the sender's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select

from app.booking import attendance, notifications, waitlist
from app.booking.bookings import cancel_bookings_of_leaver
from app.booking.session_changes import cancel_bookings_for_session, notify_session_changed
from app.mail import composition
from app.participants.models import Participant
from app.participants.signals import participant_left, participation_dates
from app.studies.models import ResearchSession, Study
from app.studies.signals import session_cancelled, session_changed, sessions_added


def _on_participant_left(participant: Participant, *, reason: str, actor: Any = None, **_: Any) -> int:
    """CON-5: their future bookings are cancelled without an email, and they leave every waiting list."""
    return cancel_bookings_of_leaver(participant, reason=reason, actor=actor)


def _on_session_cancelled(session: ResearchSession, *, actor: Any = None, **_: Any) -> int:
    """Every live booking in the session is cancelled and each person told (.ics METHOD:CANCEL)."""
    return cancel_bookings_for_session(session, actor=actor)


def _on_session_changed(session: ResearchSession, *, fields: list[str], actor: Any = None, **_: Any) -> int:
    """BK-4, BK-6: everyone booked hears of a new time, place, link or language, with an updated .ics; new
    places (a raised capacity) are offered to the waiting list."""
    told = notify_session_changed(session, fields, actor=actor)
    if "capacity" in fields:
        waitlist.offer_free_places(session)
    return told


def _on_sessions_added(study: Study, *, sessions: list[ResearchSession], **_: Any) -> None:
    """New sessions' places go to the people waiting for the study."""
    for session in sessions:
        waitlist.offer_free_places(session)


def _on_participation_dates(_sender: object, **_: Any) -> Select[tuple[int, datetime]]:
    """BK-7: booked and attended sessions count towards the participation limits."""
    return attendance.participation_dates()


def connect() -> None:
    """Connect booking's receivers (strong references; connecting twice changes nothing)."""
    participant_left.connect(_on_participant_left, weak=False)
    session_cancelled.connect(_on_session_cancelled, weak=False)
    session_changed.connect(_on_session_changed, weak=False)
    sessions_added.connect(_on_sessions_added, weak=False)
    participation_dates.connect(_on_participation_dates, weak=False)
    composition.register(notifications.BOOKING_EMAIL, notifications.compose_booking_email)
