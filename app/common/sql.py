"""Small helpers for core SQL statements run through the session."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: a conditional UPDATE's answer to "did it apply?".

    SQLAlchemy 2.0 types Session.execute() as returning Result whatever the statement; for an UPDATE or DELETE
    the object is a CursorResult, which has rowcount.
    """
    return cast(CursorResult[Any], result).rowcount
