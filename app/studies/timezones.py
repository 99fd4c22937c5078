"""Wall-clock times in Europe/London <-> instants in UTC, with the clock changes handled on purpose.

Research sessions are entered and shown in UK time but stored in UTC (BK-4). Twice a year the wall clock
is not a plain function of the instant:

- spring (e.g. 29 March 2026): 01:00 jumps to 02:00, so 01:00–01:59 never happens. Such a time is refused
  (`NonexistentLocalTime`): there is no honest instant to store.
- autumn (e.g. 25 October 2026): 02:00 BST falls back to 01:00 GMT, so 01:00–01:59 happens twice. We take
  the first occurrence (BST, UTC+1, `fold=0`): a researcher who types 01:30 on that night most likely means
  the first time the clock shows it. Pages then show the time with its zone ("01:30 BST (UTC+1)").

Nothing here reads the server's own time zone (TZ): zoneinfo and UTC only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.common.uk_time import LONDON


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by the spring clock change."""

    def __init__(self, day: date, at: time):
        super().__init__(f"{day.isoformat()} {at.strftime('%H:%M')} does not exist in Europe/London")
        self.day = day
        self.at = at


def _wall(day: date, at: time) -> datetime:
    return datetime.combine(day, at.replace(tzinfo=None, fold=0))


def exists(day: date, at: time) -> bool:
    """False for a time the spring change skips: it does not survive a round trip through UTC."""
    local = _wall(day, at).replace(tzinfo=LONDON)
    return local.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) == _wall(day, at)


def is_ambiguous(day: date, at: time) -> bool:
    """True for a time the autumn change repeats (it has two UTC offsets)."""
    wall = _wall(day, at)
    first = wall.replace(tzinfo=LONDON, fold=0)
    second = wall.replace(tzinfo=LONDON, fold=1)
    return exists(day, at) and first.utcoffset() != second.utcoffset()


def local_to_utc(day: date, at: time) -> datetime:
    """The UTC instant of a UK wall-clock time; the first occurrence when it happens twice."""
    if not exists(day, at):
        raise NonexistentLocalTime(day, at)
    return _wall(day, at).replace(tzinfo=LONDON, fold=0).astimezone(UTC)


def to_local(instant: datetime) -> datetime:
    """An aware instant as UK wall-clock time (aware, Europe/London)."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: UTC instants only")
    return instant.astimezone(LONDON)


@dataclass(frozen=True)
class ZoneLabel:
    abbreviation: str  # "BST" or "GMT"
    offset_hours: int  # 1 or 0


def zone_of(instant: datetime) -> ZoneLabel:
    local = to_local(instant)
    offset = local.utcoffset() or timedelta(0)
    return ZoneLabel(abbreviation=local.tzname() or "", offset_hours=int(offset.total_seconds() // 3600))


def instant_is_ambiguous(instant: datetime) -> bool:
    """True when the wall-clock time this instant shows in the UK is shown twice that night."""
    local = to_local(instant)
    return is_ambiguous(local.date(), local.time())


def local_day_bounds(first_day: date, days: int = 1) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start of first_day and at the end of the last day.

    A UK day is 23 or 25 hours long on the clock-change days, so the bounds come from wall-clock midnights,
    never from adding 24 hours to an instant.
    """
    start = local_to_utc(first_day, time(0, 0))
    end = local_to_utc(first_day + timedelta(days=days), time(0, 0))
    return start, end


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def today_local(now: datetime | None = None) -> date:
    return to_local(now or datetime.now(UTC)).date()
