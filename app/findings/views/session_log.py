"""The session log (issue 10, item 1): a researcher opens it from the session page and records, with the keyboard
alone, who came (app.booking.attendance, through the booking pages' own route), who re-confirmed consent at the
start, the session's notes, and observations one after another. Names or contact details of the people on the
session in notes or an observation are warned about before anything is saved (DP-2).

Researchers and admins only: viewers never reach a log (it sits beside names on the session page). The log
never shows adjustments, so any researcher may log any session."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.booking.forms import AttendanceForm
from app.common import access
from app.findings import observations, session_logs, tags
from app.findings.errors import InvalidObservation
from app.findings.log_people import LogPerson, log_people
from app.findings.session_log_forms import (
    DeleteObservationForm,
    NotesForm,
    ObservationForm,
    ReconfirmForm,
    save_anyway,
    warning_key,
)
from app.findings.views import bp
from app.findings.vocabulary import OBSERVATION_KIND_LABELS, SPOKEN_LANGUAGE_LABELS
from app.models_base import utcnow
from app.studies import services as studies

LOG = "/studies/<int:study_id>/sessions/<int:session_id>/log"
HINTED_TAGS = 40  # the project's tags named under the tags field, at most


def _session_or_404(study_id: int, session_id: int):
    study = studies.get_study(study_id)
    session = studies.get_session(study, session_id) if study is not None else None
    if session is None:
        abort(404)
    return study, session


def _observation_or_404(session, observation_id: int):
    found = observations.get_observation(session.study.phase.project_id, observation_id)
    if found is None or found.research_session_id != session.id:
        abort(404)
    return found


def _actor():
    return current_user._get_current_object()


def _to_log(study, session, anchor: str = "", **kept):
    return redirect(
        url_for("findings.session_log", study_id=study.id, session_id=session.id, **kept) + anchor
    )


def _codes(people: list[LogPerson]) -> list[str]:
    return [person.code for person in people if person.loggable]


def _people_of(people: list[LogPerson]):
    """Everyone on the log, for the DP-2 check: a no-show's name is as personal as anyone's."""
    return [person.booking.participant for person in people]


def _default_language(session) -> str:
    return session.language if session.language in SPOKEN_LANGUAGE_LABELS else str(get_locale() or "cy")[:2]


def _fresh_observation_form(session, codes: list[str]) -> ObservationForm:
    """The empty form, keeping the participant, kind and language of the one just saved (from the query)."""
    kept = request.args
    form = ObservationForm(formdata=None).offer(codes)
    participant = kept.get("participant", "")
    form.participant.data = participant if participant in codes else (codes[0] if len(codes) == 1 else "")
    kind = kept.get("kind", "")
    form.kind.data = kind if kind in OBSERVATION_KIND_LABELS else "quote"
    language = kept.get("language", "")
    form.language.data = language if language in SPOKEN_LANGUAGE_LABELS else _default_language(session)
    return form


def _log_page(study, session, *, people=None, failed=None, warning=None, status=200, **forms):
    """Render the log with its four parts; `failed` is the form whose errors head the page, `warning` the DP-2
    findings (codes and kinds only) for it."""
    people = log_people(session) if people is None else people
    codes = _codes(people)
    log = session_logs.session_log(session)
    notes_form = forms.get("notes_form") or NotesForm(formdata=None, notes=log.notes if log else "")
    saved = request.args.get("saved") == "1" and "observation_form" not in forms
    return render_template(
        "findings/session_log.html",
        study=study,
        session=session,
        people=people,
        notes_form=notes_form,
        observation_form=forms.get("observation_form") or _fresh_observation_form(session, codes),
        reconfirm_form=forms.get("reconfirm_form") or ReconfirmForm(formdata=None),
        attendance_form=AttendanceForm(formdata=None),  # posted to booking.mark_attendance, which comes back
        session_started=session.starts_at <= utcnow(),
        failed=failed,
        warning=warning,
        saved=saved,
        observations=observations.session_observations(session),
        kind_labels=OBSERVATION_KIND_LABELS,
        language_labels=SPOKEN_LANGUAGE_LABELS,
        format_time_marker=observations.format_time_marker,
        **_tag_hint(session),
    ), status


def _tag_hint(session) -> dict:
    """The project's tags, named under the tags field so that people reuse them (at most HINTED_TAGS)."""
    found = tags.project_tags(session.study.phase.project_id)
    return {
        "tag_names": [tag.name for tag, _count in found[:HINTED_TAGS]],
        "more_tags": max(len(found) - HINTED_TAGS, 0),
    }


def _warn(form, ticked_field, warned_field, found) -> None:
    """Ready the form to be shown again with the DP-2 warning: "Save anyway" unticked, what was found kept."""
    ticked_field.data = False
    ticked_field.raw_data = []
    warned_field.data = warning_key(found)


