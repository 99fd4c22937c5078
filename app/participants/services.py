"""The participant register: create, change, find. Services flush; the request commits."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import Select, func, select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.converters import MAX_ID
from app.extensions import db
from app.models_base import utcnow
from app.participants.locks import lock_participant
from app.participants.models import (
    LanguagePreference,
    OrganisationType,
    Participant,
    ParticipantStatus,
    RecruitedVia,
    Region,
    Segment,
    Seniority,
    WelshWillingness,
)
from app.participants.search import fold, search_key
from app.participants.status import BY_PARTICIPANT, BY_STAFF, announce_if_leaving, check_status_change


class ParticipantError(Exception):
    pass


class EmailInUse(ParticipantError):
    pass


class SegmentNameTaken(ParticipantError):
    pass


# What researchers keep about a participant, which the participant does not correct themselves.
STAFF_ONLY_FIELDS = ("recruited_via", "status", "notes")


@dataclass
class ParticipantDetails:
    full_name: str
    email: str
    organisation: str
    organisation_type: str
    region: str
    seniority: str
    phone: str = ""
    job_role: str = ""
    years_in_procurement: int | None = None
    preferred_language: str = LanguagePreference.UNKNOWN
    welsh_willingness: str = WelshWillingness.UNKNOWN
    adjustments: str = ""
    recruited_via: str = RecruitedVia.OTHER
    status: str = ParticipantStatus.ACTIVE
    notes: str = ""

    @classmethod
    def of(cls, participant: Participant) -> ParticipantDetails:
        """The participant's details as they are now."""
        return cls(**{f.name: getattr(participant, f.name) for f in fields(cls)})

    def normalised(self) -> ParticipantDetails:
        values: dict[str, Any] = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(self).items()
        }
        values["email"] = values["email"].lower()
        OrganisationType(values["organisation_type"])
        Region(values["region"])
        Seniority(values["seniority"])
        LanguagePreference(values["preferred_language"])
        WelshWillingness(values["welsh_willingness"])
        RecruitedVia(values["recruited_via"])
        ParticipantStatus(values["status"])
        return ParticipantDetails(**values)


def _email_taken(email: str, except_id: int | None = None) -> bool:
    stmt = select(func.count()).select_from(Participant).where(Participant.email == email.lower())
    if except_id is not None:
        stmt = stmt.where(Participant.id != except_id)
    return bool(db.session.scalar(stmt))


def _refresh_search_key(participant: Participant) -> None:
    participant.search_key = search_key(
        participant.code,
        participant.full_name,
        participant.email,
        participant.organisation,
        participant.job_role,
    )


def create_participant(details: ParticipantDetails, *, audit: bool = True) -> Participant:
    details = details.normalised()
    if _email_taken(details.email):
        raise EmailInUse()
    participant = Participant(**asdict(details), code="pending", status_changed_at=utcnow())
    db.session.add(participant)
    db.session.flush()  # the id (never reused) gives the code
    participant.code = f"P-{participant.id:04d}"
    _refresh_search_key(participant)
    db.session.flush()
    if audit:
        record_event("participant.created", target_type="participant", target_id=participant.code)
    return participant


def update_participant(
    participant: Participant,
    details: ParticipantDetails,
    *,
    own_request: bool = False,
    status_reason: str = "",
) -> list[str]:
    """Apply new details (a member of staff's, or the participant's own with no status among them); returns
    the names of the fields that changed (for the audit log, never values). Raises EmailInUse, and
    LeftByThemselves for a status change check_status_change() refuses. A status change records who made it
    (`own_request`: staff recording the participant's own request, `status_reason` why; both audited). Takes
    the participant's lock first (lock_participant)."""
    lock_participant(participant)
    details = details.normalised()
    if _email_taken(details.email, except_id=participant.id):
        raise EmailInUse()
    changed = [f.name for f in fields(details) if getattr(participant, f.name) != getattr(details, f.name)]
    if "status" in changed:
        check_status_change(participant, details.status, own_request=own_request, reason=status_reason)
        participant.status_changed_at = utcnow()
        participant.status_set_by = BY_PARTICIPANT if own_request else BY_STAFF
    if "email" in changed:
        participant.link_version += 1  # links sent to the old address stop working
    for name in changed:
        setattr(participant, name, getattr(details, name))
    _refresh_search_key(participant)
    db.session.flush()
    if changed:
        audited: dict[str, object] = {"fields": sorted(changed)}
        if "status" in changed:
            audited.update(
                status_by=participant.status_set_by, own_request=own_request, reason=status_reason.strip()
            )
        record_event(
            "participant.updated",
            target_type="participant",
            target_id=participant.code,
            details=audited,
        )
    if "status" in changed:
        announce_if_leaving(participant)
    return changed


def get_participant(participant_id: int) -> Participant | None:
    return db.session.get(Participant, participant_id)


def get_participant_by_email(email: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.email == email.strip().lower()))


def get_participant_by_code(code: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.code == code))


CODE_PATTERN = re.compile(r"P-\d+")


class NoSuchParticipant(LookupError):
    """Nobody on the register matches what was typed."""


