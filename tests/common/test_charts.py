"""Server-rendered SVG bar charts (app/common/charts.py, templates/macros/charts.html): well-formed, no NaN or
infinity anywhere, everything inside the drawing, long labels wrapped, values not shown given no size."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.common.charts import (
    LABEL_LINES,
    PLACEHOLDER,
    Row,
    Value,
    bar_chart,
    nice_ticks,
    text_width,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"
LONG_WELSH = (
    "Llywodraeth Cymru neu gorff a noddir ganddi, gan gynnwys cyrff hyd braich ac asiantaethau gweithredol "
    "sy’n gwasanaethu pobl ledled Cymru a thu hwnt"
)


@pytest.fixture(autouse=True)
def _english(app_ctx):
    with force_locale("en"):
        yield


def draw(chart) -> ET.Element:
    markup = render_template_string(
        '{% from "macros/charts.html" import bar_chart %}{{ bar_chart(chart) }}', chart=chart
    )
    return ET.fromstring(markup)  # noqa: S314 — markup Profi made


def numbers_in(element: ET.Element) -> list[float]:
    found = []
    for node in element.iter():
        for name, value in node.attrib.items():
            if name in ("viewBox", "x", "y", "x1", "x2", "y1", "y2", "width", "height"):
                found += [float(v) for v in re.findall(r"[-+\w.]+", value) if v != "100%"]
    return found


def assert_sound(svg: ET.Element) -> None:
    """No NaN or infinity in any attribute, a sane viewBox, every shape and text inside it."""
    for node in svg.iter():
        for value in node.attrib.values():
            assert not re.search(r"nan|inf", value, re.I), value
    _, _, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    assert 0 < width < 10_000 and 0 < height < 100_000
    assert all(math.isfinite(n) for n in numbers_in(svg))
    for text in svg.iter(f"{SVG}text"):
        x, y = float(text.attrib["x"]), float(text.attrib["y"])
        size = float(text.attrib["font-size"])
        extent = text_width(text.text or "", size, bold=text.attrib.get("font-weight") == "bold")
        left = x - extent / 2 if text.attrib.get("text-anchor") == "middle" else x
        assert 0 <= left and left + (extent if left == x else extent) <= width + 0.5, text.text
        assert size <= y <= height
    for rect in svg.iter(f"{SVG}rect"):
        assert 0 <= float(rect.attrib["x"]) and float(rect.attrib["x"]) + float(rect.attrib["width"]) <= width
        assert (
            float(rect.attrib["width"]) >= 0
            and float(rect.attrib["y"]) + float(rect.attrib["height"]) <= height
        )


def chart(rows, **options):
    return bar_chart(id="chart-test", heading="Test", summary="A test.", rows=rows, **options)


def one(label: str, amount, text: str | None = None) -> Row:
    return Row(label, (Value(amount, text if text is not None else str(amount)),))


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [one("Only one", 7)],
        [one("Nothing", 0), one("Nothing either", 0)],
        [one("Not a number", float("nan"), "?"), one("Endless", float("inf"), "∞"), one("Some", 3)],
        [one(LONG_WELSH, 1200), one("Byr", 1)],
    ],
    ids=["no rows", "one row", "all zero", "nan and infinity", "long Welsh label"],
)
def test_awkward_data_draws_a_sound_chart(rows):
    svg = draw(chart(rows))
    assert_sound(svg)
    assert svg.attrib["role"] == "img"
    assert svg.find(f"{SVG}title").text == "Chart: Test"
    description = svg.find(f"{SVG}desc").text
    assert description.startswith("A test.")
    for row in rows:
        assert f"{' '.join(row.label.split())}: {row.values[0].text}." in description


def test_a_long_label_wraps_then_is_cut_short_and_the_description_keeps_it_whole():
    lines = wrap_label(LONG_WELSH)
    assert len(lines) == LABEL_LINES and lines[-1].endswith("…")
    svg = draw(chart([one(LONG_WELSH, 5)]))
    labels = [
        t.text
        for t in svg.iter(f"{SVG}text")
        if t.attrib["font-size"] == "15" and "font-weight" not in t.attrib
    ]
    assert labels == lines and lines[0].startswith("Llywodraeth Cymru")
    assert LONG_WELSH in svg.find(f"{SVG}desc").text
    assert wrap_label("Gogledd Cymru") == ["Gogledd Cymru"]


def test_a_value_not_shown_has_a_mark_of_fixed_size_and_does_not_set_the_scale():
    hidden_small = chart(
        [one("A", 40), Row("B", (Value(None, "fewer than 3"),)), Row("C", (Value(None, "not shown"),))]
    )
    hidden_large = chart(
        [one("A", 40), Row("B", (Value(None, "fewer than 3"),)), Row("C", (Value(None, "not shown"),))]
    )
    assert hidden_small == hidden_large
    svg = draw(hidden_small)
    assert_sound(svg)
    marks = [
        rect for rect in svg.iter(f"{SVG}rect") if rect.attrib["fill"].startswith("url(#chart-test-hatch")
    ]
    assert [(m.attrib["width"], m.attrib["height"]) for m in marks] == [(str(float(PLACEHOLDER)),) * 2] * 2
    assert svg.find(f"{SVG}defs/{SVG}pattern").attrib["id"] == "chart-test-hatch"
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert "fewer than 3" in words and "not shown" in words
    assert [tick.text for tick in hidden_small.ticks] == ["0", "10", "20", "30", "40"]


def test_several_series_are_named_beside_each_bar_not_told_apart_by_colour_alone():
    made = chart(
        [Row("Darganfod", (Value(3, "3"), Value(1, "1"))), Row("Alffa", (Value(0, "0"), Value(0, "0")))],
        series=("Attended", "No-shows"),
    )
    svg = draw(made)
    assert_sound(svg)
    words = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"Attended: 3", "No-shows: 1", "Attended: 0", "No-shows: 0"} <= set(words)
    assert "Darganfod – Attended: 3; No-shows: 1." in made.description
    with pytest.raises(ValueError, match="one value for each series"):
        chart([Row("Darganfod", (Value(3, "3"),))], series=("Attended", "No-shows"))


def test_a_fixed_percentage_scale_with_targets():
    made = chart(
        [Row("North", (Value(50, "50%", alert=True, marker=60),))],
        maximum=100,
        ticks=(0, 50, 100),
        tick_suffix="%",
    )
    svg = draw(made)
    assert_sound(svg)
    assert [tick.text for tick in made.ticks] == ["0%", "50%", "100%"]
    assert made.bars[0].fill == "#d4351c" and made.bars[0].marker_x > made.bars[0].x + made.bars[0].width


@pytest.mark.parametrize(
    ("largest", "top", "ticks"),
    [
        (0, 1, [0, 1]),
        (1, 1, [0, 1]),
        (3, 3, [0, 1, 2, 3]),
        (7, 8, [0, 2, 4, 6, 8]),
        (990, 1000, [0, 200, 400, 600, 800, 1000]),
    ],
)
def test_the_scale_runs_to_a_round_number(largest, top, ticks):
    assert nice_ticks(largest) == (top, ticks)
