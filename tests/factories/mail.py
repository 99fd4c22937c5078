"""Outbox messages and their attachments."""

from __future__ import annotations

import uuid

import factory

from app.mail.models import OutboxAttachment, OutboxMessage
from app.models_base import utcnow
from tests.factories.base import BaseFactory

WELSH_BODY = "Helo Siân! Dyma’ch dolen: ŵ ŷ â\nhttps://profi.test/p/abc\n"


class OutboxMessageFactory(BaseFactory):
    """A Welsh participant-link email waiting in the outbox, as queue_message() leaves it.
    Traits: sent, dead (gave up after 8 attempts with a 550)."""

    class Meta:
        model = OutboxMessage

    class Params:
        sent = factory.Trait(status="sent", attempts=1, sent_at=factory.LazyFunction(utcnow))
        dead = factory.Trait(status="dead", attempts=8, last_error="550 5.1.1 No such user here")

    message_id = factory.LazyFunction(lambda: f"<test-{uuid.uuid4().hex}@profi.invalid>")
    to_address = factory.Sequence(lambda n: f"person{n}@example.org")
    subject = "Eich dolen ŵ"
    body_text = WELSH_BODY
    language = "cy"
    kind = "participant_link"
    status = "pending"


class OutboxAttachmentFactory(BaseFactory):
    """An .ics invitation attached to a new outbox message."""

    class Meta:
        model = OutboxAttachment

    class Params:
        message = factory.SubFactory(OutboxMessageFactory)

    outbox_message_id = factory.LazyAttribute(lambda o: o.message.id)
    filename = "invite.ics"
    content_type = "text/calendar; method=REQUEST"
    content = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