class SeveralParticipants(LookupError):
    """More than one person matches a name: the code (or email address) tells them apart."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes


def find_participant(text: str) -> Participant:
    """The one participant `text` names: their code ("P-0042", any case), their email address, or their name
    (Welsh letters folded: "Llyr" finds "Llŷr"; the whole name, or enough of it to name one person). Raises
    NoSuchParticipant or SeveralParticipants (with up to 10 codes)."""
    text = " ".join((text or "").split())
    if not text:
        raise NoSuchParticipant()
    if CODE_PATTERN.fullmatch(text.upper()):
        found = get_participant_by_code(text.upper())
    elif "@" in text:
        found = get_participant_by_email(text)
    else:
        needle = fold(text)
        matches = list(
            db.session.scalars(
                select(Participant)
                .where(Participant.search_key.contains(needle, autoescape=True))
                .order_by(Participant.code)
                .limit(11)
            )
        )
        exact = [p for p in matches if fold(p.full_name) == needle]
        if len(exact) == 1 or len(matches) == 1:
            return exact[0] if len(exact) == 1 else matches[0]
        if matches:
            raise SeveralParticipants([p.code for p in matches[:10]])
        found = None
    if found is None:
        raise NoSuchParticipant()
    return found


# Finding people -----------------------------------------------------------------------------------------------

FILTER_FIELDS = (
    "organisation_type",
    "region",
    "seniority",
    "preferred_language",
    "welsh_willingness",
    "recruited_via",
    "status",
)
SORTS = {
    "code": (Participant.id,),
    "name": (func.lower(Participant.full_name), Participant.id),
    "organisation": (func.lower(Participant.organisation), func.lower(Participant.full_name)),
    "newest": (Participant.created_at.desc(), Participant.id.desc()),
}


@dataclass
class ParticipantFilter:
    """A filter over the register. Every field is optional; lists mean "any of these"."""

    q: str = ""
    organisation_type: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    seniority: list[str] = field(default_factory=list)
    preferred_language: list[str] = field(default_factory=list)
    welsh_willingness: list[str] = field(default_factory=list)
    recruited_via: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    has_adjustments: str = ""  # "yes", "no" or ""
    min_years: int | None = None
    max_years: int | None = None
    organisation: str = ""
    job_role: str = ""
    sort: str = "name"

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", [], None) and k != "sort"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParticipantFilter:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def filtered_participants(
    filters: ParticipantFilter, *, can_see_adjustments: bool = True
) -> Select[tuple[Participant]]:
    stmt = select(Participant)
    if filters.q.strip():
        for word in fold(filters.q).split():
            stmt = stmt.where(Participant.search_key.contains(word, autoescape=True))
    for name in FILTER_FIELDS:
        values = getattr(filters, name)
        if values:
            stmt = stmt.where(getattr(Participant, name).in_(values))
    if filters.organisation.strip():
        stmt = stmt.where(
            func.lower(Participant.organisation).contains(
                filters.organisation.strip().lower(), autoescape=True
            )
        )
    if filters.job_role.strip():
        stmt = stmt.where(
            func.lower(Participant.job_role).contains(filters.job_role.strip().lower(), autoescape=True)
        )
    if filters.min_years is not None:
        stmt = stmt.where(Participant.years_in_procurement >= filters.min_years)
    if filters.max_years is not None:
        stmt = stmt.where(Participant.years_in_procurement <= filters.max_years)
    if can_see_adjustments and filters.has_adjustments == "yes":
        stmt = stmt.where(func.length(func.trim(Participant.adjustments)) > 0)
    elif can_see_adjustments and filters.has_adjustments == "no":
        stmt = stmt.where(func.length(func.trim(Participant.adjustments)) == 0)
    return stmt.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def count_of(stmt: Select[tuple[Participant]]) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def page_of(stmt: Select[tuple[Participant]], page: int, per_page: int) -> list[Participant]:
    return list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))


# Segments -----------------------------------------------------------------------------------------------------


def list_segments() -> list[Segment]:
    return list(db.session.scalars(select(Segment).order_by(func.lower(Segment.name))))


def get_segment(segment_id: int) -> Segment | None:
    """The saved segment, or None (also for an id no database could hold, e.g. from a query string)."""
    if not 0 < segment_id <= MAX_ID:
        return None
    return db.session.get(Segment, segment_id)


def save_segment(name: str, filters: ParticipantFilter, *, actor: StaffUser) -> Segment:
    name = name.strip()
    # Compared in Python: SQLite's lower() folds ASCII only, so "Ä" and "ä" would both get in.
    if name.casefold() in {existing.casefold() for existing in db.session.scalars(select(Segment.name))}:
        raise SegmentNameTaken()
    segment = Segment(name=name, filters=filters.as_dict(), created_by_id=getattr(actor, "id", None))
    db.session.add(segment)
    db.session.flush()
    record_event("segment.created", target_type="segment", target_id=segment.id, details={"name": name})
    return segment


def delete_segment(segment: Segment) -> None:
    record_event(
        "segment.deleted", target_type="segment", target_id=segment.id, details={"name": segment.name}
    )
    db.session.delete(segment)
    db.session.flush()
