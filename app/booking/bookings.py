"""Bookings: book, cancel and move a place in a research session. Services flush; the request commits.

A participant's second live booking for one session is refused by a partial unique index (BK-2): the service
catches that inside a SAVEPOINT, gives the place back and returns the booking that already exists. Moving a
booking is one transaction (BK-3): the new place is taken first, so a full session leaves the old booking as
it was. Places are counted in places.py; a freed place goes to the waiting list (waitlist.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import notifications, places, waitlist
from app.booking.eligibility import check_eligibility, check_still_willing, check_study_limit
from app.booking.errors import (
    AlreadyBooked,
    BookingError,
    BookingNotLive,
    DifferentStudy,
    InvalidAssistance,
    OfferNotOpen,
    TooLateToChange,
)
from app.booking.models import AssistedVia, Booking, BookingStatus, WaitlistEntry
from app.booking.standing import Standing, standing_of
from app.common.sql import rows_changed, table_of
from app.extensions import db
from app.models_base import utcnow
from app.participants.limits import use_override
from app.participants.locks import lock_participant
from app.participants.models import Participant
from app.studies.models import ResearchSession, Study

_bookings = table_of(Booking)


def live_booking(participant_id: int, session_id: int) -> Booking | None:
    return db.session.scalar(
        select(Booking).where(
            Booking.participant_id == participant_id,
            Booking.research_session_id == session_id,
            Booking.status == BookingStatus.BOOKED,
        )
    )


def session_bookings_query(session: ResearchSession) -> Select[tuple[Booking]]:
    """Every booking ever made in the session (any status), oldest first (for app.common.paging)."""
    return (
        select(Booking)
        .where(Booking.research_session_id == session.id)
        .order_by(Booking.created_at, Booking.id)
        .options(lazyload(Booking.research_session))  # the caller holds the session already
    )


def own_booking(booking_id: int) -> Booking:
    """A booking whose participant and session this request holds already (identity map): not joined again."""
    return db.session.get_one(
        Booking, booking_id, options=[lazyload(Booking.participant), lazyload(Booking.research_session)]
    )


def bookings_for_session(session: ResearchSession) -> list[Booking]:
    """Every booking ever made in the session (any status), oldest first."""
    return list(db.session.scalars(session_bookings_query(session)))


def bookings_in_study(participant: Participant, study: Study) -> list[Booking]:
    """The participant's bookings (any status) in the study's sessions, oldest first."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(ResearchSession, Booking.research_session_id == ResearchSession.id)
            .where(Booking.participant_id == participant.id, ResearchSession.study_id == study.id)
            .order_by(Booking.created_at, Booking.id)
        )
    )


def future_live_bookings(participant: Participant, now: datetime | None = None) -> list[Booking]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(Booking)
            .join(Booking.research_session)
            .where(
                Booking.participant_id == participant.id,
                Booking.status == BookingStatus.BOOKED,
                ResearchSession.starts_at > now,
            )
            .order_by(ResearchSession.starts_at, Booking.id)
        )
    )


# Booking ---------------------------------------------------------------------------------------------------


def _new_uid() -> str:
    """A calendar UID (RFC 5545 §3.8.4.7) that stays with the booking through every change."""
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "profi.invalid")
    return f"booking-{uuid.uuid4().hex}@{domain}"


def _insert_booking(
    participant: Participant, session: ResearchSession, now: datetime, *, place_held: bool, **fields: object
) -> tuple[Booking, bool]:
    """(booking, created). The place is taken and the row inserted in one SAVEPOINT: if the unique index
    says the participant is already booked (a concurrent retry), rolling it back gives the place back."""
    savepoint = db.session.begin_nested()
    try:
        if not place_held and not places.take_place(session.id, now):
            savepoint.rollback()
            existing = live_booking(participant.id, session.id)  # the retry that took the last place
            if existing is not None:
                return existing, False
            raise places.refusal(session.id, now)
        booking = Booking(
            participant_id=participant.id,
            research_session_id=session.id,
            status=BookingStatus.BOOKED,
            uid=_new_uid(),
            sequence=0,
            **fields,
        )
        db.session.add(booking)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        existing = live_booking(participant.id, session.id)
        if existing is None:
            raise
        return existing, False
    finally:
        places.expire_counts(session)
    return booking, True


