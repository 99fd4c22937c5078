"""Email to a participant: one envelope for every feature's messages (WL-2, CON-5).

Every message to a participant goes to their address, in their language (bilingual, Welsh first, when it is not
known: WL-2), names them, is linked to them in the outbox (so erasure and subject access find it), and carries
the one-step withdrawal link (CON-5). Features pass only what their own template needs.
"""

from __future__ import annotations

from typing import Any

from app.audit.services import record_event
from app.mail.composition import queue_to_compose
from app.mail.models import OutboxMessage
from app.mail.services import correspondence_language, queue_message
from app.participants import links
from app.participants.models import Participant


def envelope(participant: Participant) -> dict[str, Any]:
    """What every template to a participant receives besides its own context: `name` and `withdraw_url`."""
    return {"name": participant.full_name, "withdraw_url": links.withdraw_url(participant)}


def queue_to_participant(
    participant: Participant, *, template: str, kind: str, from_name: str = "", **context: Any
) -> OutboxMessage:
    """Queue `template` (a text email template name) to the participant, in the outbox of the current
    transaction; it is delivered after the commit. The template receives `name`, `withdraw_url`, `language`
    and the given context; `from_name` names the sender in the From header (empty: PROFI_MAIL_FROM's name).
    Returns the flushed OutboxMessage."""
    return queue_message(
        to=participant.email,
        template=template,
        language=correspondence_language(participant.preferred_language),
        kind=kind,
        participant=participant,
        from_name=from_name,
        **envelope(participant),
        **context,
    )


def queue_composed_to_participant(
    participant: Participant, *, kind: str, composer: str, arguments: dict[str, Any]
) -> OutboxMessage:
    """Queue a message to the participant that the sender composes (app/mail/composition.py) with `composer`
    from `arguments`, in their language as it is now (WL-2); the composer renders it with envelope(). Returns
    the flushed OutboxMessage."""
    return queue_to_compose(
        to=participant.email,
        language=correspondence_language(participant.preferred_language),
        kind=kind,
        composer=composer,
        arguments=arguments,
        participant=participant,
    )


OWN_LINK_KINDS = ("participant_link", "consent_request")


def send_own_link(
    participant: Participant, *, kind: str = "participant_link", actor: Any = None
) -> OutboxMessage:
    """Email the participant a link to their own page: `kind` "participant_link" (their page) or
    "consent_request" (asking them to consent, CON-6). The links they already hold keep working (SEC-4 allows
    several; revoking them is a separate, deliberate staff action). Audited as "portal.<kind>_sent". Raises
    ValueError for another kind."""
    if kind not in OWN_LINK_KINDS:
        raise ValueError(kind)
    message = queue_to_participant(
        participant,
        template=f"participants/emails/{kind}.txt",
        kind=kind,
        page_url=links.page_url(participant),
        consent_url=links.consent_url(participant),
    )
    record_event(f"portal.{kind}_sent", target_type="participant", target_id=participant.code, actor=actor)
    return message
