"""Demo session logs and findings for the Cyd programme (issue 10), made through the services as a research team
would make them, so that every audit event, tag and n of m is what the app itself would have produced.

- Discovery (2021–22): every interview that ran gets its notes (Welsh or English, as it ran), consent
  re-confirmed for the person there, and observations in Welsh and English with themes and time markers.
- Alpha round 1 (a few weeks ago): usability tests of the community prototype, each with the booking it had
  (history, as studies_data records discovery's), marked attended or no-show through the attendance service, and
  logged the same way. The future alpha sessions made by studies_data stay as they are. One person there did not
  agree to quotes: their words count as evidence and are held back as quotes (CON-7); everyone else quoted has
  agreed to quotes.
- Beta: a study being planned, with no sessions yet.
- About 25 findings across discovery and alpha (findings_statements, findings_alpha_statements), with evidence,
  recommendations and standards; several carried from discovery into alpha and retested (resolved, persisting).

Loading is idempotent: once the Cyd project has observations or findings (or the alpha round-1 study exists),
nothing is made again. Texts never name participants, their organisations or their contact details (DP-2).
"""

from __future__ import annotations

import uuid
from datetime import time, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select

from app.accounts.models import StaffUser
from app.booking import bookings
from app.booking.attendance import mark_attendance
from app.booking.models import AssistedVia, Booking, BookingStatus
from app.consent import services as consent
from app.consent.models import Method, Purpose
from app.demo.findings_alpha_content import (
    ALPHA_ROUND_LOGS,
    ALPHA_ROUND_SESSIONS,
    ALPHA_ROUND_WEEKS_AGO,
    HELD_BACK_SESSION,
    NO_SHOW_SESSION,
)
from app.demo.findings_alpha_statements import ALPHA_FINDINGS
from app.demo.findings_content import DISCOVERY_LOGS, Log
from app.demo.findings_statements import DISCOVERY_FINDINGS, Carried, FindingSpec
from app.demo.studies_data import (
    DISCOVERY_STUDY,
    USABILITY_INFO_CY,
    USABILITY_INFO_EN,
    _consented,
    _pick,
    _working_days,
)
from app.extensions import db
from app.findings import findings, recommendations, session_logs
from app.findings import phases as rounds
from app.findings.models import Finding, Observation
from app.findings.observations import ObservationDetails, add_observation
from app.findings.vocabulary import FindingStatus
from app.participants.models import Participant
from app.projects.models import Phase, PhaseKind, Project
from app.studies import services as studies
from app.studies.models import ResearchSession, SessionLanguage, SessionMode, Study, StudyMethod, StudyStatus
from app.studies.timezones import local_to_utc, today_local

ALPHA_ROUND_STUDY = dict(
    title_cy="Rownd 1 alffa: profi prototeip y gymuned",
    title_en="Alpha round 1: testing the community prototype",
    description_cy=(
        "Profion defnyddioldeb o brototeip cyntaf cymuned Cyd: dod o hyd i gyngor, templedi yn Gymraeg ac yn "
        "Saesneg, astudiaethau achos, y chwiliwr fframweithiau, llwybrau hyfforddi a’r dudalen sero net. Awr "
        "ar-lein, gan rannu’r sgrin."
    ),
    description_en=(
        "Usability tests of the first Cyd community prototype: finding advice, templates in Welsh and English, "
        "case studies, the framework finder, training pathways and the net zero page. One hour online, sharing "
        "the screen."
    ),
    research_questions_cy="\n".join(
        [
            "A all ymarferwyr ddod o hyd i gyngor a thempledi heb gymorth?",
            "A yw’r llwybrau hyfforddi yn gwneud synnwyr ar bob lefel o brofiad?",
            "A yw pobl yn deall sut i ymuno â’r gymuned a gofyn cwestiwn?",
        ]
    ),
    research_questions_en="\n".join(
        [
            "Can practitioners find advice and templates without help?",
            "Do the training pathways make sense at each level of experience?",
            "Do people understand how to join the community and ask a question?",
        ]
    ),
)

BETA_STUDY = dict(
    title_cy="Beta: aelodau cynnar yn defnyddio Cyd yn eu gwaith",
    title_en="Beta: early members using Cyd at work",
    description_cy=(
        "Rydym yn bwriadu dilyn grŵp bach o aelodau cynnar am chwe wythnos wrth iddynt ddefnyddio cymuned Cyd yn "
        "eu gwaith bob dydd, ac ailbrofi’r canfyddiadau a ddaeth gyda ni o’r cam alffa. Nid oes dyddiadau eto."
    ),
    description_en=(
        "We plan to follow a small group of early members for six weeks as they use the Cyd community in their "
        "daily work, and to retest the findings we carried from alpha. There are no dates yet."
    ),
    research_questions_cy="\n".join(
        [
            "A yw aelodau’n dod yn ôl i Cyd pan fydd angen cyngor arnynt, yn hytrach na ffonio rhywun?",
            "A yw aelodau’n rhannu eu templedi eu hunain pan gynigir adolygiad?",
            "A yw’r canllawiau sero net yn helpu timau i sgorio cynlluniau carbon cyflenwyr?",
        ]
    ),
    research_questions_en="\n".join(
        [
            "Do members come back to Cyd when they need advice, rather than phoning someone?",
            "Are members sharing their own templates once a review is offered?",
            "Does the net zero guidance help teams score suppliers’ carbon plans?",
        ]
    ),
)

