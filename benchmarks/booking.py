"""Booking under load: gunicorn (2 workers) on PostgreSQL, 20 concurrent clients, 50 sessions of capacity 5.

    .venv/bin/python benchmarks/booking.py [--database-url URL] [--participants N] [--time-limit S]

Creates a scratch PostgreSQL database beside --database-url (default postgresql+psycopg://postgres@127.0.0.1:5432/
postgres), runs the migrations, seeds a published consent form, one study with 50 future sessions of capacity 5
and participants who have consented, then starts `gunicorn -w 2` on a free loopback port. 20 client threads each
take the next participant, GET a session's confirm page (for the CSRF token and session cookie) and POST the
booking, trying other sessions until every place is taken. Then the same number of baseline requests:
GET /healthz (Profi has no public POST that writes nothing: the language switch is GET only) and a repeat of
each booking's POST (same route, CSRF and link checks, reads only: it answers "already booked").
Prints bookings, bookings/s, p50/p95 latency, the booking : baseline ratios and the overbooking count from the
database (must be 0). Gunicorn is stopped and the scratch database dropped at the end, even on error.
Timings are for reading, never for asserting (DESIGN habit 9).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET_KEY = "benchmark-only-secret"  # noqa: S105 — a throwaway key for a scratch database
os.environ.setdefault("SECRET_KEY", SECRET_KEY)

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app import create_app  # noqa: E402
from app.booking.invitations import booking_token  # noqa: E402
from app.consent.models import Purpose, Section  # noqa: E402
from app.consent.services import create_draft, publish_form, record_consent  # noqa: E402
from app.extensions import db  # noqa: E402
from app.participants.services import ParticipantDetails, create_participant  # noqa: E402
from app.projects.models import Phase, Project  # noqa: E402
from app.studies.models import ResearchSession, Study  # noqa: E402

SESSIONS, CAPACITY, CLIENTS, WORKERS = 50, 5, 20, 2
PLACES = SESSIONS * CAPACITY
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BOOKED = "govuk-panel--confirmation"


# Database ---------------------------------------------------------------------------------------------------


def admin_engine(server_url: str):
    return create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def create_database(server_url: str) -> tuple[str, str]:
    name = f"profi_bench_booking_{os.getpid()}_{int(time.time())}"
    with admin_engine(server_url).connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name, make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    with admin_engine(server_url).connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


def seed(database_url: str, participants: int) -> tuple[int, list[int], list[str]]:
    """(study id, session ids, booking tokens) after migrating and seeding the scratch database."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": SECRET_KEY,
            "PROFI_DEMO": False,
            "MAIL_BACKEND": "none",
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        form = create_draft(
            title_cy="Ffurflen gydsynio",
            title_en="Consent form",
            sections={s.value: {"cy": f"Testun {s.value}", "en": f"Text {s.value}"} for s in Section},
            purposes={p.value: {"cy": f"Cwestiwn {p.value}?", "en": f"Question {p.value}?"} for p in Purpose},
        )
        publish_form(form, actor=None)
        project = Project(
            slug="bench", name_cy="Prosiect", name_en="Project", summary_cy="Crynodeb", summary_en="Summary"
        )
        phase = Phase(
            project=project, kind="discovery", starts_on=date.today(), ends_on=date.today(), is_current=True
        )
        study = Study(
            phase=phase,
            title_cy="Astudiaeth",
            title_en="Study",
            method="interview",
            target_sample=PLACES,
            required_purposes=["take_part"],
            status="planning",
        )
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
        sessions = [
            ResearchSession(
                study=study,
                starts_at=start + timedelta(hours=i),
                ends_at=start + timedelta(hours=i, minutes=45),
                capacity=CAPACITY,
                mode="online",
                joining_link="https://meet.example.org/profi",
                language="en",
                status="scheduled",
            )
            for i in range(SESSIONS)
        ]
        db.session.add_all([project, phase, study, *sessions])
        db.session.flush()
        tokens = []
        for n in range(participants):
            person = create_participant(
                ParticipantDetails(
                    full_name=f"Cyfranogwr {n}",
                    email=f"bench{n}@example.org",
                    organisation="Cyngor Sir Ynys Môn",
                    organisation_type="local_authority",
                    region="north",
                    seniority="practitioner",
                    preferred_language="en",
                ),
                audit=False,
            )
            record_consent(person, answers={p.value: True for p in Purpose}, method="online", language="en")
            tokens.append(booking_token(person))
        db.session.commit()
        result = study.id, [s.id for s in sessions], tokens
        db.engine.dispose()
    return result


