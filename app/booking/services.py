"""Booking services: book, cancel, reschedule, and the waitlist. Services flush; the request commits.

Capacity (BK-1) is kept by the database, not by a read-then-check in Python: a place is taken with one
conditional UPDATE on research_session.booked_count (`... WHERE booked_count < capacity AND status =
'scheduled' AND starts_at > now`), and only a row it changed counts. A participant's second live booking for
one session is refused by a partial unique index (BK-2); the service catches that inside a SAVEPOINT, gives
the place back and returns the booking that already exists.

SQLite: a transaction that has already read cannot wait for the write lock (SQLite answers "database is
locked" at once rather than risk a deadlock), so `begin_booking()` takes the write lock first, with a no-op
write, and concurrent bookings then queue on busy_timeout. A request that books should call it before it
loads anything; every service here calls it too. PostgreSQL needs nothing: the conditional UPDATE locks the
session's row, and a waiting UPDATE re-checks its condition against the committed count.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_event
from app.booking import emails
from app.booking.models import AssistedVia, Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from app.common.sql import rowcount
from app.consent.services import consent_state
from app.extensions import db
from app.models_base import utcnow
from app.participants.limits import STATUS_REASONS, Decision, may_ask, use_override
from app.participants.models import Participant, ParticipantStatus
from app.studies.models import ResearchSession, SessionStatus, Study
from app.studies.services import ordered_purposes

DEFAULT_OFFER_HOURS = 48
# A write that changes nothing but takes SQLite's write lock when it is a transaction's first statement.
_SQLITE_WRITE_INTENT = "UPDATE research_session SET booked_count = booked_count WHERE 0"
_sessions = ResearchSession.__table__
_bookings = Booking.__table__
_waitlist = WaitlistEntry.__table__


class BookingError(Exception):
    pass


class SessionFull(BookingError):
    pass


class SessionInPast(BookingError):
    pass


class SessionCancelled(BookingError):
    pass


class NotAllowed(BookingError):
    """may_ask() refused: opted out, withdrawn, paused, or over the participation limit without an override."""

    def __init__(self, decision: Decision):
        super().__init__(", ".join(decision.reasons))
        self.decision = decision
        self.reasons = decision.reasons


class ConsentMissing(BookingError):
    """No consent on the current form version for every purpose the study requires (CON-1, CON-6)."""

    def __init__(self, status: str, missing: list[str]):
        super().__init__(f"{status}: {', '.join(missing)}")
        self.status = status  # "none", "declined", "withdrawn", "reconsent" or "given"
        self.missing = missing


class BookingNotLive(BookingError):
    """The booking is no longer booked (cancelled, attended or no-show)."""


class AlreadyBooked(BookingError):
    """Rescheduling into a session the participant is already booked into."""


class DifferentStudy(BookingError):
    pass


class OfferNotOpen(BookingError):
    pass


class InvalidAssistance(BookingError):
    """An assisted booking names the member of staff and how (phone or email), or neither."""


# Transactions and places ------------------------------------------------------------------------------------


def begin_booking() -> None:
    """On SQLite, take the write lock now so concurrent bookings wait their turn instead of failing."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(_SQLITE_WRITE_INTENT)


def _take_place(session_id: int, now: datetime) -> bool:
    result = db.session.execute(
        update(_sessions)
        .where(
            _sessions.c.id == session_id,
            _sessions.c.booked_count < _sessions.c.capacity,
            _sessions.c.status == SessionStatus.SCHEDULED.value,
            _sessions.c.starts_at > now,
        )
        # Counting a place is not a change to the session: keep updated_at (the researchers' feed reads it).
        .values(booked_count=_sessions.c.booked_count + 1, updated_at=_sessions.c.updated_at)
    )
    return rowcount(result) == 1


def _give_place_back(session_id: int) -> None:
    db.session.execute(
        update(_sessions)
        .where(_sessions.c.id == session_id, _sessions.c.booked_count > 0)
        .values(booked_count=_sessions.c.booked_count - 1, updated_at=_sessions.c.updated_at)
    )


