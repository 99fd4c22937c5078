"""Calendars: sessions grouped by UK day, a member of staff's week, and each researcher's private feed token."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ColumnElement, or_, select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.extensions import db
from app.studies.models import CalendarFeed, ResearchSession
from app.studies.services import FACILITATOR_ROLES
from app.studies.timezones import local_day_bounds, to_local

FEED_SALT = "profi.calendar-feed"


@dataclass(frozen=True)
class Day:
    day: date
    sessions: list[ResearchSession]


def group_by_day(sessions: Iterable[ResearchSession]) -> list[Day]:
    """Sessions under the UK date they start on, in order; days without sessions are left out."""
    days: dict[date, list[ResearchSession]] = {}
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.id)):
        days.setdefault(to_local(session.starts_at).date(), []).append(session)
    return [Day(day, items) for day, items in days.items()]


def week_of(monday: date, sessions: Iterable[ResearchSession]) -> list[Day]:
    """All seven days of the week, each with its sessions (possibly none)."""
    by_day = {d.day: d.sessions for d in group_by_day(sessions)}
    return [Day(monday + timedelta(days=n), by_day.get(monday + timedelta(days=n), [])) for n in range(7)]


def _involving(staff_id: int) -> ColumnElement[bool]:
    return or_(ResearchSession.facilitator_id == staff_id, ResearchSession.note_taker_id == staff_id)


def sessions_for_week(staff_id: int, monday: date) -> list[ResearchSession]:
    """The sessions a member of staff facilitates or takes notes at, starting in that UK week."""
    start, end = local_day_bounds(monday, days=7)
    return list(
        db.session.scalars(
            select(ResearchSession)
            .where(_involving(staff_id), ResearchSession.starts_at >= start, ResearchSession.starts_at < end)
            .order_by(ResearchSession.starts_at, ResearchSession.id)
        )
    )


def sessions_for_feed(staff_id: int) -> list[ResearchSession]:
    """Every session of the researcher's, past ones too: a calendar drops events missing from a feed."""
    return list(
        db.session.scalars(
            select(ResearchSession)
            .where(_involving(staff_id))
            .order_by(ResearchSession.starts_at, ResearchSession.id)
        )
    )


def get_staff(staff_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, staff_id)


# The private feed ------------------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=FEED_SALT)


def get_feed(user: StaffUser) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.staff_user_id == user.id))


def feed_token(feed: CalendarFeed) -> str:
    return _serializer().dumps([feed.staff_user_id, feed.nonce])


def reset_feed(user: StaffUser) -> CalendarFeed:
    """Make the researcher's feed link, or replace it: the old link stops working at once."""
    feed = get_feed(user)
    action = "calendar_feed.reset" if feed else "calendar_feed.created"
    if feed is None:
        feed = CalendarFeed(staff_user_id=user.id, nonce="")
        db.session.add(feed)
    feed.nonce = secrets.token_urlsafe(32)
    db.session.flush()
    record_event(action, target_type="staff_user", target_id=user.id)
    return feed


def user_for_token(token: str) -> StaffUser | None:
    """The researcher whose current feed this token opens, or None (altered, reset, or no longer allowed)."""
    try:
        payload = _serializer().loads(token)
    except (BadSignature, UnicodeError, ValueError):
        return None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or not isinstance(payload[1], str)
    ):
        return None
    staff_id, nonce = payload
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.staff_user_id == staff_id))
    if feed is None or not hmac.compare_digest(feed.nonce.encode(), nonce.encode()):
        return None
    user = feed.staff_user
    if not user.active or user.role not in FACILITATOR_ROLES:
        return None
    return user
