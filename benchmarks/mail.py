"""Sending the outbox: `flask mail send` against a bare smtplib loop, and an SMTP outage that ends.

    .venv/bin/python benchmarks/mail.py [--database-url URL] [--messages N]

Creates a scratch PostgreSQL database beside --database-url (default postgresql+psycopg://postgres@127.0.0.1:5432/
postgres), runs the migrations and starts a local SMTP sink (aiosmtpd on a free loopback port) that counts what
it accepts by Message-ID.

1. Speed: N (default 1,000) outbox messages like the booking emails (Welsh and English bodies, every third with
   an .ics attachment) are sent by `flask --app app mail send` (the command a deployment runs, start-up
   included), then the same N messages by a bare loop — one smtplib connection, one EmailMessage each — to the
   same sink. Prints messages/s for each and their ratio (issue 8 target: at most 1.5×), and the command's
   start-up alone (`flask mail send` with an empty outbox) for reading the ratio without it.
2. Outage: 200 more messages while nothing listens on the SMTP port, then while a server accepts connections
   and never answers (PROFI_SMTP_TIMEOUT=2), then with the sink back. Prints what each `flask mail send` run did
   and, at the end, how many of the 200 the sink received, how many twice (must be 0), how many are still
   pending or dead (must be 0) and the attempts counted against them (each exactly 1: an outage is not the
   message's failure).

The scratch database is dropped at the end, even on error. Timings are for reading, never for asserting.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET_KEY = "benchmark-only-secret-key-not-for-use"  # noqa: S105 — a throwaway key for a scratch database
os.environ.setdefault("SECRET_KEY", SECRET_KEY)

import flask_migrate  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.mail.models import OutboxAttachment, OutboxMessage  # noqa: E402
from app.mail.services import attachments_by_message  # noqa: E402
from benchmarks.booking import DEFAULT_SERVER, create_database, drop_database, free_port  # noqa: E402

OUTAGE_MESSAGES = 200
FROM = "Profi <profi@example.org>"
BODY_CY = (
    "Helo Siân,\n\nDiolch am archebu sesiwn ymchwil. Dyma’r manylion:\n\nDydd Mawrth 1 Rhagfyr 2026, 10:00–11:00 "
    "(amser y DU)\nAr-lein: https://meet.example.org/profi\n\nI newid neu ganslo: https://profi.example.org/p/"
    + "x" * 120
    + "\n\nRydym yn croesawu gohebiaeth yn Gymraeg.\n"
)
BODY_EN = BODY_CY.replace("Helo", "Hello").replace("Diolch am archebu", "Thank you for booking")
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Profi//Bookings//CY-EN\r\n"
    + "X-LINE:"
    + "y" * 60
    + "\r\n" * 1
)
ICS += (
    "BEGIN:VEVENT\r\nUID:booking-1@profi.invalid\r\nSUMMARY:Sesiwn ymchwil\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


# The sink --------------------------------------------------------------------------------------------------


class Sink:
    """aiosmtpd handler: counts accepted messages by Message-ID."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.received[line.split(b":", 1)[1].strip().decode()] += 1
                break
        return "250 Message accepted for delivery"


def start_sink(sink: Sink, port: int) -> tuple[Controller, asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    controller = Controller(sink, hostname="127.0.0.1", port=port, loop=loop)
    controller.start()
    return controller, loop


def stop_sink(controller: Controller, loop: asyncio.AbstractEventLoop) -> None:
    controller.stop()
    loop.close()


class Silent:
    """A server that accepts connections and never answers: the hanging SMTP server of issue 8."""

    def __init__(self, port: int) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.held: list[socket.socket] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        self.server.settimeout(0.2)
        while self.running:
            try:
                connection, _ = self.server.accept()
                self.held.append(connection)
            except TimeoutError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join()
        for connection in self.held:
            connection.close()
        self.server.close()


# The outbox ------------------------------------------------------------------------------------------------


def make_app(database_url: str):
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY, "PROFI_DEMO": False}
    )


def queue(app, count: int, label: str) -> list[str]:
    """Write `count` pending messages (as the app does, in one transaction); their Message-IDs."""
    ids = []
    with app.app_context():
        for n in range(count):
            message_id = f"<{label}-{n}-{uuid.uuid4().hex}@profi.invalid>"
            welsh = n % 2 == 0
            message = OutboxMessage(
                message_id=message_id,
                to_address=f"person{n}@example.org",
                subject="Mae eich sesiwn ymchwil wedi’i harchebu"
                if welsh
                else "Your research session is booked",
                body_text=BODY_CY if welsh else BODY_EN,
                language="cy" if welsh else "en",
                kind="booking_confirmation",
            )
            db.session.add(message)
            if n % 3 == 0:
                db.session.flush()
                db.session.add(
                    OutboxAttachment(
                        outbox_message_id=message.id,
                        filename="invite.ics",
                        content_type="text/calendar; method=REQUEST",
                        content=ICS,
                    )
                )
            ids.append(message_id)
        db.session.commit()
    return ids


def state_of(app, message_ids: list[str]) -> tuple[Counter[str], Counter[int]]:
    """(messages by status, messages by attempts) among these Message-IDs."""
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.status, OutboxMessage.attempts).where(
                OutboxMessage.message_id.in_(message_ids)
            )
        ).all()
        db.session.commit()
    return Counter(str(status) for status, _ in rows), Counter(attempts for _, attempts in rows)


