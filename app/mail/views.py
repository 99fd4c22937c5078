"""Admins see the outbox: every email Profi has written, how its delivery went, and can try failed ones again."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common import access
from app.mail import retries, services

bp = Blueprint("mail", __name__, template_folder="templates")


@bp.app_template_global()
def message_parts(message, part: str = "body") -> list[tuple[str, str]]:
    """A message's subject or body in language-marked parts (services.in_languages)."""
    if part == "subject":
        return services.in_languages(message.subject, message.language, services.SUBJECT_SEPARATOR)
    return services.in_languages(message.body_text, message.language)


def _settings() -> dict:
    config = current_app.config
    return {
        "backend": config["MAIL_BACKEND"],
        "outbox_dir": config["OUTBOX_DIR"],
        "smtp_server": f"{config['SMTP_HOST']}:{config['SMTP_PORT']}",
        "max_attempts": config["MAIL_MAX_ATTEMPTS"],
    }


@bp.route("/outbox")
@access.admin
def outbox():
    return render_template(
        "mail/outbox.html",
        messages=services.list_messages(),
        counts=services.count_by_status(),
        **_settings(),
    )


@bp.route("/outbox/<int:message_id>")
@access.admin
def message(message_id: int):
    found = services.get_message(message_id)
    if found is None:
        abort(404)
    return render_template(
        "mail/message.html", message=found, sender=str(services.from_header(found.from_name)), **_settings()
    )


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@access.admin
def retry(message_id: int):
    """Put a dead message back in the queue (CSRF-checked like every form; audited)."""
    if services.get_message(message_id) is None:
        abort(404)
    if retries.retry_message(message_id, actor=current_user, via="outbox page"):
        flash(_("The message is back in the queue and will be sent again."), "success")
    else:
        flash(_("That message has not failed, so there is nothing to try again."), "info")
    return redirect(url_for("mail.outbox"))
