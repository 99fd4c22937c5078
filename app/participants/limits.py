"""Participation limits (BK-7): may this person be asked now, and if not, why?

Invitations and booking call `may_ask()`. It counts the participant's sessions in a rolling period — their
bookings and attendance (reported by booking through the participation_dates signal) and the participation
recorded by hand before Profi — and a cool-down after the last one, and refuses anyone who is paused, opted out or withdrawn. An admin or researcher
can grant an override with a reason; it is audited and used up by the next invitation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import CompoundSelect, Date, Select, bindparam, cast, null, select, union_all

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.formatting import date_long
from app.common.sql import built_once
from app.common.uk_time import LONDON, uk_date
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.participants.models import (
    LimitOverride,
    Participant,
    ParticipantStatus,
    Participation,
    ParticipationLimit,
)
from app.participants.signals import participation_dates

OVERRIDE_VALID_DAYS = 30

# Reasons, as codes; `describe()` turns them into words in the reader's language.
PAUSED = "paused"
OPTED_OUT = "opted_out"
WITHDRAWN = "withdrawn"
OVER_LIMIT = "over_limit"
COOLING_DOWN = "cooling_down"
STATUS_REASONS = {
    ParticipantStatus.PAUSED: PAUSED,
    ParticipantStatus.OPTED_OUT: OPTED_OUT,
    ParticipantStatus.WITHDRAWN: WITHDRAWN,
}
# Only the participation limit can be overridden: someone who opted out or withdrew is never asked.
OVERRIDABLE = {OVER_LIMIT, COOLING_DOWN}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[str, ...] = ()
    sessions_in_period: int = 0
    next_allowed_on: date | None = None
    override_id: int | None = None
    limit: ParticipationLimit | None = field(default=None, compare=False)

    @property
    def overridable(self) -> bool:
        return not self.allowed and set(self.reasons) <= OVERRIDABLE

    def describe(self) -> list[str]:
        words = []
        for reason in self.reasons:
            if reason == PAUSED:
                words.append(_("Their membership of the testing team is paused."))
            elif reason == OPTED_OUT:
                words.append(_("They have opted out of the testing team."))
            elif reason == WITHDRAWN:
                words.append(_("They have withdrawn their consent."))
            elif reason == OVER_LIMIT:
                words.append(
                    ngettext(
                        "They have taken part %(num)d time in the last %(days)s days, the most allowed.",
                        "They have taken part %(num)d times in the last %(days)s days, the most allowed.",
                        self.sessions_in_period,
                        days=self.limit.period_days if self.limit else "",
                    )
                )
            elif reason == COOLING_DOWN:
                words.append(
                    _(
                        "They took part recently; they can be asked again from %(date)s.",
                        date=date_long(self.next_allowed_on),
                    )
                )
        return words


DEFAULTS = {
    "max_sessions": 3,
    "period_days": 365,
    "cooldown_days": 30,
    "warn_when_remaining": 1,
    "active": True,
}


@built_once
def _limit_statement() -> Select[tuple[ParticipationLimit]]:
    return select(ParticipationLimit).order_by(ParticipationLimit.id).limit(1)


def current_limit() -> ParticipationLimit:
    """The setting (the migration stores the defaults); reading it never writes."""
    limit = db.session.scalar(_limit_statement())
    return limit if limit is not None else ParticipationLimit(**DEFAULTS)


def update_limit(
    *, max_sessions: int, period_days: int, cooldown_days: int, warn_when_remaining: int, active: bool
) -> ParticipationLimit:
    limit = current_limit()
    old = {
        "max_sessions": limit.max_sessions,
        "period_days": limit.period_days,
        "cooldown_days": limit.cooldown_days,
        "warn_when_remaining": limit.warn_when_remaining,
        "active": limit.active,
    }
    limit.max_sessions, limit.period_days, limit.cooldown_days = max_sessions, period_days, cooldown_days
    limit.warn_when_remaining, limit.active = warn_when_remaining, active
    if limit.id is None:
        db.session.add(limit)
    db.session.flush()
    record_event(
        "participation_limit.updated",
        target_type="setting",
        target_id="participation_limit",
        details={
            "from": old,
            "to": {
                "max_sessions": max_sessions,
                "period_days": period_days,
                "cooldown_days": cooldown_days,
                "warn_when_remaining": warn_when_remaining,
                "active": active,
            },
        },
    )
    return limit


@dataclass(frozen=True)
class Usage:
    sessions_in_period: int
    last_took_part_on: date | None


_history: dict[tuple[object, ...], CompoundSelect[Any]] = {}


def _history_statement() -> CompoundSelect[Any]:
    """(participant id, UK date or None, UTC start or None) for every time someone took part: the register's
    rows, then each participation_dates receiver's sessions. Built once for the receivers connected (P-4)."""
    key = tuple(participation_dates.receivers)
    if key not in _history:
        register = select(
            Participation.participant_id,
            Participation.took_part_on,
            cast(null(), UTCDateTime).label("starts_at"),
        ).where(
            Participation.participant_id.in_(bindparam("participant_ids", expanding=True)),
            Participation.took_part_on <= bindparam("today", type_=Date),
        )
        reported = [
            select(sessions.c[0], cast(null(), Date), sessions.c[1])
            for _receiver, query in participation_dates.send()
            if query is not None
            for sessions in [query.subquery()]
        ]
        _history[key] = union_all(register, *reported)
    return _history[key]