def overbooking(database_url: str) -> tuple[int, int, int]:
    """(sessions with more live bookings than capacity, live bookings, sessions whose booked_count disagrees)."""
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.capacity, s.booked_count, count(b.id) FROM research_session s "
                "LEFT JOIN booking b ON b.research_session_id = s.id AND b.status = 'booked' "
                "GROUP BY s.id, s.capacity, s.booked_count"
            )
        ).all()
    engine.dispose()
    return (
        sum(1 for cap, _, live in rows if live > cap),
        sum(live for *_, live in rows),
        sum(1 for _, counted, live in rows if counted != live),
    )


# Server -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, port: int, log) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        PROFI_MAIL_BACKEND="none",
        PROFI_INSECURE_COOKIES="1",
        PROFI_DEMO="",
        PROFI_OUTBOX_DIR=tempfile.mkdtemp(prefix="profi-outbox-"),
    )
    proc = subprocess.Popen(  # noqa: S603 — our own venv's gunicorn, loopback only
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group gunicorn was started in
            proc.wait()


# Clients ----------------------------------------------------------------------------------------------------


def request(opener, url: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class Booker:
    def __init__(self, base: str, study_id: int, session_ids: list[int], tokens: list[str], deadline: float):
        self.base, self.study_id, self.deadline = base, study_id, deadline
        self.open_sessions = set(session_ids)
        self.people = iter(tokens)
        self.lock = threading.Lock()
        self.booked: list[
            tuple[object, str, dict]
        ] = []  # (opener, url, form) of each booking, for the re-POST
        self.booking_ms: list[float] = []
        self.refused_ms: list[float] = []
        self.errors: list[str] = []

    def _next(self):
        with self.lock:
            return next(self.people, None)

    def _pick(self) -> int | None:
        with self.lock:
            return random.choice(tuple(self.open_sessions)) if self.open_sessions else None  # noqa: S311

    def _full(self, session_id: int) -> None:
        with self.lock:
            self.open_sessions.discard(session_id)

    def client(self) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        while time.monotonic() < self.deadline and (token := self._next()) is not None:
            while time.monotonic() < self.deadline and (session_id := self._pick()) is not None:
                url = f"{self.base}/p/{token}/studies/{self.study_id}/sessions/{session_id}"
                status, page = request(opener, url)
                match = CSRF.search(page)
                if status != 200 or 'name="wants_welsh"' not in page or match is None:
                    self._full(session_id)  # the full page (or a problem): try another session
                    continue
                form = {"csrf_token": match.group(1), "wants_welsh": "no", "adjustments": ""}
                began = time.perf_counter()
                status, page = request(opener, url, form)
                millis = (time.perf_counter() - began) * 1000
                with self.lock:
                    if status == 200 and BOOKED in page:
                        self.booking_ms.append(millis)
                        self.booked.append((opener, url, form))
                    else:
                        self.refused_ms.append(millis)
                        if status != 200:
                            self.errors.append(f"POST {status}")
                if status == 200 and BOOKED in page:
                    break
                self._full(session_id)


def timed(calls: list, clients: int) -> tuple[list[float], float, int]:
    """Run the calls on `clients` threads: (latencies in ms, wall seconds, failures)."""
    times, failures, lock = [], [0], threading.Lock()

    def one(call):
        began = time.perf_counter()
        ok = call()
        millis = (time.perf_counter() - began) * 1000
        with lock:
            times.append(millis)
            failures[0] += not ok

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, calls))
    return times, time.perf_counter() - began, failures[0]


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


