"""Small typed helpers for the conditional UPDATEs that keep rules under concurrency (DESIGN habit 3)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.sql.dml import UpdateBase

from app.extensions import db


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: a conditional UPDATE's answer to "did it apply?".

    SQLAlchemy 2.0 types Session.execute() as returning Result whatever the statement; for an UPDATE or DELETE
    the object is a CursorResult, which has rowcount.
    """
    return cast(CursorResult[Any], result).rowcount


def rows_changed(statement: UpdateBase, parameters: dict[str, Any] | None = None) -> int:
    """Execute an INSERT, UPDATE or DELETE in the current transaction (with its bound `parameters`, if it takes
    any); how many rows it changed."""
    return rowcount(db.session.execute(statement, parameters))


def table_of(model: type) -> Table:
    """The Core table behind a mapped class (typed as a Table, which every model here maps to)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


S = TypeVar("S")


def built_once(build: Callable[[], S]) -> Callable[[], S]:
    """A statement built on first use and kept, for the queries every booking runs (P-4): building a SQLAlchemy
    statement (columns, subqueries, its cache key) costs more CPU than running a small one, so hot statements
    are built once with bindparam() placeholders and executed with their values."""
    return functools.cache(build)
