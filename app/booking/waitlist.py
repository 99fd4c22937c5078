"""The waiting list of a study: join, leave, offers of a freed place that hold it for a while, and lapsing.

A freed place goes to the first person waiting who may still be asked (BK-7), held for them for
BOOKING_OFFER_HOURS hours; only if nobody is waiting does it go back to the session's count. Services flush;
the request (or the CLI command) commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import notifications, places
from app.booking.errors import NotAllowed
from app.booking.models import WaitlistEntry, WaitlistStatus
from app.common.sql import rows_changed, table_of
from app.common.transactions import write_transaction
from app.extensions import db
from app.models_base import utcnow
from app.participants.limits import may_ask
from app.participants.locks import lock_participant
from app.participants.models import Participant
from app.studies.models import ResearchSession, SessionStatus, Study

DEFAULT_OFFER_HOURS = 48
OPEN_STATUSES = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)
_waitlist = table_of(WaitlistEntry)


def _offer_hours() -> int:
    return int(current_app.config.get("BOOKING_OFFER_HOURS", DEFAULT_OFFER_HOURS))


def offer_deadline(session: ResearchSession, now: datetime) -> datetime:
    """When an offer of a place in `session` lapses (UTC): BOOKING_OFFER_HOURS from now, but never later than the
    cut-off before the session starts (BOOKING_CHANGE_CUTOFF_HOURS), so a place is never held past its session."""
    return min(now + timedelta(hours=_offer_hours()), session.starts_at - places.change_cutoff())


def open_entry(participant: Participant, study: Study) -> WaitlistEntry | None:
    """The participant's waiting or offered entry for the study, if any (at most one: a unique index)."""
    return db.session.scalar(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id,
            WaitlistEntry.study_id == study.id,
            WaitlistEntry.status.in_(OPEN_STATUSES),
        )
    )


def is_open_offer(entry: WaitlistEntry | None, now: datetime) -> bool:
    """True when the entry is an offer of a place that has not lapsed at `now` (UTC)."""
    return (
        entry is not None
        and entry.status == WaitlistStatus.OFFERED
        and entry.offer_expires_at is not None
        and entry.offer_expires_at > now
    )


def live_offer(participant: Participant, study: Study, now: datetime | None = None) -> WaitlistEntry | None:
    """The participant's open offer of a place in the study, if one is open now."""
    entry = open_entry(participant, study)
    return entry if is_open_offer(entry, now or utcnow()) else None


def holds_place(entry: WaitlistEntry | None, session: ResearchSession, now: datetime) -> bool:
    """True when the entry is an open offer holding a place for its participant in this session."""
    return entry is not None and entry.offered_session_id == session.id and is_open_offer(entry, now)


def join_waitlist(
    participant: Participant,
    study: Study,
    *,
    session: ResearchSession | None = None,
    actor: StaffUser | None = None,
) -> WaitlistEntry:
    """Put the participant on the study's waitlist — for one `session` of it, or for any when None — or return
    the entry they already have (one per study). Raises ValueError for a session of another study, NotAllowed
    when may_ask() refuses them (BK-7), StudyNotTakingBookings unless the study recruits. Takes the participant's
    lock first."""
    lock_participant(participant)
    existing = open_entry(participant, study)
    if existing is not None:
        return existing
    places.ensure_taking_bookings(study)
    decision = may_ask(participant)
    if not decision.allowed:
        raise NotAllowed(decision)
    savepoint = db.session.begin_nested()
    try:
        if session is not None and session.study_id != study.id:
            raise ValueError("the session is not in this study")
        entry = WaitlistEntry(
            participant_id=participant.id,
            study_id=study.id,
            status=WaitlistStatus.WAITING,
            wanted_session_id=session.id if session is not None else None,
        )
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
        details={"participant": participant.code, "entry": entry.id, "session": entry.wanted_session_id},
        actor=actor,
    )
    return entry


def close_entry(entry: WaitlistEntry, status: WaitlistStatus) -> bool:
    """Move an open entry to `status`, only if nobody else has moved it meanwhile; True if this call did."""
    closed = rows_changed(
        update(_waitlist)
        .where(_waitlist.c.id == entry.id, _waitlist.c.status == entry.status)
        .values(status=status.value, updated_at=utcnow())
    )
    db.session.refresh(entry)
    return bool(closed)


def close_for_booking(entry: WaitlistEntry, booked: ResearchSession, now: datetime) -> None:
    """Someone who has booked `booked` no longer waits: their entry is accepted. A place an offer held for them
    elsewhere (or one that lapsed) is passed on to the next person waiting; one it held in `booked` is theirs."""
    passed_on = None
    if entry.status == WaitlistStatus.OFFERED and not holds_place(entry, booked, now):
        passed_on = entry.offered_session
    if close_entry(entry, WaitlistStatus.ACCEPTED) and passed_on is not None:
        release_place(passed_on, now)


