"""The database layer: SQLite runs with foreign keys and WAL; timestamps are UTC-aware everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models_base import UTCDateTime
from tests import databases
from tests.factories import ProjectFactory


def test_sqlite_enforces_foreign_keys_and_uses_wal(app):
    with app.app_context():
        if databases.backend() == "sqlite":
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        else:
            assert db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg"


def test_timestamps_come_back_utc_aware(app):
    with app.app_context():
        project = ProjectFactory()
        db.session.commit()
        db.session.expire_all()
        assert project.created_at.tzinfo is not None
        assert project.created_at.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - project.updated_at) < timedelta(minutes=1)


def test_a_naive_datetime_is_refused():
    column = UTCDateTime()
    with pytest.raises(ValueError):
        column.process_bind_param(datetime(2026, 1, 1, 12, 0), dialect=None)


def test_an_aware_datetime_is_stored_as_utc():
    from sqlalchemy.dialects import sqlite

    plus_one = datetime(2026, 6, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    stored = UTCDateTime().process_bind_param(plus_one, dialect=sqlite.dialect())
    assert stored == datetime(2026, 6, 1, 12, 0)
