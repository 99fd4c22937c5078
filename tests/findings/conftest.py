"""Helpers for the findings tests."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db


def actions() -> list[str]:
    """Audit actions recorded so far in this transaction, oldest first."""
    db.session.flush()
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def last_event() -> AuditEvent:
    db.session.flush()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
