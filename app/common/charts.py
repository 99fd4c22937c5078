"""Horizontal bar charts, measured here and drawn as inline SVG by templates/macros/charts.html, for every page
that shows figures (coverage, the project dashboard).

A chart is an image (role="img") whose title and description say every category and value in the reader's
language; the page puts a table of the same figures beside it, for anyone who cannot see the chart. It holds up
with awkward data:
- no rows, one row, all values zero: the scale never divides by zero, and no attribute is NaN or infinite;
- long labels (Welsh ones run long) sit above their bars at full width, wrap onto a second line, and only then
  are cut short with "…": the full label is in the description and the table;
- a value that must not be shown (app/common/disclosure.py) gets no bar, only a small hatched mark of one fixed
  size and its words, and the scale is set from the values shown alone, so nothing about it can be measured;
- the drawing scales with its container (a viewBox, width 100%), so nothing is cut off at 320 px.
No inline style (the CSP forbids it): colours are SVG presentation attributes. Several series (attended and
no-shows, say) are told apart by words beside each bar, not by colour alone.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

WIDTH = 600
LEFT = 14  # room for half of the first tick's label
TOP = 8
LABEL_SIZE = 15
LABEL_LINE = 19
LABEL_LINES = 2  # at most; the rest is cut short with "…"
VALUE_SIZE = 15
BAR_HEIGHT = 18
BAR_GAP = 6  # between the bars of one row
ROW_GAP = 12
AXIS_HEIGHT = 30
PLACEHOLDER = 14  # the side of the hatched mark that stands for a value not shown
MIN_SCALE = 120
# Average advance of a character as a share of the font size: Arial is about 0.5-0.55 for mixed text; a little
# more keeps estimates on the safe side (bold text, capitals, ŵ and ŷ).
CHAR_WIDTH = 0.6
BOLD_CHAR_WIDTH = 0.66
COLOURS = ("#1d70b8", "#003078", "#4c2c92", "#28a197")  # blue, dark blue, purple, turquoise: 3:1 on white
ALERT = "#d4351c"


@dataclass(frozen=True)
class Value:
    """One bar: `amount` on the scale, or None when the value must not be shown (then no bar is drawn);
    `text` exactly as the table shows it ("12", "50%", "fewer than 3")."""

    amount: float | None
    text: str
    alert: bool = False  # drawn in red (coverage: below its target); the text says so too
    marker: float | None = None  # a black line across the bar at this amount (coverage: the target)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Value, ...]
    description: str | None = None  # said instead of "label: value." (coverage adds the target)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: int
    fill: str
    placeholder: bool  # a value not shown: a hatched mark of fixed size
    text: str
    text_x: float
    text_y: float
    marker_x: float | None


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    labels: list[Label]
    bars: list[Bar]
    ticks: list[Tick]
    axis_top: int
    axis_bottom: int
    hatched: bool  # whether any placeholder needs the hatch pattern
    label_size: int = LABEL_SIZE
    value_size: int = VALUE_SIZE


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of the width of `text` in px at `size` (no font metrics on the server)."""
    return len(text) * size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)


def wrap_label(label: str, width: float = WIDTH - LEFT - 4, size: float = LABEL_SIZE) -> list[str]:
    """The label in at most LABEL_LINES lines that fit `width` px; the last cut short with "…" if need be."""
    per_line = max(int(width / (size * CHAR_WIDTH)), 8)
    lines = textwrap.wrap(" ".join(label.split()), per_line, break_on_hyphens=False) or [""]
    if len(lines) > LABEL_LINES:
        last = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], last[: per_line - 1].rstrip() + "…"]
    return lines


