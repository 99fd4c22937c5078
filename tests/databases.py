"""Scratch databases for the suite: SQLite files, or PostgreSQL databases made (and later dropped) by the suite.

With TEST_DATABASE_URL set to a PostgreSQL URL, the suite connects to that database only to create its own
databases beside it, named after it, and drops only the ones it created.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

_counter = itertools.count(1)
_created: list[str] = []
_tmpdir = Path(tempfile.mkdtemp(prefix="profi-tests-"))


def server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def backend() -> str:
    return "postgresql" if server_url() else "sqlite"


def _admin_engine():
    # NullPool: the connection closes as soon as it is released, so none is left for the garbage collector.
    return create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def make_database(purpose: str) -> str:
    """A new, empty database; its URL."""
    n = next(_counter)
    url = server_url()
    if url is None:
        return f"sqlite:///{_tmpdir / f'{purpose}-{n}.sqlite3'}"
    base = make_url(url)
    name = f"{base.database}_{purpose}_{os.getpid()}_{n}"[:63]
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    _created.append(name)
    return base.set(database=name).render_as_string(hide_password=False)


def drop_created_databases() -> None:
    if not _created or server_url() is None:
        return
    engine = _admin_engine()
    with engine.connect() as conn:
        for name in _created:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()
    _created.clear()
