"""The search index (issue 10, item 6): one row per observation and per finding holding its folded words
(findings.search_text), kept in step with them in the same transaction, and the database's own text search over
it (migration 0021_search):

- SQLite: `search_entry_fts`, an external-content FTS5 table over search_entry.words with the trigram tokenizer
  (case-sensitive: the words are folded already), kept in step by triggers on search_entry.
- PostgreSQL: a GIN trigram index (pg_trgm, gin_trgm_ops) on search_entry.words, which LIKE '% term%' uses.

Both answer "does this term occur in the words", so both databases give the same hits.

What is indexed: an observation's participant code ("P-0042" finds their observations) and text; a finding's
Welsh and English statements and its recommendations' text in both languages. The entry is rewritten after
every flush that creates or changes one of these (an ORM hook below, so services, imports, factories and the
demo all keep it without calling anything); deleting an observation, a finding or a project removes its entries
through the foreign keys' ON DELETE CASCADE (and, on SQLite, the FTS5 rows through the triggers).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    CheckConstraint,
    Connection,
    ForeignKey,
    Index,
    Integer,
    Text,
    delete,
    event,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.findings.models import Finding, Observation, Recommendation
from app.findings.search_text import index_text
from app.models_base import Base
from app.participants.models import Participant

FTS_TABLE = "search_entry_fts"  # SQLite only
TRIGRAM_INDEX = "ix_search_entry_words_trgm"  # PostgreSQL only
# Made by the migration, not by the models: the drift check leaves them alone.
DATABASE_ONLY = (FTS_TABLE, TRIGRAM_INDEX)
_CHUNK = 500


class SearchEntry(Base):
    """The folded words of one observation or one finding (exactly one of the two), by project."""

    __tablename__ = "search_entry"
    __table_args__ = (
        CheckConstraint("(observation_id IS NULL) <> (finding_id IS NULL)", name="one_target"),
        Index("ix_search_entry_project_id", "project_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), unique=True
    )
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), unique=True)
    words: Mapped[str] = mapped_column(Text, nullable=False)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def index_observations(connection: Connection, observation_ids: Iterable[int]) -> None:
    """Rewrite the entries of these observations (none for those that no longer exist). Two statements a chunk
    of 500, plus one to insert."""
    table = SearchEntry.__table__
    for ids in _chunks(observation_ids):
        rows = connection.execute(
            select(Observation.id, Observation.project_id, Participant.code, Observation.text)
            .join(Participant, Participant.id == Observation.participant_id)
            .where(Observation.id.in_(ids))
        ).all()
        connection.execute(delete(table).where(table.c.observation_id.in_(ids)))
        if rows:
            connection.execute(
                insert(table),
                [
                    {"project_id": project_id, "observation_id": oid, "words": index_text(code, text)}
                    for oid, project_id, code, text in rows
                ],
            )


def index_findings(connection: Connection, finding_ids: Iterable[int]) -> None:
    """Rewrite the entries of these findings: statements and recommendations, Welsh and English."""
    table = SearchEntry.__table__
    for ids in _chunks(finding_ids):
        findings = connection.execute(
            select(Finding.id, Finding.project_id, Finding.statement_cy, Finding.statement_en).where(
                Finding.id.in_(ids)
            )
        ).all()
        advice: dict[int, list[str]] = {}
        for finding_id, text_cy, text_en in connection.execute(
            select(Recommendation.finding_id, Recommendation.text_cy, Recommendation.text_en)
            .where(Recommendation.finding_id.in_(ids))
            .order_by(Recommendation.id)
        ):
            advice.setdefault(finding_id, []).extend((text_cy, text_en))
        connection.execute(delete(table).where(table.c.finding_id.in_(ids)))
        if findings:
            connection.execute(
                insert(table),
                [
                    {
                        "project_id": project_id,
                        "finding_id": fid,
                        "words": index_text(welsh, english, *advice.get(fid, [])),
                    }
                    for fid, project_id, welsh, english in findings
                ],
            )


def rebuild(connection: Connection, *, project_id: int | None = None) -> None:
    """Index every observation and finding (of one project, or of all): for data written without the ORM (bulk
    inserts, the benchmark)."""
    observations = select(Observation.id)
    findings = select(Finding.id)
    if project_id is not None:
        observations = observations.where(Observation.project_id == project_id)
        findings = findings.where(Finding.project_id == project_id)
    index_observations(connection, connection.scalars(observations))
    index_findings(connection, connection.scalars(findings))


def _changed(obj, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _keep_index_in_step(session: Session, _flush_context) -> None:
    """After each flush, in its transaction: rewrite the entries of observations and findings created or whose
    words changed (a recommendation's words count as its finding's)."""
    observations: set[int] = set()
    findings: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Observation):
            observations.add(obj.id)
        elif isinstance(obj, Finding):
            findings.add(obj.id)
        elif isinstance(obj, Recommendation):
            findings.add(obj.finding_id)
    for obj in session.dirty:
        if isinstance(obj, Observation) and _changed(obj, "text", "participant_id"):
            observations.add(obj.id)
        elif isinstance(obj, Finding) and _changed(obj, "statement_cy", "statement_en"):
            findings.add(obj.id)
        elif isinstance(obj, Recommendation) and _changed(obj, "text_cy", "text_en", "finding_id"):
            findings.add(obj.finding_id)
            findings.update(inspect(obj).attrs["finding_id"].history.deleted or ())
    for obj in session.deleted:
        if isinstance(obj, Recommendation):
            findings.add(obj.finding_id)
    if not (observations or findings):
        return
    connection = session.connection()
    if observations:
        index_observations(connection, observations)
    if findings:
        index_findings(connection, {fid for fid in findings if fid is not None})
