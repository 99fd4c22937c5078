"""Who may use each route.

Every view states its rule with one of the decorators below. A before-request hook enforces the rule, and a
view without one is refused (fail closed); a test walks the whole URL map to prove every route has a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

F = TypeVar("F", bound=Callable)


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    PARTICIPANT_LINK = "participant_link"  # anyone holding a valid participant link; the view checks the link
    STAFF = "staff"  # any signed-in member of staff: viewer, researcher or admin
    RESEARCHER = "researcher"  # researchers and admins
    ADMIN = "admin"  # admins only


ACCESS_ATTRIBUTE = "_profi_access"

ROLES_FOR = {
    Access.STAFF: {"viewer", "researcher", "admin"},
    Access.RESEARCHER: {"researcher", "admin"},
    Access.ADMIN: {"admin"},
}


def _mark(level: Access) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, level)
        return view

    return decorator


public = _mark(Access.PUBLIC)
participant_link = _mark(Access.PARTICIPANT_LINK)
staff = _mark(Access.STAFF)
researcher = _mark(Access.RESEARCHER)
admin = _mark(Access.ADMIN)


def access_for_endpoint(endpoint: str) -> Access | None:
    if endpoint == "static":
        return Access.PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTRIBUTE, None)


def enforce_access():
    """before_request: apply the route's rule."""
    if request.endpoint is None:  # no route matched: the 404 handler answers
        return None
    level = access_for_endpoint(request.endpoint)
    if level is None:
        current_app.logger.error("Route %s has no access rule; refused.", request.endpoint)
        abort(403)
    if level in (Access.PUBLIC, Access.PARTICIPANT_LINK):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    if current_user.role not in ROLES_FOR[level]:
        abort(403)
    return None


def safe_next(target: str | None, fallback: str) -> str:
    """A path within Profi, or the fallback: never an address elsewhere (no open redirects)."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    return target
