"""The waiting list (app/booking/waitlist.py): a freed place offered to the first person waiting, held for them,
taken, lapsed and passed on; who is skipped; the `flask waitlist expire` command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import bookings, errors, waitlist
from app.booking.models import WaitlistEntry
from app.consent.services import withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def study():
    return StudyFactory(required_purposes=["take_part", "video"])


@pytest.fixture
def session(study):
    """One place, a week ahead."""
    return ResearchSessionFactory(study=study, days_ahead=7, capacity=1)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


def test_cancellation_offers_the_place_to_the_first_person_waiting(study, session, app):
    app.config["BOOKING_OFFER_HOURS"] = 24
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    first, second = ParticipantFactory(consented=True), ParticipantFactory(consented=True)
    entry1 = waitlist.join_waitlist(first, study)
    entry2 = waitlist.join_waitlist(second, study)
    assert waitlist.join_waitlist(first, study).id == entry1.id  # joining twice keeps one entry
    now = utcnow()
    bookings.cancel_booking(booking, now=now)
    db.session.refresh(entry1)
    db.session.refresh(entry2)
    assert entry1.status == "offered" and entry1.offered_session_id == session.id
    assert entry1.offer_expires_at == (now + timedelta(hours=24)).replace(
        microsecond=entry1.offer_expires_at.microsecond
    )
    assert entry2.status == "waiting"
    assert _count(session) == 1  # the place is held for the offer
    with pytest.raises(errors.SessionFull):
        bookings.book_session(ParticipantFactory(consented=True), session)
    offer = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_waitlist_offer"))
    assert offer.to_address == first.email
    taken = bookings.accept_offer(entry1.participant, entry1.study)
    assert taken.status == "booked" and _count(session) == 1
    db.session.refresh(entry1)
    assert entry1.status == "accepted"


def test_a_place_freed_by_a_withdrawal_is_offered_to_the_first_person_waiting(session):
    leaver, waiting = ParticipantFactory(consented=True), ParticipantFactory(consented=True)
    bookings.book_session(leaver, session)
    waitlist.join_waitlist(waiting, session.study)
    withdraw_consent(leaver, method="online", language="cy")
    entry = db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.participant_id == waiting.id))
    assert entry.status == "offered" and entry.offered_session_id == session.id
    offers = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.participant_id == waiting.id, OutboxMessage.kind == "booking_waitlist_offer"
        )
    )
    assert len(list(offers)) == 1


def test_an_offer_lapses_and_the_next_person_is_asked(study, session):
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    first, second = ParticipantFactory(consented=True), ParticipantFactory(consented=True)
    entry1, entry2 = waitlist.join_waitlist(first, study), waitlist.join_waitlist(second, study)
    bookings.cancel_booking(booking)
    assert waitlist.expire_offers() == 0
    later = utcnow() + timedelta(days=3)
    assert waitlist.expire_offers(now=later) == 1
    db.session.refresh(entry1)
    db.session.refresh(entry2)
    assert entry1.status == "lapsed" and entry2.status == "offered"
    assert _count(session) == 1
    with pytest.raises(errors.OfferNotOpen):
        bookings.accept_offer(entry1.participant, entry1.study)
    assert len(_actions("waitlist.offer_lapsed")) == 1


def test_a_lapsed_offer_with_nobody_waiting_gives_the_place_back(study, session):
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    waitlist.join_waitlist(ParticipantFactory(consented=True), study)
    bookings.cancel_booking(booking)
    assert waitlist.expire_offers(now=utcnow() + timedelta(days=3)) == 1
    assert _count(session) == 0


def test_someone_who_withdrew_while_waiting_is_skipped(study, session):
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    gone, next_one = ParticipantFactory(consented=True), ParticipantFactory(consented=True)
    entry_gone, entry_next = waitlist.join_waitlist(gone, study), waitlist.join_waitlist(next_one, study)
    withdraw_consent(gone, method="online", language="cy")
    bookings.cancel_booking(booking)
    db.session.refresh(entry_gone)
    db.session.refresh(entry_next)
    assert entry_gone.status == "removed" and entry_next.status == "offered"


def test_leaving_the_waitlist_with_an_offer_passes_the_place_on(study, session):
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    entry = waitlist.join_waitlist(ParticipantFactory(consented=True), study)
    bookings.cancel_booking(booking)
    waitlist.leave_waitlist(entry)
    assert entry.status == "removed" and _count(session) == 0


def test_opted_out_participant_cannot_join_the_waitlist(study):
    participant = ParticipantFactory(consented=True)
    participant.status = "opted_out"
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        waitlist.join_waitlist(participant, study)
    assert db.session.scalar(select(WaitlistEntry)) is None


def test_the_waitlist_command_lapses_offers_that_are_due(study, session, app):
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    entry = waitlist.join_waitlist(ParticipantFactory(consented=True), study)
    bookings.cancel_booking(booking, now=utcnow() - timedelta(days=3))  # offered three days ago
    result = app.test_cli_runner().invoke(args=["waitlist", "expire"])
    assert result.exit_code == 0 and "Offers lapsed and passed on: 1." in result.output
    db.session.refresh(entry)
    assert entry.status == "lapsed"
