"""Admins see the outbox: every email Profi has written, and where development delivery put it."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from app.common import access
from app.mail import services

bp = Blueprint("mail", __name__, template_folder="templates")


@bp.route("/outbox")
@access.admin
def outbox():
    return render_template("mail/outbox.html", messages=services.list_messages(), counts=services.count_by_status(),
                           outbox_dir=current_app.config["OUTBOX_DIR"], backend=current_app.config["MAIL_BACKEND"])


@bp.route("/outbox/<int:message_id>")
@access.admin
def message(message_id: int):
    found = services.get_message(message_id)
    if found is None:
        abort(404)
    return render_template("mail/message.html", message=found)
