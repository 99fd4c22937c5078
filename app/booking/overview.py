"""What a participant's booking pages show: one study's sessions, their bookings and waiting-list place, and
what choosing one session would lead to. Read-only; the portal's pages render it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from app.booking import places, waitlist
from app.booking.bookings import bookings_in_study, own_booking
from app.booking.eligibility import consent_problem
from app.booking.errors import ConsentMissing
from app.booking.models import Booking, BookingStatus, Invitation, WaitlistEntry, WaitlistStatus
from app.booking.standing import Standing, from_row, standing_columns
from app.common.converters import MAX_ID
from app.common.sql import built_once
from app.extensions import db
from app.models_base import utcnow
from app.participants.models import Participant
from app.studies.models import ResearchSession, SessionStatus, Study


def _opened_by(participant_id: ColumnElement[int] | int) -> ColumnElement[bool]:
    """The studies a participant's booking link opens (SEC-4, BK-5): one they were invited to, or are booked or
    waiting in, while it recruits or runs (a booking made already can be seen, moved and cancelled while the
    study runs; new bookings need it recruiting). A condition on Study, for a query that selects it."""
    invited = select(Invitation.id).where(
        Invitation.study_id == Study.id, Invitation.participant_id == participant_id
    )
    theirs = aliased(ResearchSession)  # not the enclosing query's session, if it has one
    booked = (
        select(Booking.id)
        .join(theirs, Booking.research_session_id == theirs.id)
        .where(theirs.study_id == Study.id, Booking.participant_id == participant_id)
    )
    waiting = select(WaitlistEntry.id).where(
        WaitlistEntry.study_id == Study.id, WaitlistEntry.participant_id == participant_id
    )
    return and_(
        Study.status.in_(places.STAFF_STATUSES), or_(invited.exists(), booked.exists(), waiting.exists())
    )


_PARTICIPANT = bindparam("participant_id", type_=Integer)


@built_once
def _study_statement() -> Select[tuple[Study]]:
    return select(Study).where(Study.id == bindparam("study_id", type_=Integer), _opened_by(_PARTICIPANT))


def study_for(participant: Participant, study_id: int) -> Study | None:
    """The study a participant's booking link may open (see _opened_by), or None. One query."""
    if not 0 < study_id <= MAX_ID:
        return None
    return db.session.scalar(_study_statement(), {"participant_id": participant.id, "study_id": study_id})


@dataclass(frozen=True)
class ChosenSession:
    study: Study
    session: ResearchSession
    standing: Standing  # the participant's live booking in it, places held in the study, waiting-list entry


@built_once
def _chosen_statement() -> Select[Any]:
    return (
        select(
            ResearchSession,
            Study,
            *standing_columns(_PARTICIPANT, ResearchSession.study_id, ResearchSession.id),
        )
        .join(Study, ResearchSession.study_id == Study.id)
        .where(
            ResearchSession.id == bindparam("session_id", type_=Integer),
            Study.id == bindparam("study_id", type_=Integer),
            _opened_by(_PARTICIPANT),
        )
        .options(
            contains_eager(ResearchSession.study),
            joinedload(ResearchSession.facilitator),
            joinedload(ResearchSession.note_taker),
        )
        .execution_options(populate_existing=True)  # places left as committed now
    )


def chosen_session(participant: Participant, study_id: int, session_id: int) -> ChosenSession | None:
    """One session of a study the participant's link opens, with its study and the participant's standing in
    it, in one query (P-4: a booking POST reads nothing twice); None for any other pair of ids. Read after the
    participant's lock is taken (a POST's link loads them locked), the standing is what booking relies on."""
    if not (0 < study_id <= MAX_ID and 0 < session_id <= MAX_ID):
        return None
    row = db.session.execute(
        _chosen_statement(),
        {"participant_id": participant.id, "study_id": study_id, "session_id": session_id},
    ).one_or_none()
    if row is None:
        return None
    session, study, *columns = row
    return ChosenSession(study, session, from_row(*columns))


