"""Project list and pages; researchers create and edit projects and phases, viewers read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.booking import dashboard
from app.common import access
from app.models_base import utcnow
from app.projects import services
from app.projects.forms import PhaseForm, ProjectForm

bp = Blueprint("projects", __name__, template_folder="templates")


def _project_or_404(slug: str):
    project = services.get_project(slug)
    if project is None:
        abort(404)
    return project


def _project_details(form: ProjectForm) -> services.ProjectDetails:
    return services.ProjectDetails(
        slug=form.slug.data,
        name_cy=form.name_cy.data,
        name_en=form.name_en.data,
        summary_cy=form.summary_cy.data or "",
        summary_en=form.summary_en.data or "",
    )


def _phase_details(form: PhaseForm) -> services.PhaseDetails:
    return services.PhaseDetails(
        kind=form.kind.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        is_current=bool(form.is_current.data),
        research_questions_cy=form.research_questions_cy.data or "",
        research_questions_en=form.research_questions_en.data or "",
    )


@bp.route("/")
@access.staff
def index():
    """The home page: a researcher's (or admin's) sessions today and this week and what they need, then projects."""
    home = (
        dashboard.home_for(current_user, utcnow()) if current_user.role in ("researcher", "admin") else None
    )
    return render_template("projects/index.html", projects=services.list_projects(), home=home)


@bp.route("/projects/new", methods=["GET", "POST"])
@access.researcher
def new():
    form = ProjectForm()
    if form.validate_on_submit():
        try:
            project = services.create_project(_project_details(form))
        except services.SlugTaken:
            form.slug.errors.append(_("Another project already uses this short name"))
        else:
            flash(_("The project has been created."), "success")
            return redirect(url_for("projects.detail", slug=project.slug))
    return render_template("projects/form.html", form=form, project=None)


@bp.route("/projects/<slug>")
@access.staff
def detail(slug: str):
    return render_template("projects/detail.html", project=_project_or_404(slug))


@bp.route("/projects/<slug>/edit", methods=["GET", "POST"])
@access.researcher
def edit(slug: str):
    project = _project_or_404(slug)
    form = ProjectForm(obj=project)
    if form.validate_on_submit():
        try:
            services.update_project(project, _project_details(form))
        except services.SlugTaken:
            form.slug.errors.append(_("Another project already uses this short name"))
        else:
            flash(_("The project has been saved."), "success")
            return redirect(url_for("projects.detail", slug=project.slug))
    return render_template("projects/form.html", form=form, project=project)


@bp.route("/projects/<slug>/phases/new", methods=["GET", "POST"])
@access.researcher
def phase_new(slug: str):
    project = _project_or_404(slug)
    form = PhaseForm()
    if form.validate_on_submit():
        try:
            services.add_phase(project, _phase_details(form))
        except services.PhaseExists:
            form.kind.errors.append(_("This project already has that phase"))
        else:
            flash(_("The phase has been added."), "success")
            return redirect(url_for("projects.detail", slug=project.slug))
    return render_template("projects/phase_form.html", form=form, project=project, phase=None)


@bp.route("/projects/<slug>/phases/<int:phase_id>/edit", methods=["GET", "POST"])
@access.researcher
def phase_edit(slug: str, phase_id: int):
    project = _project_or_404(slug)
    phase = services.get_phase(project, phase_id)
    if phase is None:
        abort(404)
    form = PhaseForm(obj=phase)
    if form.validate_on_submit():
        try:
            services.update_phase(phase, _phase_details(form))
        except services.PhaseExists:
            form.kind.errors.append(_("This project already has that phase"))
        else:
            flash(_("The phase has been saved."), "success")
            return redirect(url_for("projects.detail", slug=project.slug))
    return render_template("projects/phase_form.html", form=form, project=project, phase=phase)
