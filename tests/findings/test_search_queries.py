"""Search runs the same number of SQL statements for 10 findings and for 1,000 (issue 10, Evidence; P-4), for
researchers and for viewers, with words and with filters."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from app.extensions import db
from app.findings import search_index
from app.findings.models import Finding, FindingRound, Observation
from app.models_base import utcnow
from tests.factories import FindingFactory, ObservationFactory
from tests.findings.search_corpus import make_corpus
from tests.queries import queries_for_page

PATHS = (
    "/projects/chwilio/search?q=Llyr",
    "/projects/chwilio/search?q=Llyr+anodd&phase={phase}",
    "/projects/chwilio/search?q=l",  # one letter: the short-term path on SQLite
    "/projects/chwilio/search?tag={tag}&findings_page=2&observations_page=3",
    "/projects/chwilio/search?q=Llyr&status=new",
)


def _more(corpus, n: int) -> None:
    """n findings and n observations more that match "Llyr anodd", written in bulk, then indexed."""
    now = utcnow()
    phase, study = corpus.phases["discovery"], corpus.studies["discovery"]
    first = corpus.observations["llyr"]
    people = [corpus.people[name].id for name in "abc"]
    session_of = {
        person: db.session.scalars(
            db.select(Observation.research_session_id).where(Observation.participant_id == person).limit(1)
        ).one()
        for person in people
    }
    db.session.execute(
        insert(Finding),
        [
            {
                "project_id": corpus.project.id,
                "phase_id": phase.id,
                "study_id": study.id,
                "statement_cy": f"Mae Llŷr yn ei chael hi’n anodd {i}",
                "statement_en": f"Llŷr finds it hard {i}",
                "kind": "problem",
                "severity": 2,
                "status": "new",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n)
        ],
    )
    new = db.session.scalars(
        db.select(Finding.id).where(Finding.statement_en.like("Llŷr finds it hard %"))
    ).all()
    db.session.execute(
        insert(FindingRound),
        [
            {
                "finding_id": fid,
                "phase_id": phase.id,
                "status": "new",
                "note": "",
                "created_at": now,
                "updated_at": now,
            }
            for fid in new
        ],
    )
    db.session.execute(
        insert(Observation),
        [
            {
                "project_id": corpus.project.id,
                "phase_id": first.phase_id,
                "study_id": first.study_id,
                "research_session_id": session_of[people[i % 3]],
                "participant_id": people[i % 3],
                "kind": "quote",
                "text": f"Llŷr: mae’n anodd {i}",
                "language": "cy",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n)
        ],
    )
    search_index.rebuild(db.session.connection(), project_id=corpus.project.id)
    db.session.commit()


@pytest.mark.parametrize("role", ["researcher", "viewer"])
def test_search_runs_as_many_statements_for_1000_findings_as_for_10(app, client, as_role, role):
    with app.app_context():
        corpus = make_corpus()
        for _ in range(7):
            FindingFactory(study=corpus.studies["discovery"], statement_cy="Llŷr anodd")
            ObservationFactory(
                booking=None,
                research_session=corpus.observations["llyr"].research_session,
                participant=corpus.people["a"],
                text="Llŷr anodd",
            )
        db.session.commit()
        values = {"phase": corpus.phases["discovery"].id, "tag": corpus.tag.id}
    as_role(role)
    paths = [path.format(**values) for path in PATHS]
    few = [queries_for_page(app, client, path) for path in paths]
    with app.app_context():
        _more(db.session.merge(corpus.project) and corpus, 990)
    many = [queries_for_page(app, client, path) for path in paths]
    assert many == few