@bp.route(LOG)
@access.researcher
def session_log(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    return _log_page(study, session)


@bp.route(LOG + "/notes", methods=["POST"])
@access.researcher
def save_notes(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    form = NotesForm()
    if not form.validate_on_submit():
        return _log_page(study, session, notes_form=form, failed=form, status=400)
    people = log_people(session)
    found = session_logs.personal_data_in([form.notes.data or ""], _people_of(people))
    if not save_anyway(found, form.notes_anyway.data, form.notes_warned.data):
        _warn(form, form.notes_anyway, form.notes_warned, found)
        return _log_page(
            study, session, people=people, notes_form=form, failed=form, warning=found, status=400
        )
    session_logs.save_notes(session, form.notes.data or "", actor=_actor())
    flash(_("The session notes have been saved."), "success")
    return _to_log(study, session, "#notes")


@bp.route(LOG + "/reconfirmed", methods=["POST"])
@access.researcher
def save_reconfirmed(study_id: int, session_id: int):
    study, session = _session_or_404(study_id, session_id)
    form = ReconfirmForm()
    if not form.validate_on_submit():
        abort(400)
    people = log_people(session)
    allowed = {person.booking.id for person in people if person.loggable}
    chosen = form.chosen(request.form.getlist("reconfirmed"), allowed)
    session_logs.set_reconfirmed(session, chosen, actor=_actor())
    flash(
        ngettext(
            "%(num)d person has re-confirmed their consent.",
            "%(num)d people have re-confirmed their consent.",
            len(chosen),
        ),
        "success",
    )
    return _to_log(study, session, "#reconfirmation")


def _checked_observation(form: ObservationForm, people: list[LogPerson]):
    """The DP-2 findings that still stop the observation being saved ([] when it may be saved)."""
    found = session_logs.personal_data_in([form.text.data or "", form.tags.data or ""], _people_of(people))
    if save_anyway(found, form.anyway.data, form.warned.data):
        return []
    _warn(form, form.anyway, form.warned, found)
    return found


@bp.route(LOG + "/observations", methods=["POST"])
@access.researcher
def add_observation(study_id: int, session_id: int):
    """Save one observation and come back to an empty text field, keeping who, what kind and which language."""
    study, session = _session_or_404(study_id, session_id)
    people = log_people(session)
    form = ObservationForm().offer(_codes(people))

    def again(status: int, warning=None):
        return _log_page(
            study, session, people=people, observation_form=form, failed=form, warning=warning, status=status
        )

    if not form.validate_on_submit():
        return again(400)
    found = _checked_observation(form, people)
    if found:
        return again(400, found)
    try:
        saved = observations.add_observation(session, form.details(), actor=_actor())
    except InvalidObservation as refused:
        form.text.errors = [*form.text.errors, refused.message]
        return again(400)
    kept = {"participant": saved.participant.code, "kind": saved.kind.value, "language": saved.language}
    return _to_log(study, session, saved="1", **kept)  # no fragment: it would stop autofocus


@bp.route(LOG + "/observations/<int:observation_id>/edit", methods=["GET", "POST"])
@access.researcher
def edit_observation(study_id: int, session_id: int, observation_id: int):
    study, session = _session_or_404(study_id, session_id)
    observation = _observation_or_404(session, observation_id)
    people = log_people(session)
    codes = _codes(people)
    warning = None
    if request.method == "GET":
        form = ObservationForm(
            formdata=None,
            participant=observation.participant.code,
            kind=observation.kind.value,
            text=observation.text,
            language=observation.language,
            time_marker=observations.format_time_marker(observation.time_marker),
            tags=", ".join(tag.name for tag in observation.tags),
        ).offer(codes)
    else:
        form = ObservationForm().offer(codes)
        if form.validate_on_submit() and not (warning := _checked_observation(form, people)):
            try:
                observations.update_observation(observation, form.details(), actor=_actor())
            except InvalidObservation as refused:
                form.text.errors = [*form.text.errors, refused.message]
            else:
                flash(_("The observation has been changed."), "success")
                return _to_log(study, session, f"#observation-{observation.id}")
    return render_template(
        "findings/session_log_edit.html",
        study=study,
        session=session,
        observation=observation,
        form=form,
        warning=warning,
        **_tag_hint(session),
    ), (400 if request.method == "POST" else 200)


@bp.route(LOG + "/observations/<int:observation_id>/delete", methods=["GET", "POST"])
@access.researcher
def delete_observation(study_id: int, session_id: int, observation_id: int):
    """Asks first, saying how many findings cite it (their n of m changes: app.findings.evidence counts from the
    links, which go with it)."""
    study, session = _session_or_404(study_id, session_id)
    observation = _observation_or_404(session, observation_id)
    form = DeleteObservationForm()
    if form.validate_on_submit() and form.delete.data:  # the button itself, not any post
        cited = observations.delete_observation(observation, actor=_actor())
        if cited:
            flash(
                ngettext(
                    "The observation has been deleted. It was evidence for %(num)d finding, whose count of "
                    "participants has been updated.",
                    "The observation has been deleted. It was evidence for %(num)d findings, whose counts of "
                    "participants have been updated.",
                    cited,
                ),
                "success",
            )
        else:
            flash(_("The observation has been deleted."), "success")
        return _to_log(study, session, "#observations")
    return render_template(
        "findings/session_log_delete.html",
        study=study,
        session=session,
        observation=observation,
        form=form,
        cited=observations.evidence_count(observation),
        kind_labels=OBSERVATION_KIND_LABELS,
    ), (400 if request.method == "POST" else 200)
