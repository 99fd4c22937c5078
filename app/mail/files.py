"""Development delivery (PROFI_MAIL_BACKEND=files): each message becomes an .eml file in PROFI_OUTBOX_DIR. The
same interface as app.mail.smtp.SmtpTransport: send() returns the file's path or raises DeliveryError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.mail.smtp import DeliveryError, Render


class FileTransport:
    """Development delivery: each message becomes an .eml file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> FileTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def send(self, message: Any, render: Render) -> str:
        path = self.folder / f"{message.created_at:%Y%m%d-%H%M%S}-{message.id:06d}-{message.kind}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(render("8bit")))
        except OSError as error:
            raise DeliveryError(str(error)) from None
        return str(path)
