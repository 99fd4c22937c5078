"""Delivering the outbox, after the transaction that wrote it has committed.

PROFI_MAIL_BACKEND chooses how: "files" (development, the default) writes each message as an .eml file under
instance/outbox/; "smtp" sends it through an SMTP server (app/mail/smtp.py); "none" leaves messages pending.

A message goes at most once, however many senders run at once (the job worker, `flask mail send` on several
machines): a sender first *claims* a batch of due messages with one conditional UPDATE … RETURNING that moves
their next_attempt_at a lease into the future, and sends only the rows that UPDATE changed. It records the
batch's outcomes in one transaction (the sent ones in one executemany), and gives back the claims of any it did
not try. Every step commits on its own, so a claim is visible to the other senders before any network traffic,
and on SQLite each write opens its own transaction (a write after a read in one WAL transaction could fail at
once as "busy"). Only a sender that dies between sending and recording leaves messages (at most one batch) to
be sent again when their lease runs out, with the same Message-ID, which mail systems use to drop the
duplicate.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Integer, Update, bindparam, or_, select, update

from app.common.sql import built_once, table_of
from app.extensions import db
from app.mail import composition
from app.mail.composition import Composed
from app.mail.files import FileTransport
from app.mail.models import OutboxMessage
from app.mail.services import attachments_by_message, attachments_for, from_header
from app.mail.smtp import DeliveryError, SmtpTransport, describe
from app.models_base import utcnow

logger = logging.getLogger(__name__)

BACKENDS = ("files", "smtp")  # the ones that deliver; "none" leaves the outbox to another sender
BATCH_SIZE = 50
# Longer than any one delivery can take (about ten SMTP steps, each up to the timeout), so a lease never runs
# out while its sender is still at work; lease() lengthens it for a long PROFI_SMTP_TIMEOUT.
LEASE = timedelta(minutes=15)
FIRST_RETRY_SECONDS = 60
SERVER_PAUSE = timedelta(minutes=1)  # when the server itself fails: the scheduled delivery runs every minute
LONGEST_RETRY_SECONDS = 3600
# After-commit delivery in a request must not hold the response long: a few messages, a short network
# timeout, and no new message once this many seconds have passed. `flask mail send` delivers the rest.
REQUEST_LIMIT = 10
REQUEST_TIMEOUT_SECONDS = 5
REQUEST_BUDGET_SECONDS = 5

# What a sender reads when it claims a message: plain values, so nothing lazy-loads after a commit.
_SNAPSHOT = (
    OutboxMessage.id,
    OutboxMessage.message_id,
    OutboxMessage.to_address,
    OutboxMessage.from_name,
    OutboxMessage.subject,
    OutboxMessage.body_text,
    OutboxMessage.language,
    OutboxMessage.kind,
    OutboxMessage.created_at,
    OutboxMessage.attempts,
    OutboxMessage.compose,
)


@dataclass(frozen=True)
class Claimed:
    """A message as the sender that claimed it holds it (_SNAPSHOT), with its attachments."""

    id: int
    message_id: str
    to_address: str
    from_name: str
    subject: str
    body_text: str
    language: str
    kind: str
    created_at: datetime
    attempts: int
    compose: dict[str, Any] | None  # what it was composed from, when the sender composed it just now
    attachments: list[tuple[str, str, str]]  # (filename, content type, content)
    problem: DeliveryError | None = None  # composing it failed: counted as a failed attempt, nothing sent


class NoSender(Exception):
    """PROFI_MAIL_BACKEND names no backend that delivers ("none", or a typo)."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retry: int = 0  # failed this time; pending again, with a later next attempt
    dead: int = 0  # failed for good: a permanent refusal, or the last allowed attempt
    deferred: int = 0  # not tried: the server could not be used (no attempt counted against the message)
    stopped: str = ""  # why the run stopped early (the server could not be used), if it did

    @property
    def tried(self) -> int:
        return self.sent + self.retry + self.dead


def as_email(message: OutboxMessage | Claimed, cte: str = "8bit") -> EmailMessage:
    """The email for an outbox row (or a claimed snapshot of one)."""
    email = EmailMessage()
    email["From"] = from_header(message.from_name)
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    # 8bit keeps the file readable and the links whole (quoted-printable would wrap them mid-address).
    email.set_content(message.body_text, cte=cte)
    # After set_content(), which removes every Content-* header it finds.
    email["Content-Language"] = "cy, en" if message.language == "cy+en" else message.language
    if isinstance(message, Claimed):
        files = message.attachments
    else:
        files = [(a.filename, a.content_type, a.content) for a in attachments_for(message)]
    for filename, content_type, content in files:
        maintype, _, rest = content_type.partition("/")
        subtype, *parameters = [part.strip() for part in rest.split(";")]
        params = dict(p.split("=", 1) for p in parameters if "=" in p)
        if maintype == "text":
            email.add_attachment(content, subtype=subtype, filename=filename, params=params)
        else:
            email.add_attachment(
                content.encode(), maintype=maintype, subtype=subtype, filename=filename, params=params
            )
    return email