ROUND_REQUIRED = ("take_part", "video")


def _staff(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def _already_loaded(project: Project) -> bool:
    return bool(
        db.session.scalar(
            select(
                or_(
                    exists().where(Observation.project_id == project.id),
                    exists().where(Finding.project_id == project.id),
                    exists().where(Study.title_en == ALPHA_ROUND_STUDY["title_en"]),
                )
            )
        )
    )


def _log_sessions(
    sessions: list[ResearchSession], logs: tuple[Log, ...], keys: dict[str, int], actor: StaffUser
) -> None:
    """Notes, re-confirmed consent and observations for each session that ran, in order; `keys` gathers each
    observation's id by its key."""
    for session, log in zip(sessions, logs, strict=False):
        there = [b for b in bookings.bookings_for_session(session) if b.status == BookingStatus.ATTENDED]
        if log.attended and not there:
            continue  # nobody was found for this interview: nothing to log
        session_logs.save_notes(session, log.notes, actor=actor)
        session_logs.set_reconfirmed(session, {b.id for b in there}, actor=actor)
        for said in log.observations:
            observation = add_observation(
                session,
                ObservationDetails(
                    code=there[0].participant.code,
                    kind=said.kind,
                    text=said.text,
                    language=said.language,
                    time_marker=said.marker,
                    tags=", ".join(said.tags),
                ),
                actor=actor,
            )
            keys[said.key] = observation.id


def _round_people(languages: list[str], researcher: StaffUser) -> list[Participant | None]:
    """Who took part in each test: active people not booked in any study yet who have consented to the round's
    purposes, preferring the session's language. Everyone quoted has agreed to quotes, except the person in
    HELD_BACK_SESSION, who has not (when nobody like that is left, one person's consent is recorded again
    without quotes, as a researcher would when told so at the start of a session)."""
    booked = set(db.session.scalars(select(Booking.participant_id)))
    pool = [p for p in _consented(ROUND_REQUIRED) if p.id not in booked]
    states = consent.consent_states([p.id for p in pool])
    quoting = [p for p in pool if states[p.id].agreed_to(Purpose.QUOTES)]
    not_quoting = [p for p in pool if not states[p.id].agreed_to(Purpose.QUOTES)]
    used: set[int] = set()
    people = [
        _pick(not_quoting if n == HELD_BACK_SESSION else quoting, language, used)
        for n, language in enumerate(languages)
    ]
    if people[HELD_BACK_SESSION] is None:
        person = _pick(quoting, languages[HELD_BACK_SESSION], used)
        if person is not None:
            language = person.preferred_language if person.preferred_language in ("cy", "en") else "cy"
            answers = {purpose.value: purpose != Purpose.QUOTES for purpose in Purpose}
            consent.record_consent(
                person, answers=answers, method=Method.VERBAL, language=language, taken_by=researcher
            )
        people[HELD_BACK_SESSION] = person
    return people


def _alpha_round(phase: Phase, researcher: StaffUser, admin: StaffUser | None) -> Study:
    """The round's study and sessions, each with the booking it had, marked attended or no-show."""
    study = studies.create_study(
        phase,
        studies.StudyDetails(
            method=StudyMethod.USABILITY_TEST,
            target_sample=len(ALPHA_ROUND_SESSIONS),
            sessions_per_participant=1,
            status=StudyStatus.DONE,
            required_purposes=ROUND_REQUIRED,
            facilitator_ids=(researcher.id,),
            **ALPHA_ROUND_STUDY,
        ),
        actor=researcher,
    )
    days = _working_days(today_local() - timedelta(weeks=ALPHA_ROUND_WEEKS_AGO), len(ALPHA_ROUND_SESSIONS))
    sessions = studies.create_sessions(
        study,
        [
            studies.SessionDetails(
                starts_at=local_to_utc(days[day], time(hour)),
                ends_at=local_to_utc(days[day], time(hour)) + timedelta(hours=1),
                capacity=1,
                mode=SessionMode.ONLINE,
                language=SessionLanguage.WELSH if language == "cy" else SessionLanguage.ENGLISH,
                joining_link=f"https://meet.example.org/cyd/alffa-rownd-1-{n + 1}",
                facilitator_id=researcher.id,
                participant_information_cy=USABILITY_INFO_CY,
                participant_information_en=USABILITY_INFO_EN,
            )
            for n, (day, hour, language) in enumerate(ALPHA_ROUND_SESSIONS)
        ],
        actor=admin,  # the admin assigns the staff
    )
    people = _round_people([language for _day, _hour, language in ALPHA_ROUND_SESSIONS], researcher)
    # Past sessions cannot be booked now (the booking service refuses, and asks today's participation limits),
    # so each booking is recorded as the history it is, as studies_data does for discovery; what happened at
    # the session is then marked through the attendance service, as the researcher did after each test.
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "profi.invalid")
    for n, (session, person) in enumerate(zip(sessions, people, strict=True)):
        if person is None:
            continue
        booking = Booking(
            participant_id=person.id,
            research_session_id=session.id,
            status=BookingStatus.BOOKED,
            wants_welsh=session.is_welsh_medium,
            assisted=True,
            assisted_by_id=researcher.id,
            assisted_via=AssistedVia.PHONE,
            uid=f"booking-{uuid.uuid4().hex}@{domain}",
            sequence=0,
        )
        db.session.add(booking)
        db.session.flush()
        outcome = BookingStatus.NO_SHOW if n == NO_SHOW_SESSION else BookingStatus.ATTENDED
        mark_attendance(booking, outcome, actor=researcher)
    return study


