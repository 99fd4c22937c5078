"""Studies in a project phase: researchers plan and edit them, all staff read."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.common.paging import page_url, paginate
from app.consent.models import PURPOSE_LABELS, Purpose
from app.projects import services as project_services
from app.studies import services, welsh_medium
from app.studies.forms import StudyForm
from app.studies.views import bp


def project_or_404(slug: str):
    project = project_services.get_project(slug)
    if project is None:
        abort(404)
    return project


def study_or_404(study_id: int):
    study = services.get_study(study_id)
    if study is None:
        abort(404)
    return study


def _details(form: StudyForm) -> services.StudyDetails:
    return services.StudyDetails(
        title_cy=form.title_cy.data,
        title_en=form.title_en.data,
        description_cy=form.description_cy.data or "",
        description_en=form.description_en.data or "",
        research_questions_cy=form.research_questions_cy.data or "",
        research_questions_en=form.research_questions_en.data or "",
        method=form.method.data,
        target_sample=form.target_sample.data,
        sessions_per_participant=form.sessions_per_participant.data,
        status=form.status.data,
        required_purposes=tuple(form.required_purposes.data or ()),
        facilitator_ids=tuple(form.facilitators.data or ()),
    )


def _initial(study) -> dict:
    # Not obj=study: WTForms prefers obj's attributes to keyword data, and study.facilitators holds users.
    columns = (
        "title_cy",
        "title_en",
        "description_cy",
        "description_en",
        "research_questions_cy",
        "research_questions_en",
        "method",
        "target_sample",
        "sessions_per_participant",
        "status",
    )
    return {
        **{name: getattr(study, name) for name in columns},
        "facilitators": [user.id for user in study.facilitators],
        "required_purposes": [p for p in study.required_purposes if p != Purpose.TAKE_PART],
    }


@bp.route("/projects/<slug>/studies")
@access.staff
def project_studies(slug: str):
    project = project_or_404(slug)
    return render_template(
        "studies/project.html", project=project, studies=services.studies_by_phase(project)
    )


@bp.route("/projects/<slug>/phases/<int:phase_id>/studies/new", methods=["GET", "POST"])
@access.researcher
def new(slug: str, phase_id: int):
    project = project_or_404(slug)
    phase = services.get_phase(project, phase_id)
    if phase is None:
        abort(404)
    form = StudyForm()
    if form.validate_on_submit():
        try:
            study = services.create_study(phase, _details(form), actor=current_user._get_current_object())
        except services.InvalidStaff:
            form.facilitators.errors.append(_("Choose facilitators from the list"))
        else:
            flash(_("The study has been created."), "success")
            return redirect(url_for("studies.detail", study_id=study.id))
    return render_template("studies/form.html", form=form, project=project, phase=phase, study=None)


@bp.route("/studies/<int:study_id>")
@access.staff
def detail(study_id: int):
    study = study_or_404(study_id)
    return render_template(
        "studies/detail.html",
        study=study,
        sessions=paginate(services.study_sessions_query(study)),
        page_url=page_url(),
        summary=welsh_medium.language_summary(study),
        purpose_labels=[PURPOSE_LABELS[Purpose(p)] for p in study.required_purposes],
    )


@bp.route("/studies/<int:study_id>/edit", methods=["GET", "POST"])
@access.researcher
def edit(study_id: int):
    study = study_or_404(study_id)
    form = StudyForm(data=_initial(study))
    if form.validate_on_submit():
        try:
            services.update_study(study, _details(form))
        except services.InvalidStaff:
            form.facilitators.errors.append(_("Choose facilitators from the list"))
        else:
            flash(_("The study has been saved."), "success")
            return redirect(url_for("studies.detail", study_id=study.id))
    phase = study.phase
    return render_template("studies/form.html", form=form, project=phase.project, phase=phase, study=study)
