"""UK times for pages and emails (Europe/London, whatever the server's TZ), in the reader's language. The studies
blueprint registers each as a template filter."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _

from app.studies.timezones import instant_is_ambiguous, to_local, zone_of

DAY_PATTERN = "EEEE d MMMM yyyy"  # "dydd Sul 29 Mawrth 2026" / "Sunday 29 March 2026"


def uk_time(instant: datetime | None) -> str:
    """24-hour UK wall-clock time, e.g. 09:00."""
    return to_local(instant).strftime("%H:%M") if instant else ""


def uk_time_with_zone(instant: datetime | None) -> str:
    """The time with its zone and offset, e.g. 01:30 BST (UTC+1)."""
    if not instant:
        return ""
    zone = zone_of(instant)
    if zone.abbreviation == "BST":
        return _("%(time)s BST (UTC+1)", time=uk_time(instant))
    return _("%(time)s GMT (UTC+0)", time=uk_time(instant))


def uk_time_label(instant: datetime | None) -> str:
    """The time, with its zone only when that time is shown twice that night (the autumn clock change)."""
    if instant and instant_is_ambiguous(instant):
        return uk_time_with_zone(instant)
    return uk_time(instant)


def uk_day(value: datetime | date | None) -> str:
    """The UK date with its weekday, in the reader's language."""
    if value is None:
        return ""
    day = to_local(value).date() if isinstance(value, datetime) else value
    return format_date(day, DAY_PATTERN)


def session_label(session) -> str:
    """A research session as one line for a choice of sessions: its UK day and times and its language."""
    return _(
        "%(day)s, %(start)s to %(end)s – %(language)s",
        day=uk_day(session.starts_at),
        start=uk_time_label(session.starts_at),
        end=uk_time_label(session.ends_at),
        language=session.language_label,
    )
