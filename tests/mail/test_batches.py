"""The sender claims and records messages in batches (issue 8): the statements it runs do not grow with the
batch, and a run that stops early gives back the claims of messages it did not try, without counting them."""

from __future__ import annotations

from sqlalchemy import event

from app.extensions import db
from app.mail import delivery
from app.mail.smtp import DeliveryError
from app.models_base import utcnow


def _statements_delivering(app, count: int, queued) -> int:
    for _ in range(count):
        queued()
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            report = delivery.deliver_due(batch_size=50, now=utcnow())
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
    assert report.sent == count
    return len(seen)


def test_a_batch_of_forty_runs_the_same_statements_as_a_batch_of_three(app, queued):
    three = _statements_delivering(app, 3, queued)
    assert _statements_delivering(app, 40, queued) == three


def test_a_run_stopped_early_gives_back_what_it_did_not_try(app, queued, reload, monkeypatch):
    ids = [queued() for _ in range(4)]
    tried = []
    real = delivery._attempt

    def counting(transport, row):
        tried.append(row.id)
        return real(transport, row)

    monkeypatch.setattr(delivery, "_attempt", counting)
    with app.app_context():
        report = delivery.deliver_due(now=utcnow(), should_stop=lambda: len(tried) >= 2)
    assert report.sent == 2
    left = [reload(i) for i in ids if i not in tried]
    assert len(left) == 2
    assert all(m.status == "pending" and m.attempts == 0 and m.next_attempt_at is None for m in left)


def test_a_server_that_cannot_be_used_defers_one_and_gives_back_the_rest(app, queued, reload, monkeypatch):
    ids = [queued() for _ in range(3)]
    now = utcnow()

    def unusable(transport, row):
        return DeliveryError("Could not use the mail server", server_problem=True)

    monkeypatch.setattr(delivery, "_attempt", unusable)
    with app.app_context():
        report = delivery.deliver_due(now=now)
    assert report.deferred == 1 and report.tried == 0 and report.stopped
    first, *rest = [reload(i) for i in ids]
    assert first.attempts == 0 and first.next_attempt_at == now + delivery.SERVER_PAUSE
    assert all(m.attempts == 0 and m.next_attempt_at is None and m.status == "pending" for m in rest)
