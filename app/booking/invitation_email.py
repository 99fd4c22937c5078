"""What an invitation says about the research, who it comes from, and its preview (issue 9, item 12).

An invitation, and a reminder of it, says who runs the research (PROFI_ORGANISATION_NAME_CY / _EN, for the
study's project), when (the study's future sessions that still have a place, in UK time, BK-4), how long a
session takes, and whom to contact: the study's owner (who created it), else its first facilitator, while
their account is active; else the research team at the PROFI_MAIL_FROM address. It comes from a named sender:
"<that person>, <research team>" <the PROFI_MAIL_FROM address>, in the participant's language (both names,
Welsh first, for a bilingual message: WL-2, WL-6).

The check page previews the same template with the same facts (preview()); only the participant's name and
links are examples, marked as such, so a preview shows nobody's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.accounts.models import StaffUser
from app.booking import places
from app.extensions import db
from app.mail.services import BILINGUAL, from_header, render_email
from app.studies.models import ResearchSession, Study

TEMPLATE = "booking/emails/invitation.txt"
MOST_SESSIONS_LISTED = 8


@dataclass(frozen=True)
class Contact:
    """Whom a participant asks about the study: `name` None means the research team itself."""

    name: str | None
    email: str


@dataclass(frozen=True)
class StudyFacts:
    """What every invitation to one study says, whoever receives it. Times are UTC (shown in UK time)."""

    study: Study
    sessions: list[tuple[datetime, datetime]]  # (starts_at, ends_at) of the first MOST_SESSIONS_LISTED
    more_sessions: int  # open sessions beyond those listed
    minutes: tuple[int, int] | None  # shortest and longest session, in minutes; None without open sessions
    contact: Contact

    def organisation(self, language: str) -> str:
        """Who runs the research, in "cy" or "en"."""
        return str(current_app.config[f"ORGANISATION_NAME_{language.upper()}"])

    def sender(self, language: str) -> str:
        """The From display name for a message in `language` ("cy", "en" or "cy+en")."""
        names = list(dict.fromkeys(self.organisation(code) for code in _codes(language)))
        team = " / ".join(names)
        return f"{self.contact.name}, {team}" if self.contact.name else team


def _codes(language: str) -> list[str]:
    return ["cy", "en"] if language == BILINGUAL else [language]


def _contact(study: Study) -> Contact:
    candidates = [study.created_by_id, *(person.id for person in study.facilitators)]
    for staff_id in candidates:
        person = db.session.get(StaffUser, staff_id) if staff_id is not None else None
        if person is not None and person.active:
            return Contact(person.name, person.email)
    return Contact(None, parseaddr(current_app.config["MAIL_FROM"])[1])


def study_facts(study: Study, *, now: datetime | None = None) -> StudyFacts:
    """The facts for the study as they are `now` (UTC; default the present): a few queries, whatever the number
    of people invited, so an invitation to a whole segment reads them once."""
    sessions: list[ResearchSession] = [session for session, _left in places.open_sessions(study, now=now)]
    lengths = [int((s.ends_at - s.starts_at).total_seconds() // 60) for s in sessions]
    return StudyFacts(
        study=study,
        sessions=[(s.starts_at, s.ends_at) for s in sessions[:MOST_SESSIONS_LISTED]],
        more_sessions=max(len(sessions) - MOST_SESSIONS_LISTED, 0),
        minutes=(min(lengths), max(lengths)) if lengths else None,
        contact=_contact(study),
    )


def session_length(minutes: int) -> str:
    """A length of time in the reader's language: "1 hour", "45 minutes", "1 hour and 30 minutes"."""
    hours, rest = divmod(max(minutes, 0), 60)
    hours_text = ngettext("%(num)d hour", "%(num)d hours", hours)
    minutes_text = ngettext("%(num)d minute", "%(num)d minutes", rest)
    if hours and rest:
        return _("%(hours)s and %(minutes)s", hours=hours_text, minutes=minutes_text)
    return hours_text if hours else minutes_text


def how_long(facts: StudyFacts) -> str:
    """How long a session takes, or the shortest and longest when they differ ("" without open sessions)."""
    if facts.minutes is None:
        return ""
    shortest, longest = facts.minutes
    if shortest == longest:
        return session_length(shortest)
    return _(
        "from %(shortest)s to %(longest)s", shortest=session_length(shortest), longest=session_length(longest)
    )


def template_context(facts: StudyFacts, *, reminder: bool = False) -> dict[str, Any]:
    """What the invitation template needs besides the envelope (name, withdraw_url) and booking_url."""
    return {"study": facts.study, "facts": facts, "how_long": how_long, "reminder": reminder}


@dataclass(frozen=True)
class Preview:
    """An invitation as it will be sent in one language, with example name and links."""

    language: str
    sender: str  # the whole From header, e.g. "Anna Jones, Profi research team" <profi@example.org>
    subject: str
    body: str


def preview(facts: StudyFacts, language: str, *, reminder: bool = False) -> Preview:
    """The invitation in `language` ("cy" or "en") exactly as invitations are written (the same template and
    facts), for a participant who is an example: their name and links are placeholders in brackets."""
    subject, body = render_email(
        TEMPLATE,
        language,
        name=_l("[the participant’s name]"),
        withdraw_url=_l("[their own link to withdraw consent]"),
        booking_url=_l("[their own booking link]"),
        **template_context(facts, reminder=reminder),
    )
    return Preview(language, str(from_header(facts.sender(language))), subject, body)
