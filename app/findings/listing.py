"""The findings list of a project (issue 10, items 4 and 7): filters by phase, study, kind, severity, status, tag
and service standard, as plain SQL on the finding table, and each row's plain values for the page.

Every figure comes from findings.evidence (n of m: the one place). A page of rows costs the same number of
queries however many findings the project has: the filtered query and its count (app.common.paging), then a
fixed handful for the page's rows, whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from app.common.converters import MAX_ID
from app.extensions import db
from app.findings import evidence
from app.findings.findings import needs_translation
from app.findings.models import Evidence, Finding, FindingRound, FindingStandard, Tag, observation_tag
from app.findings.standards import BY_CODE
from app.findings.vocabulary import FindingKind, FindingStatus
from app.projects.models import Phase, Project
from app.studies.models import Study

FILTER_NAMES = ("phase", "study", "kind", "severity", "status", "tag", "standard")


@dataclass(frozen=True)
class FindingFilter:
    """What the list is cut to; None means "any". `phase_id`: findings found in the phase or carried into it
    (a round there); `tag_id`: findings whose evidence carries the tag; `standard`: a code of findings.standards."""

    phase_id: int | None = None
    study_id: int | None = None
    kind: str | None = None
    severity: int | None = None
    status: str | None = None
    tag_id: int | None = None
    standard: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == FindingFilter()


def parse_id(value: str | None) -> int | None:
    """A positive id (at most MAX_ID) written in ASCII digits, else None."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def filter_from(args: Mapping[str, str]) -> FindingFilter:
    """The filter a query string asks for (?phase=3&kind=problem…). Values that are not ids or not words of the
    vocabulary filter nothing, so a tampered address shows the whole list, never an error."""
    severity = parse_id(args.get("severity"))
    kind, status, standard = args.get("kind"), args.get("status"), args.get("standard")
    return FindingFilter(
        phase_id=parse_id(args.get("phase")),
        study_id=parse_id(args.get("study")),
        kind=kind if kind in set(FindingKind) else None,
        severity=severity if severity in (1, 2, 3, 4) else None,
        status=status if status in set(FindingStatus) else None,
        tag_id=parse_id(args.get("tag")),
        standard=standard if standard in BY_CODE else None,
    )


def findings_query(project: Project, chosen: FindingFilter) -> Select[tuple[Finding]]:
    """The project's findings that match, most severe first (ungraded kinds after graded ones), then as written.
    A filter on something of another project (a phase, a study, a tag) matches nothing."""
    stmt = select(Finding).where(Finding.project_id == project.id)
    if chosen.phase_id is not None:
        stmt = stmt.where(
            Finding.id.in_(select(FindingRound.finding_id).where(FindingRound.phase_id == chosen.phase_id))
        )
    if chosen.study_id is not None:
        stmt = stmt.where(Finding.study_id == chosen.study_id)
    if chosen.kind is not None:
        stmt = stmt.where(Finding.kind == chosen.kind)
    if chosen.severity is not None:
        stmt = stmt.where(Finding.severity == chosen.severity)
    if chosen.status is not None:
        stmt = stmt.where(Finding.status == chosen.status)
    if chosen.tag_id is not None:
        tagged = (
            select(Evidence.finding_id)
            .join(observation_tag, observation_tag.c.observation_id == Evidence.observation_id)
            .where(observation_tag.c.tag_id == chosen.tag_id)
        )
        stmt = stmt.where(Finding.id.in_(tagged))
    if chosen.standard is not None:
        stmt = stmt.where(
            Finding.id.in_(
                select(FindingStandard.finding_id).where(FindingStandard.standard == chosen.standard)
            )
        )
    return stmt.order_by(func.coalesce(Finding.severity, 0).desc(), Finding.id)


@dataclass(frozen=True)
class FindingRow:
    """One finding as the list shows it. `statement` is in `statement_language` (the reader's, or the other
    when the reader's is missing); `needs` is "cy" or "en" when one language is missing."""

    id: int
    statement: str
    statement_language: str
    needs: str | None
    kind: str
    severity: int | None
    status: str
    n_of_m: evidence.NOfM


def rows_for(findings: Iterable[Finding], language: str) -> list[FindingRow]:
    """The list's rows for one page of findings, in the reader's `language`: n of m from findings.evidence."""
    findings = list(findings)
    figures = evidence.n_of_m(findings)
    rows = []
    for finding in findings:
        own = (finding.statement_cy if language == "cy" else finding.statement_en).strip()
        other = "en" if language == "cy" else "cy"
        rows.append(
            FindingRow(
                id=finding.id,
                statement=own or (finding.statement_en if language == "cy" else finding.statement_cy).strip(),
                statement_language=language if own else other,
                needs=needs_translation(finding),
                kind=str(finding.kind),
                severity=finding.severity,
                status=str(finding.status),
                n_of_m=figures[finding.id],
            )
        )
    return rows


@dataclass(frozen=True)
class FilterChoices:
    """What the project's filters offer: (id, label) pairs, labels in the reader's language."""

    phases: list[tuple[int, str]]
    studies: list[tuple[int, str]]
    tags: list[tuple[int, str]]
    study_phases: dict[int, int]  # {study id: its phase id}


def filter_choices(project: Project, language: str) -> FilterChoices:
    """The project's phases (in service order), studies (by phase, then title) and tags (by name). Two queries."""
    phases = [(phase.id, phase.label) for phase in project.ordered_phases]
    found = db.session.execute(
        select(Study.id, Study.phase_id, Study.title_cy, Study.title_en)
        .join(Phase, Phase.id == Study.phase_id)
        .where(Phase.project_id == project.id)
        .order_by(Study.id)
    ).all()
    studies = [
        (study_id, (title_cy if language == "cy" else title_en) or title_en or title_cy)
        for study_id, _phase_id, title_cy, title_en in found
    ]
    tags = [
        (tag_id, name)
        for tag_id, name in db.session.execute(
            select(Tag.id, Tag.name).where(Tag.project_id == project.id).order_by(Tag.key)
        )
    ]
    return FilterChoices(
        phases=phases, studies=studies, tags=tags, study_phases={row[0]: row[1] for row in found}
    )
