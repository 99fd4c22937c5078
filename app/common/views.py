"""Pages every reader can reach: the language switch, the accessibility statement and the privacy notice."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from app.common import access
from app.common.i18n import LANGUAGES, SESSION_KEY

bp = Blueprint("common", __name__)


@bp.route("/language/<code>")
@access.public
def switch_language(code: str):
    """Show the same page in the other language. Only ever redirects within Profi."""
    if code not in LANGUAGES:
        abort(404)
    session[SESSION_KEY] = code
    return redirect(access.safe_next(request.args.get("next"), url_for("projects.index")))


@bp.route("/accessibility")
@access.public
def accessibility():
    return render_template("common/accessibility.html")


@bp.route("/privacy")
@access.public
def privacy():
    return render_template("common/privacy.html")


@bp.route("/healthz")
@access.public
def healthz():
    return {"status": "ok"}
