"""One commit per request, at the boundary (DESIGN habit 2), and the write lock SQLite needs.

Services flush but never commit. A request that ends well (status below 400) commits everything it did in
one transaction; anything else rolls back, so a user action is all-or-nothing. A view that must keep its
writes on a refusal (the audit record of a refused sign-in, say) sets `g.commit_despite_status`.

Work that must happen only once the action is durable (handing queued email to the sender, say) is registered
with `after_commit(callback)` by the feature that needs it; the boundary calls each callback once, after the
commit, and drops them on a rollback. So this module knows no feature above it (the layering rule).

SQLite: a transaction that has read cannot later wait for the write lock (SQLite answers "database is locked"
at once rather than risk a deadlock), so a transaction that will write must take the lock first. Every
state-changing request does, at the request boundary: its transaction starts with BEGIN IMMEDIATE, and
concurrent writers queue on busy_timeout instead of failing. Work outside a request (CLI commands, jobs) asks
for the same with `write_transaction()` before it touches the database. PostgreSQL needs none of this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from app.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def after_commit(callback: Callable[[], Any]) -> None:
    """Run `callback()` once, after the current request's (or CLI command's) transaction commits.

    Registering the same callback twice in one request runs it once. Outside an app context there is no
    boundary to wait for, and nothing is registered: the caller commits and acts itself.
    """
    if not has_app_context():
        return
    callbacks: list[Callable[[], Any]] = g.setdefault("after_commit_callbacks", [])
    if callback not in callbacks:
        callbacks.append(callback)


def run_after_commit() -> None:
    """Call the registered callbacks (then forget them); for code that commits outside a request."""
    callbacks: list[Callable[[], Any]] = g.pop("after_commit_callbacks", [])
    for callback in callbacks:
        callback()


def commit_or_roll_back(response: Response) -> Response:
    if response.status_code < 400 or g.get("commit_despite_status"):
        db.session.commit()
        run_after_commit()  # only after the commit: a rolled-back action sends nothing
    else:
        db.session.rollback()
        g.pop("after_commit_callbacks", None)
    return response


@contextmanager
def write_transaction() -> Iterator[None]:
    """Outside a request: the transactions begun inside this block take SQLite's write lock when they begin.

    Use it around a CLI command or job that writes, before its first query (a transaction that has already
    begun keeps the lock it has).
    """
    previous = g.get("write_transaction", False)
    g.write_transaction = True
    try:
        yield
    finally:
        g.write_transaction = previous


def wants_write_lock() -> bool:
    """True inside a state-changing request (any method but GET, HEAD, OPTIONS) or a `write_transaction()`."""
    if has_request_context() and request.method not in SAFE_METHODS:
        return True
    return has_app_context() and bool(g.get("write_transaction", False))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys, use WAL, and let SQLAlchemy own transactions (for savepoints)."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Writers queue for the write lock rather than fail; 30 s is the web worker's own timeout (gunicorn).
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


def register(app: Flask) -> None:
    app.after_request(commit_or_roll_back)
