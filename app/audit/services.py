"""Write to and read from the audit trail. Call record_event() from any service; it only flushes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, func, or_, select

from app.audit.labels import PARTICIPANT_PREFIX, SYSTEM
from app.audit.models import AuditEvent
from app.extensions import db
from app.models_base import utcnow

SUCCESS = "success"
FAILURE = "failure"
REFUSED = "refused"
OUTCOMES = (SUCCESS, FAILURE, REFUSED)


def _request_ip() -> str:
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:64]


def record_event(
    action: str,
    *,
    target_type: str = "",
    target_id: str | int = "",
    outcome: str = SUCCESS,
    subject: str = "",
    details: dict[str, Any] | None = None,
    actor: object = None,
) -> AuditEvent:
    """Add one event to the trail in the current transaction (written by its next flush or its commit: an
    event needs no id of its own, so it does not cost a flush of its own).

    The actor defaults to the signed-in member of staff; commands pass `actor` or leave it empty ("system").
    `details` must never copy personal data that a later erasure would need to remove.
    """
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_label=_actor_label(actor),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        subject=subject.lower()[:320],
        outcome=outcome,
        ip_address=_request_ip(),
        details=details or {},
        occurred_at=utcnow(),
    )
    db.session.add(event)
    return event


def _actor_label(actor: object) -> str:
    """A member of staff's address; in a request from a participant's own link, their code (labels.actor shows
    "Participant P-0012, from their own link"); outside any request, Profi itself; else "" (not signed in)."""
    if actor is not None:
        return getattr(actor, "email", "") or ""
    if not has_request_context():
        return SYSTEM
    participant = g.get("participant")
    code = getattr(participant, "code", "")
    return f"{PARTICIPANT_PREFIX}{code}" if code else ""


def record_anonymous_request(
    action: str, *, target_type: str, address: str, ip_address: str, window: timedelta, limit: int
) -> bool:
    """Record a request someone not signed in made about an email address ("send me my link", "forgotten
    password"), and say whether it is over the limit: `limit` or more of the same action for this address, or
    from this network address, within `window`. The trail keeps a digest of the address, not the address: it may
    be nobody's. Each request is counted as a "failure", so the next one counts it. True: over the limit (the
    caller sends nothing, and answers the same)."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    since = utcnow() - window
    over = count_recent_failures(action=action, subject=digest, ip_address=ip_address, since=since) >= limit
    record_event(
        action, target_type=target_type, subject=digest, outcome=FAILURE, details={"throttled": over}
    )
    return over


def count_recent_failures(*, action: str, subject: str, ip_address: str, since: datetime) -> int:
    """Failed attempts of one kind for this subject, or from this address, since a moment."""
    stmt = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == action)
        .where(AuditEvent.outcome == FAILURE)
        .where(AuditEvent.occurred_at >= since)
        .where(or_(AuditEvent.subject == subject.lower(), AuditEvent.ip_address == ip_address))
    )
    return db.session.scalar(stmt) or 0


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target: str = ""
    outcome: str = ""
    since: datetime | None = None  # UTC, inclusive
    before: datetime | None = None  # UTC, exclusive


def filtered_events(filters: AuditFilter) -> Select[tuple[AuditEvent]]:
    stmt = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if filters.action:
        stmt = stmt.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        stmt = stmt.where(AuditEvent.actor_label.contains(filters.actor.lower(), autoescape=True))
    if filters.target:
        needle = filters.target.lower()
        stmt = stmt.where(
            or_(
                func.lower(AuditEvent.target_id).contains(needle, autoescape=True),
                AuditEvent.subject.contains(needle, autoescape=True),
            )
        )
    if filters.outcome in OUTCOMES:
        stmt = stmt.where(AuditEvent.outcome == filters.outcome)
    if filters.since:
        stmt = stmt.where(AuditEvent.occurred_at >= filters.since)
    if filters.before:
        stmt = stmt.where(AuditEvent.occurred_at < filters.before)
    return stmt


def page_of_events(filters: AuditFilter, *, page: int, per_page: int) -> tuple[list[AuditEvent], int]:
    """(the events on page `page` (from 1), newest first; how many match in all). Two queries."""
    stmt = filtered_events(filters)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page))), total


def action_names() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
