"""Who may see which parts of a participant's record (DP-2, DP-3)."""

from __future__ import annotations

from app.accounts.models import Role


def can_see_contact_details(user) -> bool:
    """Names, email addresses, phone numbers, organisations and notes: researchers and admins, never viewers."""
    return getattr(user, "role", None) in (Role.ADMIN, Role.RESEARCHER)


def can_see_adjustments(user) -> bool:
    """Adjustments are special category data: admins only, until research sessions let a participant's own
    session researchers see them too (DP-3)."""
    return getattr(user, "role", None) == Role.ADMIN