@dataclass(frozen=True)
class StudyOverview:
    sessions: list[tuple[ResearchSession, int]]  # future sessions with a place left, and how many are left
    full_sessions: list[ResearchSession]  # future sessions with no place left (they can wait for one)
    bookings: list[Booking]  # the participant's bookings in the study, any status
    entry: WaitlistEntry | None  # their open waiting-list entry
    offer: WaitlistEntry | None  # the same entry, when it is an offer open now
    taking_bookings: bool  # the study recruits: new bookings and the waiting list are open


def study_overview(participant: Participant, study: Study, now: datetime | None = None) -> StudyOverview:
    """The participant's booking page for one study, in a fixed number of queries whatever the sessions."""
    now = now or utcnow()
    entry = waitlist.open_entry(participant, study)
    taking = study.status in places.SELF_SERVICE_STATUSES
    return StudyOverview(
        sessions=places.open_sessions(study, now=now) if taking else [],
        full_sessions=places.full_sessions(study, now=now) if taking else [],
        bookings=bookings_in_study(participant, study),
        entry=entry,
        offer=entry if taking and waitlist.is_open_offer(entry, now) else None,
        taking_bookings=taking,
    )


class Choice(StrEnum):
    BOOKED = "booked"  # they have a live booking in this session already
    NOT_TAKING = "not_taking"  # the study is not recruiting
    UNAVAILABLE = "unavailable"  # cancelled, or already started
    FULL = "full"  # no place left: the page offers the waiting list
    OPEN = "open"  # they may confirm a booking (perhaps after consenting)


@dataclass(frozen=True)
class SessionChoice:
    choice: Choice
    booking: Booking | None = None
    entry: WaitlistEntry | None = None  # with FULL: their waiting-list entry, if any
    consent: ConsentMissing | None = None  # with OPEN: what they must consent to first (CON-1, CON-6)


def session_choice(
    participant: Participant, chosen: ChosenSession, now: datetime | None = None
) -> SessionChoice:
    """What opening one session's booking page leads to (a GET: nothing changes, BK-5)."""
    now = now or utcnow()
    study, session, standing = chosen.study, chosen.session, chosen.standing
    if standing.live_booking_id is not None:
        return SessionChoice(Choice.BOOKED, booking=own_booking(standing.live_booking_id))
    if study.status not in places.SELF_SERVICE_STATUSES:
        return SessionChoice(Choice.NOT_TAKING)
    if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
        return SessionChoice(Choice.UNAVAILABLE)
    if session.booked_count >= session.capacity:
        entry = db.session.get(WaitlistEntry, standing.open_entry_id) if standing.open_entry_id else None
        return SessionChoice(Choice.FULL, entry=entry)
    return SessionChoice(Choice.OPEN, consent=consent_problem(participant, study))


@dataclass(frozen=True)
class ParticipantOverview:
    """Everything a participant has in the booking pages, for their own page (issue 8: one page lists it all)."""

    bookings: list[Booking]  # live bookings in sessions still to come, soonest first
    waiting: list[WaitlistEntry]  # waiting-list places (not offers)
    offers: list[WaitlistEntry]  # offers of a place open now


def participant_overview(participant: Participant, now: datetime | None = None) -> ParticipantOverview:
    """The participant's coming bookings, waiting-list places and open offers, in every study. Two queries."""
    now = now or utcnow()
    coming = list(
        db.session.scalars(
            select(Booking)
            .join(ResearchSession, Booking.research_session_id == ResearchSession.id)
            .where(
                Booking.participant_id == participant.id,
                Booking.status == BookingStatus.BOOKED,
                ResearchSession.ends_at > now,
            )
            .order_by(ResearchSession.starts_at, Booking.id)
        )
    )
    entries = list(
        db.session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.participant_id == participant.id,
                WaitlistEntry.status.in_(waitlist.OPEN_STATUSES),
            )
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )
    return ParticipantOverview(
        bookings=coming,
        waiting=[entry for entry in entries if entry.status == WaitlistStatus.WAITING],
        offers=[entry for entry in entries if waitlist.is_open_offer(entry, now)],
    )
