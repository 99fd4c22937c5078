"""Template filters: dates and times in Europe/London, in the reader's language, through Babel."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime

# "25 Tachwedd 2026, 14:00" / "25 November 2026, 14:00"
DATETIME_PATTERN = "d MMMM yyyy, HH:mm"
DATE_PATTERN = "d MMMM yyyy"


def datetime_local(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, DATETIME_PATTERN)


def date_long(value: date | None) -> str:
    if value is None:
        return ""
    return format_date(value, DATE_PATTERN)


def register(app) -> None:
    app.add_template_filter(datetime_local)
    app.add_template_filter(date_long)
