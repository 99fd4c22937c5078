"""Who may book a place in a study: may_ask() (BK-7), consent on the current form for every purpose the
study requires (CON-1, CON-6), and how many bookings one person may hold in the study. Each check raises the
domain error its caller turns into a page."""

from __future__ import annotations

from app.booking.errors import ConsentMissing, NotAllowed, StudyLimitReached
from app.consent.services import consent_state, ordered_purposes
from app.participants.limits import STATUS_REASONS, Decision, may_ask
from app.participants.models import Participant, ParticipantStatus
from app.studies.models import Study


def check_consent(participant: Participant, study: Study) -> None:
    """Raise ConsentMissing unless the participant's consent on the current form version covers every purpose
    the study requires (CON-1, CON-6)."""
    state = consent_state(participant)
    required = ordered_purposes(study.required_purposes or [])
    if state.status != "given":
        raise ConsentMissing(state.status, required)
    missing = [purpose for purpose in required if not state.agreed_to(purpose)]
    if missing:
        raise ConsentMissing(state.status, missing)


def consent_problem(participant: Participant, study: Study) -> ConsentMissing | None:
    """What stops the participant booking the study on consent (its .status and .missing purposes, for the
    booking page to say which answer blocks it), or None when check_consent() would pass."""
    try:
        check_consent(participant, study)
    except ConsentMissing as problem:
        return problem
    return None


def check_eligibility(participant: Participant, study: Study) -> Decision:
    """Raise NotAllowed or ConsentMissing, or return the may_ask() decision (which may rely on an override)."""
    decision = may_ask(participant)
    if not decision.allowed:
        raise NotAllowed(decision)
    check_consent(participant, study)
    return decision


def check_still_willing(participant: Participant) -> None:
    """Someone who has opted out or withdrawn is never handed a booking, not even one they made before (CON-5).
    Raises NotAllowed or ConsentMissing."""
    if participant.status in (ParticipantStatus.OPTED_OUT, ParticipantStatus.WITHDRAWN):
        reason = STATUS_REASONS[ParticipantStatus(participant.status)]
        raise NotAllowed(Decision(allowed=False, reasons=(reason,)))
    state = consent_state(participant)
    if state.status in ("none", "declined", "withdrawn"):
        raise ConsentMissing(state.status, [])


def check_study_limit(study: Study, held_elsewhere: int) -> None:
    """Raise StudyLimitReached when the participant already holds study.sessions_per_participant bookings in
    the study's other sessions (booked or attended: standing.Standing.held_elsewhere, read under the
    participant's lock, so two bookings cannot both pass). A booking in the chosen session itself is a retry,
    answered with that booking (BK-2)."""
    if held_elsewhere >= study.sessions_per_participant:
        raise StudyLimitReached(study.sessions_per_participant)
