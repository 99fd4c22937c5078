"""Participants' links (SEC-4): unguessable, single-purpose, expiring, bound to one participant.

Every purpose a link can have is defined here, and nowhere else:
- PAGE: the participant's own page and what it links to (details, consent, withdraw, opt out);
- BOOKING: the booking pages of the studies they are invited to (choose, waiting list, offer, move, cancel).
A token signs {participant id, link version} with a salt per purpose, so a page link does not open booking
pages and the other way round. Each purpose has its own lifetime (LIFETIME_SETTINGS), counted from when the
link was made. Sending a participant another link never ends the ones they have: links end when they expire,
when their email address changes (the old address's links stop), or when staff revoke them deliberately
(revoke_links, audited). URLs are built here too, from the portal's endpoint names, so every email that carries
a link gets the same one.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.urls import absolute_url
from app.extensions import db
from app.participants.locks import load_locked
from app.participants.models import Participant

PAGE = "page"
BOOKING = "booking"
PURPOSES = (PAGE, BOOKING)
# How long each purpose's link works, in days: the config key that sets it (PROFI_PARTICIPANT_LINK_DAYS,
# PROFI_BOOKING_LINK_DAYS). A booking link lives longer: it must still work when the session comes round.
LIFETIME_SETTINGS = {PAGE: "PARTICIPANT_LINK_DAYS", BOOKING: "BOOKING_LINK_DAYS"}


class LinkExpired(Exception):
    """The link was signed by Profi but is too old, or it has been revoked (or the email address changed)."""


class LinkInvalid(Exception):
    """The link was not signed by Profi for this purpose, or names no participant."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"profi.participant-link.{purpose}")


def revoke_links(participant: Participant, *, reason: str, actor: StaffUser | None) -> None:
    """End every link the participant holds, of every purpose (a deliberate staff action, e.g. a link sent to
    the wrong address). Audited with the reason. Flushes."""
    participant.link_version += 1
    db.session.flush()
    record_event(
        "participant.links_revoked",
        target_type="participant",
        target_id=participant.code,
        details={"reason": reason.strip()[:500]},
        actor=actor,
    )


def current_token(participant: Participant, purpose: str = PAGE) -> str:
    """A link token for `purpose`, valid for that purpose's lifetime from now (LIFETIME_SETTINGS), until the
    participant's links are revoked or their email address changes."""
    return _serializer(purpose).dumps({"p": participant.id, "v": participant.link_version})


def participant_for(token: str, purpose: str = PAGE, *, lock: bool = False) -> Participant:
    """The participant a token belongs to, with their lock taken when `lock` (for a request that changes
    something: app.participants.locks; one query either way). Raises LinkExpired (older than the purpose's
    lifetime in days, or revoked) or LinkInvalid (tampered, another purpose's, or no such participant)."""
    max_age = current_app.config[LIFETIME_SETTINGS[purpose]] * 86400
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("v"), int):
        raise LinkInvalid()
    participant = load_locked(data["p"]) if lock else db.session.get(Participant, data["p"])
    if participant is None:
        raise LinkInvalid()
    if participant.link_version != data["v"]:
        raise LinkExpired()
    return participant


# Addresses in emails ----------------------------------------------------------------------------------------


def page_url(participant: Participant) -> str:
    """Absolute URL of the participant's own page (PAGE link)."""
    return absolute_url("portal.page", token=current_token(participant))


def consent_url(participant: Participant) -> str:
    return absolute_url("portal.consent_page", token=current_token(participant))


def withdraw_url(participant: Participant) -> str:
    """The one-step withdrawal every email carries (CON-5)."""
    return absolute_url("portal.withdraw", token=current_token(participant))


def study_url(participant: Participant, study_id: int) -> str:
    """The participant's booking page for one study (BOOKING link): choose, move, cancel, wait."""
    return absolute_url("portal.study", token=current_token(participant, BOOKING), study_id=study_id)


def offer_url(participant: Participant, study_id: int) -> str:
    """The page where the participant takes the place a waiting-list offer holds (BOOKING link)."""
    return absolute_url("portal.offer", token=current_token(participant, BOOKING), study_id=study_id)
