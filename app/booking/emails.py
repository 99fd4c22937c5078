"""Booking emails, written to the outbox in the action's transaction, with the .ics kept beside the message.

Each confirmation, change and cancellation carries its .ics as an outbox attachment, which the sender attaches.
The templates live in app/booking/templates (registered through the booking blueprint).
"""

from __future__ import annotations

from app.booking import ics
from app.booking.models import Booking, WaitlistEntry
from app.common.urls import absolute_url
from app.mail.models import OutboxAttachment, OutboxMessage
from app.mail.services import attach, attachments_for, correspondence_language, queue_message
from app.portal import links

CONFIRMATION = "confirmation"
CHANGE = "change"
CANCELLATION = "cancellation"
KINDS = (CONFIRMATION, CHANGE, CANCELLATION)


def _links(participant, study, *, endpoint: str = "booking.study_page") -> dict:
    """The participant's booking page for the study (to change, cancel or take a place) and their withdraw link."""
    token = links.current_token(participant)
    return {
        "page_url": absolute_url(
            endpoint, token=links.current_token(participant, purpose="booking"), study_id=study.id
        ),
        "withdraw_url": absolute_url("portal.withdraw", token=token),
    }


def queue_booking_email(booking: Booking, kind: str) -> OutboxMessage:
    if kind not in KINDS:
        raise ValueError(kind)
    participant = booking.participant
    language = correspondence_language(participant.preferred_language)
    method = ics.CANCEL if kind == CANCELLATION else ics.REQUEST
    message = queue_message(
        to=participant.email,
        template=f"mail/booking_{kind}.txt",
        language=language,
        kind=f"booking_{kind}",
        participant=participant,
        name=participant.full_name,
        session=booking.research_session,
        study=booking.research_session.study,
        **_links(participant, booking.research_session.study),
    )
    attach(
        message,
        filename="cancel.ics" if method == ics.CANCEL else "invite.ics",
        content_type=f"text/calendar; method={method}",
        content=ics.render_booking_ics(booking, language, method),
    )
    return message


def queue_offer_email(entry: WaitlistEntry) -> OutboxMessage:
    participant = entry.participant
    return queue_message(
        to=participant.email,
        template="mail/booking_waitlist_offer.txt",
        language=correspondence_language(participant.preferred_language),
        kind="booking_waitlist_offer",
        participant=participant,
        name=participant.full_name,
        session=entry.offered_session,
        study=entry.study,
        expires_at=entry.offer_expires_at,
        **_links(participant, entry.study, endpoint="booking.offer"),
    )


def attachment_for(message: OutboxMessage) -> OutboxAttachment | None:
    """The .ics sent with a booking email."""
    found = attachments_for(message)
    return found[0] if found else None
