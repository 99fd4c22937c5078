"""Staff sessions kept on the server (SEC-2; OWASP ASVS 5.0 V7 "Session management").

Signing in starts a StaffSession: a random token (32 bytes, URL-safe) goes in the signed session cookie, and
only its SHA-256 is stored. A request is signed in while its token names a session that
- has not been ended: sign-out ends this one; a password change ends the others; a role change, a password reset
  or deactivation ends them all (end_sessions). A cookie copied before sign-out is refused after it;
- is younger than PROFI_SESSION_HOURS (default 8) from sign-in: an absolute lifetime that nothing extends, not a
  language switch, not a save;
- has seen a request within PROFI_SESSION_IDLE_MINUTES (default 30): the idle timeout. The time of the last
  request travels in the signed cookie (the server writes nothing on a read); a cookie is refused once that time
  is older than the timeout.
The cookie is named with the __Host- prefix (RFC 6265bis §4.1.3.2: Secure, Path=/, no Domain), unless
PROFI_INSECURE_COOKIES is set for development over plain HTTP.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import timedelta

from flask import current_app, has_request_context, session
from sqlalchemy import select, update

from app.accounts.models import EndReason, StaffSession, StaffUser
from app.extensions import db
from app.models_base import utcnow

SEEN_KEY = "_seen"  # the signed cookie's time of the last request (Unix seconds)
SEEN_EVERY_SECONDS = 60  # the cookie's time is moved on at most once a minute


def _clock() -> int:
    """Unix seconds now (the idle timeout's clock; tests move it)."""
    return int(time.time())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def absolute_lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.config["PERMANENT_SESSION_LIFETIME"]))


def idle_timeout() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def start(user: StaffUser) -> str:
    """A new session for the user, who has just proved who they are; its token, for the cookie. Flushes."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(staff_user_id=user.id, token_hash=_hash(token), started_at=utcnow())
    db.session.add(row)
    db.session.flush()
    user.signed_in_session_id, user.signed_in_token = row.id, token
    if has_request_context():
        session[SEEN_KEY] = _clock()
    return token


def user_for(token: str) -> StaffUser | None:
    """Flask-Login's user loader: the active member of staff whose live session the token names, or None
    (ended, older than the absolute lifetime, idle too long, or the account deactivated). One query; never
    writes."""
    if has_request_context():
        seen = session.get(SEEN_KEY)
        if not isinstance(seen, int) or _clock() - seen > idle_timeout().total_seconds():
            return None
    row = db.session.scalar(
        select(StaffSession).where(
            StaffSession.token_hash == _hash(token),
            StaffSession.ended_at.is_(None),
            StaffSession.started_at > utcnow() - absolute_lifetime(),
        )
    )
    if row is None or not row.user.active:
        return None
    row.user.signed_in_session_id, row.user.signed_in_token = row.id, token
    return row.user


def mark_seen() -> None:
    """after_request: move the cookie's time of the last request on (at most once a minute), for a request
    made in a live session."""
    seen = session.get(SEEN_KEY)
    now = _clock()
    if isinstance(seen, int) and now - seen >= SEEN_EVERY_SECONDS:
        session[SEEN_KEY] = now


def end_current(user: StaffUser, reason: str = EndReason.SIGNED_OUT) -> None:
    """End the session this request runs in. Flushes."""
    if user.signed_in_session_id:
        _end([user.signed_in_session_id], reason)


def end_sessions(user: StaffUser, reason: str, *, keep_current: bool = False) -> int:
    """End every live session of the user (but this request's own, with keep_current). Returns how many."""
    stmt = select(StaffSession.id).where(
        StaffSession.staff_user_id == user.id, StaffSession.ended_at.is_(None)
    )
    if keep_current and user.signed_in_session_id:
        stmt = stmt.where(StaffSession.id != user.signed_in_session_id)
    ids = list(db.session.scalars(stmt))
    _end(ids, reason)
    return len(ids)


def _end(ids: list[int], reason: str) -> None:
    if ids:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.id.in_(ids), StaffSession.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_reason=str(reason))
            .execution_options(synchronize_session=False)
        )
