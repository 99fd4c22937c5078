"""Delivering the outbox, after the transaction that wrote it has committed.

Development (PROFI_MAIL_BACKEND=files, the default) writes each message as an .eml file under instance/outbox/.
With PROFI_MAIL_BACKEND=none messages stay pending for a separate sender.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow


def as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    email["Content-Language"] = "cy, en" if message.language == "cy+en" else message.language
    # 8bit keeps the file readable and the links whole (quoted-printable would wrap them mid-address).
    email.set_content(message.body_text, cte="8bit")
    return email


def _write_file(message: OutboxMessage) -> str:
    folder = Path(current_app.config["OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.created_at:%Y%m%d-%H%M%S}-{message.id:06d}-{message.kind}.eml"
    path.write_bytes(bytes(as_email(message)))
    return str(path)


def deliver_pending(limit: int = 100) -> int:
    """Deliver what is pending; returns how many were delivered. Commits its own bookkeeping."""
    if current_app.config["MAIL_BACKEND"] != "files":
        return 0
    pending = list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "pending").order_by(OutboxMessage.id).limit(limit)
    ))
    for message in pending:
        message.attempts += 1
        try:
            message.eml_path = _write_file(message)
        except OSError as error:
            message.last_error = str(error)[:2000]
            continue
        message.status = "sent"
        message.sent_at = utcnow()
    db.session.commit()
    return len([m for m in pending if m.status == "sent"])
