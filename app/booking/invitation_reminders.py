"""Reminding people who have not answered an invitation (issue 9, item 12). (Reminders of a booked session
are reminders.py.)

A reminder goes to someone invited who has neither booked nor joined the waiting list (at any time) and whom
may_ask() still allows (BK-7); at most once in PROFI_INVITATION_REMINDER_DAYS days, counted from the last
message about the study (the invitation, or the last reminder); and only while participants can book: the
study is recruiting and a future scheduled session has a place. Otherwise nothing is sent, and the page says
why.

Two presses at once never remind one person twice: each reminder is claimed by one conditional UPDATE of the
invitation row (… WHERE coalesce(last_reminded_at, created_at) <= now − interval … RETURNING id), and only
the rows that UPDATE changed get an email. On PostgreSQL a second UPDATE waits for the first one's row lock
and then re-checks its condition against the committed row; on SQLite a writing request holds the write lock
from its first statement (app.common.transactions), so the second press reads what the first wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, update

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking import invitation_email, notifications, places
from app.booking.invitations import answered_ids, invitations_for
from app.booking.models import Invitation
from app.common.sql import table_of
from app.extensions import db
from app.models_base import utcnow
from app.participants.limits import may_ask
from app.studies.models import Study

REMINDED = "invitation.reminded"
REMINDERS_SENT = "invitation.reminders_sent"
# Why nothing can be sent now, whoever is waiting:
NOT_RECRUITING = "not_recruiting"  # participants cannot book: the study is not recruiting
NO_PLACES = "no_places"  # no future scheduled session has a place

_invitations = table_of(Invitation)


def interval() -> timedelta:
    """The least time between two messages about one study to one person (PROFI_INVITATION_REMINDER_DAYS)."""
    return timedelta(days=int(current_app.config.get("INVITATION_REMINDER_DAYS", 7)))


def _last_written(invitation: Invitation) -> datetime:
    return invitation.last_reminded_at or invitation.created_at


@dataclass(frozen=True)
class ReminderOutlook:
    """Who "Remind" would write to at `now` (UTC): the invitations `due`; when the next of the others may be
    reminded (`next_at`, UTC; None when nobody else waits); and why nothing can be sent (`blocked`:
    NOT_RECRUITING or NO_PLACES), if so."""

    now: datetime
    due: list[Invitation] = field(default_factory=list)
    next_at: datetime | None = None
    blocked: str | None = None

    @property
    def count(self) -> int:
        """How many would be reminded now (none while blocked)."""
        return 0 if self.blocked else len(self.due)


def _blocked(study: Study, now: datetime) -> str | None:
    if study.status not in places.SELF_SERVICE_STATUSES:
        return NOT_RECRUITING
    if not places.open_sessions(study, now=now):
        return NO_PLACES
    return None


def reminder_outlook(study: Study, *, now: datetime | None = None) -> ReminderOutlook:
    """Who may be reminded now (`now`, UTC, default the present) and when the next may be. may_ask() is asked
    only of those whose interval has passed."""
    now = now or utcnow()
    gap = interval()
    answered = answered_ids(study)
    due: list[Invitation] = []
    later: list[datetime] = []
    for invitation in invitations_for(study):
        if invitation.participant_id in answered:
            continue
        possible_at = _last_written(invitation) + gap
        if possible_at > now:
            if may_ask(invitation.participant).allowed:
                later.append(possible_at)
        elif may_ask(invitation.participant).allowed:
            due.append(invitation)
    return ReminderOutlook(now, due, min(later) if later else None, _blocked(study, now))


def _claim(invitation_ids: list[int], now: datetime) -> set[int]:
    """Mark each invitation reminded now if its interval has still passed, in one conditional UPDATE; the ids
    it changed (a concurrent press claims the others, or none)."""
    if not invitation_ids:
        return set()
    last = func.coalesce(_invitations.c.last_reminded_at, _invitations.c.created_at)
    claimed = db.session.execute(
        update(_invitations)
        .where(_invitations.c.id.in_(invitation_ids), last <= now - interval())
        .values(
            last_reminded_at=now,
            reminder_count=_invitations.c.reminder_count + 1,
            updated_at=now,
        )
        .returning(_invitations.c.id)
    )
    return set(claimed.scalars())


@dataclass(frozen=True)
class ReminderResult:
    """How many were reminded, and why none could be (`blocked`, as in ReminderOutlook)."""

    sent: int
    blocked: str | None = None


def remind_unanswered(
    study: Study, *, actor: StaffUser | None = None, now: datetime | None = None
) -> ReminderResult:
    """Send the invitation again, marked as a reminder, to everyone reminder_outlook() finds due, each claimed
    by the conditional UPDATE (so a second press, or a simultaneous one, sends nothing to them). Audited per
    person ("invitation.reminded") and with the count ("invitation.reminders_sent"); nothing is written while
    the study is blocked."""
    outlook = reminder_outlook(study, now=now)
    if outlook.blocked:
        return ReminderResult(0, outlook.blocked)
    claimed = _claim([invitation.id for invitation in outlook.due], outlook.now)
    facts = invitation_email.study_facts(study, now=outlook.now) if claimed else None
    for invitation in outlook.due:
        db.session.expire(invitation, ["last_reminded_at", "reminder_count", "updated_at"])
        if invitation.id not in claimed:
            continue
        notifications.queue_invitation(invitation.participant, study, reminder=True, facts=facts)
        record_event(
            REMINDED,
            target_type="study",
            target_id=study.id,
            actor=actor,
            details={"participant": invitation.participant.code},
        )
    record_event(
        REMINDERS_SENT, target_type="study", target_id=study.id, actor=actor, details={"count": len(claimed)}
    )
    return ReminderResult(len(claimed))