def nice_ticks(largest: float) -> tuple[float, list[float]]:
    """(the top of the scale, tick values from 0) for counts up to `largest`: steps of 1, 2 or 5 × 10ⁿ, at most 5
    steps; a scale of 0 to 1 when everything is 0."""
    if not math.isfinite(largest) or largest <= 0:
        return 1.0, [0.0, 1.0]
    step = 1.0
    while largest / step > 5:
        for factor in (2, 5, 10):
            if largest / (step * factor) <= 5 or factor == 10:
                step *= factor
                break
    top = math.ceil(largest / step) * step
    return top, [step * i for i in range(int(round(top / step)) + 1)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _describe(row: Row, series: Sequence[str]) -> str:
    if row.description is not None:
        return row.description
    if len(row.values) == 1 and not series:
        return _("%(label)s: %(value)s.", label=row.label, value=row.values[0].text)
    values = "; ".join(
        _("%(series)s: %(value)s", series=name, value=value.text)
        for name, value in zip(series, row.values, strict=True)
    )
    return _("%(label)s – %(values)s.", label=row.label, values=values)


def _bar_text(value: Value, series: Sequence[str], index: int) -> str:
    if len(series) > 1:
        return _("%(series)s: %(value)s", series=series[index], value=value.text)
    return value.text


def bar_chart(
    *,
    id: str,
    heading: str,
    summary: str,
    rows: Sequence[Row],
    series: Sequence[str] = (),
    maximum: float | None = None,
    ticks: Sequence[float] | None = None,
    tick_suffix: str = "",
) -> Chart:
    """Lay out a horizontal bar chart: one row per category, one bar per series in each row.

    `series` names the bars of a row when there are several (their words are drawn beside each bar); `maximum`
    and `ticks` fix the scale (coverage: 0-100%), else it runs from 0 to a round number above the largest value
    shown. Raises ValueError when a row has a different number of values from the series."""
    width_of_series = max(len(series), 1)
    if any(len(row.values) != width_of_series for row in rows):
        raise ValueError("every row needs one value for each series")
    shown = [v.amount for row in rows for v in row.values if v.amount is not None and math.isfinite(v.amount)]
    shown += [
        v.marker for row in rows for v in row.values if v.marker is not None and math.isfinite(v.marker)
    ]
    if maximum is None or not math.isfinite(maximum) or maximum <= 0:
        maximum, tick_values = nice_ticks(max(shown, default=0))
    else:
        tick_values = list(ticks) if ticks is not None else [0, maximum]
    texts = [_bar_text(v, series, i) for row in rows for i, v in enumerate(row.values)]
    widest_text = max((text_width(t, VALUE_SIZE, bold=True) for t in texts), default=0)
    scale = max(WIDTH - LEFT - 10 - widest_text - 6, MIN_SCALE)

    def x(amount: float) -> float:
        return round(LEFT + scale * min(max(amount, 0), maximum) / maximum, 1)

    labels: list[Label] = []
    bars: list[Bar] = []
    top = TOP
    for row in rows:
        lines = wrap_label(row.label)
        for n, line in enumerate(lines):
            labels.append(Label(LEFT, top + 16 + n * LABEL_LINE, line))
        bar_y = top + 8 + len(lines) * LABEL_LINE
        for i, value in enumerate(row.values):
            fill = ALERT if value.alert else COLOURS[i % len(COLOURS)]
            end: float
            marker_x = x(value.marker) if value.marker is not None and math.isfinite(value.marker) else None
            if value.amount is None or not math.isfinite(value.amount):
                end, width, placeholder = LEFT + PLACEHOLDER, float(PLACEHOLDER), True
            else:
                end, placeholder = x(value.amount), False
                width = round(end - LEFT, 1)
            bars.append(
                Bar(
                    x=LEFT,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    fill=fill,
                    placeholder=placeholder,
                    text=_bar_text(value, series, i),
                    text_x=round(max(end, marker_x or 0) + 8, 1),
                    text_y=bar_y + BAR_HEIGHT - 4,
                    marker_x=marker_x,
                )
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        top = bar_y - BAR_GAP + ROW_GAP
    axis_bottom = top
    return Chart(
        id=id,
        title=_("Chart: %(heading)s", heading=heading),
        description=" ".join([summary, *(_describe(row, series) for row in rows)]),
        width=WIDTH,
        height=axis_bottom + AXIS_HEIGHT,
        labels=labels,
        bars=bars,
        ticks=[Tick(x(t), _number(t) + tick_suffix) for t in tick_values],
        axis_top=TOP,
        axis_bottom=axis_bottom,
        hatched=any(bar.placeholder for bar in bars),
    )
