"""Booking under load against the least a form POST of the same app can do: gunicorn (2 workers) on PostgreSQL,
20 concurrent clients, 100 sessions of capacity 5.

    .venv/bin/python benchmarks/booking.py [--database-url URL] [--participants N]

Creates a scratch PostgreSQL database beside --database-url (default postgresql+psycopg://postgres@127.0.0.1:5432/
postgres), runs the migrations, seeds a published consent form, one recruiting study with 100 future sessions of
capacity 5 (and 8 more for a warm-up) and 540 participants who have consented and been invited, then starts `gunicorn -w 2` on a free
loopback port, serving Profi plus one benchmark-only route (benchmarks/minimal_post_app.py): a CSRF-protected
POST that INSERTs one row.

First 40 bookings and 40 minimal POSTs warm the workers up (untimed). Then each phase GETs its forms (untimed)
and sends its POSTs from 20 client threads (timed):
  1. booking: every participant books their own place (500 POSTs, each one succeeds; 20 at a time contend for
     the same sessions' rows), and
  2. minimal POST: the same number of CSRF-protected one-INSERT POSTs, taking turns in 5 rounds of 100 each
     (a slow moment of the machine falls on both; the ratio of each round is printed, and their median);
  3. repeat booking POST: each booking sent again (it reads, finds the booking, answers it: BK-2).
Prints for each: requests, requests/s, p50/p95 latency in ms, and gunicorn workers' CPU per request in ms
(user + system, from /proc), then the booking : minimal POST ratios (target: at most 4×) and the overbooking
count from the database (must be 0). Gunicorn is stopped and the scratch database dropped at the end, even on
error. Timings are for reading, never for asserting (DESIGN habit 9).
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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET_KEY = "benchmark-only-secret-key-not-for-use"  # noqa: S105 — a throwaway key for a scratch database
os.environ.setdefault("SECRET_KEY", SECRET_KEY)

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app import create_app  # noqa: E402
from app.booking.models import Invitation  # noqa: E402
from app.consent.models import Purpose, Section  # noqa: E402
from app.consent.services import create_draft, publish_form, record_consent  # noqa: E402
from app.extensions import db  # noqa: E402
from app.participants import links  # noqa: E402
from app.participants.services import ParticipantDetails, create_participant  # noqa: E402
from app.projects.models import Phase, Project  # noqa: E402
from app.studies.models import ResearchSession, Study  # noqa: E402

SESSIONS, CAPACITY, CLIENTS, WORKERS = 100, 5, 20, 2
PLACES = SESSIONS * CAPACITY
WARM_SESSIONS = 8  # booked first, untimed: every worker loads its templates and statements before timing
WARM = WARM_SESSIONS * CAPACITY
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BOOKED = "govuk-panel--confirmation"
APP = "benchmarks.minimal_post_app:app"  # Profi, plus the baseline route
JOBS = {"redis_url": ""}  # --redis-url
ROUNDS = 5  # booking and minimal POSTs take turns, 100 of each a round
MINIMAL_TABLE = "CREATE TABLE bench_minimal_post (id SERIAL PRIMARY KEY, made_at TIMESTAMPTZ NOT NULL)"


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
            status="recruiting",
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
            for i in range(SESSIONS + WARM_SESSIONS)
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
            db.session.add(Invitation(study_id=study.id, participant_id=person.id))
            tokens.append(links.current_token(person, links.BOOKING))
        db.session.execute(text(MINIMAL_TABLE))
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
        PROFI_JOBS_DB=os.path.join(tempfile.mkdtemp(prefix="profi-jobs-"), "jobs.sqlite3"),
    )
    if JOBS["redis_url"]:
        env["REDIS_URL"] = JOBS["redis_url"]  # the email job goes to Redis, as in production
    else:
        env.pop("REDIS_URL", None)  # the job queue's default: a SQLite file
    proc = subprocess.Popen(  # noqa: S603 — our own venv's gunicorn, loopback only
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", APP],
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


def worker_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master's worker processes (Linux /proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == master:  # field 4, the parent's pid
            ticks += int(fields[11]) + int(fields[12])  # fields 14 and 15: utime, stime (clock ticks)
    return ticks / os.sysconf("SC_CLK_TCK")


Post = tuple[object, str, dict]  # (opener with its cookies, URL, form fields)


def new_opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def form_from(opener, url: str, must_hold: str) -> Post:
    status, page = request(opener, url)
    match = CSRF.search(page)
    if status != 200 or must_hold not in page or match is None:
        raise RuntimeError(f"GET {url} answered {status} without the form")
    return opener, url, {"csrf_token": match.group(1)}


def booking_forms(
    base: str, study_id: int, session_ids: list[int], tokens: list[str], places: range
) -> list[Post]:
    """Each participant's confirm page for a place of their own (place k is in session k // CAPACITY)."""

    def one(k: int) -> Post:
        url = f"{base}/p/{tokens[k]}/studies/{study_id}/sessions/{session_ids[k // CAPACITY]}"
        opener, url, form = form_from(new_opener(), url, 'name="wants_welsh"')
        return opener, url, {**form, "wants_welsh": "no", "adjustments": ""}

    with ThreadPoolExecutor(CLIENTS) as pool:
        forms = list(pool.map(one, places))
    random.shuffle(forms)  # clients contend for sessions as real ones would
    return forms


