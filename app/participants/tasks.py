"""The testing team's jobs."""

from __future__ import annotations

from app.jobs import job
from app.participants.correspondence import send_own_link
from app.participants.services import get_participant_by_email

SEND_LINK_TO_ADDRESS = "participants.send_link_to_address"


@job(SEND_LINK_TO_ADDRESS)
def send_link_to_address(email: str) -> None:
    """ "Send me my link", done out of the request (SEC-4): the request queues this job whether or not anyone
    has the address, and answers the same; here, someone on the register with that address (lower-cased) is
    sent a link to their own page. Returns nothing, so the address is not kept with the job's result."""
    participant = get_participant_by_email(email)
    if participant is not None:
        send_own_link(participant)
