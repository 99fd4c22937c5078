"""What a participant's booking pages show: one study's sessions, their bookings and waiting-list place, and
what choosing one session would lead to. Read-only; the portal's pages render it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.booking import places, waitlist
from app.booking.bookings import bookings_in_study, live_booking
from app.booking.eligibility import needs_consent
from app.booking.models import Booking, WaitlistEntry
from app.models_base import utcnow
from app.participants.models import Participant
from app.studies.models import ResearchSession, SessionStatus, Study


@dataclass(frozen=True)
class StudyOverview:
    sessions: list[tuple[ResearchSession, int]]  # future sessions with a place left, and how many are left
    bookings: list[Booking]  # the participant's bookings in the study, any status
    entry: WaitlistEntry | None  # their open waiting-list entry
    offer: WaitlistEntry | None  # the same entry, when it is an offer open now


def study_overview(participant: Participant, study: Study, now: datetime | None = None) -> StudyOverview:
    """The participant's booking page for one study, in a fixed number of queries whatever the sessions."""
    now = now or utcnow()
    entry = waitlist.open_entry(participant, study)
    return StudyOverview(
        sessions=places.open_sessions(study, now=now),
        bookings=bookings_in_study(participant, study),
        entry=entry,
        offer=entry if waitlist.is_open_offer(entry, now) else None,
    )


class Choice(StrEnum):
    BOOKED = "booked"  # they have a live booking in this session already
    UNAVAILABLE = "unavailable"  # cancelled, or already started
    FULL = "full"  # no place left: the page offers the waiting list
    OPEN = "open"  # they may confirm a booking (perhaps after consenting)


@dataclass(frozen=True)
class SessionChoice:
    choice: Choice
    booking: Booking | None = None
    entry: WaitlistEntry | None = None  # with FULL: their waiting-list entry, if any
    consent_needed: bool = False  # with OPEN: they must consent before confirming (CON-1, CON-6)


def session_choice(
    participant: Participant, study: Study, session: ResearchSession, now: datetime | None = None
) -> SessionChoice:
    """What opening one session's booking page leads to (a GET: nothing changes, BK-5)."""
    now = now or utcnow()
    existing = live_booking(participant.id, session.id)
    if existing is not None:
        return SessionChoice(Choice.BOOKED, booking=existing)
    if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
        return SessionChoice(Choice.UNAVAILABLE)
    if not places.places_left(session):
        return SessionChoice(Choice.FULL, entry=waitlist.open_entry(participant, study))
    return SessionChoice(Choice.OPEN, consent_needed=needs_consent(participant, study))