def minimal_forms(base: str, count: int) -> list[Post]:
    """`count` POSTs of the minimal form, spread over as many cookie sessions as there are clients."""
    url = f"{base}/bench/minimal-post"
    sessions = [form_from(new_opener(), url, "csrf_token") for _ in range(CLIENTS)]
    return [sessions[n % CLIENTS] for n in range(count)]


@dataclass
class Measured:
    label: str
    millis: list[float]
    seconds: float
    failures: int
    cpu: float  # workers' CPU seconds

    @property
    def per_second(self) -> float:
        return len(self.millis) / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / len(self.millis)


def timed(label: str, posts: list[Post], succeeded: str, master: int) -> Measured:
    """Send the POSTs on CLIENTS threads; a POST fails unless it answers 200 with `succeeded` in its page."""
    times, failures, lock = [], [0], threading.Lock()

    def one(post: Post) -> None:
        opener, url, form = post
        began = time.perf_counter()
        status, page = request(opener, url, form)
        millis = (time.perf_counter() - began) * 1000
        with lock:
            times.append(millis)
            failures[0] += status != 200 or succeeded not in page

    cpu = worker_cpu(master)
    began = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, posts))
    seconds = time.perf_counter() - began
    return Measured(label, times, seconds, failures[0], worker_cpu(master) - cpu)


def merged(phases: list[Measured]) -> Measured:
    """One phase's rounds taken together."""
    return Measured(
        phases[0].label,
        [millis for phase in phases for millis in phase.millis],
        sum(phase.seconds for phase in phases),
        sum(phase.failures for phase in phases),
        sum(phase.cpu for phase in phases),
    )


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


# Run --------------------------------------------------------------------------------------------------------


def run(database_url: str, participants: int) -> None:
    began = time.perf_counter()
    study_id, session_ids, tokens = seed(database_url, participants)
    print(
        f"seeded {SESSIONS} sessions × {CAPACITY} places, {participants} consenting invited participants "
        f"in {time.perf_counter() - began:.1f} s"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = start_gunicorn(database_url, port, log)
        try:
            warm = booking_forms(base, study_id, session_ids, tokens, range(WARM))
            timed("warm-up", warm, BOOKED, proc.pid)
            timed("warm-up", minimal_forms(base, WARM), "saved", proc.pid)
            bookings = booking_forms(base, study_id, session_ids, tokens, range(WARM, WARM + PLACES))
            minimals = minimal_forms(base, len(bookings))
            size = len(bookings) // ROUNDS
            rounds = []
            for n in range(ROUNDS):  # interleaved, so a slow moment of the machine falls on both
                part = slice(n * size, (n + 1) * size)
                rounds.append(
                    (
                        timed("booking POST", bookings[part], BOOKED, proc.pid),
                        timed("minimal POST (one INSERT)", minimals[part], "saved", proc.pid),
                    )
                )
            booking = merged([b for b, _ in rounds])
            minimal = merged([m for _, m in rounds])
            repeat = timed("repeat booking POST (BK-2)", bookings, BOOKED, proc.pid)
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
    print(
        f"{'':<28} {'requests':>8} {'failed':>6} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/req':>10}"
    )
    for phase in (booking, minimal, repeat):
        print(
            f"{phase.label:<28} {len(phase.millis):>8} {phase.failures:>6} {phase.per_second:>8.1f} "
            f"{p(phase.millis, 50):>8.1f} {p(phase.millis, 95):>8.1f} {phase.cpu_ms:>10.2f}"
        )
    ratios = sorted(m.per_second / b.per_second for b, m in rounds)
    print(
        f"\nthroughput ratio in each of {ROUNDS} interleaved rounds: "
        + ", ".join(f"×{ratio:.1f}" for ratio in ratios)
        + f"; median ×{statistics.median(ratios):.1f}"
    )
    print(
        f"booking : minimal POST   throughput ×{minimal.per_second / booking.per_second:.1f}   "
        f"p50 ×{p(booking.millis, 50) / p(minimal.millis, 50):.1f}   "
        f"p95 ×{p(booking.millis, 95) / p(minimal.millis, 95):.1f}   "
        f"CPU ×{booking.cpu_ms / minimal.cpu_ms:.1f}   (issue 8 target: at most ×4)"
    )
    print(f"\noverbooked sessions (live bookings > capacity): {over}   (must be 0)")
    print(
        f"live bookings in the database: {live} of {WARM + PLACES}; sessions whose booked_count disagrees: {miscounted}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help=f"a PostgreSQL server to make the scratch database on (default {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--participants",
        type=int,
        default=WARM + PLACES,
        help=f"consenting participants (at least {WARM + PLACES})",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="queue the email jobs in this Redis (e.g. redis://127.0.0.1:6379/15) instead of the SQLite default",
    )
    args = parser.parse_args()
    JOBS["redis_url"] = args.redis_url
    server = args.database_url
    if server.startswith(("postgresql://", "postgres://")):
        server = "postgresql+psycopg://" + server.split("://", 1)[1]
    if not server.startswith("postgresql"):
        sys.exit("--database-url must name a PostgreSQL server")
    began = time.perf_counter()
    name, database_url = create_database(server)
    try:
        run(database_url, max(args.participants, WARM + PLACES))
    finally:
        drop_database(server, name)
        if JOBS["redis_url"]:  # the email jobs the run queued there: nobody will run them
            from huey import RedisHuey

            RedisHuey("profi", url=JOBS["redis_url"]).flush()
        print(f"\ndropped {name}; finished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
