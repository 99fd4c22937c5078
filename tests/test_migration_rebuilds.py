"""Migrations that rebuild a table keep the rows that point at it, and a migration that breaks a foreign key is refused.

SQLite cannot ALTER most things, so Alembic's batch mode copies a table to a new one, drops the old one and
renames the copy. With foreign keys enforced, dropping research_session would delete every booking (ON DELETE
CASCADE), so migrations/env.py turns enforcement off around the migrations and checks every foreign key before
it commits. These tests run such migrations, through the real env.py, on top of the real history, over a database
with bookings in it.

They run on PostgreSQL too (TEST_DATABASE_URL), where the same migration alters the column in place and the
database enforces foreign keys throughout: the bookings survive and the broken migration is refused there as well,
so the assertions are the same. Only the check that a rebuild really happened is SQLite's alone.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import flask_migrate
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.booking.models import Booking
from app.extensions import db
from app.studies.models import ResearchSession
from tests import databases
from tests.conftest import MIGRATIONS, config_for
from tests.factories import ParticipantFactory, ResearchSessionFactory

# What autogenerate writes (render_as_batch) to widen a column. SQLite has no ALTER COLUMN, so there batch mode
# rebuilds research_session: copy it, drop the old table, rename the copy. PostgreSQL alters the column in place.
REBUILD_RESEARCH_SESSION = """
def upgrade():
    with op.batch_alter_table("research_session") as batch_op:
        batch_op.alter_column("joining_link", existing_type=sa.String(500), type_=sa.String(1000))


def downgrade():
    with op.batch_alter_table("research_session") as batch_op:
        batch_op.alter_column("joining_link", existing_type=sa.String(1000), type_=sa.String(500))
"""

# On SQLite, with enforcement off, this would leave every booking pointing at no research session.
ORPHAN_THE_BOOKINGS = """
def upgrade():
    op.execute("UPDATE booking SET research_session_id = research_session_id + 1000000")


def downgrade():
    pass
"""


def _head(directory: Path) -> str:
    config = Config()
    config.set_main_option("script_location", str(directory))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _add_revision(directory: Path, revision: str, body: str) -> None:
    down_revision = _head(directory)
    header = f'''"""A test-only migration."""
from alembic import op
import sqlalchemy as sa

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None
'''
    (directory / "versions" / f"{revision}.py").write_text(header + textwrap.dedent(body))


@pytest.fixture
def migrations_copy(tmp_path: Path) -> Path:
    """The real migrations (env.py included), copied so a test can add a revision on top of the head."""
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, directory, ignore=shutil.ignore_patterns("__pycache__"))
    return directory


@pytest.fixture
def app_with_bookings(migrations_copy: Path):
    """A database built by the real migrations, with two bookings in one research session."""
    app = create_app(config_for(databases.make_database("rebuild")))
    with app.app_context():
        flask_migrate.upgrade(directory=str(migrations_copy))
        research_session = ResearchSessionFactory(capacity=2, booked_count=2)
        for n in range(2):
            db.session.add(
                Booking(
                    participant=ParticipantFactory(),
                    research_session=research_session,
                    uid=f"booking-{n}@profi.test",
                )
            )
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _counts() -> tuple[int, int]:
    sessions = db.session.scalar(select(func.count()).select_from(ResearchSession))
    bookings = db.session.scalar(
        select(func.count()).select_from(Booking).join(ResearchSession, Booking.research_session)
    )
    db.session.remove()
    return sessions or 0, bookings or 0


def _revision() -> str:
    revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    db.session.remove()
    return revision


@contextmanager
def _statements() -> Iterator[list[str]]:
    """The SQL sent to the database inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_rebuilding_research_session_keeps_its_bookings(app_with_bookings, migrations_copy: Path):
    _add_revision(migrations_copy, "9001_rebuild", REBUILD_RESEARCH_SESSION)
    with app_with_bookings.app_context():
        assert _counts() == (1, 2)

        with _statements() as upgrade_sql:
            flask_migrate.upgrade(directory=str(migrations_copy))
        assert _revision() == "9001_rebuild"
        assert _counts() == (1, 2)

        with _statements() as downgrade_sql:
            flask_migrate.downgrade(directory=str(migrations_copy), revision="-1")
        assert _counts() == (1, 2)

        if databases.backend() == "sqlite":  # the test means something only if the table was really rebuilt
            assert "DROP TABLE research_session" in upgrade_sql
            assert "DROP TABLE research_session" in downgrade_sql


def test_foreign_keys_are_enforced_again_after_a_migration(app_with_bookings, migrations_copy: Path):
    _add_revision(migrations_copy, "9001_rebuild", REBUILD_RESEARCH_SESSION)
    with app_with_bookings.app_context():
        flask_migrate.upgrade(directory=str(migrations_copy))
        # The pool hands out the connection the migrations ran on: it must enforce foreign keys again.
        db.session.add(Booking(participant=ParticipantFactory(), research_session_id=1_000_000, uid="b@x"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.remove()


def test_a_migration_that_breaks_a_foreign_key_is_refused(app_with_bookings, migrations_copy: Path):
    head = _head(migrations_copy)
    _add_revision(migrations_copy, "9002_orphans", ORPHAN_THE_BOOKINGS)
    with app_with_bookings.app_context():
        with pytest.raises(IntegrityError, match="(?i)foreign key"):
            flask_migrate.upgrade(directory=str(migrations_copy))
        assert _revision() == head
        assert _counts() == (1, 2)


def test_a_research_session_made_after_a_rebuild_is_a_valid_target(app_with_bookings, migrations_copy: Path):
    """The copied table has the same name as the old one, so bookings' foreign keys point at it again."""
    _add_revision(migrations_copy, "9001_rebuild", REBUILD_RESEARCH_SESSION)
    with app_with_bookings.app_context():
        flask_migrate.upgrade(directory=str(migrations_copy))
        research_session = ResearchSessionFactory(starts_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
        db.session.add(
            Booking(participant=ParticipantFactory(), research_session=research_session, uid="b@x")
        )
        db.session.commit()
        db.session.remove()
        assert _counts() == (2, 3)