def book_session(
    participant: Participant,
    session: ResearchSession,
    *,
    adjustments: str = "",
    wants_welsh: bool = False,
    assisted_by: StaffUser | None = None,
    assisted_via: str | None = None,
    now: datetime | None = None,
    standing: Standing | None = None,
) -> Booking:
    """Book the participant into the session, or return their live booking there if they have one (BK-2).

    `standing` is what overview.chosen_session() read with the session, after the participant's lock was taken;
    without it, it is read here (one query). A plain booking runs at most 10 SQL statements (P-4): the
    participant's lock, the session with their standing, the participation limit, the participation count,
    consent, the place, the booking, the audit row, the email and its .ics (each read once).

    Raises StudyNotTakingBookings (a participant books only while the study recruits; staff also while it runs),
    StudyLimitReached (one booking per person per study unless the study allows more), SessionFull, SessionInPast, SessionCancelled, NotAllowed, ConsentMissing or InvalidAssistance
    (app.booking.errors). Takes a place held for them by a waiting-list offer, if there is one. Queues a
    confirmation email with an .ics invitation in the participant's language (BK-6).
    """
    now = now or utcnow()
    if (assisted_by is None) != (assisted_via is None):
        raise InvalidAssistance()
    if assisted_via is not None:
        AssistedVia(assisted_via)
    lock_participant(participant)  # a withdrawal for them waits for this booking, or this for it (CON-5)
    standing = standing or standing_of(participant, session)
    if standing.live_booking_id is not None:
        check_still_willing(participant)  # a retry after withdrawing is refused, not given the old booking
        return own_booking(standing.live_booking_id)
    places.ensure_taking_bookings(session.study, by_staff=assisted_by is not None)
    places.ensure_bookable(session, now)
    check_study_limit(session.study, standing.held_elsewhere)
    decision = check_eligibility(participant, session.study)
    entry = db.session.get(WaitlistEntry, standing.open_entry_id) if standing.open_entry_id else None
    offer = entry if waitlist.holds_place(entry, session, now) else None
    booking, created = _insert_booking(
        participant,
        session,
        now,
        place_held=offer is not None,
        adjustments_requested=adjustments.strip(),
        wants_welsh=wants_welsh,
        assisted=assisted_by is not None,
        assisted_by_id=getattr(assisted_by, "id", None),
        assisted_via=assisted_via,
    )
    if not created:
        check_still_willing(participant)
        return booking
    if entry is not None:
        waitlist.close_for_booking(
            entry, session, now
        )  # they wait no longer; a place held elsewhere is passed on
    if decision.override_id is not None:
        use_override(decision)
        record_event(
            "participation_limit.override_used",
            target_type="participant",
            target_id=participant.code,
            details={"override": decision.override_id, "booking": booking.id},
            actor=assisted_by,
        )
    record_event(
        "booking.assisted" if booking.assisted else "booking.created",
        target_type="booking",
        target_id=booking.id,
        details={
            "participant": participant.code,
            "session": session.id,
            "assisted_via": assisted_via,
            "from_waitlist": offer is not None,
            "adjustments": bool(booking.adjustments_requested),
        },
        actor=assisted_by,
    )
    notifications.queue_booking_email(booking, notifications.CONFIRMATION)
    notifications.queue_staff_notices(booking, "booked")
    return booking


def accept_offer(
    participant: Participant,
    study: Study,
    *,
    adjustments: str = "",
    wants_welsh: bool = False,
    now: datetime | None = None,
) -> Booking:
    """Book the place the participant's open offer in the study holds (the same checks as any booking).
    Raises OfferNotOpen when there is no open offer, or what book_session() raises."""
    now = now or utcnow()
    entry = waitlist.live_offer(participant, study, now)
    if entry is None or entry.offered_session is None:
        raise OfferNotOpen()
    return book_session(
        participant, entry.offered_session, adjustments=adjustments, wants_welsh=wants_welsh, now=now
    )


# Cancelling ------------------------------------------------------------------------------------------------