def retry_delay(attempts: int) -> timedelta:
    """1 minute after the first failure, then 2, 4, 8 … at most an hour, plus up to a tenth more at random,
    so messages that failed together (a server outage) do not all come back in the same second."""
    seconds = min(FIRST_RETRY_SECONDS * 2 ** (min(max(attempts, 1), 20) - 1), LONGEST_RETRY_SECONDS)
    return timedelta(seconds=seconds * (1 + random.uniform(0, 0.1)))


def lease() -> timedelta:
    return max(LEASE, timedelta(seconds=12 * float(current_app.config["SMTP_TIMEOUT"])))


def _transport(timeout: float | None) -> FileTransport | SmtpTransport:
    config = current_app.config
    if config["MAIL_BACKEND"] == "files":
        return FileTransport(Path(config["OUTBOX_DIR"]))
    if config["MAIL_BACKEND"] == "smtp":
        return SmtpTransport.from_config(config, timeout=timeout)
    raise NoSender(config["MAIL_BACKEND"])


def _is_due(now: datetime) -> ColumnElement[bool]:
    return or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)


def _due_ids(now: datetime, limit: int) -> list[int]:
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", _is_due(now))
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(limit)
        )
    )
    db.session.commit()  # end the read, so the claim below starts a transaction of its own
    return ids


def _claim(message_ids: list[int], now: datetime) -> list[Claimed]:
    """Snapshots of the messages this sender now holds, oldest first: those still pending and due, which no
    other sender claimed first. One UPDATE … RETURNING for the batch and one read of their attachments, in one
    transaction of its own."""
    rows = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == "pending", _is_due(now))
        .values(next_attempt_at=now + lease())
        .returning(*_SNAPSHOT)
        .execution_options(synchronize_session=False)
    ).all()
    if not rows:
        db.session.commit()
        return []
    composed = {
        row.id: _composed(row.id, row.compose, row.language) for row in rows if row.compose is not None
    }
    # Read the attachments inside the claim's own transaction: reading them later, between sending and
    # recording the outcome, would hold SQLite's read lock across that gap and deadlock a second sender.
    files = attachments_by_message([row.id for row in rows])
    db.session.commit()
    claimed = []
    for row in rows:
        snapshot = Claimed(**row._mapping, attachments=files.get(row.id, []))
        made = composed.get(row.id)
        if isinstance(made, Composed):
            snapshot = replace(snapshot, subject=made.subject[:300], body_text=made.body_text)
        elif made is not None:
            snapshot = replace(snapshot, problem=made)
        claimed.append(snapshot)
    return sorted(claimed, key=lambda row: (row.created_at, row.id))


def _composed(message_id: int, instructions: dict[str, Any], language: str) -> Composed | DeliveryError:
    """Compose a claimed message (app/mail/composition.py) in a SAVEPOINT, so a composer that fails leaves
    nothing half-written and the batch goes on; its failure is the message's failed attempt."""
    savepoint = db.session.begin_nested()
    try:
        made = composition.compose(message_id, instructions, language)
    except Exception as error:
        savepoint.rollback()
        logger.exception("Composing outbox message %s failed", message_id)
        return DeliveryError(f"Could not compose the message: {describe(error)}")
    savepoint.commit()
    return made


def _attempt(transport: FileTransport | SmtpTransport, row: Claimed) -> str | DeliveryError:
    """The .eml path ("" for SMTP) when delivered, else the error."""
    if row.problem is not None:
        return row.problem
    try:
        return transport.send(row, lambda cte: as_email(row, cte=cte))
    except DeliveryError as error:
        return error
    except Exception as error:  # a bug must not leave the message claimed and unrecorded
        logger.exception("Unexpected error delivering outbox message %s", row.id)
        return DeliveryError(f"Unexpected error: {describe(error)}")


