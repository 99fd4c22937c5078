"""The outbox sender: what is due, claims, back-off, dead messages, `flask mail`, and the Outbox page."""

from __future__ import annotations

import email
import itertools
import signal
import uuid
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import cli as mail_cli
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.models_base import utcnow

_numbers = itertools.count(1)
WELSH_BODY = "Helo Siân! Dyma’ch dolen: ŵ ŷ â\nhttps://profi.test/p/abc\n"


def outbox_message(**overrides) -> OutboxMessage:
    """A message in the outbox, as queue_message() leaves it. Needs an app context; the caller commits."""
    n = next(_numbers)
    values = {
        "message_id": f"<test-{uuid.uuid4().hex}@profi.invalid>",
        "to_address": f"person{n}@example.org",
        "subject": "Eich dolen ŵ",
        "body_text": WELSH_BODY,
        "language": "cy",
        "kind": "participant_link",
    }
    values.update(overrides)
    message = OutboxMessage(**values)
    db.session.add(message)
    db.session.flush()
    return message


def queued(app, **overrides) -> int:
    with app.app_context():
        message = outbox_message(**overrides)
        db.session.commit()
        return message.id


def reload(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        return db.session.get(OutboxMessage, message_id)


def make_dead(app, message_id: int, error: str = "550 5.1.1 No such user here") -> None:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        message.status, message.attempts, message.last_error = "dead", 8, error
        db.session.commit()


def test_development_delivery_writes_an_eml_file_with_every_header(app):
    message_id = queued(app, language="cy+en", subject="Dolen / Link")
    with app.app_context():
        assert delivery.deliver_pending() == 1
    sent = reload(app, message_id)
    assert sent.status == "sent" and sent.attempts == 1 and sent.sent_at and sent.next_attempt_at is None
    with open(sent.eml_path, "rb") as handle:
        written = email.message_from_binary_file(handle, policy=policy.default)
    assert written["Message-ID"] == sent.message_id and written["Content-Language"] == "cy, en"
    assert written["Subject"] == "Dolen / Link" and "ŵ ŷ â" in written.get_content()


def test_only_pending_messages_whose_time_has_come_are_sent(app):
    now = utcnow()
    later = queued(app, next_attempt_at=now + timedelta(minutes=5))
    due = queued(app, next_attempt_at=now - timedelta(seconds=1))
    fresh = queued(app)
    done = queued(app, status="sent")
    with app.app_context():
        report = delivery.deliver_due(now=now)
    assert report.sent == 2
    assert [reload(app, m).status for m in (later, due, fresh, done)] == ["pending", "sent", "sent", "sent"]
    assert reload(app, done).attempts == 0  # never touched again


def test_oldest_first_in_batches_up_to_the_limit(app):
    now = utcnow()
    newer = queued(app, created_at=now - timedelta(minutes=1))
    oldest = queued(app, created_at=now - timedelta(minutes=3))
    older = queued(app, created_at=now - timedelta(minutes=2))
    with app.app_context():
        report = delivery.deliver_due(limit=2, batch_size=1, now=now)
    assert report.sent == 2
    assert [reload(app, m).status for m in (oldest, older, newer)] == ["sent", "sent", "pending"]


def test_a_claimed_message_cannot_be_claimed_again_until_its_lease_runs_out(app):
    message_id = queued(app)
    now = utcnow()
    with app.app_context():
        assert delivery._claim(message_id, now) is not None
        assert delivery._claim(message_id, now) is None  # a second sender gets nothing
        assert delivery.deliver_due(now=now).tried == 0
        assert delivery._claim(message_id, now + delivery.lease()) is not None  # its sender died: taken over


def test_retry_delay_doubles_from_a_minute_up_to_an_hour_with_a_little_jitter():
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (4, 8), (7, 60), (8, 60), (50, 60)]:
        delay = delivery.retry_delay(attempts).total_seconds()
        assert minutes * 60 <= delay <= minutes * 66, attempts


def test_a_long_smtp_timeout_lengthens_the_lease(app, monkeypatch):
    with app.app_context():
        assert delivery.lease() == delivery.LEASE
        monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 300)
        assert delivery.lease() == timedelta(hours=1)


def test_a_file_that_cannot_be_written_waits_and_is_retried_later(app, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(blocker / "outbox"))
    message_id = queued(app)
    now = utcnow()
    with app.app_context():
        report = delivery.deliver_due(now=now)
    failed = reload(app, message_id)
    assert (report.sent, report.retry, report.dead) == (0, 1, 0)
    assert failed.status == "pending" and failed.attempts == 1 and failed.last_error
    assert now + timedelta(seconds=60) <= failed.next_attempt_at <= now + timedelta(seconds=66)
    monkeypatch.setitem(app.config, "OUTBOX_DIR", str(tmp_path / "outbox"))
    with app.app_context():
        assert delivery.deliver_due(now=now).tried == 0  # not before its time
        assert delivery.deliver_due(now=now + timedelta(minutes=2)).sent == 1
    assert reload(app, message_id).attempts == 2


