"""Place details in both languages (issue 9, item 10; WL-1): a session's address and access information are
written in Welsh and in English. Staff must give both (or, for access information, neither); the session's page
shows both and says which is missing; migration 0017 keeps what was written before as the English."""

from __future__ import annotations

from datetime import timedelta

import flask_migrate
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import create_app
from app.extensions import db
from app.models_base import utcnow
from app.studies import services
from app.studies.models import ResearchSession
from tests import databases
from tests.conftest import MIGRATIONS, config_for
from tests.factories import ResearchSessionFactory, StudyFactory
from tests.studies.form_data import session_form

EN = {"Accept-Language": "en"}


def _details(**overrides) -> services.SessionDetails:
    start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "capacity": 2,
        "mode": "in_person",
        "language": "cy",
        "address_cy": "Neuadd y Dref, Llangefni",
        "address_en": "Town Hall, Llangefni",
    }
    values.update(overrides)
    return services.SessionDetails(**values)


@pytest.mark.parametrize(
    "change",
    [
        {"address_cy": ""},
        {"address_en": "  "},
        {"access_information_cy": "Mae lifft"},
        {"access_information_en": "There is a lift"},
    ],
)
def test_the_service_refuses_place_details_in_one_language_only(app_ctx, change):
    study = StudyFactory()
    with pytest.raises(services.InvalidSession):
        services.create_session(study, _details(**change))
    assert db.session.query(ResearchSession).count() == 0


def test_both_languages_are_saved_and_an_online_session_keeps_no_address(app_ctx):
    study = StudyFactory()
    access = {"access_information_cy": "Capsiynau byw", "access_information_en": "Live captions"}
    in_person = services.create_session(study, _details(**access))
    online = services.create_session(
        study, _details(mode="online", joining_link="https://meet.example.org/x", **access)
    )
    assert (in_person.address_cy, in_person.address_en) == (
        "Neuadd y Dref, Llangefni",
        "Town Hall, Llangefni",
    )
    assert (online.address_cy, online.address_en) == ("", "")
    assert (online.access_information_cy, online.access_information_en) == ("Capsiynau byw", "Live captions")


def test_the_session_form_saves_both_languages(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        study_id = StudyFactory().id
        db.session.commit()
    data = session_form(
        mode="in_person",
        joining_link="",
        address_cy="Neuadd y Dref, Llangefni",
        address_en="Town Hall, Llangefni",
        access_information_cy="Mae dolen sain yn yr ystafell.",
        access_information_en="There is a hearing loop in the room.",
    )
    assert client.post(f"/studies/{study_id}/sessions/new", data=data, headers=EN).status_code == 302
    with app.app_context():
        session = db.session.query(ResearchSession).one()
        assert session.address_cy == "Neuadd y Dref, Llangefni"
        assert session.access_information_en == "There is a hearing loop in the room."


def test_the_session_page_shows_both_languages_and_what_is_missing(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        # As migration 0017 leaves a session written before it: English only.
        session = ResearchSessionFactory(
            in_person=True, address_cy="", access_information_en="Step-free access from the car park."
        )
        path = f"/studies/{session.study_id}/sessions/{session.id}"
        db.session.commit()
    html = client.get(path, headers=EN).get_data(as_text=True)
    assert '<p class="govuk-body" lang="en">Tŷ Hywel, Cardiff</p>' in html
    assert '<p class="govuk-body" lang="en">Step-free access from the car park.</p>' in html
    assert html.count("Needs Welsh") == 2 and "Needs English" not in html


def test_migration_0017_keeps_what_was_written_as_the_english_and_the_capacity_rule():
    app = create_app(config_for(databases.make_database("place_details_migration")))
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        session = ResearchSessionFactory(capacity=1, in_person=True, access_information_en="Lifft")
        session_id = session.id
        db.session.commit()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0016")
        before = db.session.execute(
            text("SELECT address, access_information FROM research_session WHERE id = :id"),
            {"id": session_id},
        ).one()
        db.session.execute(
            text("UPDATE research_session SET address = 'Hen Neuadd, Bangor' WHERE id = :id"),
            {"id": session_id},
        )
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0017")
        after = db.session.execute(
            text(
                "SELECT address_cy, address_en, access_information_cy, access_information_en "
                "FROM research_session WHERE id = :id"
            ),
            {"id": session_id},
        ).one()
        # Migration 0006's capacity rule still holds: no more places taken than there are.
        with pytest.raises(DBAPIError):  # a CHECK on PostgreSQL, a trigger's abort on SQLite
            db.session.execute(
                text("UPDATE research_session SET booked_count = 2 WHERE id = :id"), {"id": session_id}
            )
            db.session.flush()
        db.session.rollback()
        db.session.remove()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0016")
        db.engine.dispose()
    assert tuple(before) == ("Tŷ Hywel, Cardiff", "Lifft")
    assert tuple(after) == ("", "Hen Neuadd, Bangor", "", "Lifft")