def cancel_booking(
    booking: Booking,
    *,
    actor: StaffUser | None = None,
    now: datetime | None = None,
    notify: bool = True,
    reason: str | None = None,
    lock: bool = True,
    allow_started: bool = False,
) -> Booking:
    """Cancel a live booking and give its place back (to the first person waiting, if anyone is).

    Cancelling a cancelled booking again changes nothing (a double click); raises BookingNotLive for an
    attended or no-show booking, and TooLateToChange once the session has started (allow_started=True only for a
    session being cancelled as a whole). notify=False sends the participant nothing: for someone who has withdrawn or
    opted out, who must not be contacted again (CON-5). lock=False is for callers that already hold the
    participant's lock, or that cancel from the session's side (a cancelled session locks the session row first;
    taking participants' locks after it would invert the order bookings take them in).
    """
    now = now or utcnow()
    if lock:
        lock_participant(booking.participant)
    if (
        not allow_started
        and booking.research_session.starts_at <= now
        and booking.status == BookingStatus.BOOKED
    ):
        raise TooLateToChange()
    changed = rows_changed(
        update(_bookings)
        .where(_bookings.c.id == booking.id, _bookings.c.status == BookingStatus.BOOKED.value)
        .values(status=BookingStatus.CANCELLED.value, sequence=_bookings.c.sequence + 1, cancelled_at=now)
    )
    db.session.refresh(booking)
    if not changed:
        if booking.status == BookingStatus.CANCELLED:
            return booking
        raise BookingNotLive()
    session = booking.research_session
    waitlist.release_place(session, now)
    details: dict[str, object] = {"participant": booking.participant.code, "session": session.id}
    if reason is not None:
        details.update(reason=reason, notified=notify)
    record_event(
        "booking.cancelled", target_type="booking", target_id=booking.id, details=details, actor=actor
    )
    if notify:
        notifications.queue_booking_email(booking, notifications.CANCELLATION)
    if reason != "session_cancelled":  # whoever cancels a whole session knows already
        notifications.queue_staff_notices(booking, "cancelled")
    return booking


def cancel_bookings_of_leaver(
    participant: Participant, *, reason: str, actor: StaffUser | None = None, now: datetime | None = None
) -> int:
    """CON-5: someone who withdraws or opts out loses their future bookings at once, without an email (they are
    not to be contacted again); the places go to the waitlists. Their open waitlist entries close too.
    Returns how many bookings were cancelled."""
    now = now or utcnow()
    cancelled = 0
    for booking in future_live_bookings(participant, now):
        cancel_booking(booking, actor=actor, now=now, notify=False, reason=reason, lock=False)
        cancelled += 1
    waitlist.leave_every_waitlist(participant, actor=actor, now=now)
    return cancelled


# Moving ----------------------------------------------------------------------------------------------------


def reschedule_booking(
    booking: Booking,
    new_session: ResearchSession,
    *,
    actor: StaffUser | None = None,
    now: datetime | None = None,
) -> Booking:
    """Move a live booking to another session of the same study, in one transaction (BK-3): the new place is
    taken first, so if the new session is full this raises and the old booking stays as it was.

    Raises BookingNotLive, TooLateToChange (the booked session has started), DifferentStudy, AlreadyBooked,
    StudyNotTakingBookings, SessionFull, SessionInPast or SessionCancelled.
    Queues a change email with the .ics (same UID, SEQUENCE + 1: BK-6).
    """
    now = now or utcnow()
    lock_participant(booking.participant)
    db.session.refresh(booking)
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotLive()
    old_session = booking.research_session
    if old_session.starts_at <= now:
        raise TooLateToChange()
    if new_session.id == old_session.id:
        return booking
    if new_session.study_id != old_session.study_id:
        raise DifferentStudy()
    if live_booking(booking.participant_id, new_session.id) is not None:
        raise AlreadyBooked()
    places.ensure_taking_bookings(
        new_session.study, by_staff=True
    )  # a booking made already may move while it runs
    places.ensure_bookable(new_session, now)
    savepoint = db.session.begin_nested()
    try:
        if not places.take_place(new_session.id, now):
            raise places.refusal(new_session.id, now)
        moved = rows_changed(
            update(_bookings)
            .where(
                _bookings.c.id == booking.id,
                _bookings.c.status == BookingStatus.BOOKED.value,
                _bookings.c.research_session_id == old_session.id,
            )
            .values(research_session_id=new_session.id, sequence=_bookings.c.sequence + 1)
        )
        if not moved:
            raise BookingNotLive()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        raise AlreadyBooked() from None
    except BookingError:
        savepoint.rollback()
        raise
    finally:
        places.expire_counts(old_session, new_session)
    db.session.refresh(booking)
    waitlist.release_place(old_session, now)
    record_event(
        "booking.rescheduled",
        target_type="booking",
        target_id=booking.id,
        details={"participant": booking.participant.code, "from": old_session.id, "to": new_session.id},
        actor=actor,
    )
    notifications.queue_booking_email(booking, notifications.CHANGE)
    notifications.queue_staff_notices(booking, "cancelled", session=old_session)
    notifications.queue_staff_notices(booking, "moved")
    return booking