def test_the_none_backend_leaves_messages_pending_and_mail_send_says_why(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "none")
    message_id = queued(app)
    with app.app_context():
        assert delivery.deliver_pending() == 0
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code != 0 and "sends nothing" in result.output
    assert reload(app, message_id).status == "pending" and reload(app, message_id).attempts == 0


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


def test_mail_send_prints_what_happened(app):
    queued(app)
    queued(app)
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent: 2. To retry later: 0. Failed for good (dead): 0." in result.output


def test_mail_send_loop_goes_round_until_asked_to_stop_and_restores_signals(app, monkeypatch):
    rounds = []

    def one_round_then_stop(stop, seconds):
        rounds.append(seconds)
        stop.set()

    monkeypatch.setattr(mail_cli, "_wait", one_round_then_stop)
    before = signal.getsignal(signal.SIGTERM)
    queued(app)
    result = app.test_cli_runner().invoke(args=["mail", "send", "--loop", "--interval", "7"])
    assert result.exit_code == 0, result.output
    assert "Sent: 1." in result.output and result.output.strip().endswith("Stopped.")
    assert rounds == [7] and signal.getsignal(signal.SIGTERM) is before
    assert "--loop" in app.test_cli_runner().invoke(args=["mail", "send", "--help"]).output


def test_mail_retry_puts_a_dead_message_back_and_is_audited(app):
    message_id = queued(app)
    make_dead(app, message_id)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "retry", str(message_id)])
    assert result.exit_code == 0, result.output
    revived = reload(app, message_id)
    assert (revived.status, revived.attempts, revived.next_attempt_at) == ("pending", 0, None)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.retried")).one()
    assert event.target_id == str(message_id) and event.details["via"] == "command line"
    assert "example.org" not in str(event.details)  # no address in the trail
    again = runner.invoke(args=["mail", "retry", str(message_id)])
    assert again.exit_code != 0 and "not dead" in again.output
    missing = runner.invoke(args=["mail", "retry", "999999"])
    assert missing.exit_code != 0 and "no message 999999" in missing.output


def test_the_outbox_page_shows_each_status_and_offers_to_try_a_dead_one_again(app, client, as_role):
    now = utcnow()
    waiting = queued(
        app,
        subject="Waiting one",
        attempts=2,
        last_error="421 Try later",
        next_attempt_at=now + timedelta(minutes=4),
    )
    sent = queued(app, subject="Sent one", status="sent", attempts=1, sent_at=now)
    dead = queued(app, subject="Dead one")
    make_dead(app, dead, "550 5.1.1 No such user here")
    as_role("admin")
    html = client.get("/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 failed attempts." in html and "Next attempt:" in html and "Last error: 421 Try later" in html
    assert "Gave up after 8 attempts." in html and "Last error: 550 5.1.1 No such user here" in html
    assert html.count('action="/outbox/') == 1 and f'action="/outbox/{dead}/retry"' in html
    assert f'action="/outbox/{waiting}/retry"' not in html and f'action="/outbox/{sent}/retry"' not in html
    detail = client.get(f"/outbox/{dead}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Gave up after 8 attempts." in detail and f'action="/outbox/{dead}/retry"' in detail


def test_try_again_on_the_outbox_page_sends_the_message_and_is_audited(app, client, as_role):
    dead = queued(app)
    make_dead(app, dead)
    admin = as_role("admin")
    response = client.post(f"/outbox/{dead}/retry", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/outbox")
    assert reload(app, dead).status == "sent"  # after the commit, development delivery wrote it at once
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.retried")).one()
    assert event.actor_id == admin.id and event.target_id == str(dead)
    page = client.get("/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The message is back in the queue" in page
    client.post(f"/outbox/{dead}/retry")
    assert "nothing to try again" in client.get("/outbox", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert client.post("/outbox/999999/retry").status_code == 404


def test_try_again_needs_an_admin_and_a_csrf_token(app, client, as_role, monkeypatch):
    dead = queued(app)
    make_dead(app, dead)
    as_role("researcher")
    assert client.post(f"/outbox/{dead}/retry").status_code == 403
    as_role("admin")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/outbox/{dead}/retry").status_code == 400
    assert reload(app, dead).status == "dead"


@pytest.mark.parametrize("value", ["0", "1"])
def test_smtp_settings_come_from_the_environment(monkeypatch, value):
    from app.config import load_config

    for name, setting in {
        "PROFI_SMTP_HOST": "mail.example.org",
        "PROFI_SMTP_PORT": "587",
        "PROFI_SMTP_USERNAME": "profi",
        "PROFI_SMTP_PASSWORD": "secret",
        "PROFI_SMTP_STARTTLS": value,
        "PROFI_SMTP_TIMEOUT": "12",
        "PROFI_MAIL_MAX_ATTEMPTS": "5",
        "SECRET_KEY": "k",
    }.items():
        monkeypatch.setenv(name, setting)
    config = load_config()
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_USERNAME"], config["SMTP_PASSWORD"]) == (
        "mail.example.org",
        587,
        "profi",
        "secret",
    )
    assert config["SMTP_STARTTLS"] is (value == "1") and config["SMTP_TIMEOUT"] == 12
    assert config["MAIL_MAX_ATTEMPTS"] == 5
