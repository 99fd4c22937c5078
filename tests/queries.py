"""Counting the SQL a page issues, for tests that assert query counts (never timings)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db

# Savepoint bookkeeping comes from the test's own transaction, not from the page.
_BOOKKEEPING = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def queries_for_page(app, client, path: str) -> int:
    """How many SQL statements a GET of `path` runs (it must answer 200)."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def remember(conn, cursor, statement, *args):
        if not statement.startswith(_BOOKKEEPING):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return len(statements)


@contextmanager
def statements_run() -> Iterator[list[str]]:
    """The SQL statements run inside the block (in the current app context), savepoints left out."""
    statements: list[str] = []
    engine = db.engine

    def remember(conn, cursor, statement, *args):
        if not statement.startswith(_BOOKKEEPING):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)