def usage_for(participant_ids: list[int], today: date, limit: ParticipationLimit) -> dict[int, Usage]:
    """Sessions in the period and the last session date (both UK dates), for many participants at once: one
    query whatever the number of people. Shape: {participant id: Usage}.

    One count (BK-7): the register's participation rows up to today, plus what the features above report through
    the participation_dates signal — every session someone is booked on or attended, including ones still to
    come (a booking is a promise to take part). The cool-down runs from the last date up to today.
    """
    if not participant_ids:
        return {}
    since = today - timedelta(days=limit.period_days)
    counted_from = datetime.combine(since + timedelta(days=1), time(0, 0), tzinfo=LONDON).astimezone(UTC)
    counts = {pid: 0 for pid in participant_ids}
    last: dict[int, date | None] = {pid: None for pid in participant_ids}
    rows = db.session.execute(
        _history_statement(),
        {"participant_ids": list(participant_ids), "today": today, "counted_from": counted_from},
    )
    for pid, took_part_on, starts_at in rows:
        day: date = took_part_on if starts_at is None else uk_date(starts_at)
        if starts_at is not None or day > since:
            counts[pid] += 1
        latest = last[pid]
        if day <= today and (latest is None or day > latest):
            last[pid] = day
    return {pid: Usage(counts[pid], last[pid]) for pid in participant_ids}


def _open_override(participant: Participant) -> LimitOverride | None:
    return db.session.scalar(
        select(LimitOverride)
        .where(
            LimitOverride.participant_id == participant.id,
            LimitOverride.used_at.is_(None),
            LimitOverride.expires_at > utcnow(),
        )
        .order_by(LimitOverride.id.desc())
        .limit(1)
    )


def _limit_reasons(usage: Usage, today: date, limit: ParticipationLimit) -> tuple[list[str], date | None]:
    reasons: list[str] = []
    next_allowed = None
    if not limit.active:
        return reasons, None
    if usage.sessions_in_period >= limit.max_sessions:
        reasons.append(OVER_LIMIT)
    if usage.last_took_part_on and limit.cooldown_days:
        next_allowed = usage.last_took_part_on + timedelta(days=limit.cooldown_days)
        if next_allowed > today:
            reasons.append(COOLING_DOWN)
    return reasons, next_allowed


def may_ask(participant: Participant, *, today: date | None = None) -> Decision:
    """May this person be asked to take part now? If not, why, and can an override allow it?"""
    today = today or utcnow().date()
    limit = current_limit()
    reasons: list[str] = []
    if participant.status in STATUS_REASONS:
        reasons.append(STATUS_REASONS[ParticipantStatus(participant.status)])
    usage = usage_for([participant.id], today, limit)[participant.id]
    limit_reasons, next_allowed = _limit_reasons(usage, today, limit)
    reasons.extend(limit_reasons)
    override_id = None
    if reasons and set(reasons) <= OVERRIDABLE:
        override = _open_override(participant)
        if override is not None:
            override_id = override.id
            reasons = []
    return Decision(
        allowed=not reasons,
        reasons=tuple(reasons),
        sessions_in_period=usage.sessions_in_period,
        next_allowed_on=next_allowed if COOLING_DOWN in reasons else None,
        override_id=override_id,
        limit=limit,
    )


def limit_states(participants: list[Participant], *, today: date | None = None) -> dict[int, str]:
    """ "over", "near" or "ok" for each participant, for the register (one query for all)."""
    today = today or utcnow().date()
    limit = current_limit()
    usage = usage_for([p.id for p in participants], today, limit)
    states = {}
    for participant in participants:
        reasons, _next = _limit_reasons(usage[participant.id], today, limit)
        if reasons:
            states[participant.id] = "over"
        elif (
            limit.active
            and limit.max_sessions - usage[participant.id].sessions_in_period <= limit.warn_when_remaining
        ):
            states[participant.id] = "near"
        else:
            states[participant.id] = "ok"
    return states


class OverrideNotNeeded(Exception):
    pass


class OverrideNotAllowed(Exception):
    pass


def grant_override(
    participant: Participant, reason: str, *, actor: StaffUser | None, today: date | None = None
) -> LimitOverride:
    decision = may_ask(participant, today=today)
    if decision.allowed:
        raise OverrideNotNeeded()
    if not decision.overridable:
        raise OverrideNotAllowed()
    override = LimitOverride(
        participant_id=participant.id,
        reason=reason.strip(),
        granted_by_id=getattr(actor, "id", None),
        expires_at=utcnow() + timedelta(days=OVERRIDE_VALID_DAYS),
    )
    db.session.add(override)
    db.session.flush()
    record_event(
        "participation_limit.override_granted",
        target_type="participant",
        target_id=participant.code,
        details={"reason": override.reason, "limits": list(decision.reasons)},
        actor=actor,
    )
    return override


def use_override(decision: Decision) -> None:
    """Mark the override a decision relied on as used (the invitation it allowed has been sent)."""
    if decision.override_id is None:
        return
    override = db.session.get(LimitOverride, decision.override_id)
    if override is not None and override.used_at is None:
        override.used_at = utcnow()
        db.session.flush()


def record_participation(
    participant: Participant, took_part_on: date, description: str, *, actor: StaffUser | None
) -> Participation:
    participation = Participation(
        participant=participant,
        took_part_on=took_part_on,
        description=description.strip(),
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(participation)
    db.session.flush()
    record_event(
        "participation.recorded",
        target_type="participant",
        target_id=participant.code,
        details={"on": took_part_on.isoformat()},
        actor=actor,
    )
    return participation
