"""Routes: searching a project's findings and observations (issue 10, item 6). Viewers may search; they never see
held-back words (findings.search)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, render_template, request
from flask_login import current_user

from app.common import access
from app.common.converters import bounded_int
from app.common.i18n import current_language
from app.common.paging import page_url
from app.findings import search
from app.findings.evidence import held_back_label
from app.findings.search_form import SearchForm
from app.findings.views import bp
from app.findings.vocabulary import (
    FINDING_KIND_LABELS,
    FINDING_STATUS_LABELS,
    OBSERVATION_KIND_LABELS,
    SEVERITY_LABELS,
)
from app.projects import services as projects

RESEARCH_ROLES = ("researcher", "admin")
LABELS = SimpleNamespace(
    finding_kind=FINDING_KIND_LABELS,
    severity=SEVERITY_LABELS,
    status=FINDING_STATUS_LABELS,
    observation_kind=OBSERVATION_KIND_LABELS,
)


@bp.route("/projects/<slug>/search")
@access.staff
def search_page(slug: str):
    project = projects.get_project(slug)
    if project is None:
        abort(404)
    form = SearchForm(request.args).offer(search.search_options(project))
    form.validate()
    results = search.search(
        project,
        form.q.data or "",
        form.filters(),
        language=current_language(),
        show_held_back=current_user.role in RESEARCH_ROLES,
        findings_page=bounded_int(request.args.get("findings_page"), 1),
        observations_page=bounded_int(request.args.get("observations_page"), 1),
    )
    return render_template(
        "findings/search.html",
        project=project,
        form=form,
        results=results,
        findings_url=page_url("findings_page"),
        observations_url=page_url("observations_page"),
        held_back_label=held_back_label,
        labels=LABELS,
    )
