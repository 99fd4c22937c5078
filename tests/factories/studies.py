"""Studies, research sessions and researchers' calendar feeds."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import factory

from app.models_base import utcnow
from app.studies.models import CalendarFeed, ResearchSession, Study
from tests.factories.accounts import StaffUserFactory
from tests.factories.base import BaseFactory
from tests.factories.projects import PhaseFactory

# The default session time: a fixed instant, so tests that read times back are deterministic.
DEFAULT_START = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


class StudyFactory(BaseFactory):
    """An interview study in a discovery phase, recruiting, that needs consent to take part. Pass phase= to place
    it, facilitators=[staff, …] to name its facilitators. Traits: recruiting (the default), planning, done."""

    class Meta:
        model = Study

    class Params:
        recruiting = factory.Trait(status="recruiting")
        planning = factory.Trait(status="planning")
        done = factory.Trait(status="done")

    phase = factory.SubFactory(PhaseFactory)
    title_cy = factory.Sequence(lambda n: f"Astudiaeth {n}")
    title_en = factory.Sequence(lambda n: f"Study {n}")
    method = "interview"
    target_sample = 6
    required_purposes = factory.LazyFunction(lambda: ["take_part"])
    status = "recruiting"


def _starts_at(o) -> datetime:
    if o.days_ahead is None:
        return DEFAULT_START
    return (utcnow() + timedelta(days=o.days_ahead)).replace(microsecond=0)


class ResearchSessionFactory(BaseFactory):
    """A one-hour online interview (one place) at 10:00 UK time (09:00 UTC) on 2 June 2026.

    `days_ahead=n` starts it n days from now instead (whole seconds). Traits: `upcoming` (7 days ahead),
    `past` (3 days ago), `cancelled`, `in_person` (at an address, no joining link), `workshop` (6 places).
    """

    class Meta:
        model = ResearchSession

    class Params:
        days_ahead = None
        upcoming = factory.Trait(days_ahead=7)
        past = factory.Trait(days_ahead=-3)
        cancelled = factory.Trait(status="cancelled", cancelled_at=factory.LazyFunction(utcnow))
        in_person = factory.Trait(
            mode="in_person", joining_link="", address_cy="Tŷ Hywel, Caerdydd", address_en="Tŷ Hywel, Cardiff"
        )
        workshop = factory.Trait(capacity=6)

    study = factory.SubFactory(StudyFactory)
    starts_at = factory.LazyAttribute(_starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=1))
    capacity = 1
    mode = "online"
    joining_link = "https://meet.example.org/profi"
    language = "cy"
    status = "scheduled"


class CalendarFeedFactory(BaseFactory):
    """A researcher's private calendar feed (its URL comes from app.studies.calendar.feed_token)."""

    class Meta:
        model = CalendarFeed

    staff_user = factory.SubFactory(StaffUserFactory)
    nonce = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
