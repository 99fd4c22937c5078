"""People can wait for one session or for any session of the study (issue 8, item 7): a full session is shown
(the Welsh one too) with a way to wait for it; a place freed there goes to whoever waits for it or for any."""

from __future__ import annotations

from app.booking import bookings, waitlist
from app.booking.models import WaitlistEntry, WaitlistStatus
from app.extensions import db
from app.participants import links
from app.studies import services as studies
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory


def _two_full_sessions():
    study = StudyFactory()
    english = ResearchSessionFactory(study=study, days_ahead=5, capacity=1, language="en")
    welsh = ResearchSessionFactory(study=study, days_ahead=6, capacity=1, language="cy")
    held = {s.id: bookings.book_session(ParticipantFactory(consented=True), s) for s in (english, welsh)}
    return study, english, welsh, held


def test_a_place_freed_in_one_session_skips_people_waiting_for_another_one(app_ctx):
    study, english, welsh, held = _two_full_sessions()
    for_welsh = waitlist.join_waitlist(ParticipantFactory(consented=True), study, session=welsh)
    for_any = waitlist.join_waitlist(ParticipantFactory(consented=True), study)
    bookings.cancel_booking(held[english.id])  # the English session's place
    db.session.refresh(for_welsh)
    db.session.refresh(for_any)
    assert for_welsh.status == WaitlistStatus.WAITING
    assert for_any.status == WaitlistStatus.OFFERED and for_any.offered_session_id == english.id


def test_someone_waiting_for_a_session_that_is_cancelled_then_waits_for_any(app_ctx):
    study, _english, welsh, _held = _two_full_sessions()
    entry = waitlist.join_waitlist(ParticipantFactory(consented=True), study, session=welsh)
    studies.cancel_session(welsh)
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.WAITING and entry.wanted_session_id is None


def test_the_study_page_shows_full_sessions_and_a_full_session_offers_to_wait_for_it(app, client):
    with app.app_context():
        study, _english, welsh, _held = _two_full_sessions()
        person = ParticipantFactory(consented=True, preferred_language="en")
        InvitationFactory(study=study, participant=person)
        db.session.commit()
        token, study_id, welsh_id, person_id = (
            links.current_token(person, links.BOOKING),
            study.id,
            welsh.id,
            person.id,
        )
    base = f"/p/{token}/studies/{study_id}"
    page = client.get(base).get_data(as_text=True)
    assert "Full sessions" in page and f"/sessions/{welsh_id}" in page
    full = client.get(f"{base}/sessions/{welsh_id}").get_data(as_text=True)
    assert "Wait for a place in this session" in full
    assert client.post(f"{base}/waitlist", data={"session": str(welsh_id)}).status_code == 302
    with app.app_context():
        entry = db.session.query(WaitlistEntry).filter_by(participant_id=person_id).one()
        assert entry.wanted_session_id == welsh_id


def test_a_bad_or_foreign_session_number_waits_for_any_session_and_never_errs(app, client):
    with app.app_context():
        study, _english, _welsh, _held = _two_full_sessions()
        other = ResearchSessionFactory(study=StudyFactory(), days_ahead=7)  # another study's session
        person = ParticipantFactory(consented=True, preferred_language="en")
        InvitationFactory(study=study, participant=person)
        db.session.commit()
        token, study_id, person_id, other_id = (
            links.current_token(person, links.BOOKING),
            study.id,
            person.id,
            other.id,
        )
    for bad in ("abc", "-1", "0", "99999999999999999999", str(other_id), "1.5"):
        assert client.post(f"/p/{token}/studies/{study_id}/waitlist", data={"session": bad}).status_code < 500
    with app.app_context():
        entries = db.session.query(WaitlistEntry).filter_by(participant_id=person_id).all()
        assert all(entry.wanted_session_id is None for entry in entries)  # never another study's session
