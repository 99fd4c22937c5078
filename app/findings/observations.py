"""Observations: notes and quotes captured in a research session, each linked to a participant booked on it
(issue 10, item 1; DP-2: research data names the participant by code only).

Services flush; the request commits. Every create, change and delete is audited (target "observation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking.models import Booking, BookingStatus
from app.extensions import db
from app.findings.errors import InvalidObservation
from app.findings.models import Evidence, Observation
from app.findings.tags import split_tag_names, tags_named
from app.findings.vocabulary import SPOKEN_LANGUAGES, ObservationKind
from app.participants.models import Participant
from app.studies.models import ResearchSession

MAX_TEXT = 4000
MAX_TIME_MARKER = 24 * 3600 - 1  # a recording shorter than a day
_TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")
# People whose words can be logged for a session: booked (the log may be written during it) or attended.
LOGGABLE = (BookingStatus.BOOKED, BookingStatus.ATTENDED)


@dataclass(frozen=True)
class ObservationDetails:
    """What a researcher enters: a participant code (any case), a kind, the text, the language it was said in
    ("cy" or "en"), an optional time marker ("14:30" or "00:14:30") and tags (comma-separated)."""

    code: str
    kind: str
    text: str
    language: str
    time_marker: str = ""
    tags: str = ""


def parse_time_marker(text: str) -> int | None:
    """Seconds from the start of the recording for "hh:mm:ss" or "mm:ss"; None for an empty marker. Raises
    InvalidObservation for anything else, or minutes or seconds past 59."""
    text = (text or "").strip()
    if not text:
        return None
    found = _TIME.match(text)
    if not found:
        raise InvalidObservation(_("Enter the time as hours, minutes and seconds, like 00:14:30"))
    hours, minutes, seconds = int(found.group(1) or 0), int(found.group(2)), int(found.group(3))
    if minutes > 59 or seconds > 59 or hours > 23:
        raise InvalidObservation(_("Enter the time as hours, minutes and seconds, like 00:14:30"))
    return hours * 3600 + minutes * 60 + seconds


def format_time_marker(seconds: int | None) -> str:
    """ "00:14:30" for 870; "" for None."""
    if seconds is None:
        return ""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def session_participants(session: ResearchSession) -> list[Participant]:
    """Everyone whose words can be logged for the session: booked on it or marked as attended, by code."""
    return list(
        db.session.scalars(
            select(Participant)
            .join(Booking, Booking.participant_id == Participant.id)
            .where(Booking.research_session_id == session.id, Booking.status.in_(LOGGABLE))
            .order_by(Participant.code)
        )
    )


def _participant_for(session: ResearchSession, code: str) -> Participant:
    code = (code or "").strip().upper()
    found = db.session.scalars(
        select(Participant)
        .join(Booking, Booking.participant_id == Participant.id)
        .where(
            Booking.research_session_id == session.id,
            Booking.status.in_(LOGGABLE),
            Participant.code == code,
        )
    ).first()
    if found is None:
        raise InvalidObservation(_("Choose someone booked on this session"))
    return found


def _checked(details: ObservationDetails) -> tuple[ObservationKind, str, str, int | None]:
    if details.kind not in set(ObservationKind):
        raise InvalidObservation(_("Choose what kind of observation this is"))
    text = (details.text or "").strip()
    if not text:
        raise InvalidObservation(_("Enter what was said or done"))
    if len(text) > MAX_TEXT:
        raise InvalidObservation(_("Enter at most %(max)d characters", max=MAX_TEXT))
    if details.language not in SPOKEN_LANGUAGES:
        raise InvalidObservation(_("Choose the language it was said in"))
    return ObservationKind(details.kind), text, details.language, parse_time_marker(details.time_marker)


def add_observation(
    session: ResearchSession, details: ObservationDetails, *, actor: StaffUser | None = None
) -> Observation:
    """Log one observation for a participant booked on the session. Raises InvalidObservation (nothing saved)."""
    participant = _participant_for(session, details.code)
    kind, text, language, marker = _checked(details)
    study = session.study
    observation = Observation(
        project_id=study.phase.project_id,
        phase_id=study.phase_id,
        study_id=study.id,
        research_session_id=session.id,
        participant_id=participant.id,
        kind=kind,
        text=text,
        language=language,
        time_marker=marker,
        created_by_id=getattr(actor, "id", None),
    )
    observation.tags = tags_named(study.phase.project_id, split_tag_names(details.tags))
    db.session.add(observation)
    db.session.flush()
    record_event(
        "observation.created",
        target_type="observation",
        target_id=observation.id,
        actor=actor,
        details={"session": session.id, "participant": participant.code, "kind": kind.value},
    )
    return observation


def update_observation(
    observation: Observation, details: ObservationDetails, *, actor: StaffUser | None = None
) -> Observation:
    """Change an observation (the participant must still be one booked on its session). Audited."""
    participant = _participant_for(observation.research_session, details.code)
    kind, text, language, marker = _checked(details)
    observation.participant_id = participant.id
    observation.kind, observation.text, observation.language, observation.time_marker = (
        kind,
        text,
        language,
        marker,
    )
    observation.tags = tags_named(observation.project_id, split_tag_names(details.tags))
    db.session.flush()
    record_event("observation.updated", target_type="observation", target_id=observation.id, actor=actor)
    return observation


def evidence_count(observation: Observation) -> int:
    """How many findings cite the observation (deleting it changes their n of m: the page asks first)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.observation_id == observation.id)
        )
        or 0
    )


def delete_observation(observation: Observation, *, actor: StaffUser | None = None) -> int:
    """Delete an observation and its links as evidence (the database cascades; every n of m is computed from
    the links, so it changes at once). Returns how many findings cited it. Audited."""
    cited = evidence_count(observation)
    record_event(
        "observation.deleted",
        target_type="observation",
        target_id=observation.id,
        actor=actor,
        details={"session": observation.research_session_id, "evidence_for": cited},
    )
    db.session.delete(observation)
    db.session.flush()
    return cited


def get_observation(project_id: int, observation_id: int) -> Observation | None:
    return db.session.scalars(
        select(Observation).where(Observation.project_id == project_id, Observation.id == observation_id)
    ).first()


def session_observations(session: ResearchSession) -> list[Observation]:
    """The session's observations, in the order they were logged."""
    return list(
        db.session.scalars(
            select(Observation).where(Observation.research_session_id == session.id).order_by(Observation.id)
        )
    )
