"""Demo testing team: about 60 practitioners from Welsh public bodies, made deterministically.

Welsh and English names (some with ŵ, ŷ, â), mixed language preferences, about one in five with adjustments,
a few paused or opted out, one withdrawn, some needing to consent again, participation history that puts a few
near or over the limit, and consent-request emails in the development outbox.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from app.consent import services as consent
from app.consent.models import Method, Purpose
from app.extensions import db
from app.participants import limits
from app.participants.models import Participant, ParticipantStatus
from app.participants.services import ParticipantDetails, create_participant

FIRST_NAMES = [
    "Llŷr",
    "Siân",
    "Gwenllïan",
    "Dafydd",
    "Rhodri",
    "Ceri",
    "Catrin",
    "Iolo",
    "Heledd",
    "Nia",
    "Elin",
    "Owain",
    "Bethan",
    "Carys",
    "Gethin",
    "Sioned",
    "Aled",
    "Manon",
    "Emyr",
    "Ffion",
    "Geraint",
    "Lowri",
    "Hywel",
    "Mererid",
    "Sarah",
    "James",
    "Priya",
    "Mohammed",
    "Emma",
    "Tom",
    "Rachel",
    "Daniel",
    "Hannah",
    "Oliver",
    "Amira",
    "Chloe",
]
SURNAMES = [
    "Jones",
    "Williams",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Owen",
    "Pritchard",
    "Llwyd",
    "Parry",
    "Rees",
    "Price",
    "Khan",
    "Patel",
    "Taylor",
    "Clarke",
    "ap Dafydd",
    "Huws",
]
ORGANISATIONS = [
    ("Cyngor Gwynedd", "local_authority", "north"),
    ("Cyngor Sir Ynys Môn", "local_authority", "north"),
    ("Cyngor Sir Ddinbych", "local_authority", "north"),
    ("Cyngor Sir Ceredigion", "local_authority", "mid"),
    ("Cyngor Sir Powys", "local_authority", "mid"),
    ("City and County of Swansea", "local_authority", "south_west"),
    ("Cardiff Council", "local_authority", "south_east"),
    ("Newport City Council", "local_authority", "south_east"),
    ("Rhondda Cynon Taf County Borough Council", "local_authority", "south_east"),
    ("Betsi Cadwaladr University Health Board", "health", "north"),
    ("Hywel Dda University Health Board", "health", "south_west"),
    ("Cardiff and Vale University Health Board", "health", "south_east"),
    ("Velindre University NHS Trust", "health", "south_east"),
    ("Prifysgol Bangor", "education", "north"),
    ("Aberystwyth University", "education", "mid"),
    ("Grŵp Llandrillo Menai", "education", "north"),
    ("Swansea University", "education", "south_west"),
    ("Adra", "housing", "north"),
    ("Tai Tarian", "housing", "south_west"),
    ("Welsh Government", "welsh_government", "south_east"),
    ("Natural Resources Wales", "welsh_government", "mid"),
    ("Transport for Wales", "welsh_government", "south_east"),
    ("North Wales Police", "emergency", "north"),
    ("Mid and West Wales Fire and Rescue Service", "emergency", "south_west"),
    ("Audit Wales", "other_public", "south_east"),
    ("Dŵr Cymru Welsh Water", "supplier", "south_east"),
    ("Tîm Digidol Cyf.", "supplier", "outside"),
    ("Tŷ Hafan", "third_sector", "south_east"),
    ("Age Cymru", "third_sector", "south_east"),
]
ROLES = [
    ("Procurement officer", "practitioner"),
    ("Category manager", "manager"),
    ("Senior buyer", "senior"),
    ("Head of procurement", "head"),
    ("Commercial manager", "manager"),
    ("Procurement apprentice", "entry"),
    ("Contracts officer", "practitioner"),
    ("Sustainable procurement lead", "senior"),
]
ADJUSTMENTS = [
    "Captions on video calls",
    "Extra time for tasks",
    "Step-free access to the room",
    "Sessions no longer than 45 minutes, with a break",
    "Materials sent in advance for a screen reader",
]
RECRUITED = ["programme", "event", "referral", "network", "sign_up", "other"]

SIZE = 60


def _answers(rng: random.Random, *, take_part: bool = True) -> dict:
    answers = {purpose.value: rng.random() < 0.8 for purpose in Purpose}
    answers[Purpose.TAKE_PART.value] = take_part
    return answers


def load_participants_demo(researcher, forms: tuple) -> int:
    """Make the demo testing team if the register is empty. Returns how many participants were made."""
    if db.session.scalar(select(func.count()).select_from(Participant)):
        return 0
    rng = random.Random(2026)
    first_version, current_version = forms
    today = date.today()
    made = []
    for n in range(SIZE):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        surname = SURNAMES[(n * 7) % len(SURNAMES)]
        organisation, organisation_type, region = ORGANISATIONS[(n * 5) % len(ORGANISATIONS)]
        role, seniority = ROLES[(n * 3) % len(ROLES)]
        welsh_name = n % len(FIRST_NAMES) < 24
        language = rng.choice(["cy", "cy", "en"] if welsh_name else ["en", "en", "unknown", "cy"])
        if n % 9 == 4:
            language = "unknown"
        slug = (
            f"{first}.{surname}".lower()
            .replace(" ", "")
            .replace("ŷ", "y")
            .replace("â", "a")
            .replace("ï", "i")
        )
        participant = create_participant(
            ParticipantDetails(
                full_name=f"{first} {surname}",
                email=f"{slug}.{n + 1}@example.org",
                phone=f"01{rng.randint(200, 999)} {rng.randint(100000, 999999)}"
                if rng.random() < 0.6
                else "",
                organisation=organisation,
                organisation_type=organisation_type,
                region=region,
                job_role=role,
                seniority=seniority,
                years_in_procurement=rng.randint(0, 30),
                preferred_language=language,
                welsh_willingness="yes" if language == "cy" else rng.choice(["no", "unknown", "yes"]),
                adjustments=ADJUSTMENTS[n % len(ADJUSTMENTS)] if n % 5 == 2 else "",
                recruited_via=RECRUITED[n % len(RECRUITED)],
                status=ParticipantStatus.PAUSED
                if n in (11, 37, 52)
                else (ParticipantStatus.OPTED_OUT if n in (23, 44) else ParticipantStatus.ACTIVE),
            )
        )
        made.append(participant)
    for n, participant in enumerate(made):
        reading = participant.preferred_language if participant.preferred_language in ("cy", "en") else "cy"
        method = [Method.ONLINE, Method.PAPER, Method.PHONE, Method.VERBAL][n % 4]
        taken_by = None if method == Method.ONLINE else researcher
        if n % 6 == 5:
            continue  # no consent yet
        version = first_version if n % 4 == 1 else current_version  # every fourth consented to v1 only
        consent.record_consent(
            participant,
            answers=_answers(rng),
            method=method,
            language=reading,
            taken_by=taken_by,
            form=version,
        )
        for k in range(n % 4):
            limits.record_participation(
                participant,
                today - timedelta(days=20 + 70 * k),
                ["Discovery interview", "Alpha usability test", "Co-design workshop"][k % 3],
                actor=researcher,
            )
    withdrawn = made[17]
    consent.withdraw_consent(withdrawn, method=Method.ONLINE, language="cy")
    return len(made)


DEMO_TARGETS = {
    ("region", "north"): 25,
    ("region", "mid"): 20,
    ("region", "south_west"): 25,
    ("region", "south_east"): 25,
    ("organisation_type", "local_authority"): 30,
    ("organisation_type", "health"): 20,
    ("organisation_type", "education"): 15,
    ("organisation_type", "housing"): 10,
    ("preferred_language", "cy"): 30,
    ("seniority", "entry"): 15,
}


def set_demo_targets() -> None:
    """Coverage targets, so the demo shows where the register falls short."""
    from app.coverage.services import current_targets, set_targets

    if not current_targets():
        set_targets(DEMO_TARGETS)


def queue_demo_consent_requests() -> int:
    """Consent-request emails for the active people who have not consented, or must consent again."""
    from app.participants.correspondence import send_own_link

    people = list(
        db.session.scalars(
            select(Participant).where(Participant.status == ParticipantStatus.ACTIVE).order_by(Participant.id)
        )
    )
    states = consent.consent_states([p.id for p in people])
    sent = 0
    for participant in people:
        if states[participant.id].status in ("none", "reconsent") and sent < 8:
            send_own_link(participant, kind="consent_request")
            sent += 1
    return sent
