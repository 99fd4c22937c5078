"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1): once each, headers and Welsh intact, failures."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, select

from app.extensions import db
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.mail.smtp import SmtpTransport
from app.models_base import utcnow
from tests.conftest import migrated_app
from tests.factories import WELSH_BODY, OutboxMessageFactory


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps every message it accepts, refuses the addresses in `refuse` for good
    (550) and those in `busy` for now (450)."""

    received: list = field(default_factory=list)
    refuse: set = field(default_factory=set)
    busy: set = field(default_factory=set)
    port: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.busy:
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [parsed["Message-ID"] for _, _, parsed in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    recorder = Recorder()
    loop = asyncio.new_event_loop()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), loop=loop)
    controller.start()
    recorder.port = controller.port
    try:
        yield recorder
    finally:
        controller.stop()
        loop.close()


def use_smtp(monkeypatch, app, port: int) -> None:
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_TIMEOUT": 5,
        "SMTP_STARTTLS": False,
        "SMTP_USERNAME": "",
        "SMTP_PASSWORD": "",
    }.items():
        monkeypatch.setitem(app.config, key, value)


@pytest.fixture
def smtp_app(app, smtp_server, monkeypatch):
    use_smtp(monkeypatch, app, smtp_server.port)
    return app


def test_a_queued_message_is_delivered_once_with_its_headers_and_welsh_body(
    smtp_app, smtp_server, queued, reload
):
    message_id = queued(to_address="sian@example.org", subject="Eich dolen i Profi – ŵ ŷ â")
    with smtp_app.app_context():
        first = delivery.deliver_due()
        second = delivery.deliver_due()
    assert (first.sent, second.tried) == (1, 0)
    sent = reload(message_id)
    assert sent.status == "sent" and sent.attempts == 1 and sent.sent_at and sent.next_attempt_at is None
    [(envelope_from, recipients, parsed)] = smtp_server.received
    assert envelope_from == "profi@example.org" and recipients == ["sian@example.org"]
    assert parsed["Message-ID"] == sent.message_id
    assert parsed["From"] == "Profi <profi@example.org>" and parsed["To"] == "sian@example.org"
    assert parsed["Subject"] == "Eich dolen i Profi – ŵ ŷ â" and parsed["Content-Language"] == "cy"
    assert (
        parsed.get_content_charset() == "utf-8" and parsed.get_content().replace("\r\n", "\n") == WELSH_BODY
    )


def test_one_connection_carries_a_batch_and_a_550_refusal_is_dead_at_once(
    smtp_app, smtp_server, queued, reload
):
    smtp_server.refuse.add("nobody@example.org")
    refused = queued(to_address="nobody@example.org")
    fine = queued(to_address="somebody@example.org")
    with smtp_app.app_context():
        report = delivery.deliver_due()
    assert (report.sent, report.retry, report.dead) == (1, 0, 1)
    dead = reload(refused)
    assert dead.status == "dead" and dead.attempts == 1 and dead.next_attempt_at is None
    assert "550" in dead.last_error and "No such user" in dead.last_error
    assert reload(fine).status == "sent"
    assert smtp_server.message_ids() == [reload(fine).message_id]


def test_when_the_server_is_down_messages_wait_without_losing_attempts_and_are_sent_when_it_returns(
    app, smtp_server, monkeypatch, queued, reload
):
    use_smtp(monkeypatch, app, free_port())  # nothing listens there
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    first, second = queued(), queued()
    now = utcnow()
    with app.app_context():
        report = delivery.deliver_due(now=now)
    # One refused connection is enough to know: the sender stops rather than try every message in turn, and the
    # outage is the server's, not the message's: no attempt is counted against it.
    assert (report.sent, report.retry, report.dead, report.deferred) == (0, 0, 0, 1)
    assert "Could not use the mail server" in report.stopped
    waiting = reload(first)
    assert waiting.status == "pending" and waiting.attempts == 0 and "Could not use" in waiting.last_error
    assert now + timedelta(seconds=60) <= waiting.next_attempt_at <= now + timedelta(seconds=66)
    # A two-hour outage, tried every minute, marks no healthy message dead (it did before).
    for minute in range(1, 121):
        with app.app_context():
            delivery.deliver_due(now=now + timedelta(minutes=minute))
    assert [(reload(m).status, reload(m).attempts) for m in (first, second)] == [
        ("pending", 0),
        ("pending", 0),
    ]

    use_smtp(monkeypatch, app, smtp_server.port)  # the server is back
    later = now + timedelta(minutes=125)
    with app.app_context():
        report = delivery.deliver_due(now=later)
    assert report.sent == 2 and [reload(m).status for m in (first, second)] == ["sent", "sent"]
    assert sorted(smtp_server.message_ids()) == sorted(reload(m).message_id for m in (first, second))
    assert reload(first).attempts == 1


def test_a_message_that_keeps_failing_ends_dead_shows_on_the_outbox_page_and_try_again_sends_it(
    app, client, as_role, smtp_server, monkeypatch, queued, reload
):
    use_smtp(monkeypatch, app, smtp_server.port)
    smtp_server.busy.add("busy@example.org")  # the server works; this one recipient keeps saying "not now"
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    message_id = queued(subject="Never arrives", to_address="busy@example.org")
    now, delays = utcnow(), []
    for attempt in range(3):
        with app.app_context():
            report = delivery.deliver_due(now=now)
        failed = reload(message_id)
        assert failed.attempts == attempt + 1
        if failed.next_attempt_at:
            delays.append((failed.next_attempt_at - now).total_seconds())
            now = failed.next_attempt_at
    assert report.dead == 1 and failed.status == "dead" and failed.next_attempt_at is None
    assert 60 <= delays[0] <= 66 and 120 <= delays[1] <= 132  # 1 minute, then 2

    as_role("admin")
    page = client.get("/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Failed" in page and "Gave up after 3 attempts." in page and "Mailbox busy" in page
    smtp_server.busy.clear()
    assert client.post(f"/outbox/{message_id}/retry").status_code == 302
    revived = reload(message_id)
    assert (
        revived.status == "sent" and revived.attempts == 1
    )  # counted afresh; sent straight after the commit
    assert smtp_server.message_ids() == [revived.message_id]


def test_with_starttls_on_nothing_is_sent_to_a_server_that_cannot_encrypt(
    smtp_app, smtp_server, monkeypatch, queued, reload
):
    monkeypatch.setitem(smtp_app.config, "SMTP_STARTTLS", True)  # this test server offers no STARTTLS
    message_id = queued()
    with smtp_app.app_context():
        report = delivery.deliver_due()
    assert report.deferred == 1 and "STARTTLS" in report.stopped and smtp_server.received == []
    assert reload(message_id).status == "pending"


def test_sending_a_link_delivers_it_straight_after_the_commit(app, client, as_role, smtp_server, monkeypatch):
    from tests.factories import ParticipantFactory

    use_smtp(monkeypatch, app, smtp_server.port)
    as_role("researcher")
    with app.app_context():
        person = ParticipantFactory(email="llyr@example.org", preferred_language="cy")
        db.session.commit()
    assert (
        client.post(f"/participants/{person.id}/send-link", data={"kind": "participant_link"}).status_code
        == 302
    )
    [(_, recipients, parsed)] = smtp_server.received
    assert recipients == ["llyr@example.org"] and "http://profi.test/p/" in parsed.get_content()


def test_request_delivery_with_the_server_down_or_silent_never_fails_the_request(
    app, client, as_role, monkeypatch
):
    from tests.factories import ParticipantFactory

    timeouts = []
    real_from_config = SmtpTransport.from_config.__func__

    def spy(cls, config, *, timeout=None):
        timeouts.append(timeout)
        return real_from_config(cls, config, timeout=timeout)

    monkeypatch.setattr(SmtpTransport, "from_config", classmethod(spy))
    monkeypatch.setattr(delivery, "REQUEST_TIMEOUT_SECONDS", 0.3)
    as_role("researcher")
    with app.app_context():
        person = ParticipantFactory()
        db.session.commit()
    with socket.socket() as silent:  # accepts connections (the kernel does) but never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        for port in (free_port(), silent.getsockname()[1]):
            use_smtp(monkeypatch, app, port)
            monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 60)
            response = client.post(f"/participants/{person.id}/send-link", data={"kind": "participant_link"})
            assert response.status_code == 302
    with app.app_context():
        written = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == person.id)
        ).all()
    refused, silent_one = sorted(written, key=lambda m: m.id)
    assert (refused.status, refused.attempts) == (silent_one.status, silent_one.attempts) == ("pending", 0)
    assert "Connection refused" in refused.last_error and "timed out" in silent_one.last_error
    assert timeouts == [0.3, 0.3]  # the short request timeout, not the 60 seconds `mail send` may wait


@pytest.fixture(scope="module")
def committing_app():
    application = migrated_app("mail_senders")
    yield application
    with application.app_context():
        db.engine.dispose()


def test_two_senders_at_once_send_each_message_exactly_once(committing_app, smtp_server, monkeypatch):
    app = committing_app
    use_smtp(monkeypatch, app, smtp_server.port)
    with app.app_context():
        expected = sorted(OutboxMessageFactory().message_id for _ in range(40))
        db.session.commit()
    start = threading.Barrier(2)
    reports, errors = [], []

    def sender():
        try:
            with app.app_context():
                start.wait(timeout=10)
                reports.append(delivery.deliver_due(batch_size=40))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == [] and len(reports) == 2
        assert sorted(smtp_server.message_ids()) == expected  # every message, each exactly once
        assert sum(report.sent for report in reports) == 40
        with app.app_context():
            rows = db.session.execute(select(OutboxMessage.status, OutboxMessage.attempts)).all()
        assert sorted(set(rows)) == [("sent", 1)] and len(rows) == 40
    finally:
        with app.app_context():
            db.session.execute(delete(OutboxMessage))
            db.session.commit()


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
        "SECRET_KEY": "k" * 32,
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
