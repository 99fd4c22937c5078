"""Staff double-booked (issue 9, item 13): a facilitator or note-taker in two research sessions whose times
overlap. Cancelled sessions clash with nothing. Profi warns; it does not refuse (a researcher may have arranged
cover), so the warning is shown when a session is saved and the week view flags both sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import StaffUser
from app.extensions import db
from app.studies.models import ResearchSession, SessionStatus


@dataclass(frozen=True)
class Clash:
    person: StaffUser  # the member of staff in both
    other: ResearchSession  # the other session, overlapping this one


def _overlapping(one: Any, other: Any) -> ColumnElement[bool]:
    """Two different scheduled sessions (aliases of ResearchSession) whose times overlap."""
    return and_(
        other.id != one.id,
        other.status == SessionStatus.SCHEDULED,
        one.status == SessionStatus.SCHEDULED,
        other.starts_at < one.ends_at,
        one.starts_at < other.ends_at,
    )


def clashes_for(session: ResearchSession) -> list[Clash]:
    """Every other scheduled session overlapping `session` that shares its facilitator or note-taker (one query),
    soonest first."""
    staff = [sid for sid in (session.facilitator_id, session.note_taker_id) if sid is not None]
    if not staff or session.status != SessionStatus.SCHEDULED:
        return []
    other = aliased(ResearchSession)
    rows = db.session.execute(
        select(other, StaffUser)
        .join(StaffUser, or_(StaffUser.id == other.facilitator_id, StaffUser.id == other.note_taker_id))
        .where(
            StaffUser.id.in_(staff),
            other.id != session.id,
            other.status == SessionStatus.SCHEDULED,
            other.starts_at < session.ends_at,
            session.starts_at < other.ends_at,
        )
        .order_by(other.starts_at, other.id)
    ).all()
    return [Clash(person, found) for found, person in rows]


def clashing_ids(sessions: Iterable[ResearchSession]) -> set[int]:
    """The ids among `sessions` that overlap another scheduled session sharing a facilitator or note-taker (one
    query, for the week view)."""
    ids = [s.id for s in sessions]
    if not ids:
        return set()
    one, other = aliased(ResearchSession), aliased(ResearchSession)
    shared = or_(
        and_(
            one.facilitator_id.is_not(None),
            one.facilitator_id.in_([other.facilitator_id, other.note_taker_id]),
        ),
        and_(
            one.note_taker_id.is_not(None), one.note_taker_id.in_([other.facilitator_id, other.note_taker_id])
        ),
    )
    found = db.session.scalars(
        select(one.id).distinct().join(other, and_(_overlapping(one, other), shared)).where(one.id.in_(ids))
    )
    return set(found)