# Run --------------------------------------------------------------------------------------------------------


def run(database_url: str, participants: int, time_limit: float) -> None:
    began = time.perf_counter()
    study_id, session_ids, tokens = seed(database_url, participants)
    print(
        f"seeded {SESSIONS} sessions × {CAPACITY} places, {participants} consenting participants "
        f"in {time.perf_counter() - began:.1f} s"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = start_gunicorn(database_url, port, log)
        try:
            booker = Booker(base, study_id, session_ids, tokens, time.monotonic() + time_limit)
            began = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                for future in [pool.submit(booker.client) for _ in range(CLIENTS)]:
                    future.result()
            booking_s = time.perf_counter() - began
            bookings = len(booker.booking_ms)
            if not bookings:
                raise RuntimeError("no booking succeeded")

            health = urllib.request.build_opener()
            health_calls = [lambda: request(health, f"{base}/healthz")[0] == 200] * bookings
            health_ms, health_s, health_failed = timed(health_calls, CLIENTS)
            repost_calls = [lambda o=o, u=u, f=f: BOOKED in request(o, u, f)[1] for o, u, f in booker.booked]
            repost_ms, repost_s, repost_failed = timed(repost_calls, CLIENTS)
        except BaseException:
            log.seek(0)
            print("gunicorn log (tail):\n" + "".join(log.readlines()[-30:]), file=sys.stderr)
            raise
        finally:
            stop_gunicorn(proc)

    over, live, miscounted = overbooking(database_url)
    print(
        f"\ngunicorn -w {WORKERS}, PostgreSQL, {CLIENTS} concurrent clients, {SESSIONS} sessions × {CAPACITY}"
    )
    print(f"{'':<36} {'requests':>8} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    rows = [
        ("booking POST (per s: whole bookings)", booker.booking_ms, booking_s),
        ("no-op: GET /healthz", health_ms, health_s),
        ("no-op: repeat POST, already booked", repost_ms, repost_s),
    ]
    for label, values, seconds in rows:
        print(
            f"{label:<36} {len(values):>8} {len(values) / seconds:>8.1f} {p(values, 50):>8.1f} {p(values, 95):>8.1f}"
        )
    print(
        f"\nbookings {bookings} of {PLACES} places in {booking_s:.1f} s = {bookings / booking_s:.1f} bookings/s; "
        f"{len(booker.refused_ms)} POSTs refused (session filled meanwhile), p50 "
        f"{p(booker.refused_ms, 50) if booker.refused_ms else 0:.1f} ms; errors {len(booker.errors)}"
    )
    for label, values, _ in rows[1:]:
        print(
            f"ratio booking : {label[7:]:<28} p50 ×{p(booker.booking_ms, 50) / p(values, 50):.1f}   "
            f"p95 ×{p(booker.booking_ms, 95) / p(values, 95):.1f}"
        )
    print(f"baseline failures: healthz {health_failed}, repeat POST {repost_failed}")
    print(f"\noverbooked sessions (live bookings > capacity): {over}   (must be 0)")
    print(
        f"live bookings in the database: {live} of {PLACES}; sessions whose booked_count disagrees: {miscounted}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help=f"a PostgreSQL server to make the scratch database on (default {DEFAULT_SERVER})",
    )
    parser.add_argument("--participants", type=int, default=400, help="consenting participants (default 400)")
    parser.add_argument(
        "--time-limit", type=float, default=120, help="seconds for the booking phase (default 120)"
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
        run(database_url, max(args.participants, PLACES), args.time_limit)
    finally:
        drop_database(server, name)
        print(f"\ndropped {name}; finished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
