"""What an invitation says and who it comes from (app/booking/invitation_email.py; issue 9, item 12): who runs
the research, when (UK time, BK-4), how long, whom to contact, in the participant's language (WL-2), from a named
sender whose From header stays one RFC 5322 address whatever letters the name has ("Llŷr")."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy

from flask_babel import force_locale
from sqlalchemy import select

from app.booking import invitation_email, invitations, notifications
from app.extensions import db
from app.mail.delivery import as_email
from app.mail.models import OutboxMessage
from app.mail.services import SEPARATOR
from app.studies.models import ResearchSession
from tests.factories import (
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    ResearchSessionFactory,
    StaffUserFactory,
    StudyFactory,
)

# 10:00 to 11:30 UK time on Tuesday 2 June 2026 (BST: 09:00 UTC), and 14:00 to 15:00 on Wednesday 3 June.
FIRST = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
SECOND = datetime(2026, 6, 3, 13, 0, tzinfo=UTC)
BEFORE = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


def _study(owner=None, **fields):
    project = ProjectFactory(name_cy="Cyd – Canolfan Ragoriaeth Caffael", name_en="Cyd – Procurement Centre")
    study = StudyFactory(
        phase=PhaseFactory(project=project),
        title_cy="Astudiaeth alffa",
        title_en="Alpha study",
        created_by_id=getattr(owner, "id", None),
        **fields,
    )
    ResearchSessionFactory(study=study, starts_at=FIRST, ends_at=FIRST + timedelta(minutes=90), capacity=2)
    ResearchSessionFactory(study=study, starts_at=SECOND, ends_at=SECOND + timedelta(hours=1), capacity=2)
    return study


def _invite(study, participant) -> OutboxMessage:
    facts = invitation_email.study_facts(study, now=BEFORE)
    return notifications.queue_invitation(participant, study, facts=facts)


def test_the_invitation_says_who_runs_it_when_how_long_and_whom_to_contact(app_ctx):
    owner = StaffUserFactory(name="Anna Jones", email="anna.jones@example.org")
    study = _study(owner)
    english = _invite(study, ParticipantFactory(preferred_language="en")).body_text
    assert "Who runs it: Profi research team, for Cyd – Procurement Centre" in english
    assert "When (UK time):" in english
    assert (
        "Tuesday 2 June 2026, 10:00 to 11:30" in english
        and "Wednesday 3 June 2026, 14:00 to 15:00" in english
    )
    assert "How long: from 1 hour to 1 hour and 30 minutes" in english
    assert "Questions about the research: Anna Jones, anna.jones@example.org" in english
    welsh = _invite(study, ParticipantFactory(preferred_language="cy")).body_text
    assert "Pwy sy’n ei chynnal: Tîm ymchwil Profi, ar gyfer Cyd – Canolfan Ragoriaeth Caffael" in welsh
    assert "Pryd (amser y DU):" in welsh and "2 Mehefin 2026, 10:00 i 11:30" in welsh
    assert "Pa mor hir: o 1 awr i 1 awr a 30 munud" in welsh
    assert "Cwestiynau am yr ymchwil: Anna Jones, anna.jones@example.org" in welsh
    assert "Profi research team" not in welsh and "How long" not in welsh


def test_a_bilingual_invitation_says_it_all_in_welsh_first_then_in_english(app_ctx):
    study = _study(StaffUserFactory(name="Anna Jones"))
    body = _invite(study, ParticipantFactory(preferred_language="unknown")).body_text
    welsh, english = body.split(SEPARATOR)
    assert "Pa mor hir" in welsh and "How long" in english and "How long" not in welsh


def test_the_from_header_names_the_owner_and_the_team_and_stays_one_address_with_welsh_letters(app_ctx):
    owner = StaffUserFactory(name="Llŷr Ifans-Jones")
    study = _study(owner)
    for language, team in (("cy", "Tîm ymchwil Profi"), ("en", "Profi research team")):
        message = _invite(study, ParticipantFactory(preferred_language=language))
        raw = bytes(as_email(message))
        headers = raw.split(b"\n\n", 1)[0]
        assert b"=?utf-8?" in headers and headers.isascii()  # the name encoded by RFC 2047
        parsed = email.message_from_bytes(raw, policy=policy.default)
        [address] = parsed["From"].addresses
        assert address.display_name == f"Llŷr Ifans-Jones, {team}"  # the comma did not make two addresses
        assert address.addr_spec == "profi@example.org"
    both = _invite(study, ParticipantFactory(preferred_language="unknown"))
    [address] = email.message_from_bytes(bytes(as_email(both)), policy=policy.default)["From"].addresses
    assert address.display_name == "Llŷr Ifans-Jones, Tîm ymchwil Profi / Profi research team"


def test_the_organisation_names_are_the_settings(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "ORGANISATION_NAME_CY", "Llywodraeth Cymru")
    monkeypatch.setitem(app.config, "ORGANISATION_NAME_EN", "Welsh Government")
    study = _study(StaffUserFactory(name="Anna Jones"))
    message = _invite(study, ParticipantFactory(preferred_language="en"))
    assert "Who runs it: Welsh Government, for" in message.body_text
    assert message.from_name == "Anna Jones, Welsh Government"


def test_without_an_active_owner_the_facilitator_then_the_team_is_the_contact(app_ctx):
    facilitator = StaffUserFactory(name="Gareth Lewis", email="gareth@example.org")
    study = _study(StaffUserFactory(name="Gone Away", inactive=True), facilitators=[facilitator])
    message = _invite(study, ParticipantFactory(preferred_language="en"))
    assert "Questions about the research: Gareth Lewis, gareth@example.org" in message.body_text
    assert message.from_name == "Gareth Lewis, Profi research team"
    nobody = _study(None)
    message = _invite(nobody, ParticipantFactory(preferred_language="en"))
    assert "Questions about the research: Profi research team, profi@example.org" in message.body_text
    assert message.from_name == "Profi research team"


def test_full_cancelled_and_past_sessions_are_not_offered_and_many_are_summed_up(app_ctx):
    study = _study(None)
    [first] = [s for s in study_sessions(study) if s.starts_at == FIRST]
    first.booked_count = first.capacity  # full
    ResearchSessionFactory(study=study, starts_at=SECOND + timedelta(days=1), cancelled=True)
    ResearchSessionFactory(study=study, starts_at=BEFORE - timedelta(days=1))  # already past at BEFORE
    for day in range(10):
        ResearchSessionFactory(study=study, starts_at=SECOND + timedelta(days=2 + day), capacity=1)
    db.session.flush()
    body = _invite(study, ParticipantFactory(preferred_language="en")).body_text
    assert "Tuesday 2 June 2026" not in body and "Wednesday 3 June 2026, 14:00 to 15:00" in body
    assert body.count(" to 15:00") == invitation_email.MOST_SESSIONS_LISTED
    assert "Your link shows 3 more sessions." in body and "How long: 1 hour\n" in body


def study_sessions(study):
    return db.session.scalars(select(ResearchSession).where(ResearchSession.study_id == study.id)).all()


def test_without_open_sessions_the_invitation_says_so(app_ctx):
    study = StudyFactory()
    body = _invite(study, ParticipantFactory(preferred_language="en")).body_text
    assert "When: no sessions have places yet. Your link will show them when they do." in body
    assert "How long" not in body


def test_session_lengths_in_words_in_each_language(app_ctx):
    cases = {
        30: ("30 minutes", "30 munud"),
        60: ("1 hour", "1 awr"),
        120: ("2 hours", "2 awr"),
        150: ("2 hours and 30 minutes", "2 awr a 30 munud"),
        62: ("1 hour and 2 minutes", "1 awr a 2 funud"),
    }
    for minutes, (english, welsh) in cases.items():
        with force_locale("en"):
            assert invitation_email.session_length(minutes) == english
        with force_locale("cy"):
            assert invitation_email.session_length(minutes) == welsh


def test_inviting_many_people_reads_the_facts_once(app_ctx):
    study = _study(StaffUserFactory(name="Anna Jones"))
    people = ParticipantFactory.create_batch(3, preferred_language="en")
    calls = []
    original = invitation_email.study_facts

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    invitation_email.study_facts = counting
    try:
        result = invitations.invite_participants(study, people)
    finally:
        invitation_email.study_facts = original
    assert len(result.invited) == 3 and len(calls) == 1
