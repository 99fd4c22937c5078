"""Staff accounts: admins, researchers and viewers (delivery teams)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models_base import TimestampedModel, UTCDateTime, enum_type


class Role(StrEnum):
    ADMIN = "admin"
    RESEARCHER = "researcher"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.RESEARCHER: _l("Researcher"),
    Role.VIEWER: _l("Viewer (delivery team)"),
}

LANGUAGE_LABELS = {"cy": "Cymraeg", "en": "English"}


class StaffUser(TimestampedModel):
    __tablename__ = "staff_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'researcher', 'viewer')", name="role_known"),
        CheckConstraint("preferred_language IN ('cy', 'en')", name="language_known"),
    )

    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[Role] = mapped_column(enum_type(Role, 20), nullable=False)
    preferred_language: Mapped[str] = mapped_column(String(2), default="cy", nullable=False)
    # Email me when someone books, moves or cancels a place in a session I facilitate or take notes for.
    booking_emails: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=sa_true(), nullable=False
    )
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Someone else chose the password (an admin, `flask users set-password`): it must be changed at sign-in.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false(), nullable=False
    )
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Flask-Login's user interface
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    # The server-side session this request runs in, set by app/accounts/sessions.py (plain attributes, not
    # columns): its StaffSession id and the token the cookie carries.
    signed_in_session_id = 0
    signed_in_token = ""

    def get_id(self) -> str:
        """What the signed session cookie carries: the token of this sign-in's StaffSession, not the id."""
        if not self.signed_in_token:
            raise RuntimeError("no staff session: sign in through app.accounts.sessions.start()")
        return self.signed_in_token

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[Role(self.role)])


class EndReason(StrEnum):
    SIGNED_OUT = "signed_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 — a reason, not a password
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    PASSWORD_RESET = "password_reset"  # noqa: S105 — a reason, not a password


class StaffSession(TimestampedModel):
    """One sign-in of a member of staff (SEC-2, ASVS V7). The cookie carries a random token; only its SHA-256
    is stored. A session works until it is ended (sign-out, a password change, a role change, deactivation) or
    its absolute lifetime from sign-in runs out, whatever happens in between."""

    __tablename__ = "staff_session"
    __table_args__ = (Index("ix_staff_session_staff_user_id", "staff_user_id"),)

    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), nullable=False
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_reason: Mapped[str] = mapped_column(String(20), default="", nullable=False)

    user: Mapped[StaffUser] = relationship(lazy="joined")