def _beta(phase: Phase, researcher: StaffUser) -> Study:
    return studies.create_study(
        phase,
        studies.StudyDetails(
            method=StudyMethod.CONTEXTUAL_INQUIRY,
            target_sample=12,
            sessions_per_participant=1,
            status=StudyStatus.PLANNING,
            required_purposes=("take_part", "audio", "quotes"),
            facilitator_ids=(researcher.id,),
            **BETA_STUDY,
        ),
        actor=researcher,
    )


def _write(spec: FindingSpec, phase: Phase, study: Study, keys: dict[str, int], actor: StaffUser) -> Finding:
    finding = findings.create_finding(
        phase,
        findings.FindingDetails(
            statement_cy=spec.statement_cy,
            statement_en=spec.statement_en,
            kind=spec.kind,
            severity=spec.severity,
            status=spec.status,
            standards=spec.standards,
            study_id=study.id,
        ),
        actor=actor,
    )
    findings.link_evidence(finding, [keys[key] for key in spec.evidence if key in keys], actor=actor)
    for rec in spec.recommendations:
        recommendations.add_recommendation(
            finding,
            recommendations.RecommendationDetails(
                rec.text_cy, rec.text_en, rec.owner, rec.priority, rec.status
            ),
            actor=actor,
        )
    return finding


def _carry(finding: Finding, carried: Carried, alpha: Phase, keys: dict[str, int], actor: StaffUser) -> None:
    """Into alpha, with the alpha evidence, and the retest's outcome there (REP-3)."""
    round_ = rounds.carry_into(finding, alpha, note=carried.note, actor=actor)
    findings.link_evidence(finding, [keys[key] for key in carried.evidence if key in keys], actor=actor)
    rounds.set_round_status(finding, round_, FindingStatus(carried.status), actor=actor)


def load_findings_demo() -> int:
    """Log the Cyd sessions and write its findings, unless done already. Needs the demo studies
    (studies_data). Returns how many findings were made."""
    cyd = db.session.scalar(select(Project).where(Project.slug == "cyd"))
    researcher = _staff("researcher@example.org")
    if cyd is None or researcher is None or _already_loaded(cyd):
        return 0
    phases = {phase.kind: phase for phase in cyd.phases}
    discovery = db.session.scalar(
        select(Study).where(
            Study.phase_id == phases[PhaseKind.DISCOVERY].id, Study.title_en == DISCOVERY_STUDY["title_en"]
        )
    )
    if discovery is None:
        return 0
    keys: dict[str, int] = {}
    _log_sessions(studies.study_sessions(discovery), DISCOVERY_LOGS, keys, researcher)
    alpha_round = _alpha_round(phases[PhaseKind.ALPHA], researcher, _staff("admin@example.org"))
    _log_sessions(studies.study_sessions(alpha_round), ALPHA_ROUND_LOGS, keys, researcher)
    _beta(phases[PhaseKind.BETA], researcher)
    made = 0
    for spec in DISCOVERY_FINDINGS + ALPHA_FINDINGS:
        if spec.phase == PhaseKind.DISCOVERY:
            finding = _write(spec, phases[PhaseKind.DISCOVERY], discovery, keys, researcher)
        else:
            finding = _write(spec, phases[PhaseKind.ALPHA], alpha_round, keys, researcher)
        if spec.carried is not None:
            _carry(finding, spec.carried, phases[PhaseKind.ALPHA], keys, researcher)
        made += 1
    return made
