"""Reminders to people who have not answered an invitation (app/booking/invitation_reminders.py; issue 9,
item 12): at most one per person and study in PROFI_INVITATION_REMINDER_DAYS, only while participants can book
a place, a second press sends nothing, and the claim is the row's conditional UPDATE, not a read."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.booking import invitation_reminders
from app.booking.models import Invitation
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.studies.models import ResearchSession, Study
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory

DAY = timedelta(days=1)


def _invited(app, *, days_ago: float = 30, reminded_days_ago: float | None = None, **study_fields) -> int:
    """A study with a session that has places, and one person invited `days_ago` (and reminded, if given)."""
    with app.app_context():
        study = StudyFactory(**study_fields)
        ResearchSessionFactory(study=study, days_ahead=10, capacity=3)
        now = utcnow()
        InvitationFactory(
            study=study,
            participant=ParticipantFactory(preferred_language="en"),
            created_at=now - days_ago * DAY,
            last_reminded_at=None if reminded_days_ago is None else now - reminded_days_ago * DAY,
        )
        db.session.commit()
        return study.id


def _reminders(app) -> int:
    with app.app_context():
        return len(
            db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.kind == "booking_reminder")).all()
        )


def test_nobody_is_reminded_until_the_interval_has_passed_since_the_invitation(app, app_ctx):
    study = db.session.get(Study, _invited(app, days_ago=6.9))
    assert invitation_reminders.remind_unanswered(study).sent == 0
    later = utcnow() + 0.2 * DAY
    assert invitation_reminders.remind_unanswered(study, now=later).sent == 1


def test_a_person_is_reminded_at_most_once_in_the_interval(app, app_ctx):
    study = db.session.get(Study, _invited(app, reminded_days_ago=6.9))
    assert invitation_reminders.reminder_outlook(study).count == 0
    assert invitation_reminders.remind_unanswered(study).sent == 0
    assert invitation_reminders.remind_unanswered(study, now=utcnow() + 0.2 * DAY).sent == 1
    [invitation] = db.session.scalars(select(Invitation).where(Invitation.study_id == study.id))
    assert invitation.reminder_count == 1


def test_the_interval_is_the_setting(app, app_ctx, monkeypatch):
    study = db.session.get(Study, _invited(app, reminded_days_ago=2.5))
    monkeypatch.setitem(app.config, "INVITATION_REMINDER_DAYS", 3)
    assert invitation_reminders.remind_unanswered(study).sent == 0
    monkeypatch.setitem(app.config, "INVITATION_REMINDER_DAYS", 2)
    assert invitation_reminders.remind_unanswered(study).sent == 1


def test_a_claimed_reminder_cannot_be_claimed_again_from_a_stale_read(app, app_ctx):
    """What two simultaneous presses come to: both read the person as due; only the first UPDATE changes
    the row, so only it sends."""
    study = db.session.get(Study, _invited(app))
    stale = invitation_reminders.reminder_outlook(study)
    assert stale.count == 1
    assert invitation_reminders.remind_unanswered(study).sent == 1
    assert invitation_reminders._claim([invitation.id for invitation in stale.due], stale.now) == set()


def test_no_places_left_sends_nothing_and_the_researcher_is_told_why(app, client, as_role):
    study = _invited(app)
    with app.app_context():
        for session in db.session.scalars(select(ResearchSession).where(ResearchSession.study_id == study)):
            session.booked_count = session.capacity
        db.session.commit()
    as_role("researcher")
    page = client.get(f"/studies/{study}/invitations", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Reminders cannot be sent: no session still to come has a place left." in page
    assert "Remind 1 person" not in page
    response = client.post(f"/studies/{study}/invitations/remind", follow_redirects=True)
    assert "No reminders were sent: no session still to come has a place left." in response.get_data(
        as_text=True
    )
    assert _reminders(app) == 0


def test_a_study_that_is_not_recruiting_sends_no_reminders(app, client, as_role):
    study = _invited(app, status="running")
    as_role("researcher")
    response = client.post(f"/studies/{study}/invitations/remind", follow_redirects=True)
    assert "the study is not recruiting" in response.get_data(as_text=True)
    assert _reminders(app) == 0


def test_the_button_says_how_many_now_and_when_the_next_can_be_reminded(app, client, as_role):
    study = _invited(app)
    with app.app_context():
        now = utcnow()
        InvitationFactory(
            study=db.session.get(Study, study),
            participant=ParticipantFactory(),
            created_at=now - 2 * DAY,
        )
        db.session.commit()
    as_role("researcher")
    page = client.get(f"/studies/{study}/invitations").get_data(as_text=True)
    assert "Remind 1 person who has not answered" in page
    assert "The next reminder can be sent from" in page
    client.post(f"/studies/{study}/invitations/remind")
    again = client.get(f"/studies/{study}/invitations").get_data(as_text=True)
    assert "Nobody can be reminded now." in again and "Remind 1 person" not in again
    assert "once every 7 days" in again
    assert client.post(f"/studies/{study}/invitations/remind").status_code == 302  # pressing again …
    assert _reminders(app) == 1  # … sends nothing
