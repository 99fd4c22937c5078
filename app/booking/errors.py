"""The booking domain's errors: what a booking service raises, and views turn into a page in the reader's
language. Every error is a BookingError."""

from __future__ import annotations

from app.participants.limits import Decision


class BookingError(Exception):
    pass


class SessionFull(BookingError):
    """No place is left in the session (BK-1)."""


class SessionInPast(BookingError):
    """The session has started or ended."""


class SessionCancelled(BookingError):
    pass


class StudyNotTakingBookings(BookingError):
    """The study is in planning, analysis or done (or, for a participant's own booking, no longer recruiting):
    it takes no bookings now (BK-5)."""


class NotAllowed(BookingError):
    """may_ask() refused: opted out, withdrawn, paused, or over the participation limit without an override
    (BK-7)."""

    def __init__(self, decision: Decision):
        super().__init__(", ".join(decision.reasons))
        self.decision = decision
        self.reasons = decision.reasons


class ConsentMissing(BookingError):
    """No consent on the current form version for every purpose the study requires (CON-1, CON-6)."""

    def __init__(self, status: str, missing: list[str]):
        super().__init__(f"{status}: {', '.join(missing)}")
        self.status = status  # "none", "declined", "withdrawn", "reconsent" or "given"
        self.missing = missing


class TooLateToChange(BookingError):
    """The session has started (nobody cancels or moves it then: the record that they were booked stays, and
    attendance says what happened), or, for the participant, it is within BOOKING_CHANGE_CUTOFF_HOURS of the
    start (the page asks them to contact the team)."""


class StudyLimitReached(BookingError):
    """The participant already has as many bookings in the study as it allows (Study.sessions_per_participant:
    booked or attended ones count; cancelled and no-show ones do not)."""

    def __init__(self, limit: int):
        super().__init__(f"{limit} booking(s) per participant")
        self.limit = limit


class BookingNotLive(BookingError):
    """The booking is no longer booked (cancelled, attended or no-show)."""


class AlreadyBooked(BookingError):
    """Rescheduling into a session the participant is already booked into."""


class DifferentStudy(BookingError):
    """Rescheduling into a session of another study."""


class OfferNotOpen(BookingError):
    """The waiting-list offer has lapsed, been taken, or was never made."""


class InvalidAssistance(BookingError):
    """An assisted booking names the member of staff and how (phone or email), or neither."""
