"""Demo studies, sessions and bookings for the Cyd programme.

- Discovery (2021–22): interviews that have run, some in Welsh, each with an attended booking, so the study page
  shows how many sessions ran in Welsh.
- Alpha (current): "Sharing best practice", usability tests online over the next two weeks (UK working hours,
  weekdays), some booked, one in Welsh, plus a co-design workshop with six places, all taken, and two people on
  the waiting list. Invitations to a handful of people who have not answered yet sit in the development outbox
  (Welsh, English and bilingual), sent through the invitations service so that their booking links work.

Only people who may be asked (limits.may_ask) and have consented to the study's purposes are booked or
invited; the booking service would refuse anyone else.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.booking import bookings, invitations, waitlist
from app.booking.models import Booking, BookingStatus
from app.consent.services import consent_states, ordered_purposes
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants import limits
from app.participants.models import Participant, ParticipantStatus
from app.projects.models import PhaseKind, Project
from app.studies import services as studies
from app.studies.models import SessionLanguage, SessionMode, Study, StudyMethod, StudyStatus
from app.studies.timezones import local_to_utc, today_local

DISCOVERY_STUDY = dict(
    title_cy="Cyfweliadau darganfod: sut mae gweithwyr caffael yn dod o hyd i gyngor",
    title_en="Discovery interviews: how procurement practitioners find advice",
    description_cy=(
        "Cyfweliadau un i un gyda gweithwyr caffael o gynghorau, byrddau iechyd, colegau a chymdeithasau tai. "
        "Buom yn holi ble y maent yn troi am gyngor heddiw, pa mor hawdd yw rhannu gwybodaeth rhwng "
        "sefydliadau, a pha gymorth a fyddai’n gwneud gwahaniaeth iddynt."
    ),
    description_en=(
        "One-to-one interviews with procurement practitioners from councils, health boards, colleges and "
        "housing associations. We asked where they turn for advice today, how easy it is to share knowledge "
        "between organisations, and what support would make a difference to them."
    ),
    research_questions_cy="\n".join(
        [
            "Ble mae gweithwyr caffael yn chwilio am gyngor ac arferion da heddiw?",
            "Beth sy’n eu rhwystro rhag rhannu gwybodaeth rhwng sefydliadau?",
            "Pa gymorth a fyddai fwyaf gwerthfawr i bobl sy’n newydd i gaffael?",
        ]
    ),
    research_questions_en="\n".join(
        [
            "Where do practitioners look for advice and good practice today?",
            "What stops them sharing knowledge between organisations?",
            "What support would be most valuable to people who are new to procurement?",
        ]
    ),
)

# (date, start, minutes, mode, language) of the discovery interviews, all in the past.
DISCOVERY_SESSIONS = [
    (date(2021, 11, 9), time(10, 0), 60, SessionMode.ONLINE, SessionLanguage.WELSH),
    (date(2021, 11, 11), time(14, 0), 60, SessionMode.ONLINE, SessionLanguage.ENGLISH),
    (date(2021, 11, 16), time(11, 0), 60, SessionMode.IN_PERSON, SessionLanguage.WELSH),
    (date(2021, 11, 23), time(10, 30), 60, SessionMode.PHONE, SessionLanguage.ENGLISH),
    (date(2021, 12, 1), time(14, 0), 60, SessionMode.ONLINE, SessionLanguage.BILINGUAL),
    (date(2021, 12, 7), time(10, 0), 60, SessionMode.ONLINE, SessionLanguage.ENGLISH),
    (date(2022, 1, 18), time(13, 30), 60, SessionMode.IN_PERSON, SessionLanguage.WELSH),
    (date(2022, 1, 25), time(10, 0), 60, SessionMode.ONLINE, SessionLanguage.ENGLISH),
]
DISCOVERY_ADDRESS_CY = (
    "Ystafell 2.14, Prif Adeilad y Celfyddydau, Prifysgol Bangor, Ffordd y Coleg, Bangor LL57 2DG"
)
DISCOVERY_ADDRESS_EN = "Room 2.14, Main Arts Building, Bangor University, College Road, Bangor LL57 2DG"
DISCOVERY_ACCESS_CY = "Mae lifft i’r ail lawr. Mae lle parcio i bobl anabl o flaen yr adeilad."
DISCOVERY_ACCESS_EN = "There is a lift to the second floor. Disabled parking is in front of the building."

ALPHA_STUDY = dict(
    title_cy="Rhannu arferion gorau",
    title_en="Sharing best practice",
    description_cy=(
        "Rydym yn profi fersiwn gynnar o wasanaeth Cyd ar gyfer dod o hyd i astudiaethau achos, templedi a "
        "chanllawiau a’u rhannu. Byddwn yn gofyn i chi roi cynnig ar rai tasgau byr ar-lein tra byddwch yn "
        "rhannu eich sgrin, a dweud wrthym beth yw eich barn. Mae pob sesiwn yn para awr."
    ),
    description_en=(
        "We are testing an early version of the Cyd service for finding and sharing case studies, templates "
        "and guidance. We will ask you to try some short tasks online while sharing your screen, and to tell "
        "us what you think. Each session lasts an hour."
    ),
    research_questions_cy="\n".join(
        [
            "A all ymarferwyr ddod o hyd i astudiaeth achos berthnasol heb gymorth?",
            "Beth fyddai’n annog pobl i rannu eu templedi eu hunain a’r gwersi y maent wedi’u dysgu?",
            "A yw’r labeli a’r categorïau yn gwneud synnwyr yn Gymraeg ac yn Saesneg?",
        ]
    ),
    research_questions_en="\n".join(
        [
            "Can practitioners find a relevant case study without help?",
            "What would encourage people to share their own templates and lessons learned?",
            "Do the labels and categories make sense in Welsh and in English?",
        ]
    ),
)
USABILITY_INFO_CY = (
    "Byddwn yn anfon y ddolen ymuno atoch ddiwrnod cyn y sesiwn. Bydd angen cyfrifiadur arnoch "
    "(nid ffôn) er mwyn rhannu eich sgrin."
)
USABILITY_INFO_EN = (
    "We will send you the joining link the day before the session. You will need a computer (not a phone) "
    "so that you can share your screen."
)
WORKSHOP_INFO_CY = (
    "Gweithdy cyd-ddylunio i hyd at chwech o bobl: byddwn yn braslunio gyda’n gilydd sut y dylai "
    "cymuned Cyd rannu arferion gorau. Darperir cinio ysgafn. Gallwch siarad Cymraeg neu Saesneg."
)
WORKSHOP_INFO_EN = (
    "A co-design workshop for up to six people: together we will sketch how the Cyd community should share "
    "best practice. A light lunch is provided. You can speak Welsh or English."
)
WORKSHOP_ADDRESS_CY = "Ystafell gyfarfod 3, Canolfan Ddinesig, Heol y Frenhines, Caerdydd CF10 2BH"
WORKSHOP_ADDRESS_EN = "Meeting room 3, Civic Centre, Queen Street, Cardiff CF10 2BH"
WORKSHOP_ACCESS_CY = "Mynediad heb risiau o’r brif fynedfa, a dolen sain yn yr ystafell."
WORKSHOP_ACCESS_EN = "Step-free access from the main entrance, and a hearing loop in the room."
ONE_TO_ONE_TIMES = (time(10, 0), time(14, 0))
ONE_TO_ONE_DAYS = (0, 1, 2, 4, 6, 8)  # of the next ten working days, from tomorrow
WORKSHOP_PLACES = 6
WAITLIST_SIZE = 2
ONE_TO_ONE_BOOKINGS = 3  # besides the Welsh-medium session, which is booked too
INVITATIONS_PER_LANGUAGE = 2


def _working_days(start: date, count: int) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _staff(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def _language(participant: Participant) -> str:
    return participant.preferred_language if participant.preferred_language in ("cy", "en") else "unknown"


def _consented(required: tuple[str, ...]) -> list[Participant]:
    """Active participants whose consent is current and covers every required purpose, in id order."""
    people = list(
        db.session.scalars(
            select(Participant).where(Participant.status == ParticipantStatus.ACTIVE).order_by(Participant.id)
        )
    )
    states = consent_states([p.id for p in people])
    purposes = ordered_purposes(required)
    return [
        p
        for p in people
        if states[p.id].status == "given" and all(states[p.id].agreed_to(purpose) for purpose in purposes)
    ]


def _pick(pool: list[Participant], language: str, used: set[int]) -> Participant | None:
    """The first unused person preferring the language, or else anyone unused."""
    for wanted in (language, None):
        for person in pool:
            if person.id not in used and (wanted is None or _language(person) == wanted):
                used.add(person.id)
                return person
    return None


def _discovery(phase, researcher: StaffUser, note_taker: StaffUser | None, admin: StaffUser | None) -> Study:
    required = ("take_part", "audio", "quotes")
    study = studies.create_study(
        phase,
        studies.StudyDetails(
            method=StudyMethod.INTERVIEW,
            target_sample=len(DISCOVERY_SESSIONS),
            sessions_per_participant=1,
            status=StudyStatus.DONE,
            required_purposes=required,
            facilitator_ids=(researcher.id,),
            **DISCOVERY_STUDY,
        ),
    )
    sessions = studies.create_sessions(
        study,
        [
            studies.SessionDetails(
                starts_at=local_to_utc(day, at),
                ends_at=local_to_utc(day, at) + timedelta(minutes=minutes),
                capacity=1,
                mode=mode,
                language=language,
                joining_link="https://meet.example.org/cyd/darganfod" if mode == SessionMode.ONLINE else "",
                address_cy=DISCOVERY_ADDRESS_CY if mode == SessionMode.IN_PERSON else "",
                address_en=DISCOVERY_ADDRESS_EN if mode == SessionMode.IN_PERSON else "",
                access_information_cy=DISCOVERY_ACCESS_CY if mode == SessionMode.IN_PERSON else "",
                access_information_en=DISCOVERY_ACCESS_EN if mode == SessionMode.IN_PERSON else "",
                facilitator_id=researcher.id,
                note_taker_id=getattr(note_taker, "id", None),
            )
            for day, at, minutes, mode, language in DISCOVERY_SESSIONS
        ],
        actor=admin,  # the admin assigns the staff
    )
    # Past sessions cannot be booked now (the service refuses), so their attended bookings are recorded as
    # history, as the research team would have after each interview (attendance counts towards the participation
    # limits by itself). Anyone who consented may have taken part.
    pool = _consented(required)
    used: set[int] = set()
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "profi.invalid")
    for session in sessions:
        person = _pick(pool[::-1], "cy" if session.is_welsh_medium else "en", used)
        if person is None:
            break
        db.session.add(
            Booking(
                participant_id=person.id,
                research_session_id=session.id,
                status=BookingStatus.ATTENDED,
                wants_welsh=session.is_welsh_medium,
                uid=f"booking-{uuid.uuid4().hex}@{domain}",
                sequence=0,
            )
        )
    db.session.flush()
    return study


def _alpha(phase, researcher: StaffUser, note_taker: StaffUser | None, admin: StaffUser | None) -> Study:
    required = ("take_part", "video")
    study = studies.create_study(
        phase,
        studies.StudyDetails(
            method=StudyMethod.USABILITY_TEST,
            target_sample=18,
            sessions_per_participant=1,
            status=StudyStatus.RECRUITING,
            required_purposes=required,
            facilitator_ids=(researcher.id,),
            **ALPHA_STUDY,
        ),
    )
    days = _working_days(today_local() + timedelta(days=1), 10)
    details = []
    for n, day in enumerate(days[i] for i in ONE_TO_ONE_DAYS):
        for k, at in enumerate(ONE_TO_ONE_TIMES):
            welsh = (n, k) == (1, 0)  # one Welsh-medium session, early in the first week
            details.append(
                studies.SessionDetails(
                    starts_at=local_to_utc(day, at),
                    ends_at=local_to_utc(day, at) + timedelta(hours=1),
                    capacity=1,
                    mode=SessionMode.ONLINE,
                    language=SessionLanguage.WELSH if welsh else SessionLanguage.ENGLISH,
                    joining_link=f"https://meet.example.org/cyd/rhannu-arferion-{day:%Y%m%d}-{at:%H%M}",
                    facilitator_id=researcher.id,
                    note_taker_id=getattr(note_taker, "id", None),
                    participant_information_cy=USABILITY_INFO_CY,
                    participant_information_en=USABILITY_INFO_EN,
                )
            )
    workshop_day = days[7]
    details.append(
        studies.SessionDetails(
            starts_at=local_to_utc(workshop_day, time(10, 0)),
            ends_at=local_to_utc(workshop_day, time(12, 30)),
            capacity=WORKSHOP_PLACES,
            mode=SessionMode.IN_PERSON,
            language=SessionLanguage.BILINGUAL,
            address_cy=WORKSHOP_ADDRESS_CY,
            address_en=WORKSHOP_ADDRESS_EN,
            access_information_cy=WORKSHOP_ACCESS_CY,
            access_information_en=WORKSHOP_ACCESS_EN,
            facilitator_id=researcher.id,
            note_taker_id=getattr(note_taker, "id", None),
            participant_information_cy=WORKSHOP_INFO_CY,
            participant_information_en=WORKSHOP_INFO_EN,
        )
    )
    sessions = studies.create_sessions(study, details, actor=admin)  # the admin assigns the staff
    one_to_one, workshop = sessions[:-1], sessions[-1]

    pool = [p for p in _consented(required) if limits.may_ask(p).allowed]
    # Invitations first, as a researcher would send them: a handful of people in each language (Welsh, English,
    # and bilingual for those whose preference is unknown). Some of them then book below.
    invitees: list[Participant] = []
    for language in ("cy", "en", "unknown"):
        invitees += [p for p in pool if _language(p) == language][:INVITATIONS_PER_LANGUAGE]
    invitations.invite_participants(study, invitees, actor=researcher)

    used: set[int] = set()
    welsh_person = _pick(pool, "cy", used)
    workshop_people = [_pick(pool, "unknown", used) for _ in range(WORKSHOP_PLACES)]
    # The workshop is full, so two more people wait for a place. They join after every booking, since booking
    # a place in the study would close the person's own waitlist entry.
    waiting = [_pick(pool, "cy", used) for _ in range(WAITLIST_SIZE)]
    english_people = [_pick(pool, "en", used) for _ in range(ONE_TO_ONE_BOOKINGS)]

    welsh_session = next(s for s in one_to_one if s.language == SessionLanguage.WELSH)
    if welsh_person is not None:
        bookings.book_session(welsh_person, welsh_session, wants_welsh=True)
    for person in filter(None, workshop_people):
        bookings.book_session(person, workshop, wants_welsh=_language(person) == "cy")
    english = [s for s in one_to_one if s.language == SessionLanguage.ENGLISH]
    for person, session in zip(filter(None, english_people), english[::3], strict=False):
        bookings.book_session(person, session, assisted_by=researcher, assisted_via="phone")
    for person in filter(None, waiting):
        waitlist.join_waitlist(person, study, actor=researcher)
    return study


def load_studies_demo() -> tuple[int, int]:
    """Make the demo studies if there are none yet. Returns (studies made, emails queued)."""
    if db.session.scalar(select(func.count()).select_from(Study)):
        return 0, 0
    cyd = db.session.scalar(select(Project).where(Project.slug == "cyd"))
    researcher = _staff("researcher@example.org")
    if cyd is None or researcher is None:
        return 0, 0
    note_taker = _staff("viewer@example.org")
    admin = _staff("admin@example.org")
    phases = {phase.kind: phase for phase in cyd.phases}
    emails_before = db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    made = [
        _discovery(phases[PhaseKind.DISCOVERY], researcher, note_taker, admin),
        _alpha(phases[PhaseKind.ALPHA], researcher, note_taker, admin),
    ]
    emails = (db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0) - emails_before
    return len(made), emails
