"""The outbox: every email is written here in the same transaction as the action that causes it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models_base import TimestampedModel, UTCDateTime, enum_type


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"  # retries used up; an admin may send it again


class OutboxMessage(TimestampedModel):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'dead')", name="status_known"),
        Index("ix_outbox_message_status_created", "status", "created_at"),
    )

    # Stable, so a retry never sends a second, different message.
    message_id: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    to_address: Mapped[str] = mapped_column(String(320), nullable=False)
    # The display name of its From header, when the message names who sends it (an invitation: the study's
    # owner and the research team); empty for the name in PROFI_MAIL_FROM. The address is always that one.
    from_name: Mapped[str] = mapped_column(String(200), default="", server_default="", nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    # "cy", "en" or "cy+en" (bilingual, Welsh first)
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    # What the message is for, e.g. "participant_link", "consent_request"
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    status: Mapped[OutboxStatus] = mapped_column(
        enum_type(OutboxStatus, 10), default=OutboxStatus.PENDING, nullable=False
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_error: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a failed delivery may be tried again (back-off); None means as soon as possible.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Development delivery: where the .eml file was written.
    eml_path: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    # Set while the sender is still to compose the message (app/mail/composition.py): {"with": composer name,
    # …its arguments}. Subject and body are empty until then; composing writes them and clears this.
    compose: Mapped[dict | None] = mapped_column(JSON)

    @property
    def is_composed(self) -> bool:
        return self.compose is None


class OutboxAttachment(TimestampedModel):
    """A file sent with an outbox message, e.g. a booking's .ics invitation (BK-6)."""

    __tablename__ = "outbox_attachment"
    __table_args__ = (Index("ix_outbox_attachment_outbox_message_id", "outbox_message_id"),)

    outbox_message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), nullable=False
    )
    filename: Mapped[str] = mapped_column(String(100), nullable=False)
    # e.g. "text/calendar; method=REQUEST"
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
