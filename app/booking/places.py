"""Places in a research session (BK-1): taken and given back by conditional UPDATEs, never read-then-write.

Capacity is kept by the database, not by a check in Python: a place is taken with one conditional UPDATE on
research_session.booked_count (`... WHERE booked_count < capacity AND status = 'scheduled' AND starts_at >
now`), and only a row it changed counts. On PostgreSQL the UPDATE locks the session's row, and a waiting
UPDATE re-checks its condition against the committed count. On SQLite a writing request holds the database's
write lock from its first statement (app.common.transactions), so writers queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Integer, Select, Update, bindparam, select, update

from app.booking.errors import (
    BookingError,
    SessionCancelled,
    SessionFull,
    SessionInPast,
    StudyNotTakingBookings,
)
from app.common.sql import built_once, rows_changed, table_of
from app.extensions import db
from app.models_base import utcnow
from app.studies.models import ResearchSession, SessionStatus, Study, StudyStatus

_sessions = table_of(ResearchSession)


@built_once
def _take_place_statement() -> Update:
    return (
        update(_sessions)
        .where(
            _sessions.c.id == bindparam("session_id", type_=Integer),
            _sessions.c.booked_count < _sessions.c.capacity,
            _sessions.c.status == SessionStatus.SCHEDULED.value,
            _sessions.c.starts_at > bindparam("now", type_=_sessions.c.starts_at.type),
        )
        # Counting a place is not a change to the session: keep updated_at (the researchers' feed reads it).
        .values(booked_count=_sessions.c.booked_count + 1, updated_at=_sessions.c.updated_at)
    )


def take_place(session_id: int, now: datetime) -> bool:
    """Take one place if one is left and the session is scheduled and in the future; True if taken."""
    return rows_changed(_take_place_statement(), {"session_id": session_id, "now": now}) == 1


def give_place_back(session_id: int) -> None:
    rows_changed(
        update(_sessions)
        .where(_sessions.c.id == session_id, _sessions.c.booked_count > 0)
        .values(booked_count=_sessions.c.booked_count - 1, updated_at=_sessions.c.updated_at)
    )


def refusal(session_id: int, now: datetime) -> BookingError:
    """Why a place could not be taken, from the session as committed now."""
    status, starts_at = db.session.execute(
        select(_sessions.c.status, _sessions.c.starts_at).where(_sessions.c.id == session_id)
    ).one()
    if status == SessionStatus.CANCELLED:
        return SessionCancelled()
    if starts_at <= now:
        return SessionInPast()
    return SessionFull()


# A participant books, joins a waiting list or takes an offer only while the study recruits; staff booking on
# someone's behalf, and moving a booking already made, also while it runs. Planning, analysing, done: never.
SELF_SERVICE_STATUSES = frozenset({StudyStatus.RECRUITING})
STAFF_STATUSES = frozenset({StudyStatus.RECRUITING, StudyStatus.RUNNING})


def ensure_taking_bookings(study: Study, *, by_staff: bool = False) -> None:
    """Raise StudyNotTakingBookings unless the study takes bookings now (from the participant, or from staff)."""
    if study.status not in (STAFF_STATUSES if by_staff else SELF_SERVICE_STATUSES):
        raise StudyNotTakingBookings()


def ensure_bookable(session: ResearchSession, now: datetime) -> None:
    """Raise SessionCancelled or SessionInPast; a full session is found out by take_place()."""
    if session.status == SessionStatus.CANCELLED:
        raise SessionCancelled()
    if session.starts_at <= now:
        raise SessionInPast()


def expire_counts(*sessions: ResearchSession | None) -> None:
    """Forget the loaded booked_count, which a conditional UPDATE has changed behind the ORM's back."""
    for session in sessions:
        if session is not None:
            db.session.expire(session, ["booked_count"])


def places_left(session: ResearchSession) -> int:
    """Places left in the session as committed now (one query)."""
    db.session.refresh(session, ["booked_count"])
    return max(session.capacity - session.booked_count, 0)


def _coming_sessions(study: Study, now: datetime) -> Select[tuple[ResearchSession]]:
    """The study's scheduled sessions still to start, soonest first, their counts read fresh with the rows."""
    return (
        select(ResearchSession)
        .where(
            ResearchSession.study_id == study.id,
            ResearchSession.status == SessionStatus.SCHEDULED,
            ResearchSession.starts_at > now,
        )
        .order_by(ResearchSession.starts_at, ResearchSession.id)
        .execution_options(populate_existing=True)
    )


def open_sessions(
    study: Study, *, excluding: int | None = None, now: datetime | None = None
) -> list[tuple[ResearchSession, int]]:
    """(session, places left) for the study's future scheduled sessions that still have a place, soonest
    first. One query, whatever the number of sessions."""
    stmt = _coming_sessions(study, now or utcnow()).where(
        ResearchSession.booked_count < ResearchSession.capacity
    )
    if excluding is not None:
        stmt = stmt.where(ResearchSession.id != excluding)
    return [(session, session.capacity - session.booked_count) for session in db.session.scalars(stmt)]


def full_sessions(study: Study, *, now: datetime | None = None) -> list[ResearchSession]:
    """The study's future scheduled sessions with no place left, soonest first (one query): a participant can
    wait for one of them."""
    stmt = _coming_sessions(study, now or utcnow()).where(
        ResearchSession.booked_count >= ResearchSession.capacity
    )
    return list(db.session.scalars(stmt))


def change_cutoff() -> timedelta:
    """How long before a session a participant can still move or cancel online, and an offer of a place in it
    can still be taken (BOOKING_CHANGE_CUTOFF_HOURS, hours)."""
    return timedelta(hours=int(current_app.config.get("BOOKING_CHANGE_CUTOFF_HOURS", 2)))
