"""Invitations to take part in a study, reminders, and what a booking link shows. Services flush; the request commits.

Who was invited is read from the audit trail (one "invitation.sent" event per person and study), so no
table of its own is needed. Each invitation asks may_ask() first: anyone paused, opted out, withdrawn or over
the participation limit is skipped with the reason. An override (limits.grant_override) lets one person
through; the booking it leads to uses it up (booking.services.book_session).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.audit.services import record_event
from app.booking.models import Booking, WaitlistEntry
from app.booking.services import places_left
from app.common.urls import absolute_url
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.services import correspondence_language, queue_message
from app.models_base import utcnow
from app.participants.limits import grant_override, may_ask
from app.participants.models import Participant, Segment
from app.participants.services import ParticipantFilter, filtered_participants
from app.portal import links
from app.studies.models import ResearchSession, Study
from app.studies.services import study_sessions

BOOKING_PURPOSE = "booking"  # the salt of a personal booking link: a page link does not open booking pages
INVITED = "invitation.sent"
REMINDED = "invitation.reminded"
CODE = re.compile(r"P-\d+", re.IGNORECASE)


@dataclass
class Skipped:
    code: str
    reasons: list[str]
    overridable: bool = False


@dataclass
class InvitationResult:
    invited: list[Participant] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def booking_token(participant: Participant) -> str:
    """The participant's personal booking link token (bound to them and their current link version)."""
    return links.current_token(participant, purpose=BOOKING_PURPOSE)


def participant_for_booking_link(token: str) -> Participant:
    """Raises links.LinkExpired or links.LinkInvalid, like every participant link."""
    return links.participant_for(token, purpose=BOOKING_PURPOSE)


# Who ------------------------------------------------------------------------------------------------------


def parse_codes(text: str) -> list[str]:
    """Participant codes in any text (commas, spaces, lines), upper-cased, in order, without repeats."""
    return list(dict.fromkeys(code.upper() for code in CODE.findall(text or "")))


def participants_by_codes(codes: Iterable[str]) -> tuple[list[Participant], list[str]]:
    """(found, unknown codes), found in the order given."""
    codes = list(codes)
    if not codes:
        return [], []
    found = {p.code: p for p in db.session.scalars(select(Participant).where(Participant.code.in_(codes)))}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def participants_in_segment(segment: Segment) -> list[Participant]:
    return list(db.session.scalars(filtered_participants(ParticipantFilter.from_dict(segment.filters or {}))))


def invited_codes(study: Study) -> list[str]:
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == INVITED,
            AuditEvent.target_type == "study",
            AuditEvent.target_id == str(study.id),
        )
        .order_by(AuditEvent.id)
    )
    codes = (event.details.get("participant") for event in events if event.details)
    return list(dict.fromkeys(str(code) for code in codes if code))


def answered_ids(study: Study) -> set[int]:
    """Participants who booked (at any time, in any state) or joined the waitlist for the study."""
    booked = select(Booking.participant_id).join(ResearchSession).where(ResearchSession.study_id == study.id)
    waiting = select(WaitlistEntry.participant_id).where(WaitlistEntry.study_id == study.id)
    return set(db.session.scalars(booked)) | set(db.session.scalars(waiting))


def open_sessions(study: Study, *, excluding: int | None = None) -> list[tuple[ResearchSession, int]]:
    """(session, places left) for the study's future scheduled sessions that still have a place."""
    now = utcnow()
    found = []
    for session in study_sessions(study):
        if session.is_cancelled or session.starts_at <= now or session.id == excluding:
            continue
        left = places_left(session)
        if left:
            found.append((session, left))
    return found


def bookings_in_study(participant: Participant, study: Study) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .join(ResearchSession, Booking.research_session_id == ResearchSession.id)
            .where(Booking.participant_id == participant.id, ResearchSession.study_id == study.id)
            .order_by(Booking.created_at, Booking.id)
        )
    )


# The email ------------------------------------------------------------------------------------------------


def queue_invitation(participant: Participant, study: Study, *, reminder: bool = False) -> OutboxMessage:
    """In the participant's language, bilingual Welsh first when unknown (WL-2), with the WL-4 welcome."""
    return queue_message(
        to=participant.email,
        template="mail/invitation.txt",
        language=correspondence_language(participant.preferred_language),
        kind="booking_reminder" if reminder else "booking_invitation",
        participant=participant,
        name=participant.full_name,
        study=study,
        reminder=reminder,
        booking_url=absolute_url("booking.study_page", token=booking_token(participant), study_id=study.id),
        withdraw_url=absolute_url("portal.withdraw", token=links.current_token(participant)),
    )


# Inviting -------------------------------------------------------------------------------------------------


def invite_participants(study: Study, participants: Iterable[Participant], *, actor=None) -> InvitationResult:
    result = InvitationResult()
    already = set(invited_codes(study))
    for participant in dict.fromkeys(participants):
        if participant.code in already:
            result.skipped.append(Skipped(participant.code, [_("Already invited to this study.")]))
            continue
        decision = may_ask(participant)
        if not decision.allowed:
            result.skipped.append(Skipped(participant.code, decision.describe(), decision.overridable))
            continue
        queue_invitation(participant, study)
        record_event(
            INVITED,
            target_type="study",
            target_id=study.id,
            actor=actor,
            details={"participant": participant.code, "override": decision.override_id},
        )
        already.add(participant.code)
        result.invited.append(participant)
    return result


def override_and_invite(study: Study, participant: Participant, reason: str, *, actor) -> InvitationResult:
    """Grant a reason-backed override (audited) and invite the person. Raises limits.OverrideNotAllowed for
    anyone paused, opted out or withdrawn, and limits.OverrideNotNeeded for anyone who may be asked anyway."""
    grant_override(participant, reason, actor=actor)
    return invite_participants(study, [participant], actor=actor)


def remind_unanswered(study: Study, *, actor=None) -> int:
    """Send the invitation again to everyone invited who has neither booked nor joined the waitlist and may
    still be asked. Returns how many were reminded."""
    participants, _unknown = participants_by_codes(invited_codes(study))
    answered = answered_ids(study)
    reminded = 0
    for participant in participants:
        if participant.id in answered or not may_ask(participant).allowed:
            continue
        queue_invitation(participant, study, reminder=True)
        record_event(
            REMINDED,
            target_type="study",
            target_id=study.id,
            actor=actor,
            details={"participant": participant.code},
        )
        reminded += 1
    record_event(
        "invitation.reminders_sent",
        target_type="study",
        target_id=study.id,
        actor=actor,
        details={"count": reminded},
    )
    return reminded
