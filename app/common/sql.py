"""Small typed helpers for the conditional UPDATEs that keep rules under concurrency (DESIGN habit 3)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import CursorResult, Table
from sqlalchemy.sql.dml import UpdateBase

from app.extensions import db


def table_of(model: type) -> Table:
    """The Core table behind a mapped class (typed as a Table, which every model here maps to)."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def rows_changed(statement: UpdateBase) -> int:
    """Execute an INSERT, UPDATE or DELETE in the current transaction; how many rows it changed."""
    result = cast(CursorResult[object], db.session.execute(statement))
    return result.rowcount
