"""Demo data: the Cyd programme and a second, smaller project, plus one account for each role.

Loading is idempotent: whatever already exists (by email address or project slug) is left as it is.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Role, StaffUser
from app.extensions import db
from app.projects import services as projects
from app.projects.models import Project

DEMO_ACCOUNTS = [
    ("admin@example.org", "Gwenllian Hughes", Role.ADMIN, "cy"),
    ("researcher@example.org", "Rhodri Ellis", Role.RESEARCHER, "en"),
    ("viewer@example.org", "Ffion Morgan", Role.VIEWER, "cy"),
]

CYD = projects.ProjectDetails(
    slug="cyd",
    name_cy="Cyd – Canolfan Rhagoriaeth Caffael",
    name_en="Cyd – Procurement Centre of Excellence",
    summary_cy=(
        "Mae Cyd yn dod â gweithwyr caffael a masnachol o bob rhan o sector cyhoeddus Cymru at ei gilydd. "
        "Yn y cam alffa rydym yn profi pedwar gwasanaeth: creu’r gymuned, rhannu arferion gorau, datblygu "
        "mewnwelediad a chefnogi hyfforddiant, gyda sero net a dysgu a datblygu yn feysydd ffocws."
    ),
    summary_en=(
        "Cyd brings together procurement and commercial practitioners from across the Welsh public sector. "
        "In alpha we are testing four services: create the community, share best practice, develop insight "
        "and support training, with net zero and learning and development as focus areas."
    ),
)

CYD_PHASES = [
    projects.PhaseDetails(
        kind="discovery",
        starts_on=date(2021, 9, 6),
        ends_on=date(2022, 3, 25),
        research_questions_cy="\n".join(
            [
                "Pa gymorth sydd ei angen ar weithwyr caffael yng nghyrff cyhoeddus Cymru?",
                "Ble mae gweithwyr caffael yn chwilio am gyngor ac arferion da heddiw?",
                "Beth sy’n eu rhwystro rhag rhannu gwybodaeth rhwng sefydliadau?",
            ]
        ),
        research_questions_en="\n".join(
            [
                "What support do procurement practitioners in Welsh public bodies need?",
                "Where do practitioners look for advice and good practice today?",
                "What stops them sharing knowledge between organisations?",
            ]
        ),
    ),
    projects.PhaseDetails(
        kind="alpha",
        starts_on=date(2025, 10, 6),
        ends_on=date(2026, 12, 18),
        is_current=True,
        research_questions_cy="\n".join(
            [
                "Creu’r gymuned: beth fyddai’n annog gweithwyr caffael i ymuno â chymuned Cyd a chymryd rhan ynddi?",
                "Rhannu arferion gorau: sut mae ymarferwyr am ddod o hyd i astudiaethau achos a thempledi "
                "a’u rhannu?",
                "Datblygu mewnwelediad: pa ddata am wariant a chontractau fyddai’n helpu timau i gynllunio "
                "caffael ar y cyd?",
                "Cefnogi hyfforddiant: pa ddysgu a datblygu sydd ei angen ar bob lefel o brofiad, a sut y "
                "dylid ei gynnig?",
                "Sero net: sut y gall Cyd helpu timau i leihau allyriadau carbon drwy eu contractau?",
            ]
        ),
        research_questions_en="\n".join(
            [
                "Create the community: what would encourage practitioners to join the Cyd community and "
                "take part in it?",
                "Share best practice: how do practitioners want to find and share case studies and templates?",
                "Develop insight: what spend and contract data would help teams plan collaborative procurement?",
                "Support training: what learning and development do people need at each level of experience, "
                "and how should it be offered?",
                "Net zero: how can Cyd help teams reduce carbon emissions through their contracts?",
            ]
        ),
    ),
    projects.PhaseDetails(kind="beta"),
]

REGISTER = projects.ProjectDetails(
    slug="cofrestr-contractau",
    name_cy="Cofrestr contractau’r sector cyhoeddus",
    name_en="Public sector contracts register",
    summary_cy=(
        "Un lle i weld pa gontractau sydd gan gyrff cyhoeddus Cymru a phryd y byddant yn dod i ben, "
        "er mwyn cynllunio caffael ar y cyd."
    ),
    summary_en=(
        "One place to see which contracts Welsh public bodies hold and when they end, so that "
        "collaborative procurement can be planned."
    ),
)

REGISTER_PHASES = [
    projects.PhaseDetails(
        kind="discovery",
        starts_on=date(2026, 9, 7),
        ends_on=date(2027, 1, 29),
        is_current=True,
        research_questions_cy="\n".join(
            [
                "Sut mae cyrff cyhoeddus yn cadw cofnod o’u contractau heddiw?",
                "Pwy fyddai’n defnyddio cofrestr a rennir, ac i beth?",
            ]
        ),
        research_questions_en="\n".join(
            [
                "How do public bodies keep track of their contracts today?",
                "Who would use a shared register, and for what?",
            ]
        ),
    ),
]


def load_demo_data(password: str) -> dict[str, int]:
    """Create whatever part of the demo data is missing. Returns how many of each thing were created."""
    from app.demo.consent_data import load_consent_demo
    from app.demo.findings_data import load_findings_demo
    from app.demo.participants_data import (
        load_participants_demo,
        queue_demo_consent_requests,
        set_demo_targets,
    )
    from app.demo.studies_data import load_studies_demo

    created = {"accounts": 0, "projects": 0, "participants": 0, "emails": 0, "studies": 0, "findings": 0}
    for email, name, role, language in DEMO_ACCOUNTS:
        if db.session.scalar(select(StaffUser).where(StaffUser.email == email)) is None:
            accounts.create_staff_user(
                email=email,
                name=name,
                role=role,
                password=password,
                preferred_language=language,
                must_change_password=False,  # the demo's shared password, printed by scripts/run
            )
            created["accounts"] += 1
    for details, phases in ((CYD, CYD_PHASES), (REGISTER, REGISTER_PHASES)):
        if db.session.scalar(select(Project).where(Project.slug == details.slug)) is None:
            project = projects.create_project(details)
            for phase in phases:
                projects.add_phase(project, phase)
            created["projects"] += 1
    admin = db.session.scalar(select(StaffUser).where(StaffUser.email == "admin@example.org"))
    researcher = db.session.scalar(select(StaffUser).where(StaffUser.email == "researcher@example.org"))
    forms = load_consent_demo(admin)
    created["participants"] = load_participants_demo(researcher, forms)
    set_demo_targets()
    if created["participants"]:
        created["emails"] = queue_demo_consent_requests()
    created["studies"], study_emails = load_studies_demo()
    created["emails"] += study_emails
    created["findings"] = load_findings_demo()
    return created
