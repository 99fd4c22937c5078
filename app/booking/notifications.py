"""Every booking email, from booking/templates/booking/emails/, written to the outbox in the action's
transaction (delivered after the commit). Each goes in the participant's language, bilingual Welsh first when it
is not known (WL-2), with the withdrawal link (CON-5): see participants.correspondence.

Confirmations, changes and cancellations carry an .ics (METHOD:REQUEST or CANCEL, stable UID, rising
SEQUENCE: BK-6) as an outbox attachment. They are the emails of the busiest requests, so the sender composes
them (app/mail/composition.py, composer BOOKING_EMAIL): the request writes only the row that promises them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale

from app.booking import ics, invitation_email
from app.booking.models import Booking, WaitlistEntry
from app.common.urls import absolute_url
from app.extensions import db
from app.mail.composition import Composed
from app.mail.models import OutboxAttachment, OutboxMessage
from app.mail.services import (
    attach,
    attachments_for,
    correspondence_language,
    queue_message,
    render_email,
)
from app.participants import links
from app.participants.correspondence import envelope, queue_composed_to_participant, queue_to_participant
from app.participants.models import Participant
from app.studies import ics as studies_ics
from app.studies.models import ResearchSession, Study

CONFIRMATION = "confirmation"
CHANGE = "change"  # the participant moved their booking to another session
SESSION_CHANGE = "session_changed"  # the research team changed the session itself
CANCELLATION = "cancellation"
KINDS = (CONFIRMATION, CHANGE, SESSION_CHANGE, CANCELLATION)


BOOKING_EMAIL = "booking_email"  # the composer (app/mail/composition.py) of the emails above


def queue_booking_email(booking: Booking, kind: str) -> OutboxMessage:
    """A confirmation, move, session change or cancellation (`kind`, one of KINDS) of the booking, with its
    .ics: the outbox row commits with the action, and the sender composes it (compose_booking_email), so a
    booking POST renders no email (P-4). Raises ValueError for another kind."""
    if kind not in KINDS:
        raise ValueError(kind)
    return queue_composed_to_participant(
        booking.participant,
        kind=f"booking_{kind}",
        composer=BOOKING_EMAIL,
        arguments={"booking": booking.id, "kind": kind},
    )


def compose_booking_email(arguments: dict[str, Any], language: str) -> Composed:
    """The email queue_booking_email() queued, for the booking as it is now (so a booking moved meanwhile is
    described where it is), in `language`, with its .ics (same UID; SEQUENCE as the booking has it, BK-6).
    Raises NoResultFound when the booking no longer exists, ValueError for an unknown kind."""
    kind = str(arguments["kind"])
    if kind not in KINDS:
        raise ValueError(kind)
    booking = db.session.get_one(Booking, int(arguments["booking"]))
    participant, session = booking.participant, booking.research_session
    method = ics.CANCEL if kind == CANCELLATION else ics.REQUEST
    subject, body = render_email(
        f"booking/emails/{kind}.txt",
        language,
        **envelope(participant),
        session=session,
        study=session.study,
        show_joining_link=kind != CANCELLATION,
        page_url=links.study_url(participant, session.study_id),
    )
    calendar = (
        "cancel.ics" if method == ics.CANCEL else "invite.ics",
        f"text/calendar; method={method}",
        ics.render_booking_ics(booking, language, method),
    )
    return Composed(subject, body, [calendar])


def queue_offer_email(entry: WaitlistEntry) -> OutboxMessage:
    """A place held for someone on the waiting list, until entry.offer_expires_at (UTC; shown in UK time)."""
    return queue_to_participant(
        entry.participant,
        template="booking/emails/waitlist_offer.txt",
        kind="booking_waitlist_offer",
        session=entry.offered_session,
        study=entry.study,
        show_joining_link=False,  # the joining link comes with the confirmation, once they have the place
        expires_at=entry.offer_expires_at,
        page_url=links.offer_url(entry.participant, entry.study_id),
    )


def queue_offer_withdrawn(entry: WaitlistEntry, session: ResearchSession) -> OutboxMessage:
    """An apology: the session whose place was offered to them is cancelled; they are still waiting."""
    return queue_to_participant(
        entry.participant,
        template="booking/emails/offer_withdrawn.txt",
        kind="booking_offer_withdrawn",
        session=session,
        study=entry.study,
        show_joining_link=False,
        page_url=links.study_url(entry.participant, entry.study_id),
    )


def queue_invitation(
    participant: Participant,
    study: Study,
    *,
    reminder: bool = False,
    facts: invitation_email.StudyFacts | None = None,
) -> OutboxMessage:
    """An invitation to take part (or a reminder of it), with the WL-4 welcome for Welsh: who runs the research,
    when, how long and whom to ask (invitation_email.StudyFacts; pass `facts` to read them once for many
    people), from a named sender (StudyFacts.sender, in the participant's language)."""
    facts = facts or invitation_email.study_facts(study)
    return queue_to_participant(
        participant,
        template=invitation_email.TEMPLATE,
        kind="booking_reminder" if reminder else "booking_invitation",
        from_name=facts.sender(correspondence_language(participant.preferred_language)),
        booking_url=links.study_url(participant, study.id),
        **invitation_email.template_context(facts, reminder=reminder),
    )


def queue_reminder(booking: Booking) -> OutboxMessage:
    """A reminder shortly before the booked session."""
    session = booking.research_session
    return queue_to_participant(
        booking.participant,
        template="booking/emails/reminder.txt",
        kind="booking_reminder",
        session=session,
        study=session.study,
        page_url=links.study_url(booking.participant, session.study_id),
    )


def attachment_for(message: OutboxMessage) -> OutboxAttachment | None:
    """The .ics sent with a booking email."""
    found = attachments_for(message)
    return found[0] if found else None


STAFF_NOTICES = ("booked", "moved", "cancelled")


def queue_staff_notices(
    booking: Booking, what: str, session: ResearchSession | None = None
) -> list[OutboxMessage]:
    """Tell the session's facilitator and note-taker that a participant booked, moved or cancelled (`what`, one
    of STAFF_NOTICES; ValueError for another), each in their own language with the session's .ics for their
    calendar (the same UID as their private feed). Only staff who are active and have not turned these emails
    off (StaffUser.booking_emails). The participant appears by code only (DP-2). `session` is the session the
    notice is about (the booking's own by default)."""
    if what not in STAFF_NOTICES:
        raise ValueError(what)
    session = session or booking.research_session
    staff = {person.id: person for person in (session.facilitator, session.note_taker) if person is not None}
    sent = []
    for person in staff.values():
        if not (person.active and person.booking_emails):
            continue
        message = queue_message(
            to=person.email,
            template="booking/emails/staff_notice.txt",
            language=person.preferred_language,
            kind="booking_staff_notice",
            name=person.name,
            code=booking.participant.code,
            what=what,
            session=session,
            study=session.study,
            show_joining_link=True,
            session_url=absolute_url(
                "studies.session_detail", study_id=session.study_id, session_id=session.id
            ),
        )
        with force_locale(person.preferred_language):
            calendar = studies_ics.render_feed(person, [session], person.preferred_language).decode("utf-8")
        attach(
            message, filename="session.ics", content_type="text/calendar; method=PUBLISH", content=calendar
        )
        sent.append(message)
    return sent
