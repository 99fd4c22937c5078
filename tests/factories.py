"""Factories for test data, written through the app's own session."""

from __future__ import annotations

from datetime import date

import factory
from werkzeug.security import generate_password_hash

from app.accounts.models import StaffUser
from app.extensions import db
from app.participants.models import Participant
from app.projects.models import Phase, Project
from tests.conftest import PASSWORD, TEST_PASSWORD_HASH

_HASH = generate_password_hash(PASSWORD, method=TEST_PASSWORD_HASH)


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 — the session changes per test
        sqlalchemy_session_persistence = "flush"


class StaffUserFactory(_Base):
    class Meta:
        model = StaffUser

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    name = factory.Sequence(lambda n: f"Aelod Staff {n}")
    role = "researcher"
    preferred_language = "en"
    password_hash = _HASH


class ProjectFactory(_Base):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    name_cy = factory.Sequence(lambda n: f"Prosiect {n}")
    name_en = factory.Sequence(lambda n: f"Project {n}")
    summary_cy = "Crynodeb"
    summary_en = "Summary"


class PhaseFactory(_Base):
    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    kind = "discovery"
    starts_on = date(2026, 1, 5)
    ends_on = date(2026, 3, 27)
    is_current = False
    research_questions_cy = "Beth sydd ei angen ar bobl?"
    research_questions_en = "What do people need?"


class ParticipantFactory(_Base):
    """A participant made through the service, so the code and search key are set as in real use."""

    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Cyfranogwr {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Cyngor Sir Ynys Môn"
    organisation_type = "local_authority"
    region = "north"
    seniority = "practitioner"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from app.participants.services import ParticipantDetails, create_participant

        return create_participant(ParticipantDetails(**kwargs), audit=False)
