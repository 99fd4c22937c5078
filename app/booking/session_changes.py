"""What booking does when a research session changes or is cancelled (received from studies' signals).

A change that matters to the people booked — its time, mode, place, joining link, access information or
language — reaches each of them (BK-4, BK-6): the booking's calendar SEQUENCE rises, a change notice goes in
their language with the updated .ics (same UID), and a new start time re-arms their reminder. A cancelled session
cancels every live booking (each person told, with an .ics METHOD:CANCEL) and withdraws the waiting-list offers
that held a place in it (each person told, with an apology, and kept on the waiting list). People who have
withdrawn or opted out are never written to (CON-5).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import notifications, places
from app.booking.bookings import cancel_booking
from app.booking.models import Booking, BookingReminder, BookingStatus, WaitlistEntry, WaitlistStatus
from app.common.sql import rows_changed, table_of
from app.extensions import db
from app.models_base import utcnow
from app.participants.models import Participant, ParticipantStatus
from app.studies.models import ResearchSession

# SessionDetails fields whose change the people booked must hear about (not capacity, staff or notes to staff).
NOTIFIED_FIELDS = frozenset(
    {
        "starts_at",
        "ends_at",
        "mode",
        "language",
        "joining_link",
        "address_cy",
        "address_en",
        "access_information_cy",
        "access_information_en",
    }
)
NOT_CONTACTED = (ParticipantStatus.WITHDRAWN, ParticipantStatus.OPTED_OUT)
_bookings = table_of(Booking)
_waitlist = table_of(WaitlistEntry)


def _live_bookings(session: ResearchSession) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.research_session_id == session.id, Booking.status == BookingStatus.BOOKED)
            .order_by(Booking.id)
        )
    )


def people_to_tell(session: ResearchSession) -> int:
    """How many people booked on the session would be told of a change (the edit page says so first)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .join(Participant, Booking.participant_id == Participant.id)
            .where(
                Booking.research_session_id == session.id,
                Booking.status == BookingStatus.BOOKED,
                Participant.status.not_in([s.value for s in NOT_CONTACTED]),
            )
        )
        or 0
    )


def notify_session_changed(
    session: ResearchSession, fields: Iterable[str], *, actor: StaffUser | None = None
) -> int:
    """Tell everyone booked on the session that it changed, if any of `fields` (SessionDetails names) is one
    they must hear about. Returns how many were told. Flushes; the request commits."""
    changed = sorted(NOTIFIED_FIELDS.intersection(fields))
    if not changed:
        return 0
    live = _live_bookings(session)
    if not live:
        return 0
    ids = [booking.id for booking in live]
    rows_changed(
        update(_bookings)
        .where(_bookings.c.id.in_(ids), _bookings.c.status == BookingStatus.BOOKED.value)
        .values(sequence=_bookings.c.sequence + 1)
    )
    if "starts_at" in changed:
        # A reminder was claimed for the old time: the next `flask reminders send` reminds again for the new one.
        rows_changed(
            delete(BookingReminder).where(
                BookingReminder.booking_id.in_(ids), BookingReminder.research_session_id == session.id
            )
        )
    told = 0
    for booking in live:
        db.session.refresh(booking, ["sequence"])
        if booking.participant.status in NOT_CONTACTED:
            continue
        notifications.queue_booking_email(booking, notifications.SESSION_CHANGE)
        told += 1
    record_event(
        "research_session.change_notified",
        target_type="research_session",
        target_id=session.id,
        details={"study": session.study_id, "fields": changed, "told": told},
        actor=actor,
    )
    return told


def cancel_bookings_for_session(
    session: ResearchSession, *, actor: StaffUser | None = None, now: datetime | None = None
) -> int:
    """A cancelled session: every live booking in it is cancelled and each participant sent a cancellation with
    an .ics METHOD:CANCEL (someone who has since withdrawn or opted out is not written to); every open offer of
    a place in it is withdrawn. Returns how many bookings were cancelled."""
    now = now or utcnow()
    live = _live_bookings(session)
    for booking in live:
        leaver = booking.participant.status in NOT_CONTACTED
        cancel_booking(
            booking,
            actor=actor,
            now=now,
            notify=not leaver,
            reason="session_cancelled",
            lock=False,
            allow_started=True,
        )
    _withdraw_offers(session, actor=actor)
    # People waiting for this one session now wait for any session of the study.
    rows_changed(
        update(_waitlist)
        .where(
            _waitlist.c.wanted_session_id == session.id, _waitlist.c.status == WaitlistStatus.WAITING.value
        )
        .values(wanted_session_id=None, updated_at=utcnow())
    )
    return len(live)


def _withdraw_offers(session: ResearchSession, *, actor: StaffUser | None) -> None:
    """Offers holding a place in a cancelled session go back to waiting (their place in the queue kept), and
    each person is told, with an apology; the held places go back to the session's count."""
    offers = list(
        db.session.scalars(
            select(WaitlistEntry).where(
                WaitlistEntry.offered_session_id == session.id, WaitlistEntry.status == WaitlistStatus.OFFERED
            )
        )
    )
    for entry in offers:
        withdrawn = rows_changed(
            update(_waitlist)
            .where(_waitlist.c.id == entry.id, _waitlist.c.status == WaitlistStatus.OFFERED.value)
            .values(status=WaitlistStatus.WAITING.value, offer_expires_at=None, updated_at=utcnow())
        )
        if not withdrawn:
            continue
        places.give_place_back(session.id)
        db.session.refresh(entry)
        record_event(
            "waitlist.offer_withdrawn",
            target_type="study",
            target_id=entry.study_id,
            details={"participant": entry.participant.code, "entry": entry.id, "session": session.id},
            actor=actor,
        )
        if entry.participant.status not in NOT_CONTACTED:
            notifications.queue_offer_withdrawn(entry, session)
    places.expire_counts(session)
