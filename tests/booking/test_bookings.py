"""Booking services: capacity, double booking, consent, limits, cancel, reschedule, waitlist, audit, emails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import bookings, errors, places, waitlist
from app.booking.models import Booking, WaitlistEntry
from app.booking.notifications import attachment_for
from app.consent.models import Purpose
from app.consent.services import record_consent, withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants.limits import grant_override, record_participation, update_limit
from tests.consent_helpers import publish_test_form
from tests.factories import ParticipantFactory, ResearchSessionFactory, StaffUserFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


def _consent(participant, **overrides):
    answers = {purpose.value: True for purpose in Purpose}
    answers.update(overrides)
    return record_consent(participant, answers=answers, method="online", language="cy")


@pytest.fixture
def form():
    return publish_test_form()


@pytest.fixture
def study(form):
    return StudyFactory(required_purposes=["take_part", "video"])


def _session(study, *, capacity=1, days=7, **kwargs):
    start = (utcnow() + timedelta(days=days)).replace(microsecond=0)
    return ResearchSessionFactory(study=study, starts_at=start, capacity=capacity, **kwargs)


def _participant(**kwargs):
    participant = ParticipantFactory(**kwargs)
    _consent(participant)
    return participant


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


def _live(session) -> int:
    return len([b for b in bookings.bookings_for_session(session) if b.status == "booked"])


# Capacity and double booking -------------------------------------------------------------------------------


def test_booking_takes_a_place_and_is_audited(study):
    session = _session(study, capacity=2)
    booking = bookings.book_session(
        _participant(), session, adjustments="  Step-free access ", wants_welsh=True
    )
    assert booking.status == "booked" and booking.sequence == 0 and booking.uid.startswith("booking-")
    assert booking.adjustments_requested == "Step-free access" and booking.wants_welsh
    assert _count(session) == 1 and places.places_left(session) == 1
    [event] = _actions("booking.created")
    assert event.target_id == str(booking.id)
    assert "Step-free" not in str(event.details)  # special category data stays out of the audit trail


def test_second_booking_for_full_session_is_refused(study):
    session = _session(study, capacity=1)
    bookings.book_session(_participant(), session)
    with pytest.raises(errors.SessionFull):
        bookings.book_session(_participant(), session)
    assert _count(session) == 1 and _live(session) == 1


def test_double_booking_returns_the_same_booking(study):
    session = _session(study, capacity=3)
    participant = _participant()
    first = bookings.book_session(participant, session)
    second = bookings.book_session(participant, session)
    assert first.id == second.id
    assert _count(session) == 1 and _live(session) == 1
    assert len(_actions("booking.created")) == 1


def test_racing_retry_hits_the_unique_index_and_gives_the_place_back(study, monkeypatch):
    """The retry that passed the 'already booked?' check before the first one committed."""
    session = _session(study, capacity=3)
    participant = _participant()
    first = bookings.book_session(participant, session)
    real = bookings.live_booking
    calls = []

    def blind_first_time(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(bookings, "live_booking", blind_first_time)
    second = bookings.book_session(participant, session)
    assert len(calls) == 2  # the first check missed it; the one after the IntegrityError found it
    assert second.id == first.id
    assert _count(session) == 1 and _live(session) == 1


def test_the_database_refuses_a_second_live_booking(study):
    from sqlalchemy.exc import IntegrityError

    session = _session(study, capacity=3)
    booking = bookings.book_session(_participant(), session)
    nested = db.session.begin_nested()
    db.session.add(
        Booking(
            participant_id=booking.participant_id,
            research_session_id=session.id,
            status="booked",
            uid="another@x",
            sequence=0,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    nested.rollback()


def test_session_in_the_past_cannot_be_booked(study):
    session = _session(study, days=-1)
    with pytest.raises(errors.SessionInPast):
        bookings.book_session(_participant(), session)
    assert _count(session) == 0


def test_cancelled_session_cannot_be_booked(study):
    session = _session(study, status="cancelled")
    with pytest.raises(errors.SessionCancelled):
        bookings.book_session(_participant(), session)
    assert _count(session) == 0


# Who may book ----------------------------------------------------------------------------------------------


def test_participant_without_consent_is_refused(study):
    session = _session(study)
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(ParticipantFactory(), session)
    assert refused.value.status == "none"
    assert _count(session) == 0


def test_participant_without_a_required_purpose_is_refused(study):
    session = _session(study)
    participant = ParticipantFactory()
    _consent(participant, video=False)
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(participant, session)
    assert refused.value.missing == ["video"]


def test_participant_who_must_consent_again_on_a_new_form_version_is_refused(study):
    session = _session(study)
    participant = _participant()
    publish_test_form()  # version 2: CON-6
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(participant, session)
    assert refused.value.status == "reconsent"
    _consent(participant)
    assert bookings.book_session(participant, session).status == "booked"


def test_withdrawn_participant_is_refused(study):
    session = _session(study)
    participant = _participant()
    withdraw_consent(participant, method="online", language="cy")
    with pytest.raises(errors.NotAllowed) as refused:
        bookings.book_session(participant, session)
    assert "withdrawn" in refused.value.reasons
    assert _count(session) == 0


def test_opted_out_participant_is_refused(study):
    session = _session(study)
    participant = _participant()
    participant.status = "opted_out"
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)


def test_participant_over_the_limit_needs_an_override_which_is_used_and_audited(study):
    session = _session(study, capacity=2)
    staff = StaffUserFactory()
    update_limit(max_sessions=1, period_days=365, cooldown_days=0, warn_when_remaining=0, active=True)
    participant = _participant()
    record_participation(participant, utcnow().date() - timedelta(days=10), "interview", actor=staff)
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)
    override = grant_override(participant, "Welsh speaker from the north needed", actor=staff)
    booking = bookings.book_session(participant, session, assisted_by=staff, assisted_via="phone")
    assert booking.assisted and booking.assisted_by_id == staff.id and booking.assisted_via == "phone"
    assert override.used_at is not None
    assert len(_actions("participation_limit.override_used")) == 1
    [event] = _actions("booking.assisted")
    assert event.actor_id == staff.id and event.details["assisted_via"] == "phone"


def test_assisted_booking_names_who_and_how(study):
    session = _session(study)
    with pytest.raises(errors.InvalidAssistance):
        bookings.book_session(_participant(), session, assisted_by=StaffUserFactory())
    with pytest.raises(ValueError):
        bookings.book_session(_participant(), session, assisted_by=StaffUserFactory(), assisted_via="pigeon")


# Emails ------------------------------------------------------------------------------------------------------


def test_confirmation_email_is_queued_in_the_participants_language_with_an_ics(study):
    session = _session(study)
    booking = bookings.book_session(_participant(preferred_language="en"), session)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
    assert message.language == "en" and message.to_address == booking.participant.email
    assert "Your research session is booked" in message.subject
    attachment = attachment_for(message)
    assert "METHOD:REQUEST" in attachment.content and booking.uid in attachment.content
    assert attachment.content_type.startswith("text/calendar; method=REQUEST")


def test_the_sent_email_carries_the_ics_as_a_calendar_attachment(study):
    from app.mail.delivery import as_email

    booking = bookings.book_session(_participant(preferred_language="cy"), _session(study))
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
    email = as_email(message)
    [part] = list(email.iter_attachments())
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics" and booking.uid in part.get_content()


def test_confirmation_is_bilingual_welsh_first_when_the_language_is_not_known(study):
    bookings.book_session(_participant(preferred_language="unknown"), _session(study))
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
    assert message.language == "cy+en"
    assert message.body_text.index(study.title_cy) < message.body_text.index(study.title_en)


# Cancel and reschedule -------------------------------------------------------------------------------------


def test_cancel_gives_the_place_back_and_sends_a_cancellation(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    bookings.cancel_booking(booking)
    assert booking.status == "cancelled" and booking.sequence == 1 and booking.cancelled_at is not None
    assert _count(session) == 0
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_cancellation"))
    assert "METHOD:CANCEL" in attachment_for(message).content
    assert len(_actions("booking.cancelled")) == 1
    bookings.cancel_booking(booking)  # a double click changes nothing
    assert _count(session) == 0 and booking.sequence == 1
    assert bookings.book_session(_participant(), session).status == "booked"


def test_reschedule_moves_the_booking_and_keeps_its_uid(study):
    old, new = _session(study, capacity=1), _session(study, capacity=1, days=8)
    booking = bookings.book_session(_participant(), old)
    uid = booking.uid
    bookings.reschedule_booking(booking, new)
    assert booking.research_session_id == new.id and booking.uid == uid and booking.sequence == 1
    assert _count(old) == 0 and _count(new) == 1
    assert len(_actions("booking.rescheduled")) == 1
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_change"))
    assert "SEQUENCE:1" in attachment_for(message).content


def test_reschedule_into_a_full_session_keeps_the_old_booking(study):
    old, full = _session(study, capacity=1), _session(study, capacity=1, days=8)
    booking = bookings.book_session(_participant(), old)
    bookings.book_session(_participant(), full)
    with pytest.raises(errors.SessionFull):
        bookings.reschedule_booking(booking, full)
    db.session.refresh(booking)
    assert booking.status == "booked" and booking.research_session_id == old.id and booking.sequence == 0
    assert _count(old) == 1 and _count(full) == 1
    assert _actions("booking.rescheduled") == []


def test_reschedule_into_the_past_or_another_study_is_refused(study):
    booking = bookings.book_session(_participant(), _session(study))
    with pytest.raises(errors.SessionInPast):
        bookings.reschedule_booking(booking, _session(study, days=-2))
    with pytest.raises(errors.DifferentStudy):
        bookings.reschedule_booking(booking, _session(StudyFactory()))
    assert booking.status == "booked"


# Waitlist ----------------------------------------------------------------------------------------------------


def test_cancellation_offers_the_place_to_the_first_person_waiting(study, app):
    app.config["BOOKING_OFFER_HOURS"] = 24
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    first, second = _participant(), _participant()
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
        bookings.book_session(_participant(), session)
    offer = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_waitlist_offer"))
    assert offer.to_address == first.email
    taken = bookings.accept_offer(entry1.participant, entry1.study)
    assert taken.status == "booked" and _count(session) == 1
    db.session.refresh(entry1)
    assert entry1.status == "accepted"


def test_an_offer_lapses_and_the_next_person_is_asked(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    first, second = _participant(), _participant()
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


def test_a_lapsed_offer_with_nobody_waiting_gives_the_place_back(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    waitlist.join_waitlist(_participant(), study)
    bookings.cancel_booking(booking)
    assert waitlist.expire_offers(now=utcnow() + timedelta(days=3)) == 1
    assert _count(session) == 0


def test_someone_who_withdrew_while_waiting_is_skipped(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    gone, next_one = _participant(), _participant()
    entry_gone, entry_next = waitlist.join_waitlist(gone, study), waitlist.join_waitlist(next_one, study)
    withdraw_consent(gone, method="online", language="cy")
    bookings.cancel_booking(booking)
    db.session.refresh(entry_gone)
    db.session.refresh(entry_next)
    assert entry_gone.status == "removed" and entry_next.status == "offered"


def test_leaving_the_waitlist_with_an_offer_passes_the_place_on(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    entry = waitlist.join_waitlist(_participant(), study)
    bookings.cancel_booking(booking)
    waitlist.leave_waitlist(entry)
    assert entry.status == "removed" and _count(session) == 0


def test_opted_out_participant_cannot_join_the_waitlist(study):
    participant = _participant()
    participant.status = "opted_out"
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        waitlist.join_waitlist(participant, study)
    assert db.session.scalar(select(WaitlistEntry)) is None


def test_the_waitlist_command_lapses_offers_that_are_due(study, app):
    session = _session(study, capacity=1)
    booking = bookings.book_session(_participant(), session)
    entry = waitlist.join_waitlist(_participant(), study)
    bookings.cancel_booking(booking, now=utcnow() - timedelta(days=3))  # offered three days ago
    result = app.test_cli_runner().invoke(args=["waitlist", "expire"])
    assert result.exit_code == 0 and "Offers lapsed and passed on: 1." in result.output
    db.session.refresh(entry)
    assert entry.status == "lapsed"
