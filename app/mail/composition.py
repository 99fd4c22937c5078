"""Messages the sender composes (P-4): the action's transaction writes the outbox row — who, what kind, in
which language, and what to compose it from — and the sender (the job worker, `flask mail send`) writes its
subject, body and attachments just before the first delivery attempt.

A booking POST then does only what it must: the row that promises the email commits with the booking (the
outbox stays the source of truth, DESIGN "Heavy work"), while rendering the email and its .ics — a third of the
request's CPU — runs in the worker. The message says what is true when it is sent: a booking moved in between
is described where it now is (its .ics carries the newer SEQUENCE, so calendars keep one event).

Features register a composer by name in create_app() (mail sits below them in the layering rule, so it cannot
call them): a function from the stored arguments to the Composed message. A composer that raises is a failed
attempt (retried with back-off, then dead), never a half-written message.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import update

from app.common.sql import table_of
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.mail.models import OutboxAttachment, OutboxMessage
from app.mail.services import DELIVER_SOON

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Composed:
    subject: str
    body_text: str
    attachments: list[tuple[str, str, str]] = field(default_factory=list)  # (filename, content type, content)


Composer = Callable[[dict[str, Any], str], Composed]  # (arguments, language of the message) -> Composed
_composers: dict[str, Composer] = {}
_messages = table_of(OutboxMessage)


class UnknownComposer(LookupError):
    """A message names a composer nobody registered (a feature's create_app() hook did not run)."""


def register(name: str, composer: Composer) -> None:
    """Make `composer` compose messages queued with `name` (registering it again changes nothing)."""
    _composers[name] = composer


def queue_to_compose(
    *, to: str, language: str, kind: str, composer: str, arguments: dict[str, Any], participant: object = None
) -> OutboxMessage:
    """Write a message the sender will compose with the registered `composer` from `arguments` (JSON values:
    ids, not objects). Raises UnknownComposer for a name not registered. Flushes; the caller commits."""
    if composer not in _composers:
        raise UnknownComposer(composer)
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "profi.invalid")
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
        to_address=to,
        subject="",
        body_text="",
        language=language,
        kind=kind,
        participant_id=getattr(participant, "id", None),
        compose={"with": composer, **arguments},
    )
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(DELIVER_SOON)
    return message


def compose(message_id: int, instructions: dict[str, Any], language: str) -> Composed:
    """Compose one message from its stored instructions, in its language ("cy", "en" or "cy+en"), and write
    the result to it (subject, body, attachments; `compose` cleared), in the caller's transaction. Raises
    UnknownComposer, or whatever the composer raises (the caller counts that as a failed attempt)."""
    arguments = dict(instructions)
    name = arguments.pop("with", "")
    composer = _composers.get(name)
    if composer is None:
        raise UnknownComposer(name)
    composed = composer(arguments, language)
    db.session.execute(
        update(_messages)
        .where(_messages.c.id == message_id)
        .values(subject=composed.subject[:300], body_text=composed.body_text, compose=None)
    )
    db.session.add_all(
        OutboxAttachment(outbox_message_id=message_id, filename=name_, content_type=kind, content=content)
        for name_, kind, content in composed.attachments
    )
    db.session.flush()
    return composed


def compose_now(message: OutboxMessage) -> OutboxMessage:
    """Compose a queued message in the current transaction, if it still needs it (the Outbox page's preview,
    tests). Returns the message, refreshed."""
    if message.compose is not None:
        compose(message.id, message.compose, message.language)
        db.session.refresh(message)
    return message
