"""A participant's status in the testing team (active, paused, opted out, withdrawn), and who may change it back:
an opt-out or withdrawal the participant made is undone only by them, or by staff recording their own request
with a reason (issue 9; CON-5, DP-3). Leaving sends participant_left, so the features above react at once."""

from __future__ import annotations

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.extensions import db
from app.models_base import utcnow
from app.participants.locks import lock_participant
from app.participants.models import Participant, ParticipantStatus
from app.participants.signals import participant_left

BY_PARTICIPANT, BY_STAFF = "participant", "staff"  # Participant.status_set_by
LEFT = (ParticipantStatus.OPTED_OUT, ParticipantStatus.WITHDRAWN)


class LeftByThemselves(Exception):
    """The participant opted out or withdrew themselves: only they can undo it, or staff recording their own
    request with a reason (issue 9; CON-5, DP-3)."""


def check_status_change(participant: Participant, status: str, *, own_request: bool, reason: str) -> None:
    """Raise LeftByThemselves when staff would bring back (to active or paused) someone who left by their own
    action, without recording that they asked for it and why."""
    if (
        participant.status in LEFT
        and participant.status_set_by == BY_PARTICIPANT
        and ParticipantStatus(status) not in LEFT
        and not (own_request and reason.strip())
    ):
        raise LeftByThemselves()


def set_status(
    participant: Participant,
    status: str,
    *,
    reason: str = "",
    actor: StaffUser | None = None,
    by_participant: bool = False,
    own_request: bool = False,
) -> None:
    """Move the participant to `status` (a ParticipantStatus value; raises ValueError for another), audited with
    the reason and who made the change: the participant themselves (`by_participant`, from their own page),
    or staff (`own_request`: recording the participant's own request). Raises LeftByThemselves for a staff
    change check_status_change() refuses. Leaving (opted out, withdrawn) sends participant_left. Takes the
    participant's lock first."""
    ParticipantStatus(status)
    lock_participant(participant)
    if participant.status == status:
        return
    if not by_participant:
        check_status_change(participant, status, own_request=own_request, reason=reason)
    old = participant.status
    participant.status = ParticipantStatus(status)
    participant.status_changed_at = utcnow()
    participant.status_set_by = BY_PARTICIPANT if by_participant or own_request else BY_STAFF
    db.session.flush()
    record_event(
        "participant.status_changed",
        target_type="participant",
        target_id=participant.code,
        details={"from": old, "to": status, "reason": reason, "by": participant.status_set_by},
        actor=actor,
    )
    announce_if_leaving(participant, actor)


def announce_if_leaving(participant: Participant, actor: StaffUser | None = None) -> None:
    """CON-5: opting out (or being marked withdrawn) takes effect at once: the features above react to the
    participant_left signal (booking cancels their future bookings, without an email)."""
    if participant.status in (ParticipantStatus.OPTED_OUT, ParticipantStatus.WITHDRAWN):
        participant_left.send(participant, reason=f"participant_{participant.status}", actor=actor)
