"""Staff accounts: admins, researchers and viewers (delivery teams)."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column

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


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


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
    # The signed session carries this token, not the id: changing it (deactivation, role or password
    # change) ends every open session of the account at once.
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_session_token, nullable=False
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

    def get_id(self) -> str:
        return self.session_token

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[Role(self.role)])
