"""Who may see which parts of a participant's record (DP-2, DP-3): the one place these rules live.

Pages, exports and filters ask these functions; none decides by role on its own.
"""

from __future__ import annotations

from typing import Any, Protocol

from app.accounts.models import Role


class StaffedSession(Protocol):
    """What the rule needs of a research session (app.studies.models.ResearchSession)."""

    facilitator_id: int | None
    note_taker_id: int | None


def can_see_contact_details(user: Any) -> bool:
    """Names, email addresses, phone numbers, organisations and notes: researchers and admins, never viewers."""
    return getattr(user, "role", None) in (Role.ADMIN, Role.RESEARCHER)


def can_see_adjustments(user: Any) -> bool:
    """Adjustments on the register (special category data, DP-3): admins only."""
    return getattr(user, "role", None) == Role.ADMIN


def can_open_import(user: Any, uploaded_by_id: int | None) -> bool:
    """An uploaded file waiting for import, whose rows are people's details, adjustments included (DP-2, DP-3):
    the researcher or admin who uploaded it, and admins. A file whose uploader is unknown (no one signed in, or
    their account has gone) is for admins only."""
    if getattr(user, "role", None) == Role.ADMIN:
        return True
    return (
        can_see_contact_details(user)
        and uploaded_by_id is not None
        and getattr(user, "id", None) == uploaded_by_id
    )


def can_see_session_adjustments(user: Any, session: StaffedSession) -> bool:
    """Adjustments asked for in one research session's bookings (DP-3): admins, and the researchers running
    that session (its facilitator or note-taker)."""
    if can_see_adjustments(user):
        return True
    return getattr(user, "role", None) == Role.RESEARCHER and getattr(user, "id", None) in (
        session.facilitator_id,
        session.note_taker_id,
    )
