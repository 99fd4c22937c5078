"""What participants do from their link: correct details, consent, withdraw, opt out, ask for a new link."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta

from flask import current_app

from app.audit.services import count_recent_failures, record_event
from app.jobs import enqueue_after_commit
from app.models_base import utcnow
from app.participants import services as register
from app.participants.correspondence import send_own_link
from app.participants.models import Participant, ParticipantStatus
from app.participants.tasks import SEND_LINK_TO_ADDRESS

LINK_REQUEST = "portal.link_requested"


def request_link(email: str, ip_address: str) -> None:
    """ "Send me my link": the same answer, in the same time, whether or not the address is known (SEC-4);
    rate-limited. Nothing about the participant's existing links changes.

    Every request is counted as a "failure" of LINK_REQUEST so the throttle can count it; a request over the
    limit is refused silently (the page still says the same thing).
    """
    email = email.strip().lower()
    # The log keeps a digest of the address, not the address: it may belong to nobody on the register.
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    since = utcnow() - timedelta(hours=1)
    recent = count_recent_failures(action=LINK_REQUEST, subject=digest, ip_address=ip_address, since=since)
    over_limit = recent >= current_app.config["LINK_REQUESTS_PER_HOUR"]
    record_event(
        LINK_REQUEST,
        target_type="participant_email",
        subject=digest,
        outcome="failure",
        details={"throttled": over_limit},
    )
    if over_limit:
        return
    # The same work whether or not the address is known: the lookup and the email happen in a job.
    enqueue_after_commit(SEND_LINK_TO_ADDRESS, email)


def update_own_details(participant: Participant, details: register.ParticipantDetails) -> bool:
    """Apply the participant's corrections. Returns True when the email address changed, in which case a new
    link has been sent to the new address and the link in use has stopped working.

    Only what the participant may correct is taken from `details`: their status, notes and how they were
    recruited are kept as they are now, after the participant's lock, so a withdrawal that committed a moment
    ago is never undone by a form loaded before it (CON-5)."""
    register.lock_participant(participant)
    details = replace(
        details, status=participant.status, notes=participant.notes, recruited_via=participant.recruited_via
    )
    changed = register.update_participant(participant, details)
    if "email" in changed:
        send_own_link(participant)
        return True
    return False


def opt_out(participant: Participant) -> None:
    register.set_status(participant, ParticipantStatus.OPTED_OUT, reason="participant's own request")
