"""The session log (issue 10, item 1): notes, consent re-confirmed at the start, and the DP-2 warning before
names or contact details go into research data. Tag merges keep every observation (item 3)."""

from __future__ import annotations

from app.extensions import db
from app.findings import session_logs, tags
from app.findings.models import observation_tag
from tests.factories import (
    BookingFactory,
    ObservationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    TagFactory,
)
from tests.findings.conftest import actions


def test_notes_are_saved_once_and_audited_when_they_change(app_ctx):
    session = ResearchSessionFactory()
    session_logs.save_notes(session, "Aeth yn dda")
    session_logs.save_notes(session, "Aeth yn dda")
    assert session_logs.session_log(session).notes == "Aeth yn dda"
    assert actions().count("session_log.saved") == 1


def test_reconfirmation_is_recorded_per_booking_of_the_session_only(app_ctx):
    session = ResearchSessionFactory(capacity=3)
    first, second = BookingFactory(research_session=session), BookingFactory(research_session=session)
    other = BookingFactory()
    assert session_logs.set_reconfirmed(session, {first.id, other.id}) == (1, 0)
    assert session_logs.set_reconfirmed(session, {second.id}) == (1, 1)
    assert session_logs.reconfirmed_booking_ids(session) == {second.id}


def test_names_emails_phones_and_organisations_are_found_however_typed(app_ctx):
    person = ParticipantFactory(
        full_name="Llŷr Jones", email="llyr@example.org", phone="07700 900123", organisation="Cyngor Gwynedd"
    )
    found = session_logs.personal_data_in(
        [
            "Dywedodd LLYR bod y ffurflen yn hir",
            "ffoniwch +44 7700 900 123",
            "mae cyngor gwynedd yn",
            "LLYR@example.org",
        ],
        [person],
    )
    assert [item.kind for item in found] == ["name", "email", "phone", "organisation"]
    assert session_logs.personal_data_in(["Mae’r templedi yn dda"], [person]) == []


def test_merging_a_tag_moves_its_observations_without_counting_anyone_twice(app_ctx):
    first = ObservationFactory()
    second = ObservationFactory(research_session=first.research_session)
    old, kept = TagFactory(project_id=first.project_id), TagFactory(project_id=first.project_id)
    first.tags = [old, kept]
    second.tags = [old]
    db.session.flush()
    tags.merge_tags(old, kept)
    rows = db.session.execute(observation_tag.select()).all()
    assert sorted((o, t) for o, t in rows) == sorted([(first.id, kept.id), (second.id, kept.id)])
    assert [(tag.id, n) for tag, n in tags.project_tags(first.project_id)] == [(kept.id, 2)]
