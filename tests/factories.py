"""Factories for test data, written through the app's own session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from werkzeug.security import generate_password_hash

from app.accounts.models import StaffUser
from app.extensions import db
from app.participants.models import Participant
from app.projects.models import Phase, Project
from app.studies.models import ResearchSession, Study
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


class StudyFactory(_Base):
    """A study in a discovery phase; pass phase= to place it."""

    class Meta:
        model = Study

    phase = factory.SubFactory(PhaseFactory)
    title_cy = factory.Sequence(lambda n: f"Astudiaeth {n}")
    title_en = factory.Sequence(lambda n: f"Study {n}")
    method = "interview"
    target_sample = 6
    required_purposes = factory.LazyFunction(lambda: ["take_part"])
    status = "planning"


class ResearchSessionFactory(_Base):
    """A one-hour online interview at 10:00 UK time (09:00 UTC) on 2 June 2026."""

    class Meta:
        model = ResearchSession

    study = factory.SubFactory(StudyFactory)
    starts_at = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=1))
    capacity = 1
    mode = "online"
    joining_link = "https://meet.example.org/profi"
    language = "cy"
    status = "scheduled"