def _refused(session_id: int, now: datetime) -> BookingError:
    """Why a place could not be taken, from the session as committed now."""
    status, starts_at = db.session.execute(
        select(_sessions.c.status, _sessions.c.starts_at).where(_sessions.c.id == session_id)
    ).one()
    if status == SessionStatus.CANCELLED:
        return SessionCancelled()
    if starts_at <= now:
        return SessionInPast()
    return SessionFull()


def _bookable_now(session: ResearchSession, now: datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise SessionCancelled()
    if session.starts_at <= now:
        raise SessionInPast()


def _expire_counts(*sessions: ResearchSession | None) -> None:
    for session in sessions:
        if session is not None:
            db.session.expire(session, ["booked_count"])


def places_left(session: ResearchSession) -> int:
    db.session.refresh(session, ["booked_count"])
    return max(session.capacity - session.booked_count, 0)


def _offer_hours() -> int:
    return int(current_app.config.get("BOOKING_OFFER_HOURS", DEFAULT_OFFER_HOURS))


# Who may book ---------------------------------------------------------------------------------------------


def check_consent(participant: Participant, study: Study) -> None:
    state = consent_state(participant)
    required = ordered_purposes(study.required_purposes or [])
    if state.status != "given":
        raise ConsentMissing(state.status, required)
    missing = [purpose for purpose in required if not state.agreed_to(purpose)]
    if missing:
        raise ConsentMissing(state.status, missing)


def check_eligibility(participant: Participant, study: Study) -> Decision:
    """Raise NotAllowed or ConsentMissing, or return the may_ask() decision (which may rely on an override)."""
    decision = may_ask(participant)
    if not decision.allowed:
        raise NotAllowed(decision)
    check_consent(participant, study)
    return decision


def check_still_willing(participant: Participant) -> None:
    """Someone who has opted out or withdrawn is never handed a booking, not even one they made before (CON-5)."""
    if participant.status in (ParticipantStatus.OPTED_OUT, ParticipantStatus.WITHDRAWN):
        reason = STATUS_REASONS[ParticipantStatus(participant.status)]
        raise NotAllowed(Decision(allowed=False, reasons=(reason,)))
    state = consent_state(participant)
    if state.status in ("none", "declined", "withdrawn"):
        raise ConsentMissing(state.status, [])


def live_booking(participant_id: int, session_id: int) -> Booking | None:
    return db.session.scalar(
        select(Booking).where(
            Booking.participant_id == participant_id,
            Booking.research_session_id == session_id,
            Booking.status == BookingStatus.BOOKED,
        )
    )


def bookings_for_session(session: ResearchSession) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.research_session_id == session.id)
            .order_by(Booking.created_at, Booking.id)
        )
    )


# Booking ---------------------------------------------------------------------------------------------------


def _new_uid() -> str:
    return f"booking-{uuid.uuid4().hex}@{current_app.config.get('MAIL_MESSAGE_ID_DOMAIN', 'profi.invalid')}"


def _open_offer(participant: Participant, session: ResearchSession, now: datetime) -> WaitlistEntry | None:
    return db.session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id,
            WaitlistEntry.offered_session_id == session.id,
            WaitlistEntry.status == WaitlistStatus.OFFERED,
            WaitlistEntry.offer_expires_at > now,
        )
    )


def _insert_booking(
    participant: Participant, session: ResearchSession, now: datetime, *, place_held: bool, **fields
) -> tuple[Booking, bool]:
    """(booking, created). The place is taken and the row inserted in one SAVEPOINT: if the unique index
    says the participant is already booked (a concurrent retry), rolling it back gives the place back."""
    savepoint = db.session.begin_nested()
    try:
        if not place_held and not _take_place(session.id, now):
            savepoint.rollback()
            existing = live_booking(participant.id, session.id)  # the retry that took the last place
            if existing is not None:
                return existing, False
            raise _refused(session.id, now)
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
        _expire_counts(session)
    return booking, True


