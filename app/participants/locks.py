"""One participant's state changes one request at a time (CON-5, BK-1): withdrawing, opting out, consenting,
correcting details, booking, moving, cancelling and (later) erasure each take the participant's lock before they
read anything about the person.

On PostgreSQL the lock is the participant's row lock (SELECT … FOR UPDATE), held until the transaction ends, so a
withdrawal and a booking for the same person run one after the other and the second sees what the first did. It
is taken once per transaction: a participant's link loads them locked for a POST (load_locked), and the service
the view calls then finds the lock held and reads nothing again (P-4: a booking POST reads each thing once).
On SQLite a writing transaction holds the database's write lock from its first statement
(app.common.transactions), so nothing else can commit while it runs and the row it loaded is current.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.extensions import db
from app.participants.models import Participant

_HELD = "profi_participant_locks"  # Session.info key: ids locked in the current transaction


def _row_locks() -> bool:
    return db.session.get_bind().dialect.name != "sqlite"


def _held() -> set[int]:
    return db.session.info.setdefault(_HELD, set())


def load_locked(participant_id: int) -> Participant | None:
    """The participant with this id, locked for the rest of the transaction (one query), or None."""
    if not _row_locks():
        return db.session.get(Participant, participant_id)
    participant = db.session.get(Participant, participant_id, with_for_update=True, populate_existing=True)
    if participant is not None:
        _held().add(participant.id)
    return participant


def lock_participant(participant: Participant) -> None:
    """Take the participant's lock, re-reading their row (one query), unless this transaction holds it already
    (no query). Call it before reading anything else about the person."""
    if not _row_locks() or participant.id in _held():
        return
    db.session.refresh(participant, with_for_update=True)
    _held().add(participant.id)


@event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction: SessionTransaction) -> None:
    """A lock ends with the outermost transaction (a savepoint's end releases nothing)."""
    if transaction.parent is None:
        session.info.pop(_HELD, None)
