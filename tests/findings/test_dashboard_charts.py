"""The dashboard's charts: each one's text alternative says exactly what its table does, in the reader's
language; the SVG is well-formed with nothing NaN and nothing outside the drawing; suppressed counts of people
leave no trace in a bar or the scale."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.common.test_charts import assert_sound
from tests.factories import BookingFactory, PhaseFactory, ProjectFactory, ResearchSessionFactory, StudyFactory
from tests.findings.dashboard_pages import (
    SVG,
    all_svgs,
    columns,
    description,
    page,
    people,
    small_project,
    svg,
    table,
)

FIGURES = [
    "sessions",
    "welsh_medium",
    "organisation_type",
    "region",
    "preferred_language",
    "severity",
    "finding_status",
    "recommendation_status",
]


@pytest.fixture
def project(app):
    with app.app_context():
        made = small_project()
        db.session.commit()
        return made


def _said(text: str, first: str, several: bool) -> dict[str, tuple[str, ...]]:
    """{category: values} read back from a chart's description, from the sentence about its first category:
    "Label: value." for one series, "Label – A: 1; B: 2." for several."""
    start = text.find(f"{first} – " if several else f"{first}: ")
    assert start > 0, (first, text)
    found = {}
    for sentence in text[start:].removesuffix(".").split(". "):
        if several:
            label, values = sentence.split(" – ", 1)
            found[label] = tuple(part.split(": ", 1)[1] for part in values.split("; "))
        else:
            label, value = sentence.rsplit(": ", 1)
            found[label] = (value,)
    return found


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_chart_says_in_words_exactly_what_its_table_shows(client, as_role, project, language):
    as_role("viewer", preferred_language=language)
    text = page(client, "dash", language)
    for name in FIGURES:
        chart = svg(text, name)
        said = description(chart)
        rows = table(text, name)
        assert rows, name
        several = len(columns(text, name)) > 1
        assert _said(said, next(iter(rows)), several) == rows, name
        assert chart.find(f"{SVG}title").text.split(": ", 1)[1] in text  # the heading it names
        if several:  # several series: named in the words, one by one
            for label, values in rows.items():
                parts = "; ".join(
                    f"{column}: {value}" for column, value in zip(columns(text, name), values, strict=True)
                )
                assert f"{label} – {parts}." in said
    if language == "cy":
        assert "Cyfranogwyr yn ôl math o sefydliad" in text and "llai na 3" in text and "Darganfod" in text
        assert "fewer than 3" not in text and "Chart:" not in text


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_chart_is_sound_svg(client, as_role, project, app, language):
    """Parsed as XML: a viewBox of sane size, no NaN or infinity in any attribute, every label and bar inside
    the drawing (wrapped, never clipped), and an accessible name from its title and description."""
    as_role("viewer", preferred_language=language)
    with app.app_context():
        empty = ProjectFactory(slug="empty-charts")
        PhaseFactory(project=empty, kind="alpha")
        db.session.commit()
    for slug in ("dash", "empty-charts"):
        charts = all_svgs(page(client, slug, language))
        assert len(charts) >= 5
        for chart in charts:
            assert_sound(chart)
            assert chart.attrib["role"] == "img"
            title, desc = chart.attrib["aria-labelledby"].split()
            assert (
                chart.find(f"{SVG}title").attrib["id"] == title
                and chart.find(f"{SVG}desc").attrib["id"] == desc
            )


def test_the_longest_welsh_labels_are_drawn_whole_and_said_whole(client, as_role, project):
    """The longest category labels in Welsh fit one line of the drawing (longer ones wrap, then are cut short:
    tests/common/test_charts.py); the table and the description always hold the whole label."""
    as_role("viewer", preferred_language="cy")
    text = page(client, "dash", "cy")
    chart = svg(text, "organisation_type")
    drawn = [t.text for t in chart.iter(f"{SVG}text")]
    for label in ("Llywodraeth Cymru neu gorff a noddir", "Bwrdd iechyd neu ymddiriedolaeth GIG"):
        assert label in table(text, "organisation_type") and label in description(chart) and label in drawn
    assert_sound(chart)


def _organisations(app, slug: str, spec) -> None:
    with app.app_context():
        session = ResearchSessionFactory(
            study=StudyFactory(phase=PhaseFactory(project=ProjectFactory(slug=slug))),
            past=True,
            workshop=True,
        )
        for person in people(spec):
            BookingFactory(research_session=session, participant=person, attended=True)
        db.session.commit()


def test_suppressed_counts_leave_no_trace_in_bars_or_scale(client, as_role, app):
    """Two projects of 9 people that differ only in the counts not shown (4 and 1, or 3 and 2 from local
    authorities and universities): their organisation charts are the same, mark for mark."""
    _organisations(
        app,
        "one",
        [
            (4, "local_authority", "north", "cy"),
            (4, "health", "north", "cy"),
            (1, "education", "north", "cy"),
        ],
    )
    _organisations(
        app,
        "two",
        [
            (3, "local_authority", "north", "cy"),
            (4, "health", "north", "cy"),
            (2, "education", "north", "cy"),
        ],
    )
    as_role("viewer")
    one, two = page(client, "one"), page(client, "two")
    assert table(one, "organisation_type") == table(two, "organisation_type")
    assert table(one, "organisation_type")["Health board or NHS trust"] == ("4",)
    chart = re.compile(r'<svg [^>]*aria-labelledby="chart-organisation_type-title.*?</svg>', re.S)
    assert chart.search(one).group(0) == chart.search(two).group(0)
    marks = [
        r for r in svg(one, "organisation_type").iter(f"{SVG}rect") if r.attrib["fill"].startswith("url(")
    ]
    assert len({(r.attrib["width"], r.attrib["height"]) for r in marks}) == 1 and len(marks) == 8
