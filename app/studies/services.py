"""Studies and research sessions. Services flush; the request commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import lazyload

from app.accounts.models import Role, StaffUser
from app.audit.services import record_event
from app.common.converters import MAX_ID
from app.common.sql import rowcount
from app.consent.services import ordered_purposes
from app.extensions import db
from app.models_base import utcnow
from app.projects.models import Phase, Project
from app.studies.joining_links import is_safe_joining_link
from app.studies.models import (
    ResearchSession,
    SessionLanguage,
    SessionMode,
    SessionStatus,
    Study,
    StudyMethod,
    StudyStatus,
)
from app.studies.signals import session_cancelled, session_changed, sessions_added

MIN_CAPACITY, MAX_CAPACITY = 1, 200
MAX_SESSIONS_PER_PARTICIPANT = 10
FACILITATOR_ROLES = (Role.RESEARCHER.value, Role.ADMIN.value)


class StudyError(Exception):
    pass


class InvalidStaff(StudyError):
    """A facilitator or note-taker who is not an active member of staff with the right role."""


class InvalidSession(StudyError):
    """Details that break a session rule: the form should have caught it first."""


class SessionCancelled(StudyError):
    pass


class BookedSessionInPast(StudyError):
    """A session people are booked on cannot be moved to a time that has already passed."""


class CapacityBelowBookings(StudyError):
    """Fewer places than are already taken (live bookings and places held for waitlist offers)."""

    def __init__(self, taken: int):
        super().__init__(f"{taken} places are taken")
        self.taken = taken


def places_taken(session: ResearchSession) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


# Studies ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyDetails:
    title_cy: str
    title_en: str
    method: str
    target_sample: int
    sessions_per_participant: int = 1
    status: str = StudyStatus.PLANNING
    description_cy: str = ""
    description_en: str = ""
    research_questions_cy: str = ""
    research_questions_en: str = ""
    required_purposes: tuple[str, ...] = ()
    facilitator_ids: tuple[int, ...] = field(default=())


def facilitator_candidates() -> list[StaffUser]:
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(StaffUser.active.is_(True), StaffUser.role.in_(FACILITATOR_ROLES))
            .order_by(func.lower(StaffUser.name), StaffUser.id)
        )
    )


def note_taker_candidates() -> list[StaffUser]:
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(StaffUser.active.is_(True))
            .order_by(func.lower(StaffUser.name), StaffUser.id)
        )
    )


def _staff(ids: Sequence[int], roles: Sequence[str] | None) -> list[StaffUser]:
    wanted = set(ids)
    if not wanted:
        return []
    stmt = select(StaffUser).where(StaffUser.id.in_(wanted), StaffUser.active.is_(True))
    if roles is not None:
        stmt = stmt.where(StaffUser.role.in_(roles))
    found = list(db.session.scalars(stmt))
    if len(found) != len(wanted):
        raise InvalidStaff()
    return found


def _checked(details: StudyDetails) -> StudyDetails:
    StudyMethod(details.method)
    StudyStatus(details.status)
    if details.target_sample < 1:
        raise StudyError("target sample must be at least 1")
    if not 1 <= details.sessions_per_participant <= MAX_SESSIONS_PER_PARTICIPANT:
        raise StudyError("sessions per participant must be from 1 to 10")
    return replace(details, required_purposes=tuple(ordered_purposes(details.required_purposes)))


def _study_columns(details: StudyDetails) -> dict[str, Any]:
    values = asdict(details)
    values.pop("facilitator_ids")
    values["required_purposes"] = list(details.required_purposes)
    return values


def get_phase(project: Project, phase_id: int) -> Phase | None:
    if not 0 < phase_id <= MAX_ID:
        return None
    return db.session.scalar(select(Phase).where(Phase.id == phase_id, Phase.project_id == project.id))


def get_study(study_id: int) -> Study | None:
    if not 0 < study_id <= MAX_ID:
        return None
    return db.session.get(Study, study_id)


def studies_by_phase(project: Project) -> dict[int, list[Study]]:
    studies = db.session.scalars(
        select(Study)
        .join(Study.phase)
        .where(Phase.project_id == project.id)
        .order_by(Study.created_at, Study.id)
    )
    grouped: dict[int, list[Study]] = {phase.id: [] for phase in project.phases}
    for study in studies:
        grouped.setdefault(study.phase_id, []).append(study)
    return grouped


def create_study(phase: Phase, details: StudyDetails, *, actor: StaffUser | None = None) -> Study:
    """A new study; `actor` (who creates it) becomes its owner."""
    details = _checked(details)
    study = Study(phase=phase, created_by_id=getattr(actor, "id", None), **_study_columns(details))
    study.facilitators = _staff(details.facilitator_ids, FACILITATOR_ROLES)
    db.session.add(study)
    db.session.flush()
    record_event(
        "study.created",
        target_type="study",
        target_id=study.id,
        details={"project": phase.project.slug, "phase": phase.kind},
    )
    return study


def update_study(study: Study, details: StudyDetails) -> None:
    details = _checked(details)
    columns = _study_columns(details)
    changed = sorted(k for k, v in columns.items() if getattr(study, k) != v)
    facilitators = _staff(details.facilitator_ids, FACILITATOR_ROLES)
    if {f.id for f in facilitators} != {f.id for f in study.facilitators}:
        changed.append("facilitators")
    for key, value in columns.items():
        setattr(study, key, value)
    study.facilitators = facilitators
    db.session.flush()
    record_event(
        "study.updated", target_type="study", target_id=study.id, details={"fields": sorted(changed)}
    )


def study_sessions_query(study: Study) -> Select[tuple[ResearchSession]]:
    """The study's sessions, soonest first (for app.common.paging)."""
    return (
        select(ResearchSession)
        .where(ResearchSession.study_id == study.id)
        .order_by(ResearchSession.starts_at, ResearchSession.id)
        # The caller holds the study already: session.study comes from the identity map.
        .options(lazyload(ResearchSession.study))
    )


