"""Attack-style checks of the invitations page (issue 9, item 12), written against the old one-step page first:
nothing typed is silently dropped, and "Remind" never writes twice to one person within the interval, nor at
all when the study has no places left."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory


def _reminders(app) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage.participant_id).where(OutboxMessage.kind == "booking_reminder")
            )
        )


def _invited_long_ago(app, *, sessions: int = 1) -> tuple[int, int]:
    with app.app_context():
        study = StudyFactory()
        for _ in range(sessions):
            ResearchSessionFactory(study=study, days_ahead=10, capacity=3)
        person = ParticipantFactory(preferred_language="en")
        InvitationFactory(study=study, participant=person, created_at=utcnow() - timedelta(days=30))
        db.session.commit()
        return study.id, person.id


def test_a_name_that_matches_nobody_is_listed_not_dropped(app, client, as_role):
    with app.app_context():
        study = StudyFactory()
        ResearchSessionFactory(study=study, days_ahead=5)
        db.session.commit()
        study_id = study.id
    as_role("researcher")
    response = client.post(
        f"/studies/{study_id}/invitations",
        data={"codes": "Nobody Atall, P-9998"},
        headers={"Accept-Language": "en"},
    )
    html = re.sub(r"<textarea.*?</textarea>", "", response.get_data(as_text=True), flags=re.S)
    assert "Nobody Atall" in html and "P-9998" in html  # not just typed back into the form


def test_pressing_remind_twice_sends_nothing_the_second_time(app, client, as_role):
    study, person = _invited_long_ago(app)
    as_role("researcher")
    client.post(f"/studies/{study}/invitations/remind")
    client.post(f"/studies/{study}/invitations/remind")
    assert _reminders(app) == [person]


def test_remind_sends_nothing_when_the_study_has_no_places_left(app, client, as_role):
    study, _person = _invited_long_ago(app, sessions=0)
    as_role("researcher")
    client.post(f"/studies/{study}/invitations/remind")
    assert _reminders(app) == []
