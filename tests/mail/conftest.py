"""Fixtures for the outbox: messages queued and committed, and read back fresh."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.mail.models import OutboxMessage
from tests.factories import OutboxMessageFactory


@pytest.fixture
def queued(app):
    """Put a message in the outbox, committed (OutboxMessageFactory's fields and traits); returns its id."""

    def _queued(**fields) -> int:
        with app.app_context():
            message = OutboxMessageFactory(**fields)
            db.session.commit()
            return message.id

    return _queued


@pytest.fixture
def reload(app):
    """The message with this id as the database has it now."""

    def _reload(message_id: int) -> OutboxMessage:
        with app.app_context():
            return db.session.get(OutboxMessage, message_id)

    return _reload
