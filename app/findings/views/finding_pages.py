"""Routes: the findings list of a project, a finding's page, writing, changing and deleting findings, carrying a
finding into a later phase and recording its status there, and a phase's "what changed because of research"
(issue 10, items 4, 5 and 7; REP-2…REP-5). Evidence and recommendations are in finding_parts.

Viewers read the list, finding pages and phase changes; every write is for researchers and admins. A refused
write answers 400, so the request's transaction rolls back and nothing is kept.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.common.i18n import current_language
from app.common.paging import page_url, paginate
from app.findings import listing, pages, phases
from app.findings.errors import InvalidFinding, InvalidPhase
from app.findings.finding_forms import CarryForm, ConfirmForm, FindingFilterForm, FindingForm, OutcomeForm
from app.findings.findings import (
    FindingDetails,
    create_finding,
    delete_finding,
    get_finding,
    standards_of,
    update_finding,
)
from app.findings.views import bp
from app.findings.vocabulary import (
    FINDING_KIND_LABELS,
    FINDING_STATUS_LABELS,
    OBSERVATION_KIND_LABELS,
    PRIORITY_LABELS,
    RECOMMENDATION_STATUS_LABELS,
    SEVERITY_LABELS,
    SEVERITY_LEVELS,
    SEVERITY_MEANINGS,
    SPOKEN_LANGUAGE_LABELS,
    FindingStatus,
)
from app.projects import services as projects


@bp.app_context_processor
def finding_words():
    """The words of findings for templates: labels of kinds, severities (with meanings) and statuses."""
    return {
        "finding_words": {
            "kinds": FINDING_KIND_LABELS,
            "severities": SEVERITY_LABELS,
            "severity_meanings": SEVERITY_MEANINGS,
            "severity_levels": SEVERITY_LEVELS,
            "statuses": FINDING_STATUS_LABELS,
            "observation_kinds": OBSERVATION_KIND_LABELS,
            "spoken_languages": SPOKEN_LANGUAGE_LABELS,
            "priorities": PRIORITY_LABELS,
            "recommendation_statuses": RECOMMENDATION_STATUS_LABELS,
        }
    }


def is_researcher() -> bool:
    return current_user.role in ("researcher", "admin")


def actor():
    return current_user._get_current_object()


def project_or_404(slug: str):
    project = projects.get_project(slug)
    if project is None:
        abort(404)
    return project


def finding_or_404(slug: str, finding_id: int):
    project = project_or_404(slug)
    finding = get_finding(project.id, finding_id)
    if finding is None:
        abort(404)
    return project, finding


def phase_or_404(project, phase_id: int):
    phase = projects.get_phase(project, phase_id)
    if phase is None:
        abort(404)
    return phase


@bp.route("/projects/<slug>/findings")
@access.staff
def finding_list(slug: str):
    """The project's findings, filtered by the query string and a page at a time."""
    project = project_or_404(slug)
    language = current_language()
    choices = listing.filter_choices(project, language)
    form = FindingFilterForm(request.args, choices=choices)
    chosen = listing.filter_from(request.args)
    found = paginate(listing.findings_query(project, chosen))
    return render_template(
        "findings/list.html",
        project=project,
        form=form,
        chosen=chosen,
        found=found,
        rows=listing.rows_for(found.items, language),
        page_url=page_url(),
    )


# A refusal of the service is shown beside the field it is about.
def _field_for(message: str, form: FindingForm):
    if message == _("Choose how severe it is"):
        return form.severity
    if message == _("Choose a study of this phase"):
        return form.study
    if message == _("Choose a status"):
        return form.status
    if message == _("Choose what kind of finding this is"):
        return form.kind
    if message == _("Choose standards from the list"):
        return form.standards_wales
    return form.statement_cy


def _details(form: FindingForm) -> FindingDetails:
    return FindingDetails(
        statement_cy=form.statement_cy.data or "",
        statement_en=form.statement_en.data or "",
        kind=form.kind.data or "",
        severity=form.severity_value(),
        status=form.status.data or "",
        standards=form.standards_value(),
        study_id=form.study_value(),
    )


@bp.route("/projects/<slug>/findings/new", methods=["GET", "POST"])
@access.researcher
def finding_new(slug: str):
    project = project_or_404(slug)
    choices = listing.filter_choices(project, current_language())
    initial = {}
    asked_phase = request.args.get("phase", "")
    if asked_phase in {str(phase_id) for phase_id, _label in choices.phases}:
        initial["phase"] = asked_phase
    elif project.current_phase is not None:
        initial["phase"] = str(project.current_phase.id)
    form = FindingForm(choices=choices, data=initial)
    if form.validate_on_submit():
        phase = projects.get_phase(project, int(form.phase.data))
        if phase is None:  # gone since the form was shown
            form.phase.errors.append(_("Choose the phase it was found in"))
        else:
            try:
                finding = create_finding(phase, _details(form), actor=actor())
            except InvalidFinding as refused:
                _field_for(refused.message, form).errors.append(refused.message)
            else:
                flash(_("The finding has been saved."), "success")
                return redirect(url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id))
    status = 400 if form.errors else 200
    return render_template("findings/finding_form.html", project=project, form=form, finding=None), status


