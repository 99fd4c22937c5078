"""Who may book (app/booking/eligibility.py): consent to the study's purposes on the current form version, still
willing (not withdrawn or opted out, even on a retry), and within the participation limit or with an override."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import bookings, errors
from app.consent.services import record_consent, withdraw_consent
from app.extensions import db
from app.models_base import utcnow
from app.participants.limits import grant_override, record_participation, update_limit
from tests.factories import (
    ConsentFormFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StaffUserFactory,
    StudyFactory,
    every_purpose,
)

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def study():
    return StudyFactory(required_purposes=["take_part", "video"])


def _session(study, *, capacity=1):
    return ResearchSessionFactory(study=study, days_ahead=7, capacity=capacity)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


# Consent -----------------------------------------------------------------------------------------------------


def test_participant_without_consent_is_refused(study):
    session = _session(study)
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(ParticipantFactory(), session)
    assert refused.value.status == "none"
    assert _count(session) == 0


def test_participant_without_a_required_purpose_is_refused(study):
    session = _session(study)
    participant = ParticipantFactory(consented=True, consent__answers__video=False)
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(participant, session)
    assert refused.value.missing == ["video"]


def test_participant_who_must_consent_again_on_a_new_form_version_is_refused(study):
    session = _session(study)
    participant = ParticipantFactory(consented=True)
    ConsentFormFactory()  # version 2: CON-6
    with pytest.raises(errors.ConsentMissing) as refused:
        bookings.book_session(participant, session)
    assert refused.value.status == "reconsent"
    record_consent(participant, answers=every_purpose(), method="online", language="cy")
    assert bookings.book_session(participant, session).status == "booked"


# Still willing -----------------------------------------------------------------------------------------------


def test_withdrawn_participant_is_refused(study):
    session = _session(study)
    participant = ParticipantFactory(consented=True)
    withdraw_consent(participant, method="online", language="cy")
    with pytest.raises(errors.NotAllowed) as refused:
        bookings.book_session(participant, session)
    assert "withdrawn" in refused.value.reasons
    assert _count(session) == 0


def test_opted_out_participant_is_refused(study):
    session = _session(study)
    participant = ParticipantFactory(consented=True)
    participant.status = "opted_out"
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)


def test_retry_after_withdrawing_is_refused_not_given_the_old_booking():
    participant = ParticipantFactory(consented=True)
    session = ResearchSessionFactory(days_ahead=7, capacity=2)
    bookings.book_session(participant, session)
    withdraw_consent(participant, method="online", language="cy")
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)
    assert _count(session) == 0


def test_a_live_booking_is_not_returned_to_someone_who_has_withdrawn():
    participant = ParticipantFactory(consented=True)
    session = ResearchSessionFactory(days_ahead=7, capacity=2)
    bookings.book_session(participant, session)
    participant.status = "withdrawn"  # as if set behind the services' back: the retry still refuses
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)


# The participation limit ---------------------------------------------------------------------------------------


def test_participant_over_the_limit_needs_an_override_which_is_used_and_audited(study):
    session = _session(study, capacity=2)
    staff = StaffUserFactory()
    update_limit(max_sessions=1, period_days=365, cooldown_days=0, warn_when_remaining=0, active=True)
    participant = ParticipantFactory(consented=True)
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
