"""What the findings services refuse, each with the reader's words (raised by services, shown by views)."""

from __future__ import annotations


class FindingsError(Exception):
    """Base: `message` is the refusal in the reader's language."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class InvalidObservation(FindingsError):
    """An observation that cannot be saved: a participant not booked on the session, an empty text, an unknown
    kind or language, a time marker that is not hh:mm:ss."""


class InvalidFinding(FindingsError):
    """A finding that cannot be saved: no statement, a severity off the scale or on a kind without one, an
    observation from another project, an unknown standard."""


class InvalidPhase(FindingsError):
    """A phase that is not the finding's project's, or not later than the phases it has been in (REP-3)."""
