"""Invitations to take part in a study. Services flush; the request commits. Checking an invitation before it
is sent is invitation_checks.py; reminding those who have not answered, invitation_reminders.py; what the email
says, invitation_email.py.

Who was invited is kept in the invitation table (one row per study and participant, a unique pair), never read
back from the audit trail. Each invitation asks may_ask() first: anyone paused, opted out, withdrawn or over the
participation limit is skipped with the reason. An override (limits.grant_override) lets one person through;
the booking it leads to uses it up (bookings.book_session).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import invitation_email, notifications
from app.booking.models import Booking, Invitation, WaitlistEntry
from app.extensions import db
from app.participants.limits import grant_override, may_ask
from app.participants.models import Participant, Segment
from app.participants.services import ParticipantFilter, filtered_participants
from app.studies.models import ResearchSession, Study

INVITED = "invitation.sent"


@dataclass
class Skipped:
    code: str
    reasons: list[str]
    overridable: bool = False


@dataclass
class InvitationResult:
    invited: list[Participant] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# Who ------------------------------------------------------------------------------------------------------


def participants_by_codes(codes: Iterable[str]) -> tuple[list[Participant], list[str]]:
    """(found, unknown codes), found in the order given; codes upper-case ("P-0042"). One query."""
    codes = list(codes)
    if not codes:
        return [], []
    found = {p.code: p for p in db.session.scalars(select(Participant).where(Participant.code.in_(codes)))}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def participants_in_segment(segment: Segment) -> list[Participant]:
    """Everyone the saved segment's filters find now, in the register's order."""
    return list(db.session.scalars(filtered_participants(ParticipantFilter.from_dict(segment.filters or {}))))


def invitations_for(study: Study) -> list[Invitation]:
    """The study's invitations, in the order they were sent."""
    return list(
        db.session.scalars(select(Invitation).where(Invitation.study_id == study.id).order_by(Invitation.id))
    )


def invited_ids(study: Study) -> set[int]:
    """Ids of everyone invited to the study (one query)."""
    return set(db.session.scalars(select(Invitation.participant_id).where(Invitation.study_id == study.id)))


def invited_codes(study: Study) -> list[str]:
    """Codes of everyone invited to the study, in the order they were invited."""
    return [invitation.participant.code for invitation in invitations_for(study)]


def is_invited(participant: Participant, study: Study) -> bool:
    return (
        db.session.scalar(
            select(Invitation.id).where(
                Invitation.study_id == study.id, Invitation.participant_id == participant.id
            )
        )
        is not None
    )


def answered_ids(study: Study) -> set[int]:
    """Participants who booked (at any time, in any state) or joined the waitlist for the study."""
    booked = select(Booking.participant_id).join(ResearchSession).where(ResearchSession.study_id == study.id)
    waiting = select(WaitlistEntry.participant_id).where(WaitlistEntry.study_id == study.id)
    return set(db.session.scalars(booked)) | set(db.session.scalars(waiting))


# Inviting -------------------------------------------------------------------------------------------------


def _record_invitation(participant: Participant, study: Study, actor: StaffUser | None) -> bool:
    """Insert the invitation row; False if the participant was invited already (perhaps a moment ago by a
    concurrent request: the unique pair decides)."""
    savepoint = db.session.begin_nested()
    try:
        db.session.add(
            Invitation(
                study_id=study.id, participant_id=participant.id, invited_by_id=getattr(actor, "id", None)
            )
        )
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        return False
    return True


def invite_participants(
    study: Study, participants: Iterable[Participant], *, actor: StaffUser | None = None
) -> InvitationResult:
    """Invite each participant to the study once: queue the invitation email (notifications.queue_invitation,
    its facts read once for everyone) and record it. Anyone already invited, or whom may_ask() refuses (BK-7),
    is skipped with the reasons."""
    result = InvitationResult()
    already = invited_ids(study)
    facts: invitation_email.StudyFacts | None = None
    for participant in dict.fromkeys(participants):
        if participant.id in already:
            result.skipped.append(Skipped(participant.code, [_("Already invited to this study.")]))
            continue
        decision = may_ask(participant)
        if not decision.allowed:
            result.skipped.append(Skipped(participant.code, decision.describe(), decision.overridable))
            continue
        if not _record_invitation(participant, study, actor):
            result.skipped.append(Skipped(participant.code, [_("Already invited to this study.")]))
            continue
        facts = facts or invitation_email.study_facts(study)
        notifications.queue_invitation(participant, study, facts=facts)
        record_event(
            INVITED,
            target_type="study",
            target_id=study.id,
            actor=actor,
            details={"participant": participant.code, "override": decision.override_id},
        )
        already.add(participant.id)
        result.invited.append(participant)
    return result


def override_and_invite(
    study: Study, participant: Participant, reason: str, *, actor: StaffUser
) -> InvitationResult:
    """Grant a reason-backed override (audited) and invite the person. Raises limits.OverrideNotAllowed for
    anyone paused, opted out or withdrawn, and limits.OverrideNotNeeded for anyone who may be asked anyway."""
    grant_override(participant, reason, actor=actor)
    return invite_participants(study, [participant], actor=actor)