def book_session(
    participant: Participant,
    session: ResearchSession,
    *,
    adjustments: str = "",
    wants_welsh: bool = False,
    assisted_by=None,
    assisted_via: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book the participant into the session, or return their live booking there if they have one (BK-2).

    Raises SessionFull, SessionInPast, SessionCancelled, NotAllowed or ConsentMissing. Queues a confirmation
    email with an .ics invitation in the participant's language.
    """
    now = now or utcnow()
    if (assisted_by is None) != (assisted_via is None):
        raise InvalidAssistance()
    if assisted_via is not None:
        AssistedVia(assisted_via)
    begin_booking()
    existing = live_booking(participant.id, session.id)
    if existing is not None:
        check_still_willing(participant)  # a retry after withdrawing is refused, not given the old booking
        return existing
    _bookable_now(session, now)
    decision = check_eligibility(participant, session.study)
    offer = _open_offer(participant, session, now)
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
    if offer is not None:
        _close_entry(offer, WaitlistStatus.ACCEPTED)
    else:
        _close_open_entries(participant, session.study_id, now)
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
    emails.queue_booking_email(booking, emails.CONFIRMATION)
    return booking


def cancel_booking(
    booking: Booking,
    *,
    actor=None,
    now: datetime | None = None,
    notify: bool = True,
    reason: str | None = None,
) -> Booking:
    """Cancel a live booking and give its place back (to the first person waiting, if anyone is).
    Cancelling a cancelled booking again changes nothing (a double click). notify=False sends the participant
    nothing: for someone who has withdrawn or opted out, who must not be contacted again."""
    now = now or utcnow()
    begin_booking()
    result = db.session.execute(
        update(_bookings)
        .where(_bookings.c.id == booking.id, _bookings.c.status == BookingStatus.BOOKED.value)
        .values(status=BookingStatus.CANCELLED.value, sequence=_bookings.c.sequence + 1, cancelled_at=now)
    )
    changed = rowcount(result)
    db.session.refresh(booking)
    if not changed:
        if booking.status == BookingStatus.CANCELLED:
            return booking
        raise BookingNotLive()
    session = booking.research_session
    _release_place(session, now)
    details = {"participant": booking.participant.code, "session": session.id}
    if reason is not None:
        details.update(reason=reason, notified=notify)
    record_event(
        "booking.cancelled", target_type="booking", target_id=booking.id, details=details, actor=actor
    )
    if notify:
        emails.queue_booking_email(booking, emails.CANCELLATION)
    return booking


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


def cancel_bookings_of_leaver(
    participant: Participant, *, reason: str, actor=None, now: datetime | None = None
) -> int:
    """CON-5: someone who withdraws or opts out loses their future bookings at once, without an email (they are
    not to be contacted again); the places go to the waitlists. Their open waitlist entries close too."""
    now = now or utcnow()
    begin_booking()
    cancelled = 0
    for booking in future_live_bookings(participant, now):
        cancel_booking(booking, actor=actor, now=now, notify=False, reason=reason)
        cancelled += 1
    for entry in db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id,
            WaitlistEntry.status.in_((WaitlistStatus.WAITING, WaitlistStatus.OFFERED)),
        )
    ).all():
        leave_waitlist(entry, actor=actor, now=now)
    return cancelled


def cancel_bookings_for_session(session: ResearchSession, *, actor=None, now: datetime | None = None) -> int:
    """A cancelled session: every live booking in it is cancelled and each participant sent a cancellation with
    an .ics METHOD:CANCEL (someone who has since withdrawn or opted out is not written to)."""
    now = now or utcnow()
    begin_booking()
    live = [b for b in bookings_for_session(session) if b.status == BookingStatus.BOOKED]
    for booking in live:
        leaver = booking.participant.status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.OPTED_OUT)
        cancel_booking(booking, actor=actor, now=now, notify=not leaver, reason="session_cancelled")
    return len(live)


def reschedule_booking(
    booking: Booking, new_session: ResearchSession, *, actor=None, now: datetime | None = None
) -> Booking:
    """Move a live booking to another session of the same study, in one transaction (BK-3): the new place is
    taken first, so if the new session is full this raises and the old booking stays as it was."""
    now = now or utcnow()
    begin_booking()
    db.session.refresh(booking)
    if booking.status != BookingStatus.BOOKED:
        raise BookingNotLive()
    old_session = booking.research_session
    if new_session.id == old_session.id:
        return booking
    if new_session.study_id != old_session.study_id:
        raise DifferentStudy()
    if live_booking(booking.participant_id, new_session.id) is not None:
        raise AlreadyBooked()
    _bookable_now(new_session, now)
    savepoint = db.session.begin_nested()
    try:
        if not _take_place(new_session.id, now):
            raise _refused(new_session.id, now)
        result = db.session.execute(
            update(_bookings)
            .where(
                _bookings.c.id == booking.id,
                _bookings.c.status == BookingStatus.BOOKED.value,
                _bookings.c.research_session_id == old_session.id,
            )
            .values(research_session_id=new_session.id, sequence=_bookings.c.sequence + 1)
        )
        moved = rowcount(result)
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
        _expire_counts(old_session, new_session)
    db.session.refresh(booking)
    _release_place(old_session, now)
    record_event(
        "booking.rescheduled",
        target_type="booking",
        target_id=booking.id,
        details={"participant": booking.participant.code, "from": old_session.id, "to": new_session.id},
        actor=actor,
    )
    emails.queue_booking_email(booking, emails.CHANGE)
    return booking


# Waitlist --------------------------------------------------------------------------------------------------


def open_entry(participant: Participant, study: Study) -> WaitlistEntry | None:
    return db.session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id,
            WaitlistEntry.study_id == study.id,
            WaitlistEntry.status.in_((WaitlistStatus.WAITING, WaitlistStatus.OFFERED)),
        )
    )


def join_waitlist(participant: Participant, study: Study, *, actor=None) -> WaitlistEntry:
    """Put the participant on the study's waitlist, or return the entry they already have."""
    begin_booking()
    existing = open_entry(participant, study)
    if existing is not None:
        return existing
    decision = may_ask(participant)
    if not decision.allowed:
        raise NotAllowed(decision)
    savepoint = db.session.begin_nested()
    try:
        entry = WaitlistEntry(participant_id=participant.id, study_id=study.id, status=WaitlistStatus.WAITING)
        db.session.add(entry)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        existing = open_entry(participant, study)
        if existing is None:
            raise
        return existing
    record_event(
        "waitlist.joined",
        target_type="study",
        target_id=study.id,
        details={"participant": participant.code, "entry": entry.id},
        actor=actor,
    )
    return entry


def _close_entry(entry: WaitlistEntry, status: WaitlistStatus) -> bool:
    result = db.session.execute(
        update(_waitlist)
        .where(_waitlist.c.id == entry.id, _waitlist.c.status == entry.status)
        .values(status=status.value, updated_at=utcnow())
    )
    closed = rowcount(result)
    db.session.refresh(entry)
    return bool(closed)


def _close_open_entries(participant: Participant, study_id: int, now: datetime) -> None:
    """Someone who books a place themselves no longer waits for one; a place held for them is passed on."""
    entries = db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id,
            WaitlistEntry.study_id == study_id,
            WaitlistEntry.status.in_((WaitlistStatus.WAITING, WaitlistStatus.OFFERED)),
        )
    ).all()
    for entry in entries:
        held = entry.offered_session if entry.status == WaitlistStatus.OFFERED else None
        if _close_entry(entry, WaitlistStatus.ACCEPTED) and held is not None:
            _release_place(held, now)


