"""Bookings, booking reminders and waiting-list entries.

A live booking, or an offer from the waiting list, takes a place: these factories count it on
research_session.booked_count as the booking services do, so places always match bookings (the database's
capacity check still refuses one place too many).
"""

from __future__ import annotations

from datetime import timedelta

import factory

from app.booking.models import (
    Booking,
    BookingReminder,
    BookingStatus,
    Invitation,
    WaitlistEntry,
    WaitlistStatus,
)
from app.extensions import db
from app.models_base import utcnow
from tests.factories.base import BaseFactory
from tests.factories.participants import ParticipantFactory
from tests.factories.studies import ResearchSessionFactory, StudyFactory


def _take_place(session) -> None:
    session.booked_count = (session.booked_count or 0) + 1
    db.session.flush()


class BookingFactory(BaseFactory):
    """A live booking of a new participant in a new session. The participant is not given consent: pass
    `participant=ParticipantFactory(consented=True)` where that matters. Traits: cancelled, attended, no_show,
    by_phone (booked on their behalf by `assisted_by=` a staff user)."""

    class Meta:
        model = Booking

    class Params:
        assisted_by = None
        cancelled = factory.Trait(status=BookingStatus.CANCELLED, cancelled_at=factory.LazyFunction(utcnow))
        attended = factory.Trait(status=BookingStatus.ATTENDED)
        no_show = factory.Trait(status=BookingStatus.NO_SHOW)
        by_phone = factory.Trait(assisted=True, assisted_via="phone")

    participant = factory.SubFactory(ParticipantFactory)
    research_session = factory.SubFactory(ResearchSessionFactory)
    status = BookingStatus.BOOKED
    assisted_by_id = factory.LazyAttribute(lambda o: o.assisted_by.id if o.assisted_by else None)
    uid = factory.Sequence(lambda n: f"booking-test-{n}@profi.invalid")
    sequence = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        if booking.status == BookingStatus.BOOKED:
            _take_place(booking.research_session)
        return booking


class BookingReminderFactory(BaseFactory):
    """The mark that a booking's reminder for its session has been queued."""

    class Meta:
        model = BookingReminder

    class Params:
        booking = factory.SubFactory(BookingFactory)

    booking_id = factory.LazyAttribute(lambda o: o.booking.id)
    research_session_id = factory.LazyAttribute(lambda o: o.booking.research_session_id)
    outbox_message_id = None


class WaitlistEntryFactory(BaseFactory):
    """A participant waiting for a place in a study. Trait `offered`: a place held for them in a new session of
    the study (counted as taken) until 48 hours from now; pass `offered_session=` to choose the session."""

    class Meta:
        model = WaitlistEntry

    class Params:
        offered = factory.Trait(
            status=WaitlistStatus.OFFERED,
            offered_session=factory.SubFactory(
                ResearchSessionFactory, study=factory.SelfAttribute("..study"), upcoming=True
            ),
            offered_at=factory.LazyFunction(utcnow),
            offer_expires_at=factory.LazyFunction(lambda: utcnow() + timedelta(hours=48)),
        )
        lapsed = factory.Trait(status=WaitlistStatus.LAPSED)

    participant = factory.SubFactory(ParticipantFactory)
    study = factory.SubFactory(StudyFactory)
    status = WaitlistStatus.WAITING

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        entry = super()._create(model_class, *args, **kwargs)
        if entry.status == WaitlistStatus.OFFERED and entry.offered_session is not None:
            _take_place(entry.offered_session)
        return entry


class InvitationFactory(BaseFactory):
    """A participant invited to a study (what lets their booking link open its pages). Writes the row only: use
    invitations.invite_participants where the email or the audit event matters."""

    class Meta:
        model = Invitation

    study = factory.SubFactory(StudyFactory)
    participant = factory.SubFactory(ParticipantFactory)