def _next_waiting(session: ResearchSession) -> WaitlistEntry | None:
    """The first person waiting for a place in this session: waiting for any session of its study, or this one."""
    return db.session.scalar(
        select(WaitlistEntry)
        .where(
            WaitlistEntry.study_id == session.study_id,
            WaitlistEntry.status == WaitlistStatus.WAITING,
            or_(WaitlistEntry.wanted_session_id.is_(None), WaitlistEntry.wanted_session_id == session.id),
        )
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        .limit(1)
    )


def _offer_place(session: ResearchSession, now: datetime) -> WaitlistEntry | None:
    """Offer a place the caller holds in the session to the first person waiting who may still be asked."""
    while (entry := _next_waiting(session)) is not None:
        if not may_ask(entry.participant).allowed:
            close_entry(entry, WaitlistStatus.REMOVED)
            record_event(
                "waitlist.removed",
                target_type="study",
                target_id=session.study_id,
                details={"participant": entry.participant.code, "entry": entry.id, "why": "may_not_ask"},
            )
            continue
        offered = rows_changed(
            update(_waitlist)
            .where(_waitlist.c.id == entry.id, _waitlist.c.status == WaitlistStatus.WAITING.value)
            .values(
                status=WaitlistStatus.OFFERED.value,
                offered_session_id=session.id,
                offered_at=now,
                offer_expires_at=offer_deadline(session, now),
                updated_at=now,
            )
        )
        db.session.refresh(entry)
        if offered:
            record_event(
                "waitlist.offered",
                target_type="study",
                target_id=session.study_id,
                details={"participant": entry.participant.code, "entry": entry.id, "session": session.id},
            )
            notifications.queue_offer_email(entry)
            return entry
    return None


def release_place(session: ResearchSession | None, now: datetime) -> None:
    """A place in the session has come free: it goes to the first person waiting, or back to the count."""
    if session is None:
        return
    db.session.refresh(session, ["status", "starts_at"])
    # Only offered while an offer could still be taken: before the cut-off ahead of the session.
    bookable = session.status == SessionStatus.SCHEDULED and offer_deadline(session, now) > now
    if not (bookable and _offer_place(session, now)):
        places.give_place_back(session.id)
    places.expire_counts(session)


def offer_free_places(session: ResearchSession, now: datetime | None = None) -> int:
    """New places in the session (a raised capacity, a new session) go to the people waiting for its study, one
    offer per place, while the study recruits and an offer could still be taken. Returns how many were offered."""
    now = now or utcnow()
    db.session.refresh(session, ["status", "starts_at", "booked_count", "capacity"])
    if session.study.status not in places.SELF_SERVICE_STATUSES or session.status != SessionStatus.SCHEDULED:
        return 0
    if offer_deadline(session, now) <= now:
        return 0
    offered = 0
    while _next_waiting(session) is not None and places.take_place(session.id, now):
        if _offer_place(session, now) is None:
            places.give_place_back(session.id)  # nobody waiting may be asked: the place stays free
            break
        offered += 1
    places.expire_counts(session)
    return offered


def leave_waitlist(
    entry: WaitlistEntry, *, actor: StaffUser | None = None, now: datetime | None = None
) -> None:
    """Take the participant off the waitlist; a place held for them goes to the next person. Leaving twice
    changes nothing."""
    now = now or utcnow()
    db.session.refresh(entry)
    was_offered = entry.status == WaitlistStatus.OFFERED
    if entry.status not in OPEN_STATUSES:
        return
    if close_entry(entry, WaitlistStatus.REMOVED):
        record_event(
            "waitlist.left",
            target_type="study",
            target_id=entry.study_id,
            details={"participant": entry.participant.code, "entry": entry.id},
            actor=actor,
        )
        if was_offered:
            release_place(entry.offered_session, now)


def leave_study_waitlist(participant: Participant, study: Study) -> bool:
    """The participant leaves the study's waiting list from their own page; False if they were not on it."""
    entry = open_entry(participant, study)
    if entry is None:
        return False
    leave_waitlist(entry)
    return True


def leave_every_waitlist(
    participant: Participant, *, actor: StaffUser | None = None, now: datetime | None = None
) -> None:
    """Close every open entry of the participant's (they have left the research: CON-5)."""
    for entry in db.session.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.participant_id == participant.id, WaitlistEntry.status.in_(OPEN_STATUSES)
        )
    ).all():
        leave_waitlist(entry, actor=actor, now=now)


def expire_offers(now: datetime | None = None) -> int:
    """Lapse offers whose time is up and offer each place to the next person waiting. Returns how many lapsed."""
    now = now or utcnow()
    with write_transaction():  # SQLite: a run outside a request takes the write lock with its first query
        due = list(
            db.session.scalars(
                select(WaitlistEntry)
                .where(WaitlistEntry.status == WaitlistStatus.OFFERED, WaitlistEntry.offer_expires_at <= now)
                .order_by(WaitlistEntry.offer_expires_at, WaitlistEntry.id)
            )
        )
    lapsed = 0
    for entry in due:
        if close_entry(entry, WaitlistStatus.LAPSED):
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
            release_place(entry.offered_session, now)
    return lapsed