def study_sessions(study: Study) -> list[ResearchSession]:
    """Every session of the study, soonest first (its calendar)."""
    return list(db.session.scalars(study_sessions_query(study)))


# Research sessions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionDetails:
    starts_at: datetime  # UTC-aware
    ends_at: datetime  # UTC-aware
    capacity: int
    mode: str
    language: str
    joining_link: str = ""
    address_cy: str = ""
    address_en: str = ""
    access_information_cy: str = ""
    access_information_en: str = ""
    facilitator_id: int | None = None
    note_taker_id: int | None = None
    participant_information_cy: str = ""
    participant_information_en: str = ""


def _normalised(details: SessionDetails) -> SessionDetails:
    """Keep only what the mode uses: no stale joining link on a phone session, no address online."""
    return replace(
        details,
        joining_link=details.joining_link.strip() if details.mode == SessionMode.ONLINE else "",
        address_cy=details.address_cy.strip() if details.mode == SessionMode.IN_PERSON else "",
        address_en=details.address_en.strip() if details.mode == SessionMode.IN_PERSON else "",
        access_information_cy=details.access_information_cy.strip(),
        access_information_en=details.access_information_en.strip(),
    )


def _check_session(details: SessionDetails) -> None:
    SessionMode(details.mode)
    SessionLanguage(details.language)
    if details.starts_at.tzinfo is None or details.ends_at.tzinfo is None:
        raise InvalidSession("naive time")
    if details.ends_at <= details.starts_at:
        raise InvalidSession("end must be after start")
    if not MIN_CAPACITY <= details.capacity <= MAX_CAPACITY:
        raise InvalidSession("capacity out of range")
    if details.mode == SessionMode.ONLINE and not is_safe_joining_link(details.joining_link):
        raise InvalidSession("online sessions need an http(s) joining link")
    has_address = details.address_cy.strip() and details.address_en.strip()
    if details.mode == SessionMode.IN_PERSON and not has_address:
        raise InvalidSession("in-person sessions need an address in Welsh and in English (WL-1)")
    if bool(details.access_information_cy.strip()) != bool(details.access_information_en.strip()):
        raise InvalidSession("access information is given in both languages or in neither (WL-1)")
    if details.facilitator_id is not None:
        _staff([details.facilitator_id], FACILITATOR_ROLES)
    if details.note_taker_id is not None:
        _staff([details.note_taker_id], None)


def get_session(study: Study, session_id: int) -> ResearchSession | None:
    """The study's research session with this id, or None (also for an id no database could hold)."""
    if not 0 < session_id <= MAX_ID:
        return None
    return db.session.scalar(
        select(ResearchSession)
        .where(ResearchSession.id == session_id, ResearchSession.study_id == study.id)
        # The caller holds the study already: session.study comes from the identity map, with no second load.
        .options(lazyload(ResearchSession.study))
    )


