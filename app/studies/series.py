"""Planning a series of session slots from a date range and a daily timetable, in UK wall-clock time.

Slots are laid out on the wall clock (10:00, 11:00, … whatever the UTC offset that day), then each slot's start is
converted to UTC exactly as a single session's is, and it lasts exactly the minutes asked for: a slot that starts
or ends at a time the spring clock change skips makes the whole plan fail, naming the slot; a repeated autumn
time takes its first occurrence (BST), so a 60-minute slot at 01:00 on the autumn change day ends at 01:00 GMT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.studies.timezones import NonexistentLocalTime, local_to_utc

MAX_SLOTS = 200
MAX_DAYS = 92


class SeriesError(ValueError):
    pass


class EmptySeries(SeriesError):
    """The timetable fits no slot (e.g. weekdays only over a weekend, or a slot longer than the day)."""


class TooManySlots(SeriesError):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


class RangeTooLong(SeriesError):
    pass


class SlotDoesNotExist(SeriesError):
    """A slot starts or ends at a UK time that the spring clock change skips."""

    def __init__(self, day: date, at: time):
        super().__init__(day, at)
        self.day = day
        self.at = at


@dataclass(frozen=True)
class Timetable:
    first_day: date
    last_day: date
    day_start: time
    day_end: time
    slot_minutes: int
    gap_minutes: int = 0
    weekdays_only: bool = False


@dataclass(frozen=True)
class Slot:
    day: date
    local_start: time
    local_end: time
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


def _wall_slots(day: date, plan: Timetable) -> list[tuple[time, time]]:
    """(start, end) wall-clock pairs for one day: naive arithmetic, so 10:00 stays 10:00 on any day."""
    slots = []
    step = timedelta(minutes=plan.slot_minutes)
    gap = timedelta(minutes=plan.gap_minutes)
    cursor = datetime.combine(day, plan.day_start)
    day_end = datetime.combine(day, plan.day_end)
    while cursor + step <= day_end:
        slots.append((cursor.time(), (cursor + step).time()))
        cursor = cursor + step + gap
    return slots


def plan_slots(plan: Timetable) -> list[Slot]:
    """Every slot of the timetable, in order, or a SeriesError: all or nothing."""
    if plan.slot_minutes < 1 or plan.gap_minutes < 0:
        raise EmptySeries()
    if plan.last_day < plan.first_day:
        raise EmptySeries()
    if (plan.last_day - plan.first_day).days + 1 > MAX_DAYS:
        raise RangeTooLong()
    slots: list[Slot] = []
    day = plan.first_day
    while day <= plan.last_day:
        if not (plan.weekdays_only and day.weekday() >= 5):
            for local_start, local_end in _wall_slots(day, plan):
                for at in (local_start, local_end):
                    try:
                        local_to_utc(day, at)
                    except NonexistentLocalTime:
                        raise SlotDoesNotExist(day, at) from None
                starts_at = local_to_utc(day, local_start)
                # Every slot lasts the minutes asked for, also across the autumn clock change (where the wall
                # clock's end would be an hour later than its start's first occurrence plus the length).
                slots.append(
                    Slot(
                        day,
                        local_start,
                        local_end,
                        starts_at,
                        starts_at + timedelta(minutes=plan.slot_minutes),
                    )
                )
                if len(slots) > MAX_SLOTS:
                    raise TooManySlots(len(slots))
        day += timedelta(days=1)
    if not slots:
        raise EmptySeries()
    return slots
