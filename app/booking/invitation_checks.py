"""Checking an invitation before it is sent, then sending exactly what was checked (issue 9, item 12; BK-7).

The researcher chooses a saved segment and/or types participants: codes, email addresses or names, one a line
or separated by commas. check_invitations() says how many people will get the invitation and who is skipped
and why — already invited, or refused by may_ask() (BK-7) — and lists every entry that matches nobody and every
name that matches more than one person: nothing typed is dropped silently.

The check page carries the ids it promised in a signed token (SECRET_KEY, its own salt, CHECK_HOURS), bound to
the study and the member of staff. send_checked() invites exactly those people — never the segment as it is
by then — asking may_ask() again for each and reporting anyone who changed in between (invited meanwhile, no
longer to be asked, no longer on the testing team).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from app.accounts.models import StaffUser
from app.booking import invitation_email
from app.booking.invitations import (
    InvitationResult,
    Skipped,
    invite_participants,
    invited_ids,
    participants_by_codes,
    participants_in_segment,
)
from app.extensions import db
from app.mail.services import correspondence_language
from app.participants.limits import may_ask
from app.participants.models import Participant, Segment
from app.participants.services import NoSuchParticipant, SeveralParticipants, find_participant
from app.studies.models import Study

CHECK_HOURS = 12  # how long a check page's "Send invitations" works: a working day, and may_ask() runs again
_SALT = "profi.invitation-check"
_SEPARATORS = re.compile(r"[\n\r,;]+")
_CODE = re.compile(r"P-\d+", re.IGNORECASE)
MAX_ENTRIES = 500


class CheckNotValid(Exception):
    """A "Send invitations" token that is altered, for another study or member of staff, or older than
    CHECK_HOURS: the researcher checks again."""


def parse_entries(text: str) -> list[str]:
    """The people typed: one entry a line, or separated by commas or semicolons; spaces tidied; in order,
    without repeats (ignoring case). A run of codes separated by spaces ("P-0012 P-0040") is one entry each;
    codes are upper-cased. At most MAX_ENTRIES."""
    entries: dict[str, str] = {}
    for chunk in _SEPARATORS.split(text or ""):
        words = chunk.split()
        if not words:
            continue
        if all(_CODE.fullmatch(word) for word in words):
            found = [word.upper() for word in words]
        else:
            found = [" ".join(words)]
        for entry in found:
            entries.setdefault(entry.casefold(), entry)
    return list(entries.values())[:MAX_ENTRIES]


@dataclass(frozen=True)
class Ambiguous:
    """An entry that names more than one person, with (up to 10 of) their codes."""

    entry: str
    codes: list[str]


@dataclass
class InvitationCheck:
    """What "Send invitations" would do now. `matched` pairs each name or email address typed with the person
    it found (so the researcher sees whom a part of a name found); `languages` counts recipients by the
    language of their invitation ("cy", "en", "cy+en")."""

    study: Study
    recipients: list[Participant] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    matched: list[tuple[str, Participant]] = field(default_factory=list)
    previews: list[invitation_email.Preview] = field(default_factory=list)  # Welsh, then English
    token: str = ""  # checked_token(): what "Send invitations" sends to

    @property
    def languages(self) -> Counter[str]:
        return Counter(correspondence_language(p.preferred_language) for p in self.recipients)


def _find(entries: list[str], check: InvitationCheck) -> list[Participant]:
    """The people the entries name, in order; what matches nobody or several goes to `check`."""
    codes = [entry for entry in entries if _CODE.fullmatch(entry)]
    by_code, unknown = participants_by_codes(codes)
    found = {person.code: person for person in by_code}
    people: list[Participant] = []
    for entry in entries:
        if entry in found:
            people.append(found[entry])
            continue
        if entry in unknown:
            check.unmatched.append(entry)
            continue
        try:
            person = find_participant(entry)
        except NoSuchParticipant:
            check.unmatched.append(entry)
        except SeveralParticipants as several:
            check.ambiguous.append(Ambiguous(entry, several.codes))
        else:
            check.matched.append((entry, person))
            people.append(person)
    return people


def check_invitations(
    study: Study, *, segment: Segment | None, entries: list[str], actor: StaffUser
) -> InvitationCheck:
    """Who an invitation to `segment` (a usable one, or None) and `entries` (parse_entries()) would reach now,
    who not and why, the email in Welsh and in English (previews()), and the signed list that "Send
    invitations" carries (checked_token(), for `actor`). Writes nothing."""
    check = InvitationCheck(study)
    people = (participants_in_segment(segment) if segment is not None else []) + _find(entries, check)
    already = invited_ids(study)
    for person in dict.fromkeys(people):
        if person.id in already:
            check.skipped.append(Skipped(person.code, [_("Already invited to this study.")]))
            continue
        decision = may_ask(person)
        if decision.allowed:
            check.recipients.append(person)
        else:
            check.skipped.append(Skipped(person.code, decision.describe(), decision.overridable))
    check.previews = previews(study)
    check.token = checked_token(check, actor)
    return check


def previews(study: Study, *, reminder: bool = False) -> list[invitation_email.Preview]:
    """The invitation as it will be sent, in Welsh and in English (in that order), with example name and links."""
    facts = invitation_email.study_facts(study)
    return [invitation_email.preview(facts, language, reminder=reminder) for language in ("cy", "en")]


# Sending what was checked -----------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def checked_token(check: InvitationCheck, actor: StaffUser) -> str:
    """The signed list of the check's recipients, for the study and the member of staff who checked it."""
    ids = [person.id for person in check.recipients]
    return str(_serializer().dumps({"study": check.study.id, "by": actor.id, "ids": ids}))


def checked_ids(token: str, study: Study, actor: StaffUser) -> list[int]:
    """The participant ids a checked_token() promised. Raises CheckNotValid (see there)."""
    try:
        data = _serializer().loads(token or "", max_age=CHECK_HOURS * 3600)
    except (SignatureExpired, BadSignature):
        raise CheckNotValid() from None
    if not isinstance(data, dict) or data.get("study") != study.id or data.get("by") != actor.id:
        raise CheckNotValid()
    ids = data.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise CheckNotValid()
    return ids


@dataclass
class SendResult:
    """What sending a checked list did: `result` as invite_participants() says (anyone skipped now changed
    since the check), out of `checked` people; `gone` of them are no longer on the testing team."""

    result: InvitationResult
    checked: int
    gone: int = 0


def send_checked(study: Study, token: str, *, actor: StaffUser) -> SendResult:
    """Invite exactly the people the check page showed (checked_token()), asking may_ask() again for each.
    Raises CheckNotValid for a token that is not one."""
    ids = list(dict.fromkeys(checked_ids(token, study, actor)))
    found = {p.id: p for p in db.session.scalars(select(Participant).where(Participant.id.in_(ids)))}
    people = [found[i] for i in ids if i in found]
    result = invite_participants(study, people, actor=actor)
    return SendResult(result, checked=len(ids), gone=len(ids) - len(people))