def _next_waiting(study_id: int) -> WaitlistEntry | None:
    return db.session.scalar(
        select(WaitlistEntry)
        .where(WaitlistEntry.study_id == study_id, WaitlistEntry.status == WaitlistStatus.WAITING)
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        .limit(1)
    )


def _offer_place(session: ResearchSession, now: datetime) -> WaitlistEntry | None:
    """Offer a place the caller holds in the session to the first person waiting who may still be asked."""
    while (entry := _next_waiting(session.study_id)) is not None:
        if not may_ask(entry.participant).allowed:
            _close_entry(entry, WaitlistStatus.REMOVED)
            record_event(
                "waitlist.removed",
                target_type="study",
                target_id=session.study_id,
                details={"participant": entry.participant.code, "entry": entry.id, "why": "may_not_ask"},
            )
            continue
        result = db.session.execute(
            update(_waitlist)
            .where(_waitlist.c.id == entry.id, _waitlist.c.status == WaitlistStatus.WAITING.value)
            .values(
                status=WaitlistStatus.OFFERED.value,
                offered_session_id=session.id,
                offered_at=now,
                offer_expires_at=now + timedelta(hours=_offer_hours()),
                updated_at=now,
            )
        )
        offered = rowcount(result)
        db.session.refresh(entry)
        if offered:
            record_event(
                "waitlist.offered",
                target_type="study",
                target_id=session.study_id,
                details={"participant": entry.participant.code, "entry": entry.id, "session": session.id},
            )
            emails.queue_offer_email(entry)
            return entry
    return None


