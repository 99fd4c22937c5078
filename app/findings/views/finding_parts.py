"""Routes: a finding's evidence (citing the project's observations, taking one off) and its recommendations
(issue 10, item 4). Researchers and admins only. A refused write answers 400: nothing is kept."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.common import access
from app.common.i18n import current_language
from app.common.paging import page_url, paginate
from app.findings import pages
from app.findings.errors import InvalidFinding
from app.findings.finding_forms import CiteForm, ConfirmForm, ObservationFilterForm, RecommendationForm
from app.findings.findings import link_evidence, unlink_evidence
from app.findings.recommendations import (
    RecommendationDetails,
    add_recommendation,
    delete_recommendation,
    get_recommendation,
    update_recommendation,
)
from app.findings.views import bp
from app.findings.views.finding_pages import actor, finding_or_404
from app.studies.formatting import uk_day, uk_time_label

EVIDENCE_PAGE_SIZE = 50


def _session_label(starts_at, study_title: str) -> str:
    return _(
        "%(day)s, %(time)s – %(study)s",
        day=uk_day(starts_at),
        time=uk_time_label(starts_at),
        study=study_title,
    )


@bp.route("/projects/<slug>/findings/<int:finding_id>/evidence", methods=["GET", "POST"])
@access.researcher
def evidence_add(slug: str, finding_id: int):
    """Choose observations of the project to cite, filtered by study, session, tag and kind, a page at a time.
    An observation of another project is refused with a message, and nothing is linked."""
    project, finding = finding_or_404(slug, finding_id)
    language = current_language()
    choices = pages.picker_choices(project, language)
    filters = ObservationFilterForm(request.args, choices=choices, session_label=_session_label)
    form = CiteForm()
    if form.validate_on_submit():
        try:
            added = link_evidence(finding, form.observation_ids(), actor=actor())
        except InvalidFinding as refused:
            form.observations.errors.append(refused.message)
        else:
            if added:
                flash(
                    ngettext(
                        "%(num)d observation has been added as evidence.",
                        "%(num)d observations have been added as evidence.",
                        added,
                    ),
                    "success",
                )
            else:
                flash(_("Those observations were already evidence for this finding."))
            return redirect(url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id))
    found = paginate(
        pages.observations_query(project, pages.observation_filter_from(request.args)),
        per_page=EVIDENCE_PAGE_SIZE,
    )
    return render_template(
        "findings/finding_evidence.html",
        project=project,
        finding=finding,
        filters=filters,
        form=form,
        found=found,
        rows=pages.candidates(finding, found.items, language),
        page_url=page_url(),
    ), (400 if form.errors else 200)


@bp.route("/projects/<slug>/findings/<int:finding_id>/evidence/<int:observation_id>/remove", methods=["POST"])
@access.researcher
def evidence_remove(slug: str, finding_id: int, observation_id: int):
    """Stop citing one observation (the observation stays)."""
    project, finding = finding_or_404(slug, finding_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if unlink_evidence(finding, observation_id, actor=actor()):
        flash(_("The observation is no longer evidence for this finding."), "success")
    return redirect(
        url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id) + "#evidence"
    )


def _recommendation_details(form: RecommendationForm) -> RecommendationDetails:
    return RecommendationDetails(
        text_cy=form.text_cy.data or "",
        text_en=form.text_en.data or "",
        owner=form.owner.data or "",
        priority=form.priority.data or "",
        status=form.status.data or "",
    )


def _save_recommendation(project, finding, form, recommendation=None):
    """Add a recommendation (or change `recommendation`) from a posted form; the form again, with the refusal
    beside the Welsh text, when it cannot be saved (400)."""
    if form.validate_on_submit():
        details = _recommendation_details(form)
        try:
            if recommendation is None:
                add_recommendation(finding, details, actor=actor())
            else:
                update_recommendation(recommendation, details, actor=actor())
        except InvalidFinding as refused:
            form.text_cy.errors.append(refused.message)
        else:
            flash(_("The recommendation has been saved."), "success")
            return redirect(
                url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id)
                + "#recommendations"
            )
    return render_template(
        "findings/finding_recommendation.html",
        project=project,
        finding=finding,
        form=form,
        recommendation=recommendation,
    ), (400 if form.errors else 200)


@bp.route("/projects/<slug>/findings/<int:finding_id>/recommendations/new", methods=["GET", "POST"])
@access.researcher
def recommendation_new(slug: str, finding_id: int):
    project, finding = finding_or_404(slug, finding_id)
    return _save_recommendation(project, finding, RecommendationForm())


def _recommendation_or_404(finding, recommendation_id: int):
    recommendation = get_recommendation(finding, recommendation_id)
    if recommendation is None:
        abort(404)
    return recommendation


@bp.route(
    "/projects/<slug>/findings/<int:finding_id>/recommendations/<int:recommendation_id>/edit",
    methods=["GET", "POST"],
)
@access.researcher
def recommendation_edit(slug: str, finding_id: int, recommendation_id: int):
    project, finding = finding_or_404(slug, finding_id)
    recommendation = _recommendation_or_404(finding, recommendation_id)
    form = RecommendationForm(obj=recommendation if request.method == "GET" else None)
    if request.method == "GET":
        form.priority.data, form.status.data = str(recommendation.priority), str(recommendation.status)
    return _save_recommendation(project, finding, form, recommendation)


@bp.route(
    "/projects/<slug>/findings/<int:finding_id>/recommendations/<int:recommendation_id>/delete",
    methods=["GET", "POST"],
)
@access.researcher
def recommendation_delete(slug: str, finding_id: int, recommendation_id: int):
    project, finding = finding_or_404(slug, finding_id)
    recommendation = _recommendation_or_404(finding, recommendation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_recommendation(recommendation, actor=actor())
        flash(_("The recommendation has been deleted."), "success")
        return redirect(
            url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id) + "#recommendations"
        )
    return render_template(
        "findings/finding_recommendation_delete.html",
        project=project,
        finding=finding,
        recommendation=recommendation,
        form=form,
    )
