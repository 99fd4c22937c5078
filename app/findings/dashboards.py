"""The project dashboard (issue 10, item 7): the figures a delivery team reads at a glance, each drawn as a chart
and given as a table of exactly the same words and numbers.

- **Sessions in each phase**: research sessions (not cancelled) that someone attended, and no-shows: sessions
  where someone booked was marked as not attending and nobody attended (from the bookings' statuses).
- **Welsh-medium sessions**: sessions held in each phase and how many ran in Welsh or both languages
  (app/studies/welsh_medium.py decides what counts, WL-5).
- **Participants** by type of organisation, region and preferred language: the people who took part in the
  project (app/findings/evidence.py: project_participant_ids). Counts of people, so protected (DP-7,
  app/common/disclosure.py): below 3 shown as "fewer than 3", one more hidden, or the breakdown withheld; the
  total itself is "fewer than 3" (and every breakdown withheld) when 1 or 2 people took part. No percentages.
- **Findings** by severity (insights and positive findings are not graded) and by status now; **recommendations**
  by status. Counts of findings, recommendations and sessions are not about people and are shown as they are.

Only counts leave this module: never a name, contact detail, adjustment or participant code. The number of SQL
queries is the same however much data there is: one or two for each kind of figure (GROUP BY, never a loop).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from app.booking.models import Booking, BookingStatus
from app.common import charts
from app.common.disclosure import SMALLEST_SHOWN, Cell, Shown, protect
from app.extensions import db
from app.findings.evidence import project_participant_ids
from app.findings.models import Finding, Recommendation
from app.findings.vocabulary import (
    FINDING_STATUS_LABELS,
    RECOMMENDATION_STATUS_LABELS,
    SEVERITY_LABELS,
    SEVERITY_LEVELS,
)
from app.participants.models import (
    LANGUAGE_PREFERENCE_LABELS,
    ORGANISATION_TYPE_LABELS,
    REGION_LABELS,
    Participant,
)
from app.projects.models import Phase, Project
from app.studies.models import ResearchSession, SessionStatus, Study
from app.studies.welsh_medium import language_summaries_by_phase

# The participant breakdowns: attribute of Participant -> its categories and their words.
PEOPLE_BREAKDOWNS: dict[str, dict[Any, Any]] = {
    "organisation_type": ORGANISATION_TYPE_LABELS,
    "region": REGION_LABELS,
    "preferred_language": LANGUAGE_PREFERENCE_LABELS,
}


@dataclass(frozen=True)
class Figure:
    """One chart and its table: `rows` of (category, one charts.Value per column). A value's `text` is what both
    show; its `amount` is None when it must not be shown (and then no bar is drawn)."""

    name: str
    heading: str
    summary: str  # what the chart shows: the first sentence of its text alternative
    row_heading: str  # the table's first column
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[charts.Value, ...]], ...]
    withheld: bool = False  # a breakdown of people that cannot be shown safely: neither chart nor table


@dataclass(frozen=True)
class Dashboard:
    phases: int
    participants: str  # how many took part, as shown: "12", "fewer than 3" or "0"
    took_part: bool  # anyone at all
    sessions: list[Figure]  # sessions in each phase, Welsh-medium sessions
    people: list[Figure]
    findings: list[Figure]  # by severity, by status
    recommendations: Figure

    @property
    def finding_count(self) -> int:
        return sum(int(values[0].amount or 0) for _, values in self.findings[0].rows)

    @property
    def recommendation_count(self) -> int:
        return sum(int(values[0].amount or 0) for _, values in self.recommendations.rows)

    @property
    def figures(self) -> list[Figure]:
        return [*self.sessions, *self.people, *self.findings, self.recommendations]

    @property
    def suppressed(self) -> bool:
        """Whether any count of people is held back on the page (the page then says why)."""
        return any(
            figure.withheld or any(v.amount is None for _, values in figure.rows for v in values)
            for figure in self.people
        )


def _count(n: int) -> charts.Value:
    return charts.Value(n, str(n))


def shown_text(cell: Cell) -> str:
    """A protected count of people in the reader's language."""
    if cell.shown is Shown.FEWER:
        return _("fewer than 3")
    if cell.shown is Shown.HIDDEN:
        return _("not shown")
    return str(cell.count)


def project_dashboard(project: Project) -> Dashboard:
    """Every figure of the dashboard for one project (see the module's docstring). About eight queries."""
    phases = list(project.ordered_phases)
    participants, took_part, people = _people(project)
    return Dashboard(
        phases=len(phases),
        participants=participants,
        took_part=took_part,
        people=people,
        sessions=_sessions(phases),
        findings=_findings(project),
        recommendations=_recommendations(project),
    )


