"""Consent's jobs."""

from __future__ import annotations

from app.accounts.services import get_user
from app.consent.services import ask_everyone_to_consent_again
from app.jobs import job

ASK_EVERYONE_AGAIN = "consent.ask_everyone_again"


@job(ASK_EVERYONE_AGAIN)
def ask_everyone_again(actor_id: int | None) -> int:
    """Queued by an admin: email everyone whose consent is out of date a request to consent again (CON-6).
    Takes the admin's id (a job takes ids, never objects). Returns how many were asked."""
    actor = get_user(actor_id) if actor_id is not None else None
    return ask_everyone_to_consent_again(actor=actor)
