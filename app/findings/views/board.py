"""The theme board of a project (issue 10, item 3): all staff read it; researchers and admins move observations
between themes with a select and buttons (no dragging, A11Y-2), create themes, rename and merge them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.common.converters import bounded_int
from app.common.paging import page_url
from app.findings import board as board_service
from app.findings.forms_board import MergeThemesForm, NewThemeForm, RenameThemeForm, ThemeChangeForm, board_id
from app.findings.views import bp
from app.findings.vocabulary import OBSERVATION_KIND_LABELS, SPOKEN_LANGUAGE_LABELS
from app.projects import services as project_services

WRITERS = ("researcher", "admin")


def _project_or_404(slug: str):
    project = project_services.get_project(slug)
    if project is None:
        abort(404)
    return project


def _may_change() -> bool:
    return getattr(current_user, "role", None) in WRITERS


def _chosen_theme() -> int | str | None:
    """The theme asked for by ?theme=: a tag id, UNTAGGED, or None (the whole board). Anything else is no theme
    of the project, so the page answers 404."""
    value = request.args.get("theme")
    if value is None or value == board_service.UNTAGGED:
        return value
    number = bounded_int(value, 0, minimum=0)
    return number if str(number) == value.strip() and number > 0 else -1


def _render(project, *, status: int = 200, change_error: tuple[str, str] | None = None, **forms):
    board = board_service.theme_board(
        project.id,
        may_read_held_back=_may_change(),
        theme=_chosen_theme() if status == 200 else None,
        page=bounded_int(request.args.get("page"), 1),
    )
    if board is None:
        abort(404)
    choices = [(str(tag.id), tag.name) for tag in board.tags]
    new_form = forms.get("new_form") or NewThemeForm(prefix="new", formdata=None)
    rename_form = forms.get("rename_form") or RenameThemeForm(prefix="rename", formdata=None)
    merge_form = forms.get("merge_form") or MergeThemesForm(prefix="merge", formdata=None)
    rename_form.theme.choices = choices
    merge_form.source.choices = merge_form.target.choices = choices
    return render_template(
        "findings/board.html",
        project=project,
        board=board,
        may_change=_may_change(),
        change_form=ThemeChangeForm(formdata=None),
        new_form=new_form,
        rename_form=rename_form,
        merge_form=merge_form,
        change_error=change_error,
        kind_labels={kind.value: label for kind, label in OBSERVATION_KIND_LABELS.items()},
        page_url=page_url(),
        untagged=board_service.UNTAGGED,
        language_labels=SPOKEN_LANGUAGE_LABELS,
    ), status


def _back(project, anchor: str = ""):
    return redirect(url_for("findings.board", slug=project.slug) + (f"#{anchor}" if anchor else ""))


@bp.route("/projects/<slug>/themes")
@access.staff
def board(slug: str):
    return _render(_project_or_404(slug))


@bp.route("/projects/<slug>/themes/observations", methods=["POST"])
@access.researcher
def board_change(slug: str):
    project = _project_or_404(slug)
    form = ThemeChangeForm()
    if not form.validate_on_submit():
        abort(400)
    observation_id = board_id(form.observation.data)
    try:
        observation = board_service.change_themes(
            project.id,
            observation_id,
            (form.action.data or "").strip(),
            theme_id=board_id(form.theme.data),
            from_theme_id=board_id(form.from_theme.data),
            actor=current_user._get_current_object(),
        )
    except board_service.InvalidTheme as refusal:
        anchor = f"theme-{board_id(form.from_theme.data) or 'none'}-observation-{observation_id or 0}-theme"
        return _render(project, status=400, change_error=(refusal.message, anchor))
    flash(_("The observation’s themes have been changed."), "success")
    # Back to the observation where it now is: under the theme it was moved or added to, else its first theme.
    chosen = board_id(form.theme.data)
    tag_ids = {tag.id for tag in observation.tags}
    if chosen in tag_ids:
        group: int | str = chosen
    else:
        group = min(observation.tags, key=lambda tag: tag.key).id if observation.tags else "none"
    return _back(project, f"theme-{group}-observation-{observation.id}")


def _field_error(field, message: str) -> None:
    field.errors = [*field.errors, message]


@bp.route("/projects/<slug>/themes/new", methods=["POST"])
@access.researcher
def board_new_theme(slug: str):
    project = _project_or_404(slug)
    form = NewThemeForm(prefix="new")
    if form.validate_on_submit():
        try:
            tag = board_service.create_theme(
                project.id, form.name.data or "", actor=current_user._get_current_object()
            )
        except board_service.InvalidTheme as refusal:
            _field_error(form.name, refusal.message)
        else:
            flash(_("The theme “%(name)s” has been created.", name=tag.name), "success")
            return _back(project, f"theme-{tag.id}")
    return _render(project, status=400, new_form=form)


@bp.route("/projects/<slug>/themes/rename", methods=["POST"])
@access.researcher
def board_rename_theme(slug: str):
    project = _project_or_404(slug)
    form = RenameThemeForm(prefix="rename")
    if form.validate_on_submit():
        try:
            tag = board_service.rename_theme(
                project.id,
                board_id(form.theme.data),
                form.name.data or "",
                actor=current_user._get_current_object(),
            )
        except board_service.InvalidTheme as refusal:
            _field_error(form.theme if refusal.field == "theme" else form.name, refusal.message)
        else:
            flash(_("The theme is now called “%(name)s”.", name=tag.name), "success")
            return _back(project, f"theme-{tag.id}")
    return _render(project, status=400, rename_form=form)


@bp.route("/projects/<slug>/themes/merge", methods=["POST"])
@access.researcher
def board_merge_themes(slug: str):
    project = _project_or_404(slug)
    form = MergeThemesForm(prefix="merge")
    if form.validate_on_submit():
        try:
            tag = board_service.merge_themes(
                project.id,
                board_id(form.source.data),
                board_id(form.target.data),
                actor=current_user._get_current_object(),
            )
        except board_service.InvalidTheme as refusal:
            _field_error(form.source if refusal.field == "source" else form.target, refusal.message)
        else:
            flash(_("The themes have been merged into “%(name)s”.", name=tag.name), "success")
            return _back(project, f"theme-{tag.id}")
    return _render(project, status=400, merge_form=form)
