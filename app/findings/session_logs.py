"""A research session's log: the researchers' notes, whether each person re-confirmed their consent at the
start (CON-7), and the DP-2 check that warns before names or contact details go into research data.

Attendance itself is on the bookings (booking.attendance)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking.models import Booking
from app.extensions import db
from app.findings.models import ConsentReconfirmation, SessionLog
from app.participants.models import Participant
from app.participants.search import fold
from app.studies.models import ResearchSession

MAX_NOTES = 20000


def session_log(session: ResearchSession) -> SessionLog | None:
    return db.session.scalars(select(SessionLog).where(SessionLog.research_session_id == session.id)).first()


def save_notes(session: ResearchSession, notes: str, *, actor: StaffUser | None = None) -> SessionLog:
    """Keep the session's notes (at most 20,000 characters; longer is cut). Audited when they change."""
    notes = (notes or "").strip()[:MAX_NOTES]
    log = session_log(session)
    if log is None:
        log = SessionLog(research_session_id=session.id, notes="")
        db.session.add(log)
    if log.notes != notes:
        log.notes = notes
        log.updated_by_id = getattr(actor, "id", None)
        db.session.flush()
        record_event("session_log.saved", target_type="research_session", target_id=session.id, actor=actor)
    return log


def reconfirmed_booking_ids(session: ResearchSession) -> set[int]:
    """Bookings on the session whose person re-confirmed their consent at the start."""
    return set(
        db.session.scalars(
            select(ConsentReconfirmation.booking_id)
            .join(Booking, Booking.id == ConsentReconfirmation.booking_id)
            .where(Booking.research_session_id == session.id)
        )
    )


def set_reconfirmed(
    session: ResearchSession, booking_ids: set[int], *, actor: StaffUser | None = None
) -> tuple[int, int]:
    """Record who re-confirmed consent at the start: exactly the bookings in `booking_ids` (of this session;
    others are ignored). Returns (added, removed). Audited per change."""
    on_session = set(db.session.scalars(select(Booking.id).where(Booking.research_session_id == session.id)))
    wanted = booking_ids & on_session
    already = reconfirmed_booking_ids(session)
    for booking_id in sorted(wanted - already):
        db.session.add(
            ConsentReconfirmation(booking_id=booking_id, recorded_by_id=getattr(actor, "id", None))
        )
        record_event("consent.reconfirmed", target_type="booking", target_id=booking_id, actor=actor)
    gone = already - wanted
    if gone:
        db.session.execute(delete(ConsentReconfirmation).where(ConsentReconfirmation.booking_id.in_(gone)))
        for booking_id in sorted(gone):
            record_event(
                "consent.reconfirmation_removed", target_type="booking", target_id=booking_id, actor=actor
            )
    db.session.flush()
    return len(wanted - already), len(gone)


@dataclass(frozen=True)
class PersonalData:
    """Something in a text that identifies someone (DP-2): what kind, and whose code."""

    kind: str  # "name", "email", "phone" or "organisation"
    code: str

    @property
    def label(self) -> str:
        words = {
            "name": _("the name of %(code)s", code=self.code),
            "email": _("the email address of %(code)s", code=self.code),
            "phone": _("the phone number of %(code)s", code=self.code),
            "organisation": _("the organisation of %(code)s", code=self.code),
        }
        return words[self.kind]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _has_words(haystack: str, needle: str) -> bool:
    """Whether the folded `needle` appears in the folded `haystack` as whole words."""
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def personal_data_in(texts: list[str], people: list[Participant]) -> list[PersonalData]:
    """Names (the full name, or a first or last name of 3 letters or more), email addresses, phone numbers (7
    digits or more, however spaced) and organisations of `people` found in `texts`, folded (capitals, accents).
    The session log warns before saving research data that holds them (DP-2)."""
    folded = fold(" \n ".join(texts))
    digits = _digits(" ".join(texts))
    found: list[PersonalData] = []
    for person in people:
        names = [fold(person.full_name)] + [part for part in fold(person.full_name).split() if len(part) >= 3]
        if any(_has_words(folded, name) for name in names):
            found.append(PersonalData("name", person.code))
        if person.email and fold(person.email) in folded:
            found.append(PersonalData("email", person.code))
        phone = _digits(person.phone or "")
        if len(phone) >= 7 and (phone in digits or phone.lstrip("0")[-9:] in digits):
            found.append(PersonalData("phone", person.code))
        if person.organisation and _has_words(folded, fold(person.organisation)):
            found.append(PersonalData("organisation", person.code))
    return found
