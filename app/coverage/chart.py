"""A bar chart of one coverage dimension, measured here and drawn as inline SVG by coverage/_chart.html.

The chart is an image with a title and a description that says every number (role="img"); the table beside it
holds the same numbers for anyone who cannot see the chart. No inline style (the CSP forbids it): colours are
SVG presentation attributes. Labels sit above their bars at full width, so long Welsh labels never truncate.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from app.coverage.services import Dimension, Share

WIDTH = 640
LEFT = 14  # room for half of the "0%" axis label
SCALE = 540  # the width of a 100% bar
TOP = 8
ROW = 50  # label line, bar, gap
LABEL_BASELINE = 16
BAR_OFFSET = 24
BAR_HEIGHT = 18
AXIS_HEIGHT = 30
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    below: bool
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int
    target_x: float | None


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    axis_top: int
    axis_bottom: int
    left: int = LEFT


def _x(percent: float) -> float:
    return round(LEFT + SCALE * min(max(percent, 0), 100) / 100, 1)


def describe(share: Share) -> str:
    if share.below_target:
        return ngettext(
            "%(label)s: %(percent)d%%, target %(target)d%%, %(num)d point below target",
            "%(label)s: %(percent)d%%, target %(target)d%%, %(num)d points below target",
            share.gap,
            label=share.label,
            percent=share.percent,
            target=share.target,
        )
    if share.target is not None:
        return _(
            "%(label)s: %(percent)d%%, target %(target)d%%",
            label=share.label,
            percent=share.percent,
            target=share.target,
        )
    return _("%(label)s: %(percent)d%%", label=share.label, percent=share.percent)


def bar_chart(dimension: Dimension) -> Chart:
    bars = []
    for index, share in enumerate(dimension.shares):
        top = TOP + index * ROW
        end = _x(share.percent)
        target_x = _x(share.target) if share.target is not None else None
        bars.append(
            Bar(
                label=share.label,
                percent=share.percent,
                below=share.below_target,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_OFFSET,
                width=round(end - LEFT, 1),
                value_x=round(max(end, target_x or 0) + 8, 1),
                value_y=top + BAR_OFFSET + BAR_HEIGHT - 4,
                target_x=target_x,
            )
        )
    axis_top = TOP + len(bars) * ROW
    summary = _("Share of active participants in each category.")
    if any(share.target is not None for share in dimension.shares):
        summary = _("Share of active participants in each category. A black line marks the target.")
    return Chart(
        id=f"chart-{dimension.name}",
        title=_("Chart: %(heading)s", heading=dimension.heading),
        description=" ".join([summary, *(describe(share) + "." for share in dimension.shares)]),
        width=WIDTH,
        height=axis_top + AXIS_HEIGHT,
        bar_height=BAR_HEIGHT,
        bars=bars,
        ticks=[(_x(tick), tick) for tick in TICKS],
        axis_top=TOP,
        axis_bottom=axis_top,
    )
