"""A participant's lock is taken once per transaction (CON-5, P-4): a POST's link loads them locked, and the
service it calls then reads nothing again; a new transaction takes it afresh."""

from __future__ import annotations

from sqlalchemy import event

from app.extensions import db
from app.participants.locks import load_locked, lock_participant
from tests.factories import ParticipantFactory


def _statements(action) -> list[str]:
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return seen


def _row_locks() -> bool:
    return db.engine.dialect.name != "sqlite"


def test_loading_locked_takes_the_lock_in_the_same_query(app_ctx):
    person_id = ParticipantFactory().id
    db.session.commit()
    db.session.expunge_all()
    loaded = _statements(lambda: load_locked(person_id))
    assert len(loaded) == 1
    assert ("FOR UPDATE" in loaded[0]) is _row_locks()


def test_a_lock_already_held_is_not_taken_again_until_the_transaction_ends(app_ctx):
    person = ParticipantFactory()
    db.session.commit()
    first = _statements(lambda: lock_participant(person))
    again = _statements(lambda: lock_participant(person))
    assert again == []
    db.session.commit()  # the row lock ends with the transaction
    after_commit = _statements(lambda: lock_participant(person))
    expected = 1 if _row_locks() else 0  # SQLite's writer holds the whole database's lock instead
    assert len(first) == expected and len(after_commit) == expected