def flask_mail_send(database_url: str, port: int, timeout: int = 30) -> tuple[float, str]:
    """Run `flask --app app mail send` against the SMTP port; (seconds, its last line of output)."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        PROFI_DEMO="",
        PROFI_MAIL_BACKEND="smtp",
        PROFI_SMTP_HOST="127.0.0.1",
        PROFI_SMTP_PORT=str(port),
        PROFI_SMTP_TIMEOUT=str(timeout),
        PROFI_MAIL_FROM=FROM,
    )
    began = time.perf_counter()
    done = subprocess.run(  # noqa: S603 — our own venv's flask
        [str(ROOT / ".venv/bin/flask"), "--app", "app", "mail", "send"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - began
    output = (done.stdout + done.stderr).strip().splitlines()
    summary = [line for line in output if line.startswith("Sent:")]
    return seconds, summary[-1] if summary else f"(exit {done.returncode}) {output[-1] if output else ''}"


def bare_smtplib(app, port: int, message_ids: list[str]) -> float:
    """The floor: the same messages (headers, bodies and attachments) read into memory first, then one smtplib
    connection and one send_message each, built the way any sender builds them."""
    with app.app_context():
        rows = (
            db.session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.message_id.in_(message_ids))
                .order_by(OutboxMessage.id)
            )
            .scalars()
            .all()
        )
        files = attachments_by_message([row.id for row in rows])
        messages = [
            (
                row.message_id,
                row.to_address,
                row.subject,
                row.body_text,
                row.language,
                row.created_at,
                files.get(row.id, []),
            )
            for row in rows
        ]
        db.session.commit()
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for message_id, to, subject, body, language, created_at, attached in messages:
            email = EmailMessage()
            email["From"], email["To"], email["Subject"] = FROM, to, subject
            email["Message-ID"] = message_id.replace("@", "-bare@")
            email["Date"] = format_datetime(created_at)
            email.set_content(body, cte="8bit")
            email["Content-Language"] = language
            for filename, _content_type, content in attached:
                email.add_attachment(
                    content, subtype="calendar", filename=filename, params={"method": "REQUEST"}
                )
            smtp.send_message(email, mail_options=["BODY=8BITMIME"])
    return time.perf_counter() - began


# Run ---------------------------------------------------------------------------------------------------------


def run(database_url: str, count: int) -> None:
    app = make_app(database_url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    sink = Sink()
    port = free_port()
    controller, loop = start_sink(sink, port)
    try:
        startup, _ = flask_mail_send(database_url, port)
        ids = queue(app, count, "speed")
        sent_s, said = flask_mail_send(database_url, port)
        bare_s = bare_smtplib(app, port, ids)
    finally:
        stop_sink(controller, loop)
    received = sum(sink.received[i] for i in ids)
    print(f"\n{count} messages to a local SMTP sink (aiosmtpd), PostgreSQL outbox")
    print(f"{'':<40} {'seconds':>8} {'per s':>8}")
    print(f"{'flask mail send (whole command)':<40} {sent_s:>8.2f} {count / sent_s:>8.1f}   {said}")
    print(f"{'  of which start-up (empty outbox)':<40} {startup:>8.2f}")
    print(f"{'bare smtplib loop':<40} {bare_s:>8.2f} {count / bare_s:>8.1f}")
    print(
        f"ratio flask mail send : bare loop  ×{sent_s / bare_s:.2f} (whole command)   "
        f"×{(sent_s - startup) / bare_s:.2f} (without start-up)   (issue 8 target: at most ×1.5)"
    )
    print(f"received by the sink: {received} of {count}")

    print(f"\nOutage: {OUTAGE_MESSAGES} messages queued while the SMTP server is away")
    outage = queue(app, OUTAGE_MESSAGES, "outage")
    seconds, said = flask_mail_send(database_url, port, timeout=2)
    print(f"  nothing listening:        {seconds:5.1f} s   {said}")
    silent = Silent(port)
    try:
        seconds, said = flask_mail_send(database_url, port, timeout=2)
    finally:
        silent.close()
    print(f"  accepts, never answers:   {seconds:5.1f} s   {said}")
    _, attempts = state_of(app, outage)
    print(
        f"  attempts counted against the messages meanwhile: {dict(attempts)}   (must be {{0: {OUTAGE_MESSAGES}}})"
    )
    # The deferred messages wait SERVER_PAUSE (a minute) before the next round; bring them forward.
    with app.app_context():
        db.session.execute(
            OutboxMessage.__table__.update()
            .where(OutboxMessage.message_id.in_(outage))
            .values(next_attempt_at=None)
        )
        db.session.commit()
    sink = Sink()
    controller, loop = start_sink(sink, port)
    try:
        seconds, said = flask_mail_send(database_url, port)
        again, said_again = flask_mail_send(database_url, port)
    finally:
        stop_sink(controller, loop)
    print(f"  server back:              {seconds:5.1f} s   {said}")
    print(f"  and once more:            {again:5.1f} s   {said_again}")
    statuses, attempts = state_of(app, outage)
    delivered = [i for i in outage if sink.received[i] >= 1]
    twice = [i for i in outage if sink.received[i] > 1]
    print(
        f"  delivered {len(delivered)} of {OUTAGE_MESSAGES}; received twice: {len(twice)} (must be 0); "
        f"statuses {dict(statuses)}; attempts {dict(attempts)} (must be {{1: {OUTAGE_MESSAGES}}})"
    )
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(OutboxMessage))
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help=f"a PostgreSQL server to make the scratch database on (default {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--messages", type=int, default=1000, help="messages for the speed test (default 1000)"
    )
    args = parser.parse_args()
    server = args.database_url
    if server.startswith(("postgresql://", "postgres://")):
        server = "postgresql+psycopg://" + server.split("://", 1)[1]
    if not server.startswith("postgresql"):
        sys.exit("--database-url must name a PostgreSQL server")
    began = time.perf_counter()
    name, database_url = create_database(server)
    try:
        run(database_url, args.messages)
    finally:
        drop_database(server, name)
        print(f"\ndropped {name}; finished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