def _sessions(phases: Sequence[Phase]) -> list[Figure]:
    ids = [phase.id for phase in phases]
    attended = func.max(case((Booking.status == BookingStatus.ATTENDED.value, 1), else_=0))
    no_show = func.max(case((Booking.status == BookingStatus.NO_SHOW.value, 1), else_=0))
    per_session = (
        select(Study.phase_id.label("phase_id"), attended.label("attended"), no_show.label("no_show"))
        .select_from(ResearchSession)
        .join(Study, Study.id == ResearchSession.study_id)
        .join(Booking, Booking.research_session_id == ResearchSession.id)
        .where(Study.phase_id.in_(ids), ResearchSession.status == SessionStatus.SCHEDULED.value)
        .group_by(Study.phase_id, ResearchSession.id)
        .subquery()
    )
    only_no_shows = case(((per_session.c.no_show == 1) & (per_session.c.attended == 0), 1), else_=0)
    rows = db.session.execute(
        select(per_session.c.phase_id, func.sum(per_session.c.attended), func.sum(only_no_shows)).group_by(
            per_session.c.phase_id
        )
    )
    counts = {phase_id: (int(a or 0), int(n or 0)) for phase_id, a, n in rows}
    languages = language_summaries_by_phase(ids)
    return [
        Figure(
            name="sessions",
            heading=_("Sessions in each phase"),
            summary=_(
                "Research sessions in each phase that someone attended, and no-shows: sessions where nobody "
                "who booked came."
            ),
            row_heading=_("Phase"),
            columns=(_("Attended"), _("No-shows")),
            rows=tuple(
                (phase.label, tuple(_count(n) for n in counts.get(phase.id, (0, 0)))) for phase in phases
            ),
        ),
        Figure(
            name="welsh_medium",
            heading=_("Welsh-medium sessions"),
            summary=_(
                "Research sessions held in each phase, and how many of them were in Welsh or in both "
                "languages."
            ),
            row_heading=_("Phase"),
            columns=(_("Sessions held"), _("Welsh-medium")),
            rows=tuple(
                (phase.label, (_count(languages[phase.id].ran), _count(languages[phase.id].welsh_medium)))
                for phase in phases
            ),
        ),
    ]


def _people(project: Project) -> tuple[str, bool, list[Figure]]:
    """(how many took part, as shown; whether anyone did; the breakdowns)."""
    ids = project_participant_ids(project.id)
    combinations: Counter[tuple[str, ...]] = Counter()
    if ids:
        columns = [getattr(Participant, name) for name in PEOPLE_BREAKDOWNS]
        for *values, n in db.session.execute(
            select(*columns, func.count()).where(Participant.id.in_(ids)).group_by(*columns)
        ):
            combinations[tuple(str(v) for v in values)] += n
    total = len(ids)
    too_few = 0 < total < SMALLEST_SHOWN
    figures = []
    headings = {
        "organisation_type": (_("Participants by type of organisation"), _("Type of organisation")),
        "region": (_("Participants by region"), _("Region")),
        "preferred_language": (_("Participants by preferred language"), _("Preferred language")),
    }
    for position, (name, labels) in enumerate(PEOPLE_BREAKDOWNS.items()):
        counts = [
            sum(n for combination, n in combinations.items() if combination[position] == member.value)
            for member in labels
        ]
        protected = protect(counts)
        heading, row_heading = headings[name]
        figures.append(
            Figure(
                name=name,
                heading=heading,
                summary=_summary_for(name),
                row_heading=row_heading,
                columns=(_("Participants"),),
                rows=tuple(
                    (str(label), (charts.Value(cell.count, shown_text(cell)),))
                    for label, cell in zip(labels.values(), protected.cells, strict=True)
                ),
                withheld=protected.withheld or too_few,
            )
        )
    shown_total = shown_text(Cell(Shown.FEWER, None)) if too_few else str(total)
    return shown_total, total > 0, figures


def _summary_for(name: str) -> str:
    return {
        "organisation_type": _(
            "People who took part in the project, by the type of organisation they work for."
        ),
        "region": _("People who took part in the project, by the region they work in."),
        "preferred_language": _("People who took part in the project, by their preferred language."),
    }[name]


def _findings(project: Project) -> list[Figure]:
    by_severity: Counter[int | None] = Counter()
    by_status: Counter[str] = Counter()
    for severity, status, n in db.session.execute(
        select(Finding.severity, Finding.status, func.count())
        .where(Finding.project_id == project.id)
        .group_by(Finding.severity, Finding.status)
    ):
        by_severity[severity] += n
        by_status[str(status)] += n
    severity_rows = [
        (str(SEVERITY_LABELS[level]), (_count(by_severity[level]),)) for level in SEVERITY_LEVELS
    ]
    severity_rows.append((_("Not graded"), (_count(by_severity[None]),)))
    return [
        Figure(
            name="severity",
            heading=_("Findings by severity"),
            summary=_("Findings by severity. Insights and positive findings are not graded."),
            row_heading=_("Severity"),
            columns=(_("Findings"),),
            rows=tuple(severity_rows),
        ),
        Figure(
            name="finding_status",
            heading=_("Findings by status"),
            summary=_("Findings by their status now."),
            row_heading=_("Status"),
            columns=(_("Findings"),),
            rows=tuple(
                (str(label), (_count(by_status[status.value]),))
                for status, label in FINDING_STATUS_LABELS.items()
            ),
        ),
    ]


def _recommendations(project: Project) -> Figure:
    counts = dict(
        db.session.execute(
            select(Recommendation.status, func.count())
            .join(Finding, Finding.id == Recommendation.finding_id)
            .where(Finding.project_id == project.id)
            .group_by(Recommendation.status)
        )
        .tuples()
        .all()
    )
    by_status = {str(status): n for status, n in counts.items()}
    return Figure(
        name="recommendation_status",
        heading=_("Recommendations by status"),
        summary=_("Recommendations by their status now."),
        row_heading=_("Status"),
        columns=(_("Recommendations"),),
        rows=tuple(
            (str(label), (_count(by_status.get(status.value, 0)),))
            for status, label in RECOMMENDATION_STATUS_LABELS.items()
        ),
    )


def figure_chart(figure: Figure) -> charts.Chart:
    """The figure as a bar chart whose description says exactly what its table does."""
    return charts.bar_chart(
        id=f"chart-{figure.name}",
        heading=figure.heading,
        summary=figure.summary,
        rows=[charts.Row(label, values) for label, values in figure.rows],
        series=figure.columns if len(figure.columns) > 1 else (),
    )
