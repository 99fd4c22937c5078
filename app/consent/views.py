"""Consent forms (admins) and consent records taken on a participant's behalf (researchers)."""

from __future__ import annotations

import copy
from collections import Counter
from types import SimpleNamespace
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.common import access
from app.common.i18n import current_language
from app.consent import services
from app.consent.forms import (
    LANGUAGES,
    AskAgainForm,
    DraftForm,
    NewDraftForm,
    PublishForm,
    RecordForm,
    WithdrawForm,
    answer_field,
    describe_missing,
    draft_data,
)
from app.consent.models import METHOD_LABELS, PURPOSE_LABELS, SECTION_LABELS, Purpose, Section
from app.consent.tasks import ASK_EVERYONE_AGAIN
from app.jobs import enqueue_after_commit
from app.participants.services import get_participant

bp = Blueprint("consent", __name__, template_folder="templates")


@bp.app_context_processor
def consent_labels():
    return {
        "consent_labels": SimpleNamespace(
            purpose=PURPOSE_LABELS, method=METHOD_LABELS, section=SECTION_LABELS
        )
    }


def _version_or_404(form_id: int):
    version = services.get_form(form_id)
    if version is None:
        abort(404)
    return version


def _participant_or_404(participant_id: int):
    participant = get_participant(participant_id)
    if participant is None:
        abort(404)
    return participant


def _in_language(language: str, template: str, **context) -> Markup:
    """Part of a page exactly as a participant reading `language` sees it, whatever the reader's own language."""
    with force_locale(language):
        # render_template escapes everything it is given: the result is safe markup.
        html = render_template(
            template, language=language, purposes=list(Purpose), sections=list(Section), **context
        )
        return Markup(html)  # noqa: S704


def _published_already(version):
    flash(
        _(
            "Version %(version)d has been published, so it cannot be changed. Create a new draft to make changes.",
            version=version.version,
        ),
        "info",
    )
    return redirect(url_for("consent.preview", form_id=version.id))


# Versions of the form (admins) ------------------------------------------------------------------------------


@bp.route("/consent/forms")
@access.admin
def index():
    versions = services.list_forms()
    waiting = services.consent_states(services.participants_needing_reconsent())
    return render_template(
        "consent/index.html",
        versions=versions,
        current=services.current_form(),
        draft=next((version for version in versions if not version.is_published), None),
        reconsent_total=len(waiting),
        ask_form=AskAgainForm(),
        reconsent_by_version=Counter(
            state.record.form.version for state in waiting.values() if state.record and state.record.form
        ),
        new_form=NewDraftForm(),
    )


@bp.route("/consent/ask-again", methods=["POST"])
@access.admin
def ask_again():
    """CON-6: one email each, in their language, to everyone whose consent is on an older version (a job)."""
    if AskAgainForm().validate_on_submit():
        enqueue_after_commit(ASK_EVERYONE_AGAIN, current_user.id)
        flash(
            _("Everyone who needs to consent again is being emailed a request, in their language."), "success"
        )
    return redirect(url_for("consent.index"))


@bp.route("/consent/forms/new", methods=["POST"])
@access.admin
def new_draft():
    draft = next((version for version in services.list_forms() if not version.is_published), None)
    if draft is not None:
        flash(
            _(
                "Version %(version)d is still a draft. Finish it before starting another.",
                version=draft.version,
            ),
            "info",
        )
        return redirect(url_for("consent.edit", form_id=draft.id))
    if not NewDraftForm().validate_on_submit():
        return redirect(url_for("consent.index"))
    based_on = services.current_form()
    texts: dict[str, Any] = {"title_cy": "", "title_en": "", "sections": {}, "purposes": {}}
    if based_on is not None:
        texts = {
            "title_cy": based_on.title_cy,
            "title_en": based_on.title_en,
            "sections": copy.deepcopy(based_on.sections),
            "purposes": copy.deepcopy(based_on.purposes),
        }
    draft = services.create_draft(**texts, based_on=based_on)
    flash(_("Version %(version)d has been created as a draft.", version=draft.version), "success")
    return redirect(url_for("consent.edit", form_id=draft.id))


@bp.route("/consent/forms/<int:form_id>")
@access.admin
def preview(form_id: int):
    version = _version_or_404(form_id)
    language = request.args.get("language")
    if language not in LANGUAGES:
        language = current_language()
    body = _in_language(language, "consent/_participant_view.html", version=version)
    return render_template("consent/preview.html", version=version, language=language, body=body)


