"""Findings at scale: the findings list, search and the dashboard at N findings / 10 N observations and at ten times
that (issue 10, Evidence).

    .venv/bin/python benchmarks/findings.py [--database-url URL] [--findings N] [--repeat R]

Without --database-url: a scratch SQLite file in a temporary directory. With a PostgreSQL URL: a scratch database
made beside it (postgresql+psycopg://postgres@127.0.0.1:5432/postgres, say), dropped at the end, even on error.

Seeds one project (discovery and alpha, a study each, 40 sessions each), 200 participants through the services
(consent to everything; 10 without consent to quotes and 5 withdrawn, so held-back words are in play), 30 tags,
then N findings (default 1,000) and 10 N observations in bulk (Core inserts, then the search index built in bulk):
Welsh and English text, a rare name ("Llŷr", 1 in 500), a common word ("ffurflen", 1 in 10), two tags, three
observations of evidence and a recommendation per finding. Then times, as a viewer and as a researcher:

- the services the pages call: a page of 50 findings with n of m (findings.evidence), and search
  (findings.search) for a rare word, a common word, two words with a filter, one letter, and a participant code;
- the pages themselves through a test client, as a viewer: search, the findings list, the dashboard and the
  theme board.

Grows the data to 10 N findings / 100 N observations and times the same again. Prints for each the median time in
ms over R runs (default 15, after 2 untimed), the SQL statements it ran, and the ratio of the medians at 10× data
(target: at most 1.5× for pages; search under 200 ms at 100,000 observations on PostgreSQL). Timings are for
reading, never for asserting (DESIGN habit 9).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET_KEY = "benchmark-only-secret-key-not-for-use"  # noqa: S105 — a throwaway key for a scratch database
os.environ.setdefault("SECRET_KEY", SECRET_KEY)

import flask_migrate  # noqa: E402
from sqlalchemy import event, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.services import create_staff_user  # noqa: E402
from app.consent.models import Purpose, Section  # noqa: E402
from app.consent.services import create_draft, publish_form, record_consent, withdraw_consent  # noqa: E402
from app.extensions import db  # noqa: E402
from app.findings import evidence, search_index  # noqa: E402
from app.findings.models import (  # noqa: E402
    Evidence,
    Finding,
    FindingRound,
    FindingStandard,
    Observation,
    Recommendation,
    Tag,
    observation_tag,
)
from app.findings.search import SearchFilters, search  # noqa: E402
from app.findings.standards import CODES  # noqa: E402
from app.participants.services import ParticipantDetails, create_participant  # noqa: E402
from app.projects.models import Phase, Project  # noqa: E402
from app.studies.models import ResearchSession, Study  # noqa: E402
from benchmarks.booking import DEFAULT_SERVER, create_database, drop_database  # noqa: E402

PARTICIPANTS = 200
SESSIONS = 40
TAGS = 30
PAGE = 50
PASSWORD = "benchmark-password-not-for-use"  # noqa: S105
WORDS_CY = (
    "mae y yn roedd gwasanaeth cais ar-lein cyngor tîm caffael contract cyflenwr tendr dogfen templed "
    "gwefan anodd hawdd araf cyflym angen eisiau deall gweld chwilio dod o hyd i’r dudalen botwm cofrestru "
    "prosiect cam alffa darganfod gwybodaeth iaith Gymraeg Saesneg wedi’u drysu e-bost cyfrinair"
).split()
WORDS_EN = (
    "the a is was service application online council team procurement contract supplier tender document "
    "template website hard easy slow fast need want understand see search find page button register project "
    "phase alpha discovery information language Welsh English confused email password"
).split()
KINDS = ("quote", "behaviour", "pain_point", "need", "positive")
FINDING_KINDS = ("problem", "need", "insight", "positive")
STATUSES = ("new", "agreed", "in_progress", "fixed", "retested_resolved", "retested_persisting", "wont_fix")


def make_app(database_url: str):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": SECRET_KEY,
            "PROFI_DEMO": False,
            "MAIL_BACKEND": "none",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )


# Data ------------------------------------------------------------------------------------------------------


def seed(app) -> dict:
    """The project, its phases, studies, sessions, participants, tags and two members of staff."""
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        form = create_draft(
            title_cy="Ffurflen gydsynio",
            title_en="Consent form",
            sections={s.value: {"cy": f"Testun {s.value}", "en": f"Text {s.value}"} for s in Section},
            purposes={p.value: {"cy": f"Cwestiwn {p.value}?", "en": f"Question {p.value}?"} for p in Purpose},
        )
        publish_form(form, actor=None)
        project = Project(slug="bench", name_cy="Cyd", name_en="Cyd", summary_cy="", summary_en="")
        phases = [Phase(project=project, kind=kind) for kind in ("discovery", "alpha")]
        studies = [
            Study(
                phase=phase,
                title_cy=f"Astudiaeth {phase.kind}",
                title_en=f"Study {phase.kind}",
                method="interview",
                target_sample=20,
                required_purposes=["take_part"],
                status="done",
            )
            for phase in phases
        ]
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=60)
        sessions = [
            ResearchSession(
                study=study,
                starts_at=start + timedelta(hours=i),
                ends_at=start + timedelta(hours=i, minutes=45),
                capacity=1,
                mode="online",
                joining_link="https://meet.example.org/profi",
                language="cy",
                status="scheduled",
            )
            for study in studies
            for i in range(SESSIONS)
        ]
        db.session.add_all([project, *phases, *studies, *sessions])
        db.session.flush()
        people = []
        for n in range(PARTICIPANTS):
            person = create_participant(
                ParticipantDetails(
                    full_name=f"Cyfranogwr {n}",
                    email=f"bench{n}@example.org",
                    organisation="Cyngor Sir Ynys Môn",
                    organisation_type="local_authority",
                    region="north",
                    seniority="practitioner",
                    preferred_language="cy",
                ),
                audit=False,
            )
            answers = {p.value: True for p in Purpose}
            answers[Purpose.QUOTES.value] = n % 20 != 1  # 10 without consent to quotes
            record_consent(person, answers=answers, method="online", language="cy")
            if n % 40 == 3:  # 5 withdrawn
                withdraw_consent(person, method="online", language="cy")
            people.append(person)
        tags = [Tag(project_id=project.id, name=f"Thema {n}", key=f"thema {n}") for n in range(TAGS)]
        db.session.add_all(tags)
        for role in ("viewer", "researcher"):
            create_staff_user(
                email=f"{role}@example.org",
                name=role,
                role=role,
                password=PASSWORD,
                must_change_password=False,
            )
        db.session.commit()
        return {
            "project": project.id,
            "phases": [p.id for p in phases],
            "studies": [s.id for s in studies],
            "sessions": {s.id: s.study_id for s in sessions},
            "people": [p.id for p in people],
            "codes": [p.code for p in people],
            "tags": [t.id for t in tags],
        }


def _sentence(rng: random.Random, words: tuple[str, ...] | list[str], n: int) -> str:
    picked = [rng.choice(words) for _ in range(n)]
    if rng.random() < 0.1:
        picked.insert(rng.randrange(n), "ffurflen")
    if rng.random() < 0.002:
        picked.insert(rng.randrange(n), "Llŷr")
    return " ".join(picked).capitalize()


def _chunks(rows: list[dict], size: int = 5000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def grow(app, base: dict, findings: int, observations: int, seed_number: int) -> None:
    """Add findings and observations in bulk, with evidence, tags, standards and recommendations; then index
    them in bulk (the ORM hook does not see Core inserts) and refresh the planner's statistics."""
    rng = random.Random(seed_number)
    now = datetime.now(UTC)
    study_of_phase = dict(zip(base["phases"], base["studies"], strict=True))
    sessions_of = {
        study: [s for s, st in base["sessions"].items() if st == study] for study in base["studies"]
    }
    with app.app_context():
        first_observation = (db.session.scalar(select(db.func.max(Observation.id))) or 0) + 1
        rows = []
        for _ in range(observations):
            phase = rng.choice(base["phases"])
            welsh = rng.random() < 0.6
            rows.append(
                {
                    "project_id": base["project"],
                    "phase_id": phase,
                    "study_id": study_of_phase[phase],
                    "research_session_id": rng.choice(sessions_of[study_of_phase[phase]]),
                    "participant_id": rng.choice(base["people"]),
                    "kind": rng.choice(KINDS),
                    "text": _sentence(rng, WORDS_CY if welsh else WORDS_EN, rng.randint(8, 24)),
                    "language": "cy" if welsh else "en",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for chunk in _chunks(rows):
            db.session.execute(insert(Observation), chunk)
        new_observations = list(
            db.session.scalars(select(Observation.id).where(Observation.id >= first_observation))
        )
        phase_of = dict(
            db.session.execute(
                select(Observation.id, Observation.phase_id).where(Observation.id >= first_observation)
            ).all()
        )
        by_phase = {phase: [o for o in new_observations if phase_of[o] == phase] for phase in base["phases"]}
        tagged = [
            {"observation_id": oid, "tag_id": tag}
            for oid in new_observations
            for tag in rng.sample(base["tags"], 2)
        ]
        for chunk in _chunks(tagged):
            db.session.execute(insert(observation_tag), chunk)
        first_finding = (db.session.scalar(select(db.func.max(Finding.id))) or 0) + 1
        rows = []
        for _ in range(findings):
            phase = rng.choice(base["phases"])
            kind = rng.choice(FINDING_KINDS)
            rows.append(
                {
                    "project_id": base["project"],
                    "phase_id": phase,
                    "study_id": study_of_phase[phase],
                    "statement_cy": _sentence(rng, WORDS_CY, 12),
                    "statement_en": _sentence(rng, WORDS_EN, 12),
                    "kind": kind,
                    "severity": rng.randint(1, 4) if kind in ("problem", "need") else None,
                    "status": rng.choice(STATUSES),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for chunk in _chunks(rows):
            db.session.execute(insert(Finding), chunk)
        new_findings = db.session.execute(
            select(Finding.id, Finding.phase_id, Finding.status).where(Finding.id >= first_finding)
        ).all()
        rounds, links, standards, advice = [], [], [], []
        for fid, phase, status in new_findings:
            rounds.append(
                {
                    "finding_id": fid,
                    "phase_id": phase,
                    "status": status,
                    "note": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for oid in rng.sample(by_phase[phase], 3):
                links.append(
                    {
                        "finding_id": fid,
                        "observation_id": oid,
                        "project_id": base["project"],
                        "linked_at": now,
                    }
                )
            standards.append({"finding_id": fid, "standard": rng.choice(CODES)})
            advice.append(
                {
                    "finding_id": fid,
                    "text_cy": _sentence(rng, WORDS_CY, 10),
                    "text_en": _sentence(rng, WORDS_EN, 10),
                    "owner": "Tîm cynnwys",
                    "priority": "medium",
                    "status": "proposed",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for table, data in (
            (FindingRound, rounds),
            (Evidence, links),
            (FindingStandard, standards),
            (Recommendation, advice),
        ):
            for chunk in _chunks(data):
                db.session.execute(insert(table), chunk)
        connection = db.session.connection()
        search_index.index_observations(connection, new_observations)
        search_index.index_findings(connection, [row[0] for row in new_findings])
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()


# Measuring -------------------------------------------------------------------------------------------------


def timed(app, run: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    """(median ms, best ms, SQL statements of one run) of `run`, each in its own request context and session.
    The best run is printed beside the median: on a shared machine it is the steadier of the two."""
    engine = None
    with app.app_context():
        engine = db.engine
    counted: list[int] = []

    def count(*_args) -> None:
        counted[-1] += 1

    times = []
    event.listen(engine, "before_cursor_execute", count)
    try:
        for n in range(repeat + 2):
            counted.append(0)
            with app.test_request_context():
                began = time.perf_counter()
                run()
                elapsed = time.perf_counter() - began
                db.session.rollback()
            if n >= 2:
                times.append(elapsed * 1000)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(times), min(times), counted[-1]


def _findings_page(project_id: int) -> None:
    page = list(
        db.session.scalars(
            select(Finding).where(Finding.project_id == project_id).order_by(Finding.id.desc()).limit(PAGE)
        )
    )
    figures = evidence.n_of_m(page)
    [str(figures[f.id]) for f in page]


def _search(base: dict, query: str, filters: SearchFilters, *, researcher: bool) -> Callable[[], object]:
    def run() -> object:
        project = db.session.get(Project, base["project"])
        return search(project, query, filters, language="cy", show_held_back=researcher)

    return run


def _signed_in(app, role: str):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": f"{role}@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _get(client, path: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return run


# The project-wide pages a viewer reads (search is timed on its own, above).
VIEWER_PAGES = (
    ("page: findings list (viewer)", "/projects/bench/findings"),
    ("page: dashboard (viewer)", "/projects/bench/dashboard"),
    ("page: theme board (viewer)", "/projects/bench/themes"),
)


def measure(app, base: dict, repeat: int) -> dict[str, tuple[float, float, int]]:
    code = base["codes"][7]
    alpha = base["phases"][1]
    runs: list[tuple[str, Callable[[], object]]] = [
        ("service: 50 findings with n of m", lambda: _findings_page(base["project"])),
        ("search: rare word (viewer)", _search(base, "Llyr", SearchFilters(), researcher=False)),
        ("search: common word (viewer)", _search(base, "ffurflen", SearchFilters(), researcher=False)),
        (
            "search: 2 words + phase (viewer)",
            _search(base, "tîm caffael", SearchFilters(phase_id=alpha), researcher=False),
        ),
        ("search: one letter (viewer)", _search(base, "y", SearchFilters(), researcher=False)),
        ("search: participant code (researcher)", _search(base, code, SearchFilters(), researcher=True)),
        (
            "search: severity filter only (viewer)",
            _search(base, "", SearchFilters(severity=4), researcher=False),
        ),
    ]
    viewer = _signed_in(app, "viewer")
    runs.append(("page: search ?q=Llyr (viewer)", _get(viewer, "/projects/bench/search?q=Llyr")))
    runs.append(("page: search ?q=ffurflen (viewer)", _get(viewer, "/projects/bench/search?q=ffurflen")))
    runs += [(label, _get(viewer, path)) for label, path in VIEWER_PAGES]
    return {label: timed(app, run, repeat) for label, run in runs}


def report(scale: int, small: dict, large: dict) -> None:
    print(
        f"\n{'':40} {scale:>6,} findings, {scale * 10:>7,} obs.  {scale * 10:>6,} findings, {scale * 100:>7,} obs.\n"
        f"{'what':40} {'median':>8} {'best':>8} {'SQL':>4}      {'median':>8} {'best':>8} {'SQL':>4}"
        "   ratio: median  best"
    )
    for label, (ms, best, statements) in small.items():
        big_ms, big_best, big_statements = large[label]
        print(
            f"{label:40} {ms:8.1f} {best:8.1f} {statements:4d}      {big_ms:8.1f} {big_best:8.1f} {big_statements:4d}"
            f"   {big_ms / ms:12.2f}× {big_best / best:5.2f}×"
        )


def run(database_url: str, scale: int, repeat: int) -> None:
    app = make_app(database_url)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    began = time.perf_counter()
    base = seed(app)
    grow(app, base, scale, scale * 10, 1)
    print(f"seeded {scale:,} findings and {scale * 10:,} observations in {time.perf_counter() - began:.1f} s")
    small = measure(app, base, repeat)
    began = time.perf_counter()
    grow(app, base, scale * 9, scale * 90, 2)
    print(
        f"grown to {scale * 10:,} findings and {scale * 100:,} observations in {time.perf_counter() - began:.1f} s"
    )
    large = measure(app, base, repeat)
    report(scale, small, large)
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default="",
        help=f"a PostgreSQL server to make the scratch database on (e.g. {DEFAULT_SERVER}); SQLite when left out",
    )
    parser.add_argument(
        "--findings", type=int, default=1000, help="findings at the smaller size (default 1000)"
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each (default 15)")
    args = parser.parse_args()
    began = time.perf_counter()
    server = args.database_url
    if not server:
        with tempfile.TemporaryDirectory(prefix="profi-bench-findings-") as folder:
            run(f"sqlite:///{folder}/bench.db", args.findings, args.repeat)
        print(f"\nfinished in {time.perf_counter() - began:.1f} s")
        return
    if server.startswith(("postgresql://", "postgres://")):
        server = "postgresql+psycopg://" + server.split("://", 1)[1]
    if not server.startswith("postgresql"):
        sys.exit("--database-url must name a PostgreSQL server")
    name, database_url = create_database(server)
    try:
        run(database_url, args.findings, args.repeat)
    finally:
        drop_database(server, name)
        print(f"\ndropped {name}; finished in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
