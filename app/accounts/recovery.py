"""A forgotten staff password (ASVS V6.4): a reset link by email, single use, valid for 30 minutes, and the same
answer whether or not the address has an account.

The link carries a token signed with SECRET_KEY (itsdangerous, its own salt) naming the account and a digest of
its password hash at the time: setting any new password changes the hash, so a link works once, and an older
link stops working when the password changes by any route. Asking is throttled per address and per network
address, counted from the audit trail like sign-in; the lookup and the email happen in a job, so the answer takes
the same time either way (the participants' "send me my link" works the same way).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import StaffUser
from app.audit.services import record_anonymous_request
from app.extensions import db
from app.jobs import enqueue_after_commit

LIFETIME = timedelta(minutes=30)
REQUESTED = "auth.password_reset_requested"
SEND_RESET_LINK = "accounts.send_password_reset"  # the job (app/accounts/tasks.py)
_SALT = "profi-staff-password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: StaffUser) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: StaffUser) -> str:
    """A token for the user's reset link."""
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user)})


def user_for_token(token: str) -> StaffUser | None:
    """The active account a reset token still opens, or None (altered, older than 30 minutes, used already,
    or the password changed since)."""
    try:
        data = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("p"), str):
        return None
    user = db.session.get(StaffUser, data["u"])
    if user is None or not user.active or not hmac.compare_digest(_fingerprint(user), data["p"]):
        return None
    return user


def request_reset(email: str, ip_address: str) -> None:
    """Someone asked for a reset link for `email`. Audited (a digest of the address: it may be nobody's), and
    throttled: over SIGN_IN_MAX_FAILURES requests in SIGN_IN_WINDOW_MINUTES for the address or from the network
    address, nothing is sent. The caller answers the same in every case."""
    email = email.strip().lower()
    config = current_app.config
    over_limit = record_anonymous_request(
        REQUESTED,
        target_type="staff_email",
        address=email,
        ip_address=ip_address,
        window=timedelta(minutes=config["SIGN_IN_WINDOW_MINUTES"]),
        limit=int(config["SIGN_IN_MAX_FAILURES"]),
    )
    if not over_limit:
        enqueue_after_commit(SEND_RESET_LINK, email)
