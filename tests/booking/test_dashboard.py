"""A researcher's home page (issue 9, item 14): their sessions today and this week, who asked for adjustments,
consent problems on the roster, and failed emails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from app.booking import dashboard
from app.extensions import db
from tests.factories import (
    BookingFactory,
    OutboxMessageFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StaffUserFactory,
)

WEDNESDAY_9AM = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # GMT: UK time is UTC


def _session(me, *, days: int, hour: int, assigned_by_admin: bool = True, capacity: int = 4, **fields):
    start = WEDNESDAY_9AM.replace(hour=hour) + timedelta(days=days)
    return ResearchSessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        facilitator_id=me.id,
        facilitator_sees_adjustments=assigned_by_admin,
        capacity=capacity,
        **fields,
    )


def test_today_this_week_adjustments_consent_and_failed_emails(app_ctx):
    me = StaffUserFactory(role="researcher")
    today = _session(me, days=0, hour=14)
    friday = _session(me, days=2, hour=10, assigned_by_admin=False)
    _session(me, days=0, hour=8)  # over already
    _session(me, days=7, hour=10)  # next week
    BookingFactory(
        research_session=today, participant=ParticipantFactory(consented=True), adjustments_requested="Loop"
    )
    BookingFactory(research_session=today, participant=ParticipantFactory())  # no consent
    BookingFactory(
        research_session=friday, participant=ParticipantFactory(consented=True), adjustments_requested="Ramp"
    )
    OutboxMessageFactory(dead=True)
    home = dashboard.home_for(me, WEDNESDAY_9AM)
    assert [n.session.id for n in home.today] == [today.id]
    assert [n.session.id for n in home.this_week] == [friday.id]
    [t], [f] = home.today, home.this_week
    assert (t.booked, t.adjustments, t.consent_problems) == (2, 1, 1)
    assert (f.booked, f.adjustments, f.consent_problems) == (1, None, 0)  # not assigned by an admin: not told
    assert home.failed_emails == 1


def test_the_home_page_runs_the_same_queries_for_one_session_or_six(app_ctx):
    def count(me) -> int:
        seen: list[str] = []

        def remember(conn, cursor, statement, *args):
            if not statement.startswith(("SAVEPOINT", "RELEASE")):
                seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            dashboard.home_for(me, WEDNESDAY_9AM)
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        return len(seen)

    one, six = StaffUserFactory(role="researcher"), StaffUserFactory(role="researcher")
    BookingFactory(
        research_session=_session(one, days=0, hour=15), participant=ParticipantFactory(consented=True)
    )
    for n in range(6):
        session = _session(six, days=n % 3, hour=11 + n)
        BookingFactory(research_session=session, participant=ParticipantFactory(consented=True))
    db.session.flush()
    assert count(one) == count(six)


def test_researchers_see_their_research_first_and_viewers_the_projects(client, as_role):
    as_role("researcher", preferred_language="en")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Your research" in page and "You have no sessions today." in page
    as_viewer = client.application.test_client()
    from tests.conftest import sign_in

    with client.application.app_context():
        viewer = StaffUserFactory(role="viewer")
        db.session.commit()
    sign_in(as_viewer, viewer)
    assert "Your research" not in as_viewer.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
