"""Messages the sender composes (app/mail/composition.py): the action writes the row, the sender writes its
subject, body and attachments once, just before the first attempt; a composer that fails is a failed attempt
with nothing half-written."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.mail import composition, delivery
from app.mail.models import OutboxAttachment, OutboxMessage
from app.mail.smtp import DeliveryError
from app.models_base import utcnow

CALLS: list[dict] = []


def _greeting(arguments: dict, language: str) -> composition.Composed:
    CALLS.append(arguments)
    if arguments.get("fail"):
        raise RuntimeError("the template is broken")
    word = "Helo" if language == "cy" else "Hello"
    return composition.Composed(
        subject=f"{word} {arguments['name']}",
        body_text=f"{word} {arguments['name']} ŵ\n",
        attachments=[("note.txt", "text/plain", "nodyn")],
    )


composition.register("test_greeting", _greeting)


def _queue(app, **arguments) -> int:
    with app.app_context():
        message = composition.queue_to_compose(
            to="person@example.org", language="cy", kind="test", composer="test_greeting", arguments=arguments
        )
        db.session.commit()
        return message.id


def _attachments(app, message_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(OutboxAttachment)
            .where(OutboxAttachment.outbox_message_id == message_id)
        )


def test_the_sender_composes_the_message_before_sending_it(app, reload):
    message_id = _queue(app, name="Siân")
    assert reload(message_id).subject == "" and reload(message_id).compose == {
        "with": "test_greeting",
        "name": "Siân",
    }
    with app.app_context():
        assert delivery.deliver_due(now=utcnow()).sent == 1
    sent = reload(message_id)
    assert sent.status == "sent" and sent.compose is None and sent.subject == "Helo Siân"
    with open(sent.eml_path, "rb") as handle:
        written = email.message_from_binary_file(handle, policy=policy.default)
    assert written["Subject"] == "Helo Siân"
    assert "Helo Siân ŵ" in written.get_body(("plain",)).get_content()
    assert [part.get_filename() for part in written.iter_attachments()] == ["note.txt"]


def test_a_composer_that_fails_is_a_failed_attempt_and_writes_nothing(app, reload):
    message_id = _queue(app, name="Siân", fail=True)
    with app.app_context():
        report = delivery.deliver_due(now=utcnow())
    assert report.retry == 1 and report.sent == 0
    failed = reload(message_id)
    assert failed.status == "pending" and failed.attempts == 1 and "Could not compose" in failed.last_error
    assert failed.subject == "" and failed.compose is not None and _attachments(app, message_id) == 0


def test_a_message_is_composed_once_even_when_sending_it_fails(app, reload, monkeypatch):
    CALLS.clear()
    message_id = _queue(app, name="Huw")
    now = utcnow()
    monkeypatch.setattr(
        delivery.FileTransport, "send", lambda self, row, render: (_ for _ in ()).throw(DeliveryError("busy"))
    )
    with app.app_context():
        assert delivery.deliver_due(now=now).retry == 1
    monkeypatch.undo()
    with app.app_context():
        assert delivery.deliver_due(now=now + timedelta(hours=2)).sent == 1
    assert len(CALLS) == 1 and _attachments(app, message_id) == 1 and reload(message_id).subject == "Helo Huw"


def test_queueing_with_a_composer_nobody_registered_is_refused(app_ctx):
    with pytest.raises(composition.UnknownComposer):
        composition.queue_to_compose(
            to="person@example.org", language="en", kind="test", composer="nobody", arguments={}
        )
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
