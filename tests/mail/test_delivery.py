"""The outbox sender: what is due, claims, back-off, development delivery, the none backend, and requests
that never fail because of it."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

from sqlalchemy import select

from app.extensions import db
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.models_base import utcnow


def test_development_delivery_writes_an_eml_file_with_every_header(app, queued, reload):
    message_id = queued(language="cy+en", subject="Dolen / Link")
    with app.app_context():
        assert delivery.deliver_pending() == 1
    sent = reload(message_id)
    assert sent.status == "sent" and sent.attempts == 1 and sent.sent_at and sent.next_attempt_at is None
    with open(sent.eml_path, "rb") as handle:
        written = email.message_from_binary_file(handle, policy=policy.default)
    assert written["Message-ID"] == sent.message_id and written["Content-Language"] == "cy, en"
    assert written["Subject"] == "Dolen / Link" and "ŵ ŷ â" in written.get_content()


def test_only_pending_messages_whose_time_has_come_are_sent(app, queued, reload):
    now = utcnow()
    later = queued(next_attempt_at=now + timedelta(minutes=5))
    due = queued(next_attempt_at=now - timedelta(seconds=1))
    fresh = queued()
    done = queued(status="sent")
    with app.app_context():
        report = delivery.deliver_due(now=now)
    assert report.sent == 2
    assert [reload(m).status for m in (later, due, fresh, done)] == ["pending", "sent", "sent", "sent"]
    assert reload(done).attempts == 0  # never touched again


def test_oldest_first_in_batches_up_to_the_limit(app, queued, reload):
    now = utcnow()
    newer = queued(created_at=now - timedelta(minutes=1))
    oldest = queued(created_at=now - timedelta(minutes=3))
    older = queued(created_at=now - timedelta(minutes=2))
    with app.app_context():
        report = delivery.deliver_due(limit=2, batch_size=1, now=now)
    assert report.sent == 2
    assert [reload(m).status for m in (oldest, older, newer)] == ["sent", "sent", "pending"]


def test_a_claimed_message_cannot_be_claimed_again_until_its_lease_runs_out(app, queued):
    message_id = queued()
    now = utcnow()
    with app.app_context():
        assert [row.id for row in delivery._claim([message_id], now)] == [message_id]
        assert delivery._claim([message_id], now) == []  # a second sender gets nothing
        assert delivery.deliver_due(now=now).tried == 0
        taken_over = delivery._claim([message_id], now + delivery.lease())  # its sender died
        assert [row.id for row in taken_over] == [message_id]


def test_retry_delay_doubles_from_a_minute_up_to_an_hour_with_a_little_jitter():
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (4, 8), (7, 60), (8, 60), (50, 60)]:
        delay = delivery.retry_delay(attempts).total_seconds()
        assert minutes * 60 <= delay <= minutes * 66, attempts


def test_a_long_smtp_timeout_lengthens_the_lease(app, monkeypatch):
    with app.app_context():
        assert delivery.lease() == delivery.LEASE
        monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 300)
        assert delivery.lease() == timedelta(hours=1)


def test_a_file_that_cannot_be_written_waits_and_is_retried_later(app, monkeypatch, tmp_path, queued, reload):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(blocker / "outbox"))
    message_id = queued()
    now = utcnow()
    with app.app_context():
        report = delivery.deliver_due(now=now)
    failed = reload(message_id)
    assert (report.sent, report.retry, report.dead) == (0, 1, 0)
    assert failed.status == "pending" and failed.attempts == 1 and failed.last_error
    assert now + timedelta(seconds=60) <= failed.next_attempt_at <= now + timedelta(seconds=66)
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path / "outbox"))
    with app.app_context():
        assert delivery.deliver_due(now=now).tried == 0  # not before its time
        assert delivery.deliver_due(now=now + timedelta(minutes=2)).sent == 1
    assert reload(message_id).attempts == 2


def test_the_none_backend_leaves_messages_pending_and_mail_send_says_why(app, monkeypatch, queued, reload):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "none")
    message_id = queued()
    with app.app_context():
        assert delivery.deliver_pending() == 0
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code != 0 and "sends nothing" in result.output
    assert reload(message_id).status == "pending" and reload(message_id).attempts == 0


def test_a_broken_delivery_never_fails_the_request_that_wrote_the_mail(app, client, as_role, monkeypatch):
    from tests.factories import ParticipantFactory

    def broken(**kwargs):
        raise RuntimeError("the sender has a bug")

    monkeypatch.setattr(delivery, "deliver_due", broken)
    as_role("researcher")
    with app.app_context():
        person = ParticipantFactory()
        db.session.commit()
    response = client.post(f"/participants/{person.id}/send-link", data={"kind": "participant_link"})
    assert response.status_code == 302
    with app.app_context():
        written = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == person.id)
        ).all()
    assert [m.status for m in written] == ["pending"]  # committed, and waiting for `flask mail send`
