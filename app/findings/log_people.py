"""Who the session log is about: each person booked on a research session, with their attendance, their consent
as it stands and whether they re-confirmed it at the start (issue 10, item 1; CON-7).

Read-only: attendance is recorded by app.booking.attendance, re-confirmation by app.findings.session_logs.
Three queries, whatever the number of people (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from app.booking.attendance import MARKABLE
from app.booking.models import Booking
from app.consent.services import ConsentState, consent_states
from app.extensions import db
from app.findings.observations import LOGGABLE
from app.findings.session_logs import reconfirmed_booking_ids
from app.studies.models import ResearchSession


@dataclass(frozen=True)
class LogPerson:
    """One booking on the session. `loggable`: booked or attended, so their words can be logged and their
    re-confirmation recorded (observations.LOGGABLE). `consent.status` is one of given, reconsent, withdrawn,
    declined or none (app.consent.services.ConsentState)."""

    booking: Booking
    consent: ConsentState
    reconfirmed: bool

    @property
    def code(self) -> str:
        return self.booking.participant.code

    @property
    def loggable(self) -> bool:
        return self.booking.status in LOGGABLE

    @property
    def needs_reconfirming(self) -> bool:
        """Still to re-confirm: their words can be logged and nobody has recorded that they re-confirmed."""
        return self.loggable and not self.reconfirmed


def log_people(session: ResearchSession) -> list[LogPerson]:
    """Everyone with a booking on the session that attendance can be recorded for (booked, attended, did not
    attend, cancelled late: app.booking.attendance.MARKABLE), by participant code. Bookings the participant
    cancelled in time are left out: there is nothing to log for them."""
    found = list(
        db.session.scalars(
            select(Booking)
            .where(Booking.research_session_id == session.id, Booking.status.in_(MARKABLE))
            .options(lazyload(Booking.research_session))  # the caller holds the session already
        ).unique()
    )
    found.sort(key=lambda booking: booking.participant.code)
    states = consent_states([booking.participant_id for booking in found])
    reconfirmed = reconfirmed_booking_ids(session) if found else set()
    return [
        LogPerson(booking, states[booking.participant_id], booking.id in reconfirmed) for booking in found
    ]
