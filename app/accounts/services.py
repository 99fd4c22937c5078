"""Staff accounts: sign-in, throttling, creation and changes. Services flush; the request commits."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts import sessions
from app.accounts.models import EndReason, Role, StaffUser
from app.audit.services import FAILURE, REFUSED, count_recent_failures, record_event
from app.extensions import db
from app.models_base import utcnow

MIN_PASSWORD_LENGTH = 12

# Checked against when an address is unknown, so a failed sign-in takes as long either way.
_DUMMY_HASH: dict[str, str] = {}


class AccountError(Exception):
    """A domain error with a translatable message for the reader."""


class EmailTaken(AccountError):
    pass


class LastAdmin(AccountError):
    pass


class CannotChangeSelf(AccountError):
    pass


class TooManyAttempts(AccountError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def get_user(user_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, user_id)


def list_staff() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.name)))


def _throttled(email: str, ip_address: str) -> bool:
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["SIGN_IN_WINDOW_MINUTES"])
    failures = count_recent_failures(action="auth.sign_in", subject=email, ip_address=ip_address, since=since)
    return failures >= int(config["SIGN_IN_MAX_FAILURES"])


def authenticate(email: str, password: str, ip_address: str) -> StaffUser | None:
    """The active account these credentials belong to, or None. Every attempt is audited.

    Raises TooManyAttempts when this address or network address has failed too often recently; the
    password is not even checked then.
    """
    email = normalise_email(email)
    if _throttled(email, ip_address):
        record_event(
            "auth.sign_in",
            target_type="staff_user",
            target_id=email,
            subject=email,
            outcome=REFUSED,
            details={"reason": "throttled"},
        )
        raise TooManyAttempts()
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash("not-a-password", method=method)
        check_password_hash(_DUMMY_HASH[method], password)
        ok = False
    else:
        ok = check_password_hash(user.password_hash, password) and user.active
    if user is None or not ok:
        reason = "inactive" if user is not None and not user.active else "bad_credentials"
        record_event(
            "auth.sign_in",
            target_type="staff_user",
            target_id=email,
            subject=email,
            outcome=FAILURE,
            details={"reason": reason},
        )
        return None
    user.last_signed_in_at = utcnow()
    record_event("auth.sign_in", target_type="staff_user", target_id=user.id, subject=email, actor=user)
    return user


def record_sign_out(user: StaffUser) -> None:
    record_event("auth.sign_out", target_type="staff_user", target_id=user.id, subject=user.email, actor=user)


def create_staff_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    preferred_language: str = "cy",
    actor: StaffUser | None = None,
    must_change_password: bool = True,
) -> StaffUser:
    """A new staff account. The password someone else chose must be changed at first sign-in (ASVS V6), unless
    must_change_password=False (`flask users create`: the operator making their own account). Raises
    EmailTaken, ValueError for an unknown role."""
    email = normalise_email(email)
    Role(role)  # ValueError on an unknown role
    if db.session.scalar(select(func.count()).select_from(StaffUser).where(StaffUser.email == email)):
        raise EmailTaken()
    user = StaffUser(
        email=email,
        name=name.strip(),
        role=role,
        preferred_language=preferred_language,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    record_event(
        "staff.created",
        target_type="staff_user",
        target_id=user.id,
        subject=email,
        details={"role": role},
        actor=actor,
    )
    return user


def _active_admin_count() -> int:
    stmt = select(func.count()).select_from(StaffUser).where(StaffUser.role == Role.ADMIN, StaffUser.active)
    return db.session.scalar(stmt) or 0


def change_role(user: StaffUser, role: str, *, actor: StaffUser) -> None:
    Role(role)
    if user.role == role:
        return
    if user.id == actor.id:
        raise CannotChangeSelf()
    if user.role == Role.ADMIN and user.active and _active_admin_count() <= 1:
        raise LastAdmin()
    old = user.role
    user.role = Role(role)
    db.session.flush()
    sessions.end_sessions(user, EndReason.ROLE_CHANGED)  # new rights take effect at the next sign-in
    record_event(
        "staff.role_changed",
        target_type="staff_user",
        target_id=user.id,
        subject=user.email,
        details={"from": old, "to": role},
    )


def set_active(user: StaffUser, active: bool, *, actor: StaffUser) -> None:
    if user.active == active:
        return
    if user.id == actor.id:
        raise CannotChangeSelf()
    if not active and user.role == Role.ADMIN and _active_admin_count() <= 1:
        raise LastAdmin()
    user.active = active
    db.session.flush()
    if not active:
        sessions.end_sessions(user, EndReason.DEACTIVATED)  # its open sessions stop working
    record_event(
        "staff.activated" if active else "staff.deactivated",
        target_type="staff_user",
        target_id=user.id,
        subject=user.email,
    )


def update_own_details(
    user: StaffUser, *, name: str, preferred_language: str, booking_emails: bool = True
) -> None:
    """A member of staff's own name, language and whether booking changes in their sessions are emailed."""
    user.name = name.strip()
    user.preferred_language = preferred_language
    user.booking_emails = booking_emails
    db.session.flush()
    record_event("staff.details_changed", target_type="staff_user", target_id=user.id, subject=user.email)


PASSWORD_CHANGE = "staff.password_changed"  # noqa: S105 — an audit action, not a password


def change_password(user: StaffUser, *, current: str, new: str, ip_address: str = "") -> bool:
    """Change the user's own password after checking the current one; False when it is wrong. Every other
    session of the user ends. The check is throttled like sign-in (ASVS V6.3): TooManyAttempts once this
    account, or this network address, has given a wrong current password SIGN_IN_MAX_FAILURES times in
    SIGN_IN_WINDOW_MINUTES; the password is not even checked then. `new` must already pass passwords.problem()."""
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["SIGN_IN_WINDOW_MINUTES"])
    failures = count_recent_failures(
        action=PASSWORD_CHANGE, subject=user.email, ip_address=ip_address, since=since
    )
    if failures >= int(config["SIGN_IN_MAX_FAILURES"]):
        record_event(
            PASSWORD_CHANGE, target_type="staff_user", target_id=user.id, subject=user.email, outcome=REFUSED
        )
        raise TooManyAttempts()
    if not check_password_hash(user.password_hash, current):
        record_event(
            PASSWORD_CHANGE,
            target_type="staff_user",
            target_id=user.id,
            subject=user.email,
            outcome=FAILURE,
        )
        return False
    user.password_hash = hash_password(new)
    user.must_change_password = False
    db.session.flush()
    sessions.end_sessions(user, EndReason.PASSWORD_CHANGED, keep_current=True)  # every other session ends
    record_event(PASSWORD_CHANGE, target_type="staff_user", target_id=user.id, subject=user.email)
    return True


def set_password(
    user: StaffUser, password: str, *, must_change: bool, via: str, actor: StaffUser | None = None
) -> None:
    """Set a password without the current one: from a reset link (must_change=False: they chose it) or
    `flask users set-password` (must_change=True by default: someone else chose it). Every session of the user
    ends. Audited with `via`, never with the password. `password` must already pass passwords.problem()."""
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    db.session.flush()
    sessions.end_sessions(user, EndReason.PASSWORD_RESET)
    record_event(
        "staff.password_set",
        target_type="staff_user",
        target_id=user.id,
        subject=user.email,
        details={"via": via, "must_change": must_change},
        actor=actor,
    )


def get_user_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
