"""Attendance (issue 8, item 11): researchers mark each booking attended, did not attend or cancelled late, one
click per person or all at once; the participation limits count bookings and attendance (BK-7); the
participant's record lists them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.booking import attendance, bookings, waitlist
from app.booking.models import Booking, BookingStatus, WaitlistStatus
from app.extensions import db
from app.models_base import utcnow
from app.participants import limits
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory


def _session(hours_ahead: float, capacity: int = 3):
    start = (utcnow() + timedelta(hours=hours_ahead)).replace(microsecond=0)
    return ResearchSessionFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=capacity)


def test_a_researcher_marks_each_person_with_one_click_and_it_is_audited(app, client, as_role, audit_events):
    with app.app_context():
        session = _session(-2)
        made = [BookingFactory(research_session=session) for _ in range(3)]
        db.session.commit()
        ids = [b.id for b in made]
        base = f"/studies/{session.study_id}/sessions/{session.id}"
    as_role("researcher", preferred_language="en")
    page = client.get(base).get_data(as_text=True)
    assert "Record attendance" in page and "Mark everyone not yet marked as attended" in page
    for booking_id, outcome in zip(ids, ("attended", "no_show", "late_cancel"), strict=True):
        response = client.post(f"{base}/bookings/{booking_id}/attendance", data={"outcome": outcome})
        assert response.status_code == 302
    assert client.post(f"{base}/bookings/{ids[0]}/attendance", data={"outcome": "booked"}).status_code == 400
    with app.app_context():
        assert [db.session.get(Booking, i).status for i in ids] == ["attended", "no_show", "late_cancel"]
    assert len(audit_events("booking.attendance_marked")) == 3


def test_viewers_cannot_record_attendance(app, client, as_role):
    with app.app_context():
        booking = BookingFactory(research_session=_session(-2))
        db.session.commit()
        path = f"/studies/{booking.research_session.study_id}/sessions/{booking.research_session_id}"
    as_role("viewer")
    assert (
        client.post(f"{path}/bookings/{booking.id}/attendance", data={"outcome": "attended"}).status_code
        == 403
    )


def test_everyone_unmarked_can_be_marked_attended_at_once(app_ctx):
    session = _session(-1)
    marked_missing = BookingFactory(research_session=session, no_show=True)
    rest = [BookingFactory(research_session=session) for _ in range(2)]
    assert attendance.mark_all_unmarked_attended(session, actor=None) == 2
    assert [b.status for b in rest] == [BookingStatus.ATTENDED] * 2
    assert marked_missing.status == BookingStatus.NO_SHOW


def test_attendance_waits_for_the_session_but_a_late_cancellation_before_it_frees_the_place(app_ctx):
    session = _session(3, capacity=1)
    held = bookings.book_session(ParticipantFactory(consented=True), session)
    waiting = waitlist.join_waitlist(ParticipantFactory(consented=True), session.study)
    with pytest.raises(attendance.AttendanceTooEarly):
        attendance.mark_attendance(held, "attended", actor=None)
    assert attendance.mark_attendance(held, "late_cancel", actor=None) is True
    db.session.refresh(waiting)
    assert waiting.status == WaitlistStatus.OFFERED and waiting.offered_session_id == session.id


def test_a_cancelled_booking_has_no_attendance_to_record(app_ctx):
    booking = BookingFactory(research_session=_session(-2), cancelled=True)
    with pytest.raises(attendance.NotMarkable):
        attendance.mark_attendance(booking, "attended", actor=None)


def test_the_participation_limit_counts_bookings_and_attendance_not_missed_sessions(app_ctx):
    person = ParticipantFactory(consented=True)
    limit = limits.current_limit()
    for i in range(limit.max_sessions):
        BookingFactory(
            participant=person,
            research_session=ResearchSessionFactory(study=StudyFactory(), days_ahead=10 + i),
        )
    decision = limits.may_ask(person)
    assert not decision.allowed and limits.OVER_LIMIT in decision.reasons
    assert decision.sessions_in_period == limit.max_sessions


def test_missed_and_cancelled_sessions_do_not_count(app_ctx):
    person = ParticipantFactory(consented=True)
    for trait in ("no_show", "cancelled", "no_show"):
        BookingFactory(participant=person, research_session=_session(-24 * 40), **{trait: True})
    assert limits.may_ask(person).allowed


def test_a_past_attended_session_starts_the_cool_down(app_ctx):
    person = ParticipantFactory(consented=True)
    BookingFactory(participant=person, research_session=_session(-24 * 3), attended=True)
    decision = limits.may_ask(person)
    assert limits.COOLING_DOWN in decision.reasons and decision.sessions_in_period == 1


def test_the_participants_record_lists_their_sessions_and_attendance(app, client, as_role):
    with app.app_context():
        booking = BookingFactory(research_session=_session(-2), attended=True)
        db.session.commit()
        path = f"/participants/{booking.participant_id}"
    as_role("researcher", preferred_language="en")
    page = client.get(path).get_data(as_text=True)
    assert "Research sessions" in page and "Attended" in page
