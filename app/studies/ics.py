"""A researcher's sessions as an iCalendar feed (RFC 5545), in Europe/London with its VTIMEZONE.

Times are written as UK wall-clock times with TZID=Europe/London (not as UTC), so a 09:00 session reads 09:00
in any calendar whichever side of a clock change it falls. UIDs are stable per session, so a calendar updates
an event rather than adding a copy; cancelled sessions stay in the feed with STATUS:CANCELLED.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from app.accounts.models import StaffUser
from app.common.i18n import in_language
from app.common.uk_time import LONDON
from app.common.urls import absolute_url
from app.studies.models import ResearchSession, SessionMode
from app.studies.timezones import to_local

TZID = "Europe/London"
PRODID = "-//Profi//Research sessions//CY-EN"


def session_uid(session: ResearchSession) -> str:
    return f"research-session-{session.id}@{current_app.config['MAIL_MESSAGE_ID_DOMAIN']}"


def london_vtimezone() -> Timezone:
    """Europe/London as UK law has had it since 1996: BST from 01:00 UTC on the last Sunday of March to
    01:00 UTC on the last Sunday of October. Two rules, rather than a list of every change since 1970."""
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))
    summer.add("tzoffsetfrom", LONDON.utcoffset(datetime(1996, 1, 1)))
    summer.add("tzoffsetto", LONDON.utcoffset(datetime(1996, 7, 1)))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("tzoffsetfrom", LONDON.utcoffset(datetime(1996, 7, 1)))
    winter.add("tzoffsetto", LONDON.utcoffset(datetime(1996, 1, 1)))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


@functools.cache
def _london_vtimezone_ical() -> bytes:
    return london_vtimezone().to_ical()


def to_ical_with_london(calendar: Calendar) -> bytes:
    """The calendar's iCalendar text (RFC 5545) with the Europe/London VTIMEZONE its TZIDs refer to, placed
    before its first event. The VTIMEZONE never changes, so it is serialised once per process and spliced in:
    icalendar folds lines a character at a time, and the zone is a third of a booking's .ics (P-4: it was a
    fifth of a booking POST's CPU). `calendar` must not hold a VTIMEZONE of its own."""
    text = calendar.to_ical()
    at = text.find(b"BEGIN:VEVENT")
    if at < 0:
        at = text.rindex(b"END:VCALENDAR")
    return text[:at] + _london_vtimezone_ical() + text[at:]


def _session_url(session: ResearchSession) -> str:
    # Built from BASE_URL, in a request or not (an .ics attached to an email is made outside one too).
    return absolute_url("studies.session_detail", study_id=session.study_id, session_id=session.id)


def _title(session: ResearchSession, language: str) -> str:
    return session.study.title_cy if language == "cy" else session.study.title_en


def _role(session: ResearchSession, user: StaffUser) -> str:
    if session.facilitator_id == user.id:
        return _("You are facilitating.")
    return _("You are taking notes.")


def ics_time(instant: datetime) -> datetime:
    """UK wall-clock time with TZID, except the second of a twice-shown autumn time: RFC 5545 reads a repeated
    local time as its first occurrence, so that one instant is written in UTC instead."""
    local = to_local(instant)
    return instant.astimezone(UTC) if local.fold else local


def _event(session: ResearchSession, user: StaffUser, language: str) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", ics_time(session.starts_at))
    event.add("dtend", ics_time(session.ends_at))
    title = _title(session, language)
    event.add("summary", _("Cancelled: %(title)s", title=title) if session.is_cancelled else title)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("location", session.location(language))
    event.add("url", session.joining_link if session.mode == SessionMode.ONLINE else _session_url(session))
    lines = [
        _role(session, user),
        _("Method: %(method)s", method=session.study.method_label),
        _("How: %(mode)s", mode=session.mode_label),
        _("Language: %(language)s", language=session.language_label),
        ngettext("%(num)d place", "%(num)d places", session.capacity),
    ]
    access = in_language(session, "access_information", language)[0]
    if access:
        lines.append(_("Access: %(info)s", info=access))
    lines.append(_("In Profi: %(url)s", url=_session_url(session)))
    event.add("description", "\n".join(lines))
    return event


def render_feed(user: StaffUser, sessions: Iterable[ResearchSession], language: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Profi sessions: %(name)s", name=user.name))
    calendar.add("x-wr-timezone", TZID)
    for session in sessions:
        calendar.add_component(_event(session, user, language))
    return to_ical_with_london(calendar)
