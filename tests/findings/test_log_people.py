"""Who the session log is about (app/findings/log_people.py): everyone attendance can be recorded for, by code,
with their consent as it stands and whether they re-confirmed it — in the same few queries for any number."""

from __future__ import annotations

from app.consent.services import withdraw_consent
from app.findings import session_logs
from app.findings.log_people import log_people
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory
from tests.queries import statements_run


def test_everyone_markable_is_listed_by_code_and_cancellations_are_left_out(app_ctx):
    session = ResearchSessionFactory(capacity=6, past=True)
    attended = BookingFactory(research_session=session, status="attended")
    booked = BookingFactory(research_session=session)
    missed = BookingFactory(research_session=session, status="no_show")
    BookingFactory(research_session=session, cancelled=True)
    people = log_people(session)
    assert [person.booking.id for person in people] == [attended.id, booked.id, missed.id]
    assert [person.loggable for person in people] == [True, True, False]


def test_consent_and_reconfirmation_are_shown_per_person(app_ctx):
    session = ResearchSessionFactory(capacity=3, past=True)
    given = BookingFactory(research_session=session, participant=ParticipantFactory(consented=True))
    gone = BookingFactory(
        research_session=session, participant=ParticipantFactory(consented=True), status="attended"
    )
    withdraw_consent(gone.participant, method="online", language="cy")
    session_logs.set_reconfirmed(session, {given.id})
    by_id = {person.booking.id: person for person in log_people(session)}
    assert by_id[given.id].consent.status == "given" and by_id[given.id].reconfirmed
    assert not by_id[given.id].needs_reconfirming
    assert by_id[gone.id].consent.status == "withdrawn" and by_id[gone.id].needs_reconfirming


def test_the_same_queries_for_one_person_or_many(app_ctx):
    def count(people: int) -> int:
        session = ResearchSessionFactory(capacity=people, past=True)
        for _ in range(people):
            BookingFactory(research_session=session, participant=ParticipantFactory(consented=True))
        with statements_run() as statements:
            [person.code for person in log_people(session)]
        return len(statements)

    assert count(1) == count(8) == 3