@bp.route("/projects/<slug>/findings/<int:finding_id>")
@access.staff
def finding_detail(slug: str, finding_id: int):
    """A finding's page: n of m, its history across phases, its evidence (consent-filtered for viewers: CON-7),
    recommendations and standards."""
    project, finding = finding_or_404(slug, finding_id)
    page = pages.finding_page(finding, current_language(), show_held_back_text=is_researcher())
    return render_template(
        "findings/finding.html", project=project, page=page, finding=finding, confirm=ConfirmForm()
    )


@bp.route("/projects/<slug>/findings/<int:finding_id>/edit", methods=["GET", "POST"])
@access.researcher
def finding_edit(slug: str, finding_id: int):
    project, finding = finding_or_404(slug, finding_id)
    choices = listing.filter_choices(project, current_language())
    data = None if request.method == "POST" else FindingForm.initial(finding, standards_of(finding))
    form = FindingForm(choices=choices, fixed_phase_id=finding.phase_id, data=data)
    if form.validate_on_submit():
        try:
            update_finding(finding, _details(form), actor=actor())
        except InvalidFinding as refused:
            _field_for(refused.message, form).errors.append(refused.message)
        else:
            flash(_("The finding has been saved."), "success")
            return redirect(url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id))
    status = 400 if form.errors else 200
    return render_template("findings/finding_form.html", project=project, form=form, finding=finding), status


@bp.route("/projects/<slug>/findings/<int:finding_id>/delete", methods=["GET", "POST"])
@access.researcher
def finding_delete(slug: str, finding_id: int):
    """Asks first; deleting keeps the observations and takes away the evidence links, rounds and
    recommendations."""
    project, finding = finding_or_404(slug, finding_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_finding(finding, actor=actor())
        flash(_("The finding has been deleted."), "success")
        return redirect(url_for("findings.finding_list", slug=project.slug))
    return render_template("findings/finding_delete.html", project=project, finding=finding, form=form)


@bp.route("/projects/<slug>/findings/<int:finding_id>/carry", methods=["GET", "POST"])
@access.researcher
def finding_carry(slug: str, finding_id: int):
    """Carry the finding into a later phase of the project, to retest it there (REP-3)."""
    project, finding = finding_or_404(slug, finding_id)
    later = phases.later_phases(finding)
    asked = request.args.get("phase", "")
    form = CarryForm(
        phases=[(phase.id, phase.label) for phase in later],
        data={"phase": asked} if request.method == "GET" else None,
    )
    if form.validate_on_submit():
        phase = next(phase for phase in later if str(phase.id) == form.phase.data)
        try:
            phases.carry_into(finding, phase, note=form.note.data or "", actor=actor())
        except InvalidPhase as refused:
            form.phase.errors.append(refused.message)
        else:
            flash(_("The finding has been carried into %(phase)s.", phase=phase.label), "success")
            return redirect(url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id))
    status = 400 if form.errors else 200
    return render_template(
        "findings/finding_carry.html", project=project, finding=finding, form=form, later=later
    ), status


@bp.route("/projects/<slug>/findings/<int:finding_id>/phases/<int:phase_id>/status", methods=["GET", "POST"])
@access.researcher
def round_status(slug: str, finding_id: int, phase_id: int):
    """Record the finding's status in one of its phases: a retest's outcome there (REP-3)."""
    project, finding = finding_or_404(slug, finding_id)
    found = pages.get_round(finding, phase_id)
    if found is None:
        abort(404)
    form = OutcomeForm(data={"status": str(found.status)} if request.method == "GET" else None)
    if form.validate_on_submit():
        phases.set_round_status(finding, found, FindingStatus(form.status.data), actor=actor())
        flash(_("The status in %(phase)s has been saved.", phase=found.phase.label), "success")
        return redirect(url_for("findings.finding_detail", slug=project.slug, finding_id=finding.id))
    status = 400 if form.errors else 200
    return render_template(
        "findings/finding_status.html", project=project, finding=finding, form=form, round=found
    ), status


@bp.route("/projects/<slug>/phases/<int:phase_id>/changes")
@access.staff
def phase_changes(slug: str, phase_id: int):
    """What changed because of research in one phase (REP-3): findings new, resolved and persisting there."""
    project = project_or_404(slug)
    phase = phase_or_404(project, phase_id)
    changes = pages.phase_changes(project, phase, current_language())
    return render_template("findings/phase_changes.html", project=project, phase=phase, changes=changes)


from app.findings.views import finding_parts  # noqa: E402, F401 — evidence and recommendations add their routes
