"""How the register's filtered list and the coverage page scale: 100, 1,000 and 10,000 participants.

    .venv/bin/python benchmarks/participants.py [--database-url URL] [--repeats N]

Builds the schema with the migrations (as the tests do), bulk-inserts participants, signs in as a researcher
through the Flask test client and prints, for each size, each page's median time and its SQL query count, then
the 10,000 : 100 ratios. The default database is a temporary SQLite file; --database-url must name an empty
scratch database (PostgreSQL: postgresql+psycopg://…), which the script fills and leaves in place.
Timings are for reading, never for asserting (DESIGN habit 9); query counts should not grow with the register.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "SECRET_KEY", "benchmark-only-secret-key-not-for-use"
)  # so no instance/secret_key is written

import flask_migrate  # noqa: E402
from sqlalchemy import event, func, insert, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import StaffUser  # noqa: E402
from app.extensions import db  # noqa: E402
from app.participants.models import (  # noqa: E402
    LanguagePreference,
    OrganisationType,
    Participant,
    Region,
    Seniority,
)
from app.participants.search import search_key  # noqa: E402

SIZES = (100, 1_000, 10_000)
PAGES = {
    "register, filtered": "/participants?region=north&region=mid&seniority=manager&status=active&sort=name",
    "coverage": "/coverage",
}
PASSWORD = "benchmark-password"  # noqa: S105 — a throwaway account in a scratch database
FAST_HASH = "scrypt:1024:8:1"


def make_app(database_url: str):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "PROFI_DEMO": False,
            "PASSWORD_HASH_METHOD": FAST_HASH,
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        if db.session.scalar(select(func.count()).select_from(Participant)):
            sys.exit("The database already has participants: give an empty scratch database.")
    return app


def add_participants(start: int, stop: int) -> None:
    """Rows n in [start, stop), spread over the categories independently (the filtered list matches about 8%);
    every sixth needs adjustments; one in 25 is paused."""
    kinds, regions, levels, languages = (
        list(enum) for enum in (OrganisationType, Region, Seniority, LanguagePreference)
    )
    rows = []
    for n in range(start, stop):
        code, name, email = f"P-{n + 1:05d}", f"Cyfranogwr Ŵ {n}", f"bench{n}@example.org"
        rows.append(
            {
                "code": code,
                "full_name": name,
                "email": email,
                "organisation": "Cyngor Sir Ynys Môn",
                "organisation_type": kinds[n % 9],
                "region": regions[n % 5],
                "seniority": levels[(n // 5) % 5],
                "preferred_language": languages[n % 3],
                "adjustments": "Captions" if n % 6 == 0 else "",
                "status": "paused" if n % 25 == 0 else "active",
                "job_role": "Prynwr",
                "search_key": search_key(code, name, email, "Cyngor Sir Ynys Môn", "Prynwr"),
            }
        )
    db.session.execute(insert(Participant), rows)
    db.session.commit()


def measure(app, client, path: str, repeats: int) -> tuple[float, int]:
    """Median milliseconds over `repeats` requests, and the SQL statements one request runs."""
    client.get(path)  # warm caches and compiled templates
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), len(statements)


def run(database_url: str, repeats: int) -> None:
    app = make_app(database_url)
    with app.app_context():
        db.session.add(
            StaffUser(
                email="bench-researcher@example.org",
                name="Ymchwilydd",
                role="researcher",
                preferred_language="en",
                password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
            )
        )
        db.session.commit()
    client = app.test_client()
    signed_in = client.post("/sign-in", data={"email": "bench-researcher@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302, "could not sign in"

    results: dict[tuple[int, str], tuple[float, int]] = {}
    done = 0
    print(f"{'participants':>12}  {'page':<20} {'median ms':>10} {'queries':>8}")
    for size in SIZES:
        with app.app_context():
            add_participants(done, size)
        done = size
        for label, path in PAGES.items():
            results[size, label] = measure(app, client, path, repeats)
            millis, queries = results[size, label]
            print(f"{size:>12,}  {label:<20} {millis:>10.1f} {queries:>8}")
    print(f"\nratio {SIZES[-1]:,} : {SIZES[0]:,}")
    for label in PAGES:
        (small_ms, small_q), (big_ms, big_q) = results[SIZES[0], label], results[SIZES[-1], label]
        print(f"  {label:<20} time ×{big_ms / small_ms:.1f}   queries ×{big_q / small_q:.1f}")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty scratch database (default: a temporary SQLite file)")
    parser.add_argument("--repeats", type=int, default=7, help="timed requests per page and size (default 7)")
    args = parser.parse_args()
    began = time.perf_counter()
    if args.database_url:
        run(args.database_url, args.repeats)
    else:
        with tempfile.TemporaryDirectory(prefix="profi-bench-") as folder:
            run(f"sqlite:///{folder}/bench.sqlite3", args.repeats)
    print(f"\nfinished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
