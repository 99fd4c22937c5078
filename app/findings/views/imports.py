"""Importing a study's observations from a spreadsheet (issue 10, item 2): researchers and admins; each sees only
the files they uploaded (admins all), as in the register import."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.common import access
from app.findings import import_cells, observation_import
from app.findings.forms_import import ObservationUploadForm
from app.findings.views import bp
from app.findings.vocabulary import OBSERVATION_KIND_LABELS, SPOKEN_LANGUAGE_LABELS
from app.participants import csv_io
from app.participants.forms_import import ConfirmForm
from app.studies import services as study_services

# Room for the multipart wrapping around a file of the largest size allowed (as the register import allows).
UPLOAD_OVERHEAD = 256 * 1024


@bp.url_value_preprocessor
def _limit_upload_size(endpoint, values):
    # Runs before the CSRF check reads the body, so the limit applies while the upload is parsed.
    if endpoint == "findings.import_upload":
        request.max_content_length = csv_io.MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD


def study_or_404(study_id: int):
    study = study_services.get_study(study_id)
    if study is None:
        abort(404)
    return study


def _page_words() -> dict:
    return {
        "field_labels": import_cells.FIELD_LABELS,
        "required": import_cells.REQUIRED,
        "kind_words": OBSERVATION_KIND_LABELS,
        "language_words": SPOKEN_LANGUAGE_LABELS,
    }


@bp.route("/studies/<int:study_id>/observations/import", methods=["GET", "POST"])
@access.researcher
def import_upload(study_id: int):
    study = study_or_404(study_id)
    form = ObservationUploadForm()
    if form.validate_on_submit():
        raw = form.file.data.stream.read(csv_io.MAX_UPLOAD_BYTES + 1)
        try:
            upload = observation_import.create_upload(
                study, form.file.data.filename or "", raw, actor=current_user._get_current_object()
            )
        except csv_io.UploadRefused as refusal:
            form.file.errors.append(refusal.message)
        else:
            return redirect(url_for("findings.import_check", study_id=study.id, upload_id=upload.id))
    status = 400 if form.errors else 200
    return render_template("findings/import_upload.html", study=study, form=form, **_page_words()), status


@bp.route("/studies/<int:study_id>/observations/import/template.csv")
@access.researcher
def import_template(study_id: int):
    study_or_404(study_id)
    out = io.StringIO()
    csv.writer(out).writerow([str(import_cells.FIELD_LABELS[name]) for name in import_cells.FIELDS])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="profi-observations-template.csv"'
    return response


def _open_upload(study, upload_id: int):
    # Someone else's file is "not found" to a researcher, whatever state it is in (DP-3).
    upload = observation_import.get_upload(study, upload_id, reader=current_user)
    if upload is None:
        abort(404)
    if upload.status == "imported":
        flash(
            ngettext(
                "This file has been imported already: %(num)d observation was added.",
                "This file has been imported already: %(num)d observations were added.",
                upload.imported_count,
            ),
            "info",
        )
    elif upload.status == "discarded":
        flash(_("This file was discarded. Upload it again to import it."), "info")
    return upload if upload.status == "previewed" else None


def _render_check(study, upload, preview, status: int = 200):
    return render_template(
        "findings/import_check.html",
        study=study,
        upload=upload,
        preview=preview,
        confirm_form=ConfirmForm(),
        **_page_words(),
    ), status


@bp.route("/studies/<int:study_id>/observations/import/<int:upload_id>")
@access.researcher
def import_check(study_id: int, upload_id: int):
    study = study_or_404(study_id)
    upload = _open_upload(study, upload_id)
    if upload is None:
        return redirect(url_for("findings.import_upload", study_id=study.id))
    return _render_check(study, upload, observation_import.check_upload(upload))


@bp.route("/studies/<int:study_id>/observations/import/<int:upload_id>/import", methods=["POST"])
@access.researcher
def import_run(study_id: int, upload_id: int):
    study = study_or_404(study_id)
    upload = _open_upload(study, upload_id)
    if upload is None:
        return redirect(url_for("findings.import_upload", study_id=study.id))
    if not ConfirmForm().validate_on_submit():
        return _render_check(study, upload, observation_import.check_upload(upload), 400)
    try:
        count = observation_import.import_upload(upload, actor=current_user._get_current_object())
    except observation_import.ImportRefused as refusal:
        return _render_check(study, upload, refusal.preview, 400)
    flash(
        ngettext(
            "%(num)d observation has been imported.",
            "%(num)d observations have been imported.",
            count,
        ),
        "success",
    )
    return redirect(url_for("studies.detail", study_id=study.id))


@bp.route("/studies/<int:study_id>/observations/import/<int:upload_id>/discard", methods=["POST"])
@access.researcher
def import_discard(study_id: int, upload_id: int):
    study = study_or_404(study_id)
    upload = _open_upload(study, upload_id)
    if upload is not None and ConfirmForm().validate_on_submit():
        observation_import.discard_upload(upload)
        flash(_("The file has been discarded. No observations were imported."), "success")
    return redirect(url_for("findings.import_upload", study_id=study.id))
