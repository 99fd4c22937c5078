"""The migrations: one head, empty -> head, head -> base -> head, and no drift from the models.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (tests/databases.py).
"""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from app.findings.search_index import DATABASE_ONLY
from tests import databases
from tests.conftest import MIGRATIONS, config_for

EXPECTED_TABLES = {"staff_user", "project", "phase", "audit_event"}


def _fresh_app():
    return create_app(config_for(databases.make_database("migrations")))


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_history_has_exactly_one_head():
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_then_down_to_base_and_up_again():
    app = _fresh_app()
    with app.app_context():
        assert _tables() == set()
        flask_migrate.upgrade(directory=MIGRATIONS)
        assert EXPECTED_TABLES <= _tables()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert _tables() == set()
        flask_migrate.upgrade(directory=MIGRATIONS)
        assert EXPECTED_TABLES <= _tables()
        db.engine.dispose()


def _not_database_only(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out what a migration makes for one database only and no model declares: the search index's FTS5
    table (and its shadow tables) on SQLite and its trigram index on PostgreSQL."""
    return not (name or "").startswith(DATABASE_ONLY)


def test_models_and_migrations_agree():
    app = _fresh_app()
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": _not_database_only}
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ on {databases.backend()}: {diff}"
