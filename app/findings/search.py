"""Searching a project's findings and observations (issue 10, item 6; CON-7, DP-7).

A query is cut into terms (findings.search_text: folded, punctuation gone, each a run of words that must start a
word of the text) and every term must match. The matching is the database's own text search over the index
(findings.search_index): FTS5 MATCH with each term as a quoted phrase on SQLite, LIKE on the trigram-indexed
words on PostgreSQL — the same hits on both, and no user text ever reaches a query language. Terms of one
letter are too short for trigrams: SQLite checks them with instr() on the rows the other terms left.

Filters apply where they mean something: phase (a finding's rounds; an observation's phase), study, tag (an
observation's tags; a finding through its evidence) to both; kind of observation to observations only; kind of
finding, severity, status and standard to findings only — choosing one of those shows findings alone.

Withdrawal and quotes consent (CON-7): whose words are held back is read at the time of the search
(evidence.held_back_reasons). Readers who may not see held-back words (viewers) get no hit, no snippet and no
count from such an observation — not even that it matched; researchers see it marked with the reason.
Statements: two per group shown, plus two for held-back words, one for tags and one for recommendations,
however many rows match (a fixed number: tests/findings/test_search_queries.py). Hits carry no n of m: computing
it (findings.evidence) reads every observation of the finding's study or phase, which at 100,000 observations
costs more than the whole search; the finding's own page and the findings list show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.findings import evidence
from app.findings.models import (
    Evidence,
    Finding,
    FindingRound,
    FindingStandard,
    Observation,
    Recommendation,
    Tag,
    observation_tag,
)
from app.findings.search_index import FTS_TABLE, SearchEntry
from app.findings.search_text import matches, query_terms, snippet
from app.projects.models import Phase, Project
from app.studies.models import Study

PER_PAGE = 20
SHOW_FINDINGS = "findings"
SHOW_OBSERVATIONS = "observations"
_FTS = table(FTS_TABLE, column("rowid"), column("words"))


@dataclass(frozen=True)
class SearchFilters:
    """What to narrow the search to; empty values narrow nothing. Ids are of the project's own rows (the form
    checks them); `show` is "", SHOW_FINDINGS or SHOW_OBSERVATIONS."""

    show: str = ""
    phase_id: int | None = None
    study_id: int | None = None
    tag_id: int | None = None
    observation_kind: str = ""
    finding_kind: str = ""
    severity: int | None = None
    status: str = ""
    standard: str = ""

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) not in ("", None) for f in fields(self))

    @property
    def findings_only(self) -> bool:
        return self.show == SHOW_FINDINGS or bool(
            self.finding_kind or self.severity or self.status or self.standard
        )

    @property
    def observations_only(self) -> bool:
        return self.show == SHOW_OBSERVATIONS or bool(self.observation_kind)


@dataclass(frozen=True)
class ResultPage:
    """One page of a group of hits (the shape app/templates/macros/paging.html reads)."""

    items: list[Any]
    number: int
    pages: int
    total: int
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class FindingHit:
    finding: Finding
    snippet: Markup  # escaped, matches in <mark>
    language: str  # the language of the snippet ("cy" or "en")


@dataclass(frozen=True)
class ObservationHit:
    observation: Observation
    snippet: Markup
    held_back: str | None = None  # why the words are held back (evidence.HELD_*), for researchers only


@dataclass(frozen=True)
class SearchResults:
    terms: list[str]
    findings: ResultPage | None = None  # None: the filters rule findings out
    observations: ResultPage | None = None
    searched: bool = field(
        default=True
    )  # False when nothing was typed or chosen: the page shows the form only


# Matching ------------------------------------------------------------------------------------------------------


def _text_conditions(terms: list[str]) -> list[ColumnElement[bool]]:
    """Conditions on SearchEntry for every term to match, in the database's own text search."""
    if not terms:
        return []
    if db.session.get_bind().dialect.name == "sqlite":
        phrases = [term for term in terms if len(term) >= 3]
        conditions: list[ColumnElement[bool]] = [
            func.instr(SearchEntry.words, term) > 0 for term in terms if len(term) < 3
        ]
        if phrases:
            match = " AND ".join('"' + term.replace('"', '""') + '"' for term in phrases)
            matched = select(_FTS.c.rowid).where(
                literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_match", match))
            )
            conditions.insert(0, SearchEntry.id.in_(matched))
        return conditions
    return [
        SearchEntry.words.like("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        for term in terms
    ]


def _finding_hits(project_id: int, terms: list[str], filters: SearchFilters) -> Select:
    stmt = select(Finding.id).where(Finding.project_id == project_id)
    if terms:
        stmt = stmt.join(SearchEntry, SearchEntry.finding_id == Finding.id).where(*_text_conditions(terms))
    if filters.phase_id:
        stmt = stmt.where(
            exists().where(FindingRound.finding_id == Finding.id, FindingRound.phase_id == filters.phase_id)
        )
    if filters.study_id:
        stmt = stmt.where(Finding.study_id == filters.study_id)
    if filters.tag_id:
        stmt = stmt.where(
            exists()
            .where(Evidence.finding_id == Finding.id)
            .where(observation_tag.c.observation_id == Evidence.observation_id)
            .where(observation_tag.c.tag_id == filters.tag_id)
        )
    if filters.finding_kind:
        stmt = stmt.where(Finding.kind == filters.finding_kind)
    if filters.severity:
        stmt = stmt.where(Finding.severity == filters.severity)
    if filters.status:
        stmt = stmt.where(Finding.status == filters.status)
    if filters.standard:
        stmt = stmt.where(
            exists().where(
                FindingStandard.finding_id == Finding.id, FindingStandard.standard == filters.standard
            )
        )
    return stmt


def _observation_hits(project_id: int, terms: list[str], filters: SearchFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Observation.project_id == project_id]
    if terms:
        entries = select(SearchEntry.observation_id).where(
            SearchEntry.project_id == project_id, *_text_conditions(terms)
        )
        conditions.append(Observation.id.in_(entries))
    if filters.phase_id:
        conditions.append(Observation.phase_id == filters.phase_id)
    if filters.study_id:
        conditions.append(Observation.study_id == filters.study_id)
    if filters.observation_kind:
        conditions.append(Observation.kind == filters.observation_kind)
    if filters.tag_id:
        conditions.append(
            exists().where(
                observation_tag.c.observation_id == Observation.id, observation_tag.c.tag_id == filters.tag_id
            )
        )
    return conditions


def _page_number(asked: int, total: int) -> tuple[int, int]:
    pages = max(-(-total // PER_PAGE), 1)
    return min(max(asked, 1), pages), pages


# Groups --------------------------------------------------------------------------------------------------------


def _findings_page(
    project_id: int, terms: list[str], filters: SearchFilters, page: int, language: str
) -> ResultPage:
    hits = _finding_hits(project_id, terms, filters)
    total = db.session.scalar(select(func.count()).select_from(hits.subquery())) or 0
    number, pages = _page_number(page, total)
    found = list(
        db.session.scalars(
            select(Finding)
            .where(Finding.id.in_(hits.scalar_subquery()))
            .options(joinedload(Finding.phase))
            .order_by(Finding.id.desc())
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        )
    )
    advice: dict[int, list[tuple[str, str]]] = {}
    if found and terms:
        for finding_id, text_cy, text_en in db.session.execute(
            select(Recommendation.finding_id, Recommendation.text_cy, Recommendation.text_en)
            .where(Recommendation.finding_id.in_([f.id for f in found]))
            .order_by(Recommendation.id)
        ):
            advice.setdefault(finding_id, []).extend((("cy", text_cy), ("en", text_en)))
    items = []
    for finding in found:
        text, lang = _finding_text(finding, terms, language, advice.get(finding.id, []))
        items.append(FindingHit(finding, snippet(text, terms), lang))
    return ResultPage(items, number, pages, total)


def _finding_text(
    finding: Finding, terms: list[str], language: str, advice: list[tuple[str, str]]
) -> tuple[str, str]:
    """The text to show for a finding: its statement in the reader's language, unless the terms match only the
    other language's statement or a recommendation; the other language's when the reader's is empty."""
    other = "en" if language == "cy" else "cy"
    statements = [
        (language, getattr(finding, f"statement_{language}")),
        (other, getattr(finding, f"statement_{other}")),
    ]
    candidates = statements + sorted(advice, key=lambda pair: pair[0] != language)
    for lang, text in candidates:
        if text and matches(text, terms):
            return text, lang
    for lang, text in statements:
        if text:
            return text, lang
    return "", language


def _observations_page(
    project_id: int, terms: list[str], filters: SearchFilters, page: int, *, show_held_back: bool
) -> ResultPage:
    conditions = _observation_hits(project_id, terms, filters)
    per_person: dict[int, int] = {
        participant_id: n
        for participant_id, n in db.session.execute(
            select(Observation.participant_id, func.count())
            .where(*conditions)
            .group_by(Observation.participant_id)
        )
    }
    held = evidence.held_back_reasons(per_person)
    if not show_held_back and held:
        conditions.append(Observation.participant_id.not_in(list(held)))
    total = sum(n for pid, n in per_person.items() if show_held_back or pid not in held)
    number, pages = _page_number(page, total)
    found = list(
        db.session.scalars(
            select(Observation)
            .where(and_(*conditions))
            .options(joinedload(Observation.phase))
            .order_by(Observation.id.desc())
            .limit(PER_PAGE)
            .offset((number - 1) * PER_PAGE)
        ).unique()
    )
    items = [
        ObservationHit(o, snippet(o.text, terms), held.get(o.participant_id) if show_held_back else None)
        for o in found
        if show_held_back or o.participant_id not in held
    ]
    return ResultPage(items, number, pages, total)


def search(
    project: Project,
    query: str,
    filters: SearchFilters,
    *,
    language: str,
    show_held_back: bool,
    findings_page: int = 1,
    observations_page: int = 1,
) -> SearchResults:
    """Findings and observations of `project` matching `query` (any text: never an error) and `filters`, newest
    first, a page of each group (PER_PAGE; page numbers out of range show the nearest page). Snippets are
    escaped with the matches in <mark>; a finding's is in `language` ("cy" or "en") when that has the match.

    `show_held_back`: True for researchers and admins, who see held-back observations marked with why; False
    for viewers, whose results leave them out entirely (CON-7, DP-7). Nothing typed and nothing chosen:
    SearchResults(searched=False), no statements run."""
    terms = query_terms(query)
    if not terms and not filters.any:
        return SearchResults(terms, searched=False)
    return SearchResults(
        terms,
        findings=None
        if filters.observations_only
        else _findings_page(project.id, terms, filters, findings_page, language),
        observations=None
        if filters.findings_only
        else _observations_page(project.id, terms, filters, observations_page, show_held_back=show_held_back),
    )


@dataclass(frozen=True)
class SearchOptions:
    """What the filters offer for a project: its phases (in order), studies and tags."""

    phases: list[Phase]
    studies: list[Study]
    tags: list[Tag]


def search_options(project: Project) -> SearchOptions:
    """The project's phases, studies (as made) and tags (by folded name). Three statements."""
    phases = list(project.ordered_phases)
    studies = list(
        db.session.scalars(
            select(Study).where(Study.phase_id.in_([phase.id for phase in phases])).order_by(Study.id)
        )
    )
    tags = list(db.session.scalars(select(Tag).where(Tag.project_id == project.id).order_by(Tag.key)))
    return SearchOptions(phases, studies, tags)
