"""Small typed helpers for the conditional UPDATEs that keep rules under concurrency (DESIGN habit 3)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.sql.dml import UpdateBase

from app.extensions import db


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: a conditional UPDATE's answer to "did it apply?".

    SQLAlchemy 2.0 types Session.execute() as returning Result whatever the statement; for an UPDATE or DELETE
    the object is a CursorResult, which has rowcount.
    """
    return cast(CursorResult[Any], result).rowcount


def rows_changed(statement: UpdateBase) -> int:
    """Execute an INSERT, UPDATE or DELETE in the current transaction; how many rows it changed."""
    return rowcount(db.session.execute(statement))


def table_of(model: type) -> Table:
    """The Core table behind a mapped class (typed as a Table, which every model here maps to)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]
