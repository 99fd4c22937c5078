"""What participants do from their link: correct details, consent, withdraw, opt out, ask for a new link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from flask import current_app

from app.audit.services import record_anonymous_request
from app.jobs import enqueue_after_commit
from app.participants import services as register
from app.participants.correspondence import send_own_link
from app.participants.locks import lock_participant
from app.participants.models import Participant, ParticipantStatus
from app.participants.status import set_status
from app.participants.tasks import SEND_LINK_TO_ADDRESS

LINK_REQUEST = "portal.link_requested"


def request_link(email: str, ip_address: str) -> None:
    """ "Send me my link": the same answer, in the same time, whether or not the address is known (SEC-4);
    rate-limited. Nothing about the participant's existing links changes.

    Every request is counted as a "failure" of LINK_REQUEST so the throttle can count it; a request over the
    limit is refused silently (the page still says the same thing).
    """
    email = email.strip().lower()
    over_limit = record_anonymous_request(
        LINK_REQUEST,
        target_type="participant_email",
        address=email,
        ip_address=ip_address,
        window=timedelta(hours=1),
        limit=current_app.config["LINK_REQUESTS_PER_HOUR"],
    )
    if over_limit:
        return
    # The same work whether or not the address is known: the lookup and the email happen in a job.
    enqueue_after_commit(SEND_LINK_TO_ADDRESS, email)


def update_own_details(participant: Participant, own: Mapping[str, Any]) -> bool:
    """Apply the participant's corrections: `own` maps ParticipantDetails fields to new values, and may not
    name what researchers keep (register.STAFF_ONLY_FIELDS: ValueError). Raises EmailInUse. Returns True when
    the email address changed, in which case a new link has been sent to the new address and the link in use
    has stopped working.

    The rest is read after the participant's lock, so a withdrawal that committed a moment ago is never undone by
    a form loaded before it (CON-5)."""
    if set(own) & set(register.STAFF_ONLY_FIELDS):
        raise ValueError("a participant does not change what researchers keep")
    lock_participant(participant)
    changed = register.update_participant(
        participant, replace(register.ParticipantDetails.of(participant), **own)
    )
    if "email" in changed:
        send_own_link(participant)
        return True
    return False


def opt_out(participant: Participant) -> None:
    set_status(
        participant, ParticipantStatus.OPTED_OUT, reason="participant's own request", by_participant=True
    )