def _release_place(session: ResearchSession | None, now: datetime) -> None:
    """A place in the session has come free: it goes to the first person waiting, or back to the count."""
    if session is None:
        return
    db.session.refresh(session, ["status", "starts_at"])
    bookable = session.status == SessionStatus.SCHEDULED and session.starts_at > now
    if not (bookable and _offer_place(session, now)):
        _give_place_back(session.id)
    _expire_counts(session)


def accept_offer(
    entry: WaitlistEntry, *, adjustments: str = "", wants_welsh: bool = False, now: datetime | None = None
) -> Booking:
    """Book the place an offer holds (the same checks as any booking)."""
    now = now or utcnow()
    begin_booking()
    db.session.refresh(entry)
    if (
        entry.status != WaitlistStatus.OFFERED
        or entry.offer_expires_at is None
        or entry.offer_expires_at <= now
        or entry.offered_session is None
    ):
        raise OfferNotOpen()
    return book_session(
        entry.participant, entry.offered_session, adjustments=adjustments, wants_welsh=wants_welsh, now=now
    )


def leave_waitlist(entry: WaitlistEntry, *, actor=None, now: datetime | None = None) -> None:
    """Take the participant off the waitlist; a place held for them goes to the next person."""
    now = now or utcnow()
    begin_booking()
    db.session.refresh(entry)
    was_offered = entry.status == WaitlistStatus.OFFERED
    if entry.status not in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED):
        return
    if _close_entry(entry, WaitlistStatus.REMOVED):
        record_event(
            "waitlist.left",
            target_type="study",
            target_id=entry.study_id,
            details={"participant": entry.participant.code, "entry": entry.id},
            actor=actor,
        )
        if was_offered:
            _release_place(entry.offered_session, now)


def expire_offers(now: datetime | None = None) -> int:
    """Lapse offers whose time is up and offer each place to the next person waiting. Returns how many lapsed."""
    now = now or utcnow()
    begin_booking()
    due = list(
        db.session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.status == WaitlistStatus.OFFERED, WaitlistEntry.offer_expires_at <= now)
            .order_by(WaitlistEntry.offer_expires_at, WaitlistEntry.id)
        )
    )
    lapsed = 0
    for entry in due:
        if _close_entry(entry, WaitlistStatus.LAPSED):
            lapsed += 1
            record_event(
                "waitlist.offer_lapsed",
                target_type="study",
                target_id=entry.study_id,
                details={
                    "participant": entry.participant.code,
                    "entry": entry.id,
                    "session": entry.offered_session_id,
                },
            )
            _release_place(entry.offered_session, now)
    return lapsed
