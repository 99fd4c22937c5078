"""A research session ready to log, shared by the session log's tests: it started an hour ago, three people are
booked (each with a name, email, phone and organisation the DP-2 check looks for), one more did not come, and
one cancelled in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app.booking.models import Booking
from app.extensions import db
from app.models_base import utcnow
from app.studies.models import ResearchSession
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory


@dataclass
class LoggedSession:
    session: ResearchSession
    booked: list[Booking]  # live bookings, by code
    no_show: Booking
    cancelled: Booking

    @property
    def url(self) -> str:
        return f"/studies/{self.session.study_id}/sessions/{self.session.id}/log"

    @property
    def codes(self) -> list[str]:
        return [booking.participant.code for booking in self.booked]


PEOPLE = [
    {
        "full_name": "Llŷr Jones",
        "email": "llyr.jones@example.org",
        "phone": "07700 900123",
        "organisation": "Cyngor Gwynedd",
    },
    {
        "full_name": "Siân Evans",
        "email": "sian@example.org",
        "phone": "029 2018 0000",
        "organisation": "Hywel Dda",
    },
    {
        "full_name": "Aled Roberts",
        "email": "aled@example.org",
        "phone": "",
        "organisation": "Trafnidiaeth Cymru",
    },
]


def make_logged_session(app) -> LoggedSession:
    """Commits the rows (a request reads them) and returns them, still readable."""
    with app.app_context():
        session = ResearchSessionFactory(
            capacity=6, starts_at=utcnow().replace(microsecond=0) - timedelta(hours=1)
        )
        booked = [
            BookingFactory(research_session=session, participant=ParticipantFactory(consented=True, **person))
            for person in PEOPLE
        ]
        no_show = BookingFactory(
            research_session=session,
            status="no_show",
            participant=ParticipantFactory(full_name="Rhodri Morgan", organisation="Senedd"),
        )
        cancelled = BookingFactory(research_session=session, cancelled=True)
        db.session.commit()
        booked.sort(key=lambda booking: booking.participant.code)
        return LoggedSession(session, booked, no_show, cancelled)
