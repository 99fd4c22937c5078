"""What a participant may do to their booking themselves, from their link: move or cancel it until a cut-off
before the session starts (BOOKING_CHANGE_CUTOFF_HOURS); after that the page asks them to contact the team."""

from __future__ import annotations

from datetime import datetime

from app.booking import places
from app.booking.bookings import cancel_booking, reschedule_booking
from app.booking.errors import TooLateToChange
from app.booking.models import Booking
from app.models_base import utcnow
from app.studies.models import ResearchSession


def changeable_by_participant(booking: Booking, now: datetime | None = None) -> bool:
    """True while the participant may move or cancel the booking from their link: it is live and its session
    starts more than the cut-off from now."""
    now = now or utcnow()
    return booking.is_live and booking.research_session.starts_at - places.change_cutoff() > now


def cancel_own_booking(booking: Booking, *, now: datetime | None = None) -> Booking:
    """The participant cancels from their link: refused with TooLateToChange within the cut-off (the page asks
    them to contact the team), else cancel_booking()."""
    now = now or utcnow()
    if booking.is_live and not changeable_by_participant(booking, now):
        raise TooLateToChange()
    return cancel_booking(booking, now=now)


def move_own_booking(
    booking: Booking, new_session: ResearchSession, *, now: datetime | None = None
) -> Booking:
    """The participant moves their booking from their link: TooLateToChange within the cut-off of the session
    they hold, else reschedule_booking() (whose errors it raises)."""
    now = now or utcnow()
    if not changeable_by_participant(booking, now):
        raise TooLateToChange()
    return reschedule_booking(booking, new_session, now=now)
