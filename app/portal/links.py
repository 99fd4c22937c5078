"""Participants' links (SEC-4): unguessable, single-purpose, expiring, bound to one participant.

A token signs {participant id, link version} with a salt per purpose. Sending a new link, or changing the
participant's email address, raises the link version, so every older link stops working.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.participants.models import Participant

PAGE = "page"  # the participant's own page and what it links to


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"profi.participant-link.{purpose}")


def issue_token(participant: Participant, purpose: str = PAGE) -> str:
    """A new link for the participant; every older link of theirs stops working."""
    participant.link_version += 1
    db.session.flush()
    return current_token(participant, purpose)


def current_token(participant: Participant, purpose: str = PAGE) -> str:
    return _serializer(purpose).dumps({"p": participant.id, "v": participant.link_version})


def participant_for(token: str, purpose: str = PAGE) -> Participant:
    max_age = current_app.config["PARTICIPANT_LINK_DAYS"] * 86400
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired() from None
    except BadSignature:
        raise LinkInvalid() from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("v"), int):
        raise LinkInvalid()
    participant = db.session.get(Participant, data["p"])
    if participant is None:
        raise LinkInvalid()
    if participant.link_version != data["v"]:
        raise LinkExpired()
    return participant
