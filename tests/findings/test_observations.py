"""Logging observations (issue 10, item 1): only people booked on the session, the kinds, languages and time
markers, tags folded into the project's tags, and every change audited."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.findings import observations
from app.findings.errors import InvalidObservation
from app.findings.models import Evidence, Observation, Tag
from tests.factories import BookingFactory, FindingFactory, ObservationFactory, ResearchSessionFactory
from tests.findings.conftest import actions, last_event

Details = observations.ObservationDetails


def test_an_observation_is_logged_for_someone_booked_with_tags_and_a_time(app_ctx):
    booking = BookingFactory()
    session = booking.research_session
    code = booking.participant.code.lower()
    saved = observations.add_observation(
        session,
        Details(
            code, "pain_point", "  Ni allwn ddod o hyd i’r botwm  ", "cy", "00:14:30", "Llywio, llŷr; llyr"
        ),
    )
    assert saved.participant_id == booking.participant_id and saved.text == "Ni allwn ddod o hyd i’r botwm"
    assert (
        saved.time_marker == 14 * 60 + 30 and observations.format_time_marker(saved.time_marker) == "00:14:30"
    )
    assert [tag.name for tag in saved.tags] == ["Llywio", "llŷr"]
    assert saved.project_id == session.study.phase.project_id
    assert actions()[-1] == "observation.created"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"code": "P-9999"}, "Choose someone booked on this session"),
        ({"kind": "rumour"}, "Choose what kind of observation this is"),
        ({"text": "   "}, "Enter what was said or done"),
        ({"language": "fr"}, "Choose the language it was said in"),
        ({"time_marker": "14.30"}, "Enter the time as hours, minutes and seconds, like 00:14:30"),
        ({"time_marker": "00:61:00"}, "Enter the time as hours, minutes and seconds, like 00:14:30"),
        ({"text": "x" * 4001}, "Enter at most 4000 characters"),
    ],
)
def test_bad_observations_are_refused_and_nothing_is_saved(app_ctx, change, message):
    booking = BookingFactory()
    values = {"code": booking.participant.code, "kind": "quote", "text": "Da", "language": "cy"}
    values.update(change)
    with force_locale("en"), pytest.raises(InvalidObservation) as refused:
        observations.add_observation(booking.research_session, Details(**values))
    assert refused.value.message == message
    assert db.session.query(Observation).count() == 0


def test_someone_booked_on_another_session_or_cancelled_cannot_be_logged(app_ctx):
    session = ResearchSessionFactory()
    elsewhere = BookingFactory()
    cancelled = BookingFactory(research_session=session, status="cancelled")
    for code in (elsewhere.participant.code, cancelled.participant.code):
        with pytest.raises(InvalidObservation):
            observations.add_observation(session, Details(code, "quote", "Da", "en"))


def test_deleting_evidence_says_how_many_findings_cited_it_and_unlinks_it(app_ctx):
    observation = ObservationFactory()
    FindingFactory(phase=observation.phase, evidence=[observation])
    FindingFactory(phase=observation.phase, evidence=[observation])
    assert observations.evidence_count(observation) == 2
    assert observations.delete_observation(observation) == 2
    assert db.session.query(Evidence).count() == 0
    assert last_event().details == {"session": observation.research_session_id, "evidence_for": 2}


def test_tags_are_one_per_folded_name_in_a_project(app_ctx):
    booking = BookingFactory()
    first = observations.add_observation(
        booking.research_session, Details(booking.participant.code, "quote", "Un", "cy", tags="Llŷr")
    )
    second = observations.add_observation(
        booking.research_session, Details(booking.participant.code, "quote", "Dau", "cy", tags="LLYR")
    )
    assert first.tags == second.tags
    assert db.session.query(Tag).count() == 1