def _trusted(actor: StaffUser | None, study: Study, holder_id: int | None) -> bool:
    """Does `actor` assigning `holder_id` to a session of `study` let the holder read its adjustments? Only an
    admin's assignment, or the study owner's of someone else: never one's own (issue 9, item 2; DP-3)."""
    if actor is None or holder_id is None:
        return False
    if actor.role == "admin":
        return True
    return actor.id == study.created_by_id and actor.id != holder_id


def create_sessions(
    study: Study, all_details: Sequence[SessionDetails], *, actor: StaffUser | None = None
) -> list[ResearchSession]:
    """One session or a series: every one is checked before any is written, so it is all or nothing. `actor`
    (who creates them) decides whether the staff assigned may read adjustments (_trusted)."""
    all_details = [_normalised(d) for d in all_details]
    for details in all_details:
        _check_session(details)
    sessions = [
        ResearchSession(
            study=study,
            status=SessionStatus.SCHEDULED.value,
            facilitator_sees_adjustments=_trusted(actor, study, d.facilitator_id),
            note_taker_sees_adjustments=_trusted(actor, study, d.note_taker_id),
            **asdict(d),
        )
        for d in all_details
    ]
    db.session.add_all(sessions)
    db.session.flush()
    for session in sessions:
        record_event(
            "research_session.created",
            target_type="research_session",
            target_id=session.id,
            details={"study": study.id, "series_size": len(sessions)},
        )
    sessions_added.send(study, sessions=sessions)  # booking offers the new places to whoever waits
    return sessions


def create_session(
    study: Study, details: SessionDetails, *, actor: StaffUser | None = None
) -> ResearchSession:
    return create_sessions(study, [details], actor=actor)[0]


def update_session(
    session: ResearchSession, details: SessionDetails, *, actor: StaffUser | None = None
) -> int:
    """Save new details (raises SessionCancelled, InvalidSession, BookedSessionInPast or CapacityBelowBookings:
    nothing is saved then). Returns how many
    people booked on it were told of the change (by session_changed's receivers: booking emails them, BK-4)."""
    if session.is_cancelled:
        raise SessionCancelled()
    details = _normalised(details)
    _check_session(details)
    if session.booked_count and details.starts_at != session.starts_at and details.starts_at <= utcnow():
        raise BookedSessionInPast()
    values = asdict(details)
    changed = sorted(k for k, v in values.items() if getattr(session, k) != v)
    if "capacity" in changed:
        _set_capacity(session, details.capacity)
    # A new facilitator or note-taker reads adjustments only if this assignment is trusted; one who stays keeps
    # what they had, unless an admin or the owner saves them again (which can grant it).
    study = session.study
    for slot in ("facilitator", "note_taker"):
        holder = values[f"{slot}_id"]
        grant = _trusted(actor, study, holder)
        if f"{slot}_id" in changed or grant:
            setattr(session, f"{slot}_sees_adjustments", grant)
    for key, value in values.items():
        setattr(session, key, value)
    db.session.flush()
    record_event(
        "research_session.updated",
        target_type="research_session",
        target_id=session.id,
        details={"study": session.study_id, "fields": changed},
    )
    if not changed:
        return 0
    return sum(
        result or 0 for _receiver, result in session_changed.send(session, fields=changed, actor=actor)
    )


def _set_capacity(session: ResearchSession, capacity: int) -> None:
    """Change the capacity only if the places already taken still fit, in one conditional UPDATE, so a booking
    committed a moment ago is counted (the database's CHECK booked_count <= capacity is the last word)."""
    table = ResearchSession.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.id == session.id, table.c.booked_count <= capacity)
        .values(capacity=capacity, updated_at=utcnow())
    )
    changed = rowcount(result)
    if not changed:
        raise CapacityBelowBookings(places_taken(session))


def cancel_session(session: ResearchSession, *, actor: StaffUser | None = None) -> bool:
    """Soft cancel: the session stays, marked cancelled, and its live bookings are cancelled, each participant
    sent a cancellation (.ics METHOD:CANCEL). False if it already was (nothing recorded)."""
    db.session.refresh(session, ["status"])
    if session.is_cancelled:
        return False
    session.status = SessionStatus.CANCELLED
    session.cancelled_at = utcnow()
    db.session.flush()
    # Flushed first: a place given back now goes to the count, not to someone waiting. Booking receives the
    # signal and cancels the live bookings, telling each person; each receiver returns how many it cancelled.
    cancelled = sum(result or 0 for _receiver, result in session_cancelled.send(session, actor=actor))
    record_event(
        "research_session.cancelled",
        target_type="research_session",
        target_id=session.id,
        details={"study": session.study_id, "bookings_cancelled": cancelled},
        actor=actor,
    )
    return True
