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
    facilitator_sees_adjustments: bool
    note_taker_sees_adjustments: bool


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
    that session (its facilitator or note-taker) whom an admin or the study's owner assigned to it — not one who
    made themselves its note-taker (issue 9; app.studies.services._trusted decides when they are assigned)."""
    if can_see_adjustments(user):
        return True
    if getattr(user, "role", None) != Role.RESEARCHER:
        return False
    me = getattr(user, "id", None)
    return (me == session.facilitator_id and session.facilitator_sees_adjustments) or (
        me == session.note_taker_id and session.note_taker_sees_adjustments
    )


# The register's filters, by what they read. Every member of staff sees the categories and years on a record;
# the contact filters read what only researchers and admins see; adjustments, only admins.
CATEGORY_FILTERS = frozenset(
    {
        "organisation_type",
        "region",
        "seniority",
        "preferred_language",
        "welsh_willingness",
        "status",
        "min_years",
        "max_years",
    }
)
CONTACT_FILTERS = frozenset({"q", "organisation", "job_role", "recruited_via"})
ADJUSTMENT_FILTERS = frozenset({"has_adjustments"})


def filterable_fields(user: Any) -> frozenset[str]:
    """The register filters (app.participants.services.ParticipantFilter fields) this member of staff may use:
    only fields they can see, so nobody narrows a count, a list or a segment by something hidden from them and
    reads it back by difference (issue 9: no inference; DP-3)."""
    allowed = set(CATEGORY_FILTERS)
    if can_see_contact_details(user):
        allowed |= CONTACT_FILTERS
    if can_see_adjustments(user):
        allowed |= ADJUSTMENT_FILTERS
    return frozenset(allowed)


def sortable_by(user: Any) -> frozenset[str]:
    """Orders of the register this member of staff may use (by name or organisation only if they see them)."""
    return frozenset(
        {"code", "newest", "name", "organisation"} if can_see_contact_details(user) else {"code", "newest"}
    )


def may_use_segment(user: Any, filters: dict[str, Any]) -> bool:
    """A saved segment is visible to, and usable by, only those who may use every filter it holds: one that
    filters on adjustments, only admins."""
    return set(filters) <= filterable_fields(user)


def may_see_adjustment_counts(user: Any) -> bool:
    """How many people need adjustments, in any group: admins only. Any two counts someone may read could be
    differenced (a filter, a segment, the register before and after one person joined), so no small-number
    guard makes the figure safe for others (issue 9; DP-3)."""
    return can_see_adjustments(user)
