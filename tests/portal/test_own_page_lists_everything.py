"""A participant's own page lists everything they have in research (issue 8, item 3): coming bookings with a
way to change them, waiting-list places and open offers, so any newer link leads back to all of it."""

from __future__ import annotations

from app.extensions import db
from app.participants import links
from tests.factories import (
    BookingFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StudyFactory,
    WaitlistEntryFactory,
)
from tests.queries import queries_for_page


def _person_with_research(app, studies: int = 1) -> tuple[str, list[str]]:
    with app.app_context():
        person = ParticipantFactory(consented=True, preferred_language="en")
        titles = []
        for _ in range(studies):
            booked, waiting, offered = StudyFactory(), StudyFactory(), StudyFactory()
            BookingFactory(
                participant=person, research_session=ResearchSessionFactory(study=booked, days_ahead=4)
            )
            WaitlistEntryFactory(participant=person, study=waiting)
            WaitlistEntryFactory(participant=person, study=offered, offered=True)
            titles += [booked.title_en, waiting.title_en, offered.title_en]
        db.session.commit()
        return links.current_token(person), titles


def test_the_own_page_lists_bookings_waiting_places_and_offers_with_their_links(app, client):
    token, (booked, waiting, offered) = _person_with_research(app)
    page = client.get(f"/p/{token}").get_data(as_text=True)
    assert "Your research sessions" in page
    assert booked in page and "See, change or cancel this booking" in page
    assert f"You are on the waiting list for {waiting}." in page
    assert f"A place has come up in {offered}." in page and "Take the place" in page


def test_the_own_page_runs_the_same_queries_however_much_they_have(app, client):
    one, _ = _person_with_research(app, studies=1)
    few = queries_for_page(app, client, f"/p/{one}")
    four, _ = _person_with_research(app, studies=4)
    assert queries_for_page(app, client, f"/p/{four}") == few
