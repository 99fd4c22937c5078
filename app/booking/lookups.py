"""Finding one booking from an id in a page's address, for the person or session that may see it (SEC-4: anyone
else's booking is not found)."""

from __future__ import annotations

from collections.abc import Iterable

from app.booking.models import Booking, BookingStatus
from app.common.converters import MAX_ID
from app.extensions import db
from app.participants.models import Participant
from app.studies.models import ResearchSession, Study


def booking_in_session(session: ResearchSession, booking_id: int) -> Booking | None:
    """The session's booking with this id, any status; None for another session's (or no such id)."""
    if not 0 < booking_id <= MAX_ID:
        return None
    booking = db.session.get(Booking, booking_id)
    return booking if booking is not None and booking.research_session_id == session.id else None


def own_booking(
    participant: Participant, study: Study, booking_id: int, *, statuses: Iterable[BookingStatus]
) -> Booking | None:
    """The participant's own booking with this id in this study, when its status is one of `statuses`; None
    for anyone else's, another study's, or another status (SEC-4)."""
    if not 0 < booking_id <= MAX_ID:
        return None
    booking = db.session.get(Booking, booking_id)
    if (
        booking is None
        or booking.participant_id != participant.id
        or booking.research_session.study_id != study.id
        or booking.status not in set(statuses)
    ):
        return None
    return booking


def own_live_booking(participant: Participant, study: Study, booking_id: int) -> Booking | None:
    """The participant's own live (booked) booking with this id in this study."""
    return own_booking(participant, study, booking_id, statuses=(BookingStatus.BOOKED,))


def own_cancelled_booking(participant: Participant, study: Study, booking_id: int) -> Booking | None:
    """The participant's own booking with this id in this study, if it has been cancelled."""
    return own_booking(participant, study, booking_id, statuses=(BookingStatus.CANCELLED,))
