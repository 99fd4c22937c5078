"""The project dashboard's tests' data (a small project) and reading the page as a reader would: each figure's
table, its chart's text alternative, its SVG."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from tests.factories import (
    BookingFactory,
    FindingFactory,
    ObservationFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    RecommendationFactory,
    ResearchSessionFactory,
    StudyFactory,
)

SVG = "{http://www.w3.org/2000/svg}"


def page(client, slug: str, language: str = "en") -> str:
    response = client.get(f"/projects/{slug}/dashboard", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(text: str, name: str) -> str:
    found = re.search(rf'<section [^>]*id="{name}">(.*?)</section>', text, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table(text: str, name: str) -> dict[str, tuple[str, ...]]:
    """{category: (each value as shown, …)} from the figure's table."""
    rows = re.findall(
        r'<tr class="govuk-table__row">\s*<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>',
        section(text, name),
        re.S,
    )
    return {
        _plain(label): tuple(_plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S))
        for label, cells in rows
    }


def columns(text: str, name: str) -> list[str]:
    head = re.search(r"<thead[^>]*>(.*?)</thead>", section(text, name), re.S).group(1)
    return [_plain(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)][1:]


def svg(text: str, name: str) -> ET.Element:
    """The figure's chart, parsed as XML (so it must be well-formed)."""
    found = re.search(r"<svg .*?</svg>", section(text, name), re.S)
    assert found, f"no chart in {name}"
    return ET.fromstring(found.group(0))  # noqa: S314 — Profi's own markup, not untrusted input


def description(chart: ET.Element) -> str:
    return " ".join((chart.find(f"{SVG}desc").text or "").split())


def all_svgs(text: str) -> list[ET.Element]:
    return [ET.fromstring(found) for found in re.findall(r"<svg .*?</svg>", text, re.S)]  # noqa: S314


PEOPLE = [
    # (how many, organisation type, region, preferred language)
    (4, "local_authority", "north", "cy"),
    (3, "health", "south_east", "en"),
    (1, "education", "north", "unknown"),
]


def people(spec=PEOPLE):
    """Participants made with the factory, by (how many, organisation type, region, preferred language)."""
    return [
        ParticipantFactory(
            organisation_type=kind, region=region, preferred_language=language, adjustments="Capsiynau byw"
        )
        for n, kind, region, language in spec
        for _ in range(n)
    ]


def small_project():
    """Discovery: two Welsh interviews attended, an English one nobody came to, a bilingual workshop the rest
    attended (one no-show), a cancelled session; alpha: one English interview (a discovery participant again)
    and one still to come; beta: nothing yet. Eight people took part. Six findings, four recommendations."""
    made = ProjectFactory(slug="dash", name_en="Dashboard project", name_cy="Prosiect dangosfwrdd")
    discovery = StudyFactory(phase=PhaseFactory(project=made, kind="discovery"))
    alpha = StudyFactory(phase=PhaseFactory(project=made, kind="alpha"))
    PhaseFactory(project=made, kind="beta")
    took_part = people()
    outsider = ParticipantFactory(organisation_type="supplier")  # booked, never took part
    for person, language in ((took_part[0], "cy"), (took_part[1], "cy")):
        BookingFactory(
            research_session=ResearchSessionFactory(study=discovery, past=True, language=language),
            participant=person,
            attended=True,
        )
    BookingFactory(
        research_session=ResearchSessionFactory(study=discovery, past=True, language="en"),
        participant=outsider,
        no_show=True,
    )
    workshop = ResearchSessionFactory(study=discovery, past=True, workshop=True, language="bilingual")
    for person in took_part[2:]:
        BookingFactory(research_session=workshop, participant=person, attended=True)
    BookingFactory(research_session=workshop, participant=ParticipantFactory(), no_show=True)
    BookingFactory(
        research_session=ResearchSessionFactory(study=discovery, past=True, cancelled=True),
        participant=ParticipantFactory(),
        cancelled=True,
    )
    again = BookingFactory(
        research_session=ResearchSessionFactory(study=alpha, past=True, language="en"),
        participant=took_part[0],
        attended=True,
    )
    ObservationFactory(booking=again)
    BookingFactory(research_session=ResearchSessionFactory(study=alpha, upcoming=True, language="en"))
    phase = discovery.phase
    critical = FindingFactory(phase=phase, severity=4, status="new")
    serious = FindingFactory(phase=phase, severity=3, status="agreed")
    FindingFactory(phase=phase, severity=3, status="agreed")
    FindingFactory(phase=phase, severity=1, status="fixed")
    FindingFactory(phase=phase, kind="positive", severity=None, status="new")
    FindingFactory(phase=phase, kind="insight", severity=None, status="in_progress")
    RecommendationFactory(finding=critical, status="proposed")
    RecommendationFactory(finding=critical, status="proposed")
    RecommendationFactory(finding=critical, status="done")
    RecommendationFactory(finding=serious, status="agreed")
    return made