@bp.route("/consent/forms/<int:form_id>/edit", methods=["GET", "POST"])
@access.admin
def edit(form_id: int):
    version = _version_or_404(form_id)
    if version.is_published:
        return _published_already(version)
    form = DraftForm(data=draft_data(version))
    if form.validate_on_submit():
        try:
            services.update_draft(version, **form.contents())
        except services.FormPublished:
            return _published_already(version)
        flash(_("The draft has been saved."), "success")
        return redirect(url_for("consent.preview", form_id=version.id))
    return render_template(
        "consent/edit.html", form=form, version=version, sections=list(Section), purposes=list(Purpose)
    )


@bp.route("/consent/forms/<int:form_id>/publish", methods=["GET", "POST"])
@access.admin
def publish(form_id: int):
    version = _version_or_404(form_id)
    if version.is_published:
        return _published_already(version)
    form = PublishForm()
    refused = False
    if form.validate_on_submit():
        try:
            affected = services.publish_form(version, actor=current_user._get_current_object())
        except services.FormIncomplete:
            refused = True
            form.form_errors.append(_("Version %(version)d cannot be published yet", version=version.version))
        except services.FormPublished:
            return _published_already(version)
        else:
            flash(
                " ".join(
                    [
                        _("Version %(version)d has been published.", version=version.version),
                        ngettext(
                            "%(num)d participant now needs to consent again before their next session.",
                            "%(num)d participants now need to consent again before their next session.",
                            affected,
                        ),
                    ]
                ),
                "success",
            )
            return redirect(url_for("consent.index"))
    missing = [
        {"text": text, "href": url_for("consent.edit", form_id=version.id, _anchor=field_id)}
        for text, field_id in map(describe_missing, services.missing_text(version))
    ]
    return render_template(
        "consent/publish.html",
        form=form,
        version=version,
        missing=missing,
        refused=refused,
        affected=services.would_need_reconsent(),
    )


# A participant's consent, taken on their behalf (researchers and admins) -----------------------------------


def _shown_language(participant) -> str:
    """The language the form is shown in: the one chosen on the page, else theirs, else the reader's."""
    for choice in (
        request.form.get("language"),
        request.args.get("language"),
        participant.preferred_language,
    ):
        if choice in LANGUAGES:
            return choice
    return current_language()


@bp.route("/participants/<int:participant_id>/consent/record", methods=["GET", "POST"])
@access.researcher
def record(participant_id: int):
    participant = _participant_or_404(participant_id)
    version = services.current_form()
    if version is None:
        return render_template("consent/no_form.html", participant=participant)
    shown_in = _shown_language(participant)
    form = RecordForm(shown_in=shown_in, version=version.version)
    if form.validate_on_submit():
        services.record_consent(
            participant,
            answers=form.answers(),
            method=form.method.data,
            language=form.language.data,
            taken_by=current_user._get_current_object(),
            note=form.note.data or "",
            form=version,
        )
        flash(_("Consent has been recorded for %(code)s.", code=participant.code), "success")
        # Back to the booking it was recorded for (a study page of Profi's own), else to their record.
        back = access.safe_next(request.args.get("next"), "")
        if back.startswith("/studies/"):
            return redirect(back)
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template(
        "consent/record.html",
        form=form,
        participant=participant,
        version=version,
        shown_in=shown_in,
        body=_in_language(shown_in, "consent/_form_text.html", version=version),
        answer_fields=[(purpose, form[answer_field(purpose)]) for purpose in Purpose],
    )


@bp.route("/participants/<int:participant_id>/consent/withdraw", methods=["GET", "POST"])
@access.researcher
def withdraw(participant_id: int):
    participant = _participant_or_404(participant_id)
    state = services.consent_state(participant)
    form = WithdrawForm()
    if state.status != "withdrawn" and form.validate_on_submit():
        language = (
            participant.preferred_language
            if participant.preferred_language in LANGUAGES
            else (current_language())
        )
        services.withdraw_consent(
            participant,
            method=form.method.data,
            language=language,
            taken_by=current_user._get_current_object(),
            note=form.note.data or "",
        )
        flash(
            _("Consent has been withdrawn for %(code)s. This took effect at once.", code=participant.code),
            "success",
        )
        return redirect(url_for("participants.detail", participant_id=participant.id))
    return render_template("consent/withdraw.html", form=form, participant=participant, state=state)
