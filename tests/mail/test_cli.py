"""`flask mail send` (once or in a loop) and `flask mail retry`."""

from __future__ import annotations

import signal

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.mail import cli as mail_cli


def test_mail_send_prints_what_happened(app, queued):
    queued()
    queued()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent: 2. To retry later: 0. Failed for good (dead): 0." in result.output


def test_mail_send_loop_goes_round_until_asked_to_stop_and_restores_signals(app, monkeypatch, queued):
    rounds = []

    def one_round_then_stop(stop, seconds):
        rounds.append(seconds)
        stop.set()

    monkeypatch.setattr(mail_cli, "_wait", one_round_then_stop)
    before = signal.getsignal(signal.SIGTERM)
    queued()
    result = app.test_cli_runner().invoke(args=["mail", "send", "--loop", "--interval", "7"])
    assert result.exit_code == 0, result.output
    assert "Sent: 1." in result.output and result.output.strip().endswith("Stopped.")
    assert rounds == [7] and signal.getsignal(signal.SIGTERM) is before
    assert "--loop" in app.test_cli_runner().invoke(args=["mail", "send", "--help"]).output


def test_mail_retry_puts_a_dead_message_back_and_is_audited(app, queued, reload):
    message_id = queued(dead=True)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "retry", str(message_id)])
    assert result.exit_code == 0, result.output
    revived = reload(message_id)
    assert (revived.status, revived.attempts, revived.next_attempt_at) == ("pending", 0, None)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.retried")).one()
    assert event.target_id == str(message_id) and event.details["via"] == "command line"
    assert "example.org" not in str(event.details)  # no address in the trail
    again = runner.invoke(args=["mail", "retry", str(message_id)])
    assert again.exit_code != 0 and "not dead" in again.output
    missing = runner.invoke(args=["mail", "retry", "999999"])
    assert missing.exit_code != 0 and "no message 999999" in missing.output
