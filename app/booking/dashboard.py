"""A researcher's home page (issue 9, item 14): their sessions today and this week, and what each needs of them —
people who asked for adjustments, consent problems on the roster — with the emails that failed. Read-only; a
fixed number of queries, however many sessions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.booking.models import Booking, BookingStatus
from app.consent.services import consent_states
from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.participants.visibility import can_see_session_adjustments
from app.studies.calendar import sessions_for_week
from app.studies.models import ResearchSession, SessionStatus
from app.studies.timezones import to_local, today_local, week_start


@dataclass(frozen=True)
class SessionNeeds:
    session: ResearchSession
    booked: int  # live bookings
    adjustments: int | None  # bookings that asked for adjustments; None when the reader may not know (DP-3)
    consent_problems: int  # people booked whose consent is missing or out of date


@dataclass(frozen=True)
class Home:
    today: list[SessionNeeds]  # scheduled sessions of theirs today (UK), soonest first
    this_week: list[SessionNeeds]  # the rest of this UK week, still to come
    failed_emails: int  # messages the sender gave up on (every kind: admins act on them in the Outbox)


def home_for(user: StaffUser, now: datetime) -> Home:
    """What `user`'s sessions need, as of `now` (UTC). Four queries."""
    today: date = today_local(now)
    sessions = [
        s
        for s in sessions_for_week(user.id, week_start(today))
        if s.status == SessionStatus.SCHEDULED and s.ends_at > now
    ]
    ids = [s.id for s in sessions]
    live = (
        list(
            db.session.execute(
                select(
                    Booking.research_session_id, Booking.participant_id, Booking.adjustments_requested
                ).where(Booking.research_session_id.in_(ids), Booking.status == BookingStatus.BOOKED)
            )
        )
        if ids
        else []
    )
    states = consent_states(sorted({pid for _sid, pid, _adj in live}))
    booked = Counter(sid for sid, _pid, _adj in live)
    adjusted = Counter(sid for sid, _pid, adjustments in live if adjustments.strip())
    problems = Counter(sid for sid, pid, _adj in live if states[pid].status != "given")
    needs = [
        SessionNeeds(
            s,
            booked[s.id],
            adjusted[s.id] if can_see_session_adjustments(user, s) else None,
            problems[s.id],
        )
        for s in sessions
    ]
    failed = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.DEAD)
    )
    return Home(
        today=[n for n in needs if to_local(n.session.starts_at).date() == today],
        this_week=[n for n in needs if to_local(n.session.starts_at).date() > today],
        failed_emails=int(failed or 0),
    )
