"""Every page a participant reaches from an emailed link: no account, no password (SEC-4, BK-5).

Their own page, details, consent, withdrawal and opting out (own.py) open with a PAGE link; the booking pages of
a study (booking.py) with a BOOKING link (participants/links.py defines both). One loader reads the link before
any view runs: each view declares the link purpose it accepts with `@link(...)`, which is also its access rule.
Opening a link (GET) never changes anything: mail scanners open links. Only a confirmed POST acts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, flash, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.common import access
from app.common.transactions import SAFE_METHODS  # RFC 9110 §9.2.1: they change nothing
from app.participants import links

F = TypeVar("F", bound=Callable[..., Any])
PURPOSE_ATTRIBUTE = "_profi_link_purpose"

bp = Blueprint("portal", __name__, template_folder="../templates")


def link(purpose: str) -> Callable[[F], F]:
    """Mark a view as opened by a participant's link of this purpose (links.PAGE or links.BOOKING)."""
    if purpose not in links.PURPOSES:
        raise ValueError(purpose)

    def decorator(view: F) -> F:
        setattr(view, PURPOSE_ATTRIBUTE, purpose)
        return access.participant_link(view)

    return decorator


@bp.before_request
def load_participant_from_link():
    """Load g.participant from the route's token, or answer 400 with a page saying the link expired or is
    not valid. Sets g.token and g.participant_language (their preference; Welsh when unknown)."""
    token = (request.view_args or {}).get("token")
    if token is None or request.endpoint is None:
        return None
    purpose = getattr(current_app.view_functions[request.endpoint], PURPOSE_ATTRIBUTE)
    try:
        # A POST changes the participant's state: their lock is taken with the load (CON-5), once.
        g.participant = links.participant_for(token, purpose, lock=request.method not in SAFE_METHODS)
    except links.LinkExpired:
        return render_template("portal/link_problem.html", expired=True), 400
    except links.LinkInvalid:
        return render_template("portal/link_problem.html", expired=False), 400
    g.token = token
    preference = g.participant.preferred_language
    g.participant_language = preference if preference in ("cy", "en") else "cy"
    return None


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """A participant's form that has expired (open too long, or across a new session) is not a dead end: the
    same page comes back with what they typed and a fresh form, and nothing was saved."""
    problem = load_participant_from_link()  # the app checked the form before this blueprint read the link
    if problem is not None:
        return problem
    g.form_expired = True
    flash(
        _(
            "This page was open for a long time, so nothing was saved. Check what you entered and send it again."
        ),
        "info",
    )
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return render_template("errors/csrf.html"), 400
    return view(**(request.view_args or {}))


from app.portal.views import booking, own  # noqa: E402, F401 — each adds its routes to bp

__all__ = ["bp", "link"]
