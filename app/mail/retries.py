"""Putting a message the sender gave up on back in the queue: an admin's action (the Outbox page, `flask mail
retry`), audited."""

from __future__ import annotations

from sqlalchemy import update

from app.audit.services import record_event
from app.common.sql import rowcount
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.mail.models import OutboxMessage


def retry_message(message_id: int, *, actor: object = None, via: str) -> bool:
    """Put a dead message back in the queue, with its attempts counted afresh. False if it was not dead.

    Flushes only; the caller commits. Audited without the address or the error (personal data)."""
    found = db.session.get(OutboxMessage, message_id)
    if found is None:
        return False
    previous = found.attempts
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "dead")
        .values(status="pending", attempts=0, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    changed = rowcount(result)
    db.session.expire(found)
    if not changed:
        return False
    record_event(
        "mail.retried",
        target_type="outbox_message",
        target_id=message_id,
        actor=actor,
        details={"kind": found.kind, "attempts_before": previous, "via": via},
    )
    enqueue_after_commit("mail.deliver_soon")  # after the commit, delivery tries it once straight away
    return True
