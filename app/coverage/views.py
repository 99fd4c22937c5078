"""Coverage of the register against targets: every member of staff may look (counts only); researchers set targets."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.coverage import services
from app.coverage.chart import bar_chart
from app.coverage.forms import TargetsForm, field_name
from app.participants.filters import filter_from_request, usable_segment, usable_segments
from app.participants.visibility import may_see_adjustment_counts

bp = Blueprint("coverage", __name__, template_folder="templates")


@bp.route("/coverage")
@access.staff
def index():
    _form, filters = filter_from_request(request.args)
    segment = usable_segment(request.args.get("segment", type=int))
    coverage = services.coverage_of(filters, with_adjustments=may_see_adjustment_counts(current_user))
    shown = [*coverage.dimensions, *([coverage.adjustments] if coverage.adjustments else [])]
    charts = {d.name: bar_chart(d) for d in shown}
    return render_template(
        "coverage/index.html",
        coverage=coverage,
        charts=charts,
        segment=segment,
        filtered=segment is None and bool(filters.as_dict()),
        register_query=urlencode(list(request.args.items(multi=True))),
        segments=usable_segments(),
        default_adjustments_target=services.DEFAULT_ADJUSTMENTS_TARGET,
    )


@bp.route("/coverage/targets", methods=["GET", "POST"])
@access.researcher
def targets():
    current = services.current_targets()
    if services.ADJUSTMENTS not in current:
        current[services.ADJUSTMENTS] = services.DEFAULT_ADJUSTMENTS_TARGET
    form = TargetsForm(
        data={field_name(*key): percent for key, percent in current.items()}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        changed = services.set_targets(form.targets())
        flash(_("The targets have been saved.") if changed else _("No targets were changed."), "success")
        return redirect(url_for("coverage.index"))
    return render_template("coverage/targets.html", form=form, headings=services.HEADINGS)
