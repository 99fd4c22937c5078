"""Rules for research sessions kept by the service (what the form would refuse) and by the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.studies import services
from app.studies.models import ResearchSession
from tests.factories import ResearchSessionFactory


def _count(model=ResearchSession) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "values",
    [
        {"capacity": 0},
        {"capacity": -3},
        {"ends_at": datetime(2026, 6, 2, 9, 0, tzinfo=UTC)},
        {"ends_at": datetime(2026, 6, 2, 8, 0, tzinfo=UTC)},
        {"mode": "carrier_pigeon"},
        {"language": "fr"},
        {"status": "postponed"},
    ],
)
def test_the_database_refuses_a_broken_session(app, values):
    with app.app_context():
        with pytest.raises(IntegrityError):
            ResearchSessionFactory(starts_at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC), **values)
        db.session.rollback()


def test_the_service_refuses_what_the_form_would(app, study):
    with app.app_context():
        start = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
        good = services.SessionDetails(
            starts_at=start, ends_at=start + timedelta(hours=1), capacity=1, mode="phone", language="en"
        )
        for bad in (
            {"capacity": 0},
            {"capacity": 201},
            {"ends_at": start},
            {"mode": "online"},
            {"mode": "online", "joining_link": "javascript:alert(1)"},
            {"mode": "in_person"},
        ):
            with pytest.raises((services.InvalidSession, ValueError)):
                services.create_sessions(study, [good, services.SessionDetails(**{**good.__dict__, **bad})])
        assert _count() == 0
