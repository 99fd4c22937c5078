"""Importing the register from CSV (researchers), and exporting it (all staff, each seeing only what they may)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.common import access
from app.common.uk_time import LONDON
from app.models_base import utcnow
from app.participants import csv_io, imports
from app.participants.filters import filter_from_request
from app.participants.forms_import import ConfirmForm, UploadForm, mapping_form
from app.participants.visibility import can_see_adjustments, can_see_contact_details

bp = Blueprint("imports", __name__, template_folder="../templates")


# Room for the multipart wrapping around a file of the largest size allowed, so that a file a little too big
# gets a clear message rather than the "too large" error page.
UPLOAD_OVERHEAD = 256 * 1024


@bp.url_value_preprocessor
def _limit_request_size(endpoint, values):
    # Runs before any before_request hook reads the body, so the limit applies while the upload is parsed.
    request.max_content_length = csv_io.MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD


def _fields() -> list[str]:
    return imports.importable_fields(allow_adjustments=can_see_adjustments(current_user))


def _csv_response(text: str, filename: str) -> Response:
    # A byte order mark, so Excel reads the file as UTF-8 and shows ŵ and ŷ correctly (WL-8).
    response = Response("\ufeff" + text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/participants/import", methods=["GET", "POST"])
@access.researcher
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        raw = form.file.data.stream.read(csv_io.MAX_UPLOAD_BYTES + 1)
        try:
            batch = imports.create_batch(form.file.data.filename or "", raw, actor=current_user)
        except csv_io.UploadRefused as refusal:
            form.file.errors.append(refusal.message)
        else:
            return redirect(url_for("imports.preview", batch_id=batch.id))
    return render_template("imports/upload.html", form=form, required=imports.REQUIRED, **_vocabulary())


@bp.route("/participants/import/template.csv")
@access.researcher
def template():
    return _csv_response(csv_io.template_csv(_fields()), "profi-participants-template.csv")


def _open_batch(batch_id: int):
    # Someone else's file is "not found" to a researcher, whatever state it is in (DP-3).
    batch = imports.get_batch(batch_id, reader=current_user)
    if batch is None:
        abort(404)
    if batch.status == "imported":
        flash(
            ngettext(
                "This file has been imported already: %(num)d participant was added.",
                "This file has been imported already: %(num)d participants were added.",
                batch.imported_count,
            ),
            "info",
        )
    elif batch.status == "discarded":
        flash(_("This file was discarded. Upload it again to import it."), "info")
    return batch if batch.status == "previewed" else None


def _vocabulary() -> dict:
    return {"field_labels": csv_io.FIELD_LABELS, "coded": csv_io.CODED}


def _render_preview(batch, table, form, preview, status: int = 200):
    return render_template(
        "imports/preview.html",
        batch=batch,
        table=table,
        form=form,
        preview=preview,
        confirm_form=ConfirmForm(),
        **_vocabulary(),
    ), status


def _mapping_form(batch, formdata):
    fields = _fields()
    table = imports.read_batch(batch, fields)
    guessed = imports.guess_mapping(table.headers, fields)
    closed = imports.closed_columns(table.headers, fields)
    return mapping_form(table, fields, guessed, formdata, closed), table


@bp.route("/participants/import/<int:batch_id>")
@access.researcher
def preview(batch_id: int):
    batch = _open_batch(batch_id)
    if batch is None:
        return redirect(url_for("imports.upload"))
    submitted = any(key.startswith("column_") for key in request.args)
    form, table = _mapping_form(batch, request.args if submitted else None)
    checked = imports.preview_batch(batch, form.mapping(), _fields()) if form.validate() else None
    return _render_preview(batch, table, form, checked)


@bp.route("/participants/import/<int:batch_id>/import", methods=["POST"])
@access.researcher
def run_import(batch_id: int):
    batch = _open_batch(batch_id)
    if batch is None:
        return redirect(url_for("imports.upload"))
    form, table = _mapping_form(batch, request.form)
    if not ConfirmForm().validate_on_submit() or not form.validate():
        return _render_preview(batch, table, form, None, 400)
    try:
        count = imports.import_batch(batch, form.mapping(), _fields())
    except imports.ImportRefused as refusal:
        return _render_preview(batch, table, form, refusal.preview, 400)
    flash(
        ngettext(
            "%(num)d participant has been added to the register.",
            "%(num)d participants have been added to the register.",
            count,
        ),
        "success",
    )
    return redirect(url_for("participants.index", sort="newest"))


@bp.route("/participants/import/<int:batch_id>/discard", methods=["POST"])
@access.researcher
def discard(batch_id: int):
    batch = _open_batch(batch_id)
    if batch is not None and ConfirmForm().validate_on_submit():
        imports.discard_batch(batch)
        flash(_("The file has been discarded. Nobody was added to the register."), "success")
    return redirect(url_for("imports.upload"))


@bp.route("/participants/export.csv")
@access.staff
def export():
    _form, filters = filter_from_request(request.args)
    contact = can_see_contact_details(current_user)
    text, _count = csv_io.export_csv(
        filters, contact=contact, adjustments=contact and can_see_adjustments(current_user)
    )
    today = utcnow().astimezone(LONDON).date().isoformat()
    return _csv_response(text, f"profi-participants-{today}.csv")
