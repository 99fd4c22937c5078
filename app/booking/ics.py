"""A booking's calendar invitation (BK-6): METHOD:REQUEST for a booking or a change, METHOD:CANCEL for a
cancellation. The UID is the booking's own and never changes; SEQUENCE goes up with each change, so a calendar
updates (or removes) the one event. Times carry TZID=Europe/London with a VTIMEZONE, so 09:00 reads 09:00
whichever side of a clock change it falls. Text is in the participant's language: Welsh first, then English,
when their preference is not known (WL-2).
"""

from __future__ import annotations

from email.utils import parseaddr

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress

from app.booking.models import Booking
from app.common.i18n import in_language
from app.mail.services import BILINGUAL
from app.models_base import utcnow
from app.studies.ics import TZID, ics_time, to_ical_with_london
from app.studies.models import ResearchSession, SessionMode

PRODID = "-//Profi//Bookings//CY-EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
LANGUAGE_SEPARATOR = "\n\n----\n\n"


def _languages(language: str) -> list[str]:
    return ["cy", "en"] if language == BILINGUAL else [language]


def _title(session: ResearchSession, language: str) -> str:
    return session.study.title_cy if language == "cy" else session.study.title_en


def _summary(booking: Booking, method: str, language: str) -> str:
    title = _title(booking.research_session, language)
    if method == CANCEL:
        return _("Cancelled: %(title)s", title=title)
    return _("Research session: %(title)s", title=title)


def _description(booking: Booking, method: str, language: str) -> str:
    session = booking.research_session
    information = (
        session.participant_information_cy if language == "cy" else session.participant_information_en
    )
    if method == CANCEL:
        lines = [_("Your booking for this session has been cancelled.")]
    else:
        lines = [
            _("Thank you for taking part in our research."),
            _("How: %(mode)s", mode=session.mode_label),
            _("Language: %(language)s", language=session.language_label),
        ]
        if session.mode == SessionMode.ONLINE:
            lines.append(_("Joining link: %(url)s", url=session.joining_link))
        access = in_language(session, "access_information", language)[0]
        if access:
            lines.append(_("Access: %(info)s", info=access))
        if information.strip():
            lines.append(information.strip())
    return "\n".join(lines)


def _in_each_language(language: str, render, separator: str) -> str:
    parts = []
    for code in _languages(language):
        with force_locale(code):
            parts.append(render(code))
    return separator.join(parts)


def _organizer() -> vCalAddress:
    name, address = parseaddr(current_app.config.get("MAIL_FROM", ""))
    organizer = vCalAddress(f"mailto:{address or 'profi@example.org'}")
    organizer.params["cn"] = name or "Profi"
    return organizer


def render_booking_ics(booking: Booking, language: str, method: str = REQUEST) -> str:
    """The .ics text for a booking, in "cy", "en" or BILINGUAL."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(method)
    session = booking.research_session
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-timezone", TZID)

    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", ics_time(session.starts_at))
    event.add("dtend", ics_time(session.ends_at))
    event.add("summary", _in_each_language(language, lambda code: _summary(booking, method, code), " / "))
    event.add(
        "description",
        _in_each_language(language, lambda code: _description(booking, method, code), LANGUAGE_SEPARATOR),
    )
    location = session.location(_languages(language)[0])
    # A cancellation removes the event: it carries no joining link for a session that is not going ahead for them.
    if location and not (method == CANCEL and session.mode == SessionMode.ONLINE):
        event.add("location", location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _organizer())
    attendee = vCalAddress(f"mailto:{booking.participant.email}")
    attendee.params["cn"] = booking.participant.full_name
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = "ACCEPTED"
    event.add("attendee", attendee)
    calendar.add_component(event)
    return to_ical_with_london(calendar).decode("utf-8")
