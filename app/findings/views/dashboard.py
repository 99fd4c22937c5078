"""Routes: the project dashboard, for every member of staff (viewers included): counts only, never people."""

from __future__ import annotations

from flask import abort, render_template

from app.common import access
from app.findings import dashboards
from app.findings.views import bp
from app.projects import services as projects


@bp.route("/projects/<slug>/dashboard")
@access.staff
def dashboard(slug: str):
    project = projects.get_project(slug)
    if project is None:
        abort(404)
    figures = dashboards.project_dashboard(project)
    charts = {
        figure.name: dashboards.figure_chart(figure) for figure in figures.figures if not figure.withheld
    }
    return render_template("findings/dashboard.html", project=project, dashboard=figures, charts=charts)
