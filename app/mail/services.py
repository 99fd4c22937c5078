"""The outbox. queue_message() writes an email in the current transaction; delivery happens after commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any, Protocol

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import enqueue_after_commit
from app.mail.models import OutboxAttachment, OutboxMessage

BILINGUAL = "cy+en"
DELIVER_SOON = "mail.deliver_soon"  # the job (app/mail/tasks.py) that hands new mail to the sender
SEPARATOR = "\n\n" + "-" * 60 + "\n\n"


def correspondence_language(preference: str) -> str:
    """WL-2: write in the participant's language; bilingual, Welsh first, when it is not known."""
    return preference if preference in ("cy", "en") else BILINGUAL


@contextmanager
def _in_language(language: str) -> Iterator[None]:
    with force_locale(language):
        yield


SUBJECT_SEPARATOR = " / "


def in_languages(text: str, language: str, separator: str = SEPARATOR) -> list[tuple[str, str]]:
    """[(language code, text)] of a message's body (or, with SUBJECT_SEPARATOR, its subject): the whole text in
    its one language, or a bilingual message's Welsh and English halves (Welsh first), so a page can mark each
    with lang (WCAG 3.1.2). The code is "" when the language is not known."""
    if language == BILINGUAL:
        halves = text.split(separator, 1)
        if len(halves) == 2:
            return [("cy", halves[0]), ("en", halves[1])]
    return [(language if language in ("cy", "en") else "", text)]


def render_email(template: str, language: str, **context: Any) -> tuple[str, str]:
    """(subject, body) for a message, rendered in one language or both (Welsh first, never mixed in a block)."""
    languages = ["cy", "en"] if language == BILINGUAL else [language]
    subjects, bodies = [], []
    for code in languages:
        with _in_language(code):
            rendered = render_template(template, language=code, **context).strip()
        subject, _, body = rendered.partition("\n")
        subjects.append(subject.removeprefix("Subject:").strip())
        bodies.append(body.strip())
    return SUBJECT_SEPARATOR.join(subjects), SEPARATOR.join(bodies) + "\n"


def sender_name(name: str) -> str:
    """A display name made safe for a From header: one line of printable characters, at most 200 (the
    column's size). Non-ASCII letters stay ("Llŷr"); the header encodes them (RFC 2047) when it is written."""
    return " ".join("".join(c if c.isprintable() else " " for c in name).split())[:200]


def from_header(from_name: str = "") -> Address | str:
    """The From header of a message: PROFI_MAIL_FROM as configured, or its address under `from_name` (an
    Address, which email.headerregistry quotes and encodes by RFC 5322 and RFC 2047 when the header is
    written: "Llŷr Jones, Tîm ymchwil" needs both)."""
    configured = str(current_app.config["MAIL_FROM"])
    name = sender_name(from_name)
    if not name:
        return configured
    return Address(display_name=name, addr_spec=parseaddr(configured)[1])


def queue_message(
    *,
    to: str,
    template: str,
    language: str,
    kind: str,
    participant: object = None,
    from_name: str = "",
    **context: Any,
) -> OutboxMessage:
    """Render `template` in `language` ("cy", "en" or BILINGUAL) with `context` and write it to the outbox in
    the current transaction, from `from_name` (a display name; empty for PROFI_MAIL_FROM's own). Delivered
    after the commit. Returns the flushed OutboxMessage."""
    subject, body = render_email(template, language, **context)
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "profi.invalid")
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
        to_address=to,
        from_name=sender_name(from_name),
        subject=subject[:300],
        body_text=body,
        language=language,
        kind=kind,
        participant_id=getattr(participant, "id", None),
    )
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(DELIVER_SOON)
    return message


def list_messages(limit: int = 200) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


def count_by_status() -> dict[str, int]:
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {status: count for status, count in rows}


def get_message(message_id: int) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message_id)


def attach(message: OutboxMessage, *, filename: str, content_type: str, content: str) -> OutboxAttachment:
    """Add a text file (such as an .ics invitation) to a queued message, in the same transaction."""
    attachment = OutboxAttachment(
        outbox_message_id=message.id, filename=filename, content_type=content_type, content=content
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


def attachments_by_message(message_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """{message id: [(filename, content type, content), …]} for many messages in one query."""
    files: dict[int, list[tuple[str, str, str]]] = {}
    rows = db.session.execute(
        select(
            OutboxAttachment.outbox_message_id,
            OutboxAttachment.filename,
            OutboxAttachment.content_type,
            OutboxAttachment.content,
        )
        .where(OutboxAttachment.outbox_message_id.in_(message_ids))
        .order_by(OutboxAttachment.id)
    )
    for message_id, filename, content_type, content in rows:
        files.setdefault(message_id, []).append((filename, content_type, content))
    return files


def attachments_for(message: _Identified) -> list[OutboxAttachment]:
    """The files sent with a message (an outbox row, or a sender's snapshot of one)."""
    return list(
        db.session.scalars(
            select(OutboxAttachment)
            .where(OutboxAttachment.outbox_message_id == message.id)
            .order_by(OutboxAttachment.id)
        )
    )
