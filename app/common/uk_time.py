"""The UK's civil time zone, for every conversion from a stored UTC instant to a UK wall-clock date or time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")  # GMT in winter, BST (UTC+1) in summer


def uk_date(instant: datetime) -> date:
    """The UK calendar date of an aware UTC instant (Europe/London). Raises ValueError for a naive datetime."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: UTC instants only")
    return instant.astimezone(LONDON).date()
