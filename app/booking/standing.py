"""Where one participant stands in one study when they open or book one of its sessions: their live booking in
that session, how many places they hold in its other sessions, and their waiting-list entry.

The three are scalar subqueries (standing_columns) that the query loading the session carries as extra columns,
so a booking POST reads each thing once (P-4: at most 10 SQL statements). standing_of() runs them on their own
for callers that hold the session already (staff booking on someone's behalf, taking an offer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.booking.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from app.common.sql import built_once
from app.extensions import db
from app.participants.models import Participant
from app.studies.models import ResearchSession

LIVE = (BookingStatus.BOOKED, BookingStatus.ATTENDED)  # what the study limit counts (BK-3)
OPEN_ENTRY = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


@dataclass(frozen=True)
class Standing:
    live_booking_id: (
        int | None
    )  # their live booking in the chosen session: a retry is answered with it (BK-2)
    held_elsewhere: int  # their bookings booked or attended in the study's other sessions (the study limit)
    open_entry_id: int | None  # their waiting or offered entry in the study (at most one: a unique index)


def standing_columns(
    participant_id: ColumnElement[int] | int,
    study_id: ColumnElement[int] | InstrumentedAttribute[int] | int,
    session_id: ColumnElement[int] | InstrumentedAttribute[int] | int,
) -> tuple[ColumnElement[Any], ColumnElement[Any], ColumnElement[Any]]:
    """Three labelled scalar subqueries, in Standing's order. study_id and session_id are ids, or columns of the
    enclosing query (they correlate to it)."""
    live = (
        select(Booking.id)
        .where(
            Booking.participant_id == participant_id,
            Booking.research_session_id == session_id,
            Booking.status == BookingStatus.BOOKED,
        )
        .limit(1)
        .scalar_subquery()
        .label("live_booking_id")
    )
    other = aliased(ResearchSession)
    held = (
        select(func.count(Booking.id))
        .join(other, Booking.research_session_id == other.id)
        .where(
            Booking.participant_id == participant_id,
            other.study_id == study_id,
            other.id != session_id,
            Booking.status.in_(LIVE),
        )
        .scalar_subquery()
        .label("held_elsewhere")
    )
    entry = (
        select(WaitlistEntry.id)
        .where(
            WaitlistEntry.participant_id == participant_id,
            WaitlistEntry.study_id == study_id,
            WaitlistEntry.status.in_(OPEN_ENTRY),
        )
        .limit(1)
        .scalar_subquery()
        .label("open_entry_id")
    )
    return live, held, entry


def from_row(live_booking_id: int | None, held_elsewhere: int | None, open_entry_id: int | None) -> Standing:
    return Standing(live_booking_id, int(held_elsewhere or 0), open_entry_id)


@built_once
def _standing_statement() -> Select[tuple[int | None, int, int | None]]:
    return select(
        *standing_columns(
            bindparam("participant_id", type_=Integer),
            bindparam("study_id", type_=Integer),
            bindparam("session_id", type_=Integer),
        )
    )


def standing_of(participant: Participant, session: ResearchSession) -> Standing:
    """The participant's standing in the session's study (one query)."""
    row = db.session.execute(
        _standing_statement(),
        {"participant_id": participant.id, "study_id": session.study_id, "session_id": session.id},
    ).one()
    return from_row(*row)
