"""Sending email through an SMTP server (PROFI_MAIL_BACKEND=smtp).

One connection serves a whole batch and is opened on first use. Every failure becomes a DeliveryError saying
whether it is permanent (the server refused this recipient or this message with a 5xx reply, so trying again
cannot help) and whether the server itself could not be used (unreachable, TLS or sign-in failed, sender
refused): then the sender stops for now instead of hitting a broken server once per message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any, Protocol


class DeliveryError(Exception):
    """A message could not be delivered. `reason` is kept in the outbox (last_error) for admins."""

    def __init__(self, reason: str, *, permanent: bool = False, server_problem: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.server_problem = server_problem


class Addressed(Protocol):
    @property
    def to_address(self) -> str: ...


# Builds the message with a given Content-Transfer-Encoding ("8bit" or "quoted-printable").
Render = Callable[[str], EmailMessage]


def describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return f"{error.smtp_code} {text}".strip()
    return str(error) or type(error).__name__


class SmtpTransport:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._eight_bit = False

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, timeout: float | None = None) -> SmtpTransport:
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            # The envelope sender is the bare address of the From header.
            sender=parseaddr(config["MAIL_FROM"])[1],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            starttls=bool(config["SMTP_STARTTLS"]),
            timeout=timeout if timeout is not None else float(config["SMTP_TIMEOUT"]),
        )

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: Addressed, render: Render) -> str:
        """Send one message to its one recipient; raise DeliveryError if it was not accepted."""
        smtp = self._connection()
        if self._eight_bit:
            email, options = render("8bit"), ["BODY=8BITMIME"]
        else:  # an old server without 8BITMIME gets 7-bit-clean quoted-printable
            email, options = render("quoted-printable"), []
        try:
            smtp.send_message(
                email, from_addr=self.sender, to_addrs=[message.to_address], mail_options=options
            )
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            reason = describe(smtplib.SMTPResponseException(code, text))
            raise DeliveryError(f"Recipient refused: {reason}", permanent=code >= 500) from None
        except smtplib.SMTPDataError as error:
            raise DeliveryError(
                f"Message refused: {describe(error)}", permanent=error.smtp_code >= 500
            ) from None
        except smtplib.SMTPSenderRefused as error:
            raise DeliveryError(
                f"Sender {self.sender} refused: {describe(error)}", server_problem=True
            ) from None
        except smtplib.SMTPNotSupportedError as error:
            # e.g. a non-ASCII address and a server without SMTPUTF8: this message can never go this way.
            raise DeliveryError(f"Not supported by the server: {describe(error)}", permanent=True) from None
        except (smtplib.SMTPException, OSError) as error:
            # Disconnected or timed out mid-message: the server, not this message, failed (a hanging server is
            # not the message's fault); the connection is unusable and the next round reconnects.
            self._drop()
            raise DeliveryError(
                f"Connection to {self.host}:{self.port} failed: {describe(error)}", server_problem=True
            ) from None
        return ""

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        smtp = smtplib.SMTP(timeout=self.timeout)
        try:
            smtp.connect(self.host, self.port)
            smtp.ehlo_or_helo_if_needed()
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo_or_helo_if_needed()
            if self.username:
                smtp.login(self.username, self.password)
        except (smtplib.SMTPException, OSError) as error:
            smtp.close()
            raise DeliveryError(
                f"Could not use the mail server {self.host}:{self.port}: {describe(error)}",
                server_problem=True,
            ) from None
        self._eight_bit = smtp.has_extn("8bitmime")
        self._smtp = smtp
        return smtp

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass  # the messages are already accepted or recorded as failed; only the goodbye was lost
        finally:
            smtp.close()