def _failure_values(
    row: Claimed, outcome: DeliveryError, now: datetime, report: DeliveryReport
) -> dict[str, Any]:
    """What a failed attempt changes on the message's row, counted in the report."""
    values: dict[str, Any] = {"attempts": OutboxMessage.attempts + 1}
    if outcome.server_problem:
        # The mail server could not be used (down, hanging, refusing us): not this message's failure, so its
        # attempts do not count down towards "dead" however long the outage lasts. It waits for the next round.
        report.deferred += 1
        logger.warning(
            "Outbox message %s waits: the mail server could not be used: %s", row.id, outcome.reason
        )
        return {"last_error": outcome.reason[:2000], "next_attempt_at": now + SERVER_PAUSE}
    values["last_error"] = outcome.reason[:2000]
    attempts = row.attempts + 1
    if outcome.permanent or attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        report.dead += 1
        logger.error(
            "Outbox message %s failed for good after %s attempt(s): %s", row.id, attempts, outcome.reason
        )
        return {**values, "status": "dead", "next_attempt_at": None}
    report.retry += 1
    logger.warning("Outbox message %s failed (attempt %s), will retry: %s", row.id, attempts, outcome.reason)
    return {**values, "next_attempt_at": now + retry_delay(attempts)}


@built_once
def _sent_statement() -> Update:
    """Many sent messages recorded in one executemany: each its own sent_at and .eml path."""
    table = table_of(OutboxMessage)
    return (
        update(table)
        .where(table.c.id == bindparam("sent_id", type_=Integer), table.c.status == "pending")
        .values(
            status="sent",
            attempts=table.c.attempts + 1,
            sent_at=bindparam("sent_at", type_=table.c.sent_at.type),
            next_attempt_at=None,
            eml_path=bindparam("sent_path", type_=table.c.eml_path.type),
        )
    )


def _record(
    attempted: list[tuple[Claimed, str | DeliveryError]],
    untried: list[Claimed],
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Record a batch's outcomes in one transaction: the sent ones in one statement, each failure on its own
    (rare), and give back the claims of messages not tried (the run stopped early), due again at once."""
    sent = [
        {"sent_id": row.id, "sent_at": now, "sent_path": outcome}
        for row, outcome in attempted
        if isinstance(outcome, str)
    ]
    report.sent += len(sent)
    if sent:
        db.session.execute(_sent_statement(), sent)
    for row, outcome in attempted:
        if isinstance(outcome, str):
            continue
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.status == "pending")
            .values(**_failure_values(row, outcome, now, report))
            .execution_options(synchronize_session=False)
        )
    if untried:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in untried]), OutboxMessage.status == "pending")
            .values(next_attempt_at=None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()


def deliver_due(
    *,
    limit: int | None = None,
    batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Deliver what is due (pending, next attempt time unset or passed), oldest first, in batches.

    Stops when nothing is due, after `limit` messages, at `deadline` (time.monotonic()), when `should_stop()`
    says so, or when the server cannot be used at all. `now` fixes the clock (tests). Commits as it goes.
    Raises NoSender when PROFI_MAIL_BACKEND does not deliver.
    """

    def clock() -> datetime:
        return now if now is not None else utcnow()

    report = DeliveryReport()
    seen: set[int] = set()
    with _transport(timeout) as transport:
        while limit is None or len(seen) < limit:
            size = batch_size if limit is None else min(batch_size, limit - len(seen))
            batch = [message_id for message_id in _due_ids(clock(), size) if message_id not in seen]
            if not batch:
                break
            seen.update(batch)
            claimed = _claim(batch, clock())
            attempted: list[tuple[Claimed, str | DeliveryError]] = []
            stop = False
            for row in claimed:
                if should_stop() or (deadline is not None and time.monotonic() > deadline):
                    stop = True
                    break
                outcome = _attempt(transport, row)
                attempted.append((row, outcome))
                if isinstance(outcome, DeliveryError) and outcome.server_problem:
                    report.stopped = outcome.reason
                    stop = True
                    break
            _record(attempted, claimed[len(attempted) :], clock(), report)
            if stop:
                return report
    return report


def deliver_pending(limit: int = 100) -> int:
    """After-commit delivery (each request that wrote mail; `flask demo load`). Never raises: the action has
    committed, and whatever is not delivered now stays pending for `flask mail send`. Returns how many sent."""
    config = current_app.config
    if config["MAIL_BACKEND"] not in BACKENDS:
        return 0
    try:
        if config["MAIL_BACKEND"] == "smtp":
            report = deliver_due(
                limit=min(limit, REQUEST_LIMIT),
                timeout=min(float(config["SMTP_TIMEOUT"]), REQUEST_TIMEOUT_SECONDS),
                deadline=time.monotonic() + REQUEST_BUDGET_SECONDS,
            )
        else:
            report = deliver_due(limit=limit)
    except Exception:
        logger.exception("Delivering the outbox after commit failed; `flask mail send` will try again")
        try:
            db.session.rollback()
        except Exception:
            logger.exception("Rolling back after the failed delivery failed too")
        return 0
    return report.sent
