"""The audit trail (DP-8): who did what to which record, when, and the outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models_base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_occurred_at", "occurred_at"),
        Index("ix_audit_event_action_occurred_at", "action", "occurred_at"),
        Index("ix_audit_event_subject", "subject"),
        Index("ix_audit_event_ip_address", "ip_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # Who: the staff account, if one acted. actor_label keeps a readable name after the account changes.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(320), default="", nullable=False)
    # What: a dotted action name, e.g. "auth.sign_in", "staff.role_changed", "project.created".
    action: Mapped[str] = mapped_column(String(80), nullable=False)
    # Which record: a kind and an identifier ("project", "cyd"), or for sign-ins the address tried.
    target_type: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    target_id: Mapped[str] = mapped_column(String(320), default="", nullable=False)
    # subject: the account or address an event is about, so sign-in throttling can count failures.
    subject: Mapped[str] = mapped_column(String(320), default="", nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), default="success", nullable=False)
    ip_address: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    details: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
