"""A coverage dimension as a bar chart (app/common/charts.py draws it): the share of active participants in
each category, in red when below its target, with a black line at the target; the table beside it holds the
same numbers."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.common.charts import Chart, Row, Value
from app.common.charts import bar_chart as draw
from app.coverage.services import Dimension, Share

TICKS = (0, 25, 50, 75, 100)


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
    summary = _("Share of active participants in each category.")
    if any(share.target is not None for share in dimension.shares):
        summary = _("Share of active participants in each category. A black line marks the target.")
    rows = [
        Row(
            label=share.label,
            values=(
                Value(
                    share.percent,
                    f"{share.percent}%",
                    alert=share.below_target,
                    marker=share.target,
                ),
            ),
            description=describe(share) + ".",
        )
        for share in dimension.shares
    ]
    return draw(
        id=f"chart-{dimension.name}",
        heading=dimension.heading,
        summary=summary,
        rows=rows,
        maximum=100,
        ticks=TICKS,
        tick_suffix="%",
    )
