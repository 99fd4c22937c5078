"""The From header (app/mail/services.from_header; issue 9, item 12): PROFI_MAIL_FROM as configured, or its
address under a message's own sender name, which can never break the header (no line breaks, RFC 5322)."""

from __future__ import annotations

import email
from email import policy

from app.mail.delivery import as_email
from app.mail.services import from_header, sender_name
from tests.factories import OutboxMessageFactory


def _from(message) -> tuple[str, str]:
    [address] = email.message_from_bytes(bytes(as_email(message)), policy=policy.default)["From"].addresses
    return address.display_name, address.addr_spec


def test_a_message_without_a_sender_name_comes_from_the_configured_sender(app_ctx):
    assert _from(OutboxMessageFactory()) == ("Profi", "profi@example.org")
    assert str(from_header()) == "Profi <profi@example.org>"


def test_a_sender_name_keeps_the_configured_address_and_its_welsh_letters(app_ctx):
    message = OutboxMessageFactory(from_name="Siân Llŷr, Tîm ymchwil")
    assert _from(message) == ("Siân Llŷr, Tîm ymchwil", "profi@example.org")


def test_a_line_break_in_a_sender_name_cannot_add_a_header(app_ctx):
    name = "Eve\r\nBcc: victim@example.org\x00"
    assert sender_name(name) == "Eve Bcc: victim@example.org"
    message = OutboxMessageFactory(from_name=sender_name(name))
    parsed = email.message_from_bytes(bytes(as_email(message)), policy=policy.default)
    assert parsed["Bcc"] is None and len(parsed["From"].addresses) == 1
    assert len(sender_name("x" * 500)) == 200
