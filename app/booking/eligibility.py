"""Who may book a place in a study: may_ask() (BK-7) and consent on the current form for every purpose the
study requires (CON-1, CON-6). Each check raises the domain error its caller turns into a page."""

from __future__ import annotations

from app.booking.errors import ConsentMissing, NotAllowed
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


def needs_consent(participant: Participant, study: Study) -> bool:
    """True when check_consent() would refuse: the booking page then asks for consent first."""
    try:
        check_consent(participant, study)
    except ConsentMissing:
        return True
    return False


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
