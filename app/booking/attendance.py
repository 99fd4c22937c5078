"""Attendance: what happened to each booking once its session came (issue 8, item 11). Services flush; the
request commits.

A researcher marks each booking attended, did not attend (no-show) or cancelled late — one at a time or all the
unmarked ones of a session at once. Attendance is the record the participation limits count (BK-7: booked and
attended sessions count; missed and cancelled ones do not) and, later, what findings count as "took part".
A late cancellation before the session starts gives the place back (to the waiting list first).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, bindparam, select, update

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import waitlist
from app.booking.errors import BookingError
from app.booking.models import Booking, BookingStatus
from app.common.sql import rows_changed, table_of
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.participants.locks import lock_participant
from app.studies.models import ResearchSession

# What a researcher can record, and from which states (a mark can be corrected, but a booking is never put back
# to "booked" or "cancelled" this way).
OUTCOMES = (BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.LATE_CANCEL)
MARKABLE = (BookingStatus.BOOKED, *OUTCOMES)
COUNTED = (BookingStatus.BOOKED, BookingStatus.ATTENDED)  # towards the participation limits
_bookings = table_of(Booking)


class AttendanceTooEarly(BookingError):
    """Attended and did-not-attend can be recorded only once the session has started."""


class NotMarkable(BookingError):
    """The booking was cancelled by the participant (or with its session): there is nothing to mark."""


def mark_attendance(
    booking: Booking, outcome: str, *, actor: StaffUser | None, now: datetime | None = None
) -> bool:
    """Record `outcome` (attended, no_show or late_cancel; ValueError for anything else) for the booking.
    Returns False when it already had that outcome. Raises AttendanceTooEarly (attended or no_show before the
    session starts) and NotMarkable (a cancelled booking). Audited."""
    new = BookingStatus(outcome)
    if new not in OUTCOMES:
        raise ValueError(outcome)
    now = now or utcnow()
    lock_participant(booking.participant)
    db.session.refresh(booking)
    session = booking.research_session
    if booking.status not in MARKABLE:
        raise NotMarkable()
    if new != BookingStatus.LATE_CANCEL and session.starts_at > now:
        raise AttendanceTooEarly()
    if booking.status == new:
        return False
    was_live = booking.status == BookingStatus.BOOKED
    previous = booking.status
    changed = rows_changed(
        update(_bookings)
        .where(_bookings.c.id == booking.id, _bookings.c.status == previous.value)
        .values(status=new.value, updated_at=now)
    )
    if not changed:
        return False
    db.session.refresh(booking)
    if was_live and new == BookingStatus.LATE_CANCEL and session.starts_at > now:
        waitlist.release_place(session, now)  # a place freed before the session goes to whoever waits
    record_event(
        "booking.attendance_marked",
        target_type="booking",
        target_id=booking.id,
        details={"participant": booking.participant.code, "session": session.id, "from": previous, "to": new},
        actor=actor,
    )
    return True


def mark_all_unmarked_attended(session: ResearchSession, *, actor: StaffUser | None) -> int:
    """Bulk: every booking of the session still "booked" becomes attended (after the session has started).
    Returns how many. Raises AttendanceTooEarly before the start."""
    now = utcnow()
    if session.starts_at > now:
        raise AttendanceTooEarly()
    marked = 0
    for booking in db.session.scalars(
        select(Booking)
        .where(Booking.research_session_id == session.id, Booking.status == BookingStatus.BOOKED)
        .order_by(Booking.id)
    ).all():
        marked += mark_attendance(booking, BookingStatus.ATTENDED, actor=actor, now=now)
    return marked


def participation_dates() -> Select[tuple[int, datetime]]:
    """The query (not run here) of (participant id, session start, UTC) for every booking that counts towards
    the participation limits (booked or attended), with the placeholders app.participants.signals names:
    participant_ids, and counted_from (the first UTC instant that counts)."""
    return (
        select(Booking.participant_id, ResearchSession.starts_at)
        .join(ResearchSession, Booking.research_session_id == ResearchSession.id)
        .where(
            Booking.participant_id.in_(bindparam("participant_ids", expanding=True)),
            Booking.status.in_(COUNTED),
            ResearchSession.starts_at >= bindparam("counted_from", type_=UTCDateTime),
        )
    )


def attendance_of(participant_id: int) -> list[Booking]:
    """Every booking the participant has had, newest session first (for their record)."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(ResearchSession, Booking.research_session_id == ResearchSession.id)
            .where(Booking.participant_id == participant_id)
            .order_by(ResearchSession.starts_at.desc(), Booking.id.desc())
        )
    )
