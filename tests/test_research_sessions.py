"""Research sessions: one at a time or a series (all or nothing), edited and softly cancelled, rules kept by the
form and by the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.extensions import db
from app.studies import services
from app.studies.models import ResearchSession
from tests.factories import ResearchSessionFactory, StaffUserFactory, StudyFactory

EN = {"Accept-Language": "en"}


def _form(**overrides) -> dict:
    data = {
        "day": ["3", "6", "2026"],
        "start_time": "10:00",
        "end_time": "11:30",
        "capacity": "1",
        "mode": "online",
        "joining_link": "https://meet.example.org/profi",
        "language": "bilingual",
        "participant_information_cy": "Gwybodaeth â ŵ",
        "participant_information_en": "Information",
    }
    data.update(overrides)
    return data


def _series(**overrides) -> dict:
    data = {
        "first_day": ["3", "6", "2026"],
        "last_day": ["5", "6", "2026"],
        "day_start": "10:00",
        "day_end": "16:00",
        "slot_minutes": "60",
        "gap_minutes": "0",
        "capacity": "1",
        "mode": "in_person",
        "address": "Canolfan Cyd, Caerdydd",
        "language": "cy",
    }
    data.update(overrides)
    return data


def _count(model=ResearchSession) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


@pytest.fixture
def study(app):
    with app.app_context():
        made = StudyFactory()
        db.session.commit()
        return made


def test_researcher_adds_a_session_shown_in_uk_time_and_audited(app, client, as_role, study):
    me = as_role("researcher", name="Siân")
    response = client.post(
        f"/studies/{study.id}/sessions/new", data=_form(facilitator=str(me.id), capacity="4")
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/studies/{study.id}"
    with app.app_context():
        session = db.session.scalar(select(ResearchSession))
        assert session.starts_at == datetime(2026, 6, 3, 9, 0, tzinfo=UTC)  # 10:00 BST
        assert session.participant_information_cy == "Gwybodaeth â ŵ"
        assert _events("research_session.created") == 1
    html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "Wednesday 3 June 2026" in html and "10:00 to 11:30" in html
    assert "Bilingual (Welsh and English)" in html and "Siân" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"joining_link": "javascript:alert(1)"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": "JAVASCRIPT:alert(1)"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": "data:text/html,hi"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": "https://"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": "//meet.example.org"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": "https://exa mple.org"}, "Enter a web address starting http:// or https://"),
        ({"joining_link": ""}, "Enter the joining link for an online session"),
        ({"mode": "in_person", "address": ""}, "Enter the address of a session in person"),
        ({"capacity": "0"}, "Enter a number of places from 1 to 200"),
        ({"capacity": "201"}, "Enter a number of places from 1 to 200"),
        ({"capacity": "two"}, "Enter a whole number, like 3"),
        ({"end_time": "10:00"}, "The end time must be after the start time"),
        ({"end_time": "09:00"}, "The end time must be after the start time"),
        ({"start_time": "25:00"}, "Enter a time in 24-hour format"),
        ({"day": ["31", "2", "2026"]}, "Enter a real date"),
        ({"day": ["", "", ""]}, "Enter the date of the session"),
        ({"day": ["1", "1", "1999"]}, "Enter a date between 2000 and 2099"),
        (
            {"day": ["31", "12", "9999"], "start_time": "23:00", "end_time": "23:30"},
            "Enter a date between 2000 and 2099",
        ),
        ({"language": "klingon"}, "Not a valid choice"),
        ({"facilitator": "999999"}, "Not a valid choice"),
    ],
)
def test_bad_session_details_are_refused_and_nothing_is_saved(app, client, as_role, study, change, message):
    as_role("researcher")
    response = client.post(f"/studies/{study.id}/sessions/new", data=_form(**change), headers=EN)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count() == 0


def test_plain_http_links_are_allowed_and_unused_places_are_dropped(app, client, as_role, study):
    as_role("researcher")
    client.post(
        f"/studies/{study.id}/sessions/new",
        data=_form(joining_link="http://meet.example.org/x", address="Not used online"),
    )
    client.post(f"/studies/{study.id}/sessions/new", data=_form(mode="phone", joining_link="https://stale"))
    with app.app_context():
        online, phone = db.session.scalars(select(ResearchSession).order_by(ResearchSession.id)).all()
        assert (online.joining_link, online.address) == ("http://meet.example.org/x", "")
        assert phone.joining_link == ""


def test_viewers_cannot_be_facilitators_but_may_take_notes(app, client, as_role, study):
    as_role("researcher")
    with app.app_context():
        viewer = StaffUserFactory(role="viewer")
        db.session.commit()
    assert (
        client.post(f"/studies/{study.id}/sessions/new", data=_form(facilitator=str(viewer.id))).status_code
        == 200
    )
    assert (
        client.post(f"/studies/{study.id}/sessions/new", data=_form(note_taker=str(viewer.id))).status_code
        == 302
    )


@pytest.mark.parametrize(
    "values",
    [
        {"capacity": 0},
        {"capacity": -3},
        {"ends_at": datetime(2026, 6, 2, 9, 0, tzinfo=UTC)},
        {"ends_at": datetime(2026, 6, 2, 8, 0, tzinfo=UTC)},
        {"mode": "carrier_pigeon"},
        {"language": "fr"},
        {"status": "postponed"},
    ],
)
def test_the_database_refuses_a_broken_session(app, values):
    with app.app_context():
        with pytest.raises(IntegrityError):
            ResearchSessionFactory(starts_at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC), **values)
        db.session.rollback()


def test_the_service_refuses_what_the_form_would(app, study):
    with app.app_context():
        start = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
        good = services.SessionDetails(
            starts_at=start, ends_at=start + timedelta(hours=1), capacity=1, mode="phone", language="en"
        )
        for bad in (
            {"capacity": 0},
            {"capacity": 201},
            {"ends_at": start},
            {"mode": "online"},
            {"mode": "online", "joining_link": "javascript:alert(1)"},
            {"mode": "in_person"},
        ):
            with pytest.raises((services.InvalidSession, ValueError)):
                services.create_sessions(study, [good, services.SessionDetails(**{**good.__dict__, **bad})])
        assert _count() == 0


# Series ------------------------------------------------------------------------------------------------------


def test_hourly_sessions_from_ten_to_four_over_three_days_make_eighteen(app, client, as_role, study):
    as_role("researcher")
    response = client.post(f"/studies/{study.id}/sessions/series", data=_series(), headers=EN)
    assert response.status_code == 302
    with app.app_context():
        sessions = db.session.scalars(select(ResearchSession).order_by(ResearchSession.starts_at)).all()
        assert len(sessions) == 18 and _events("research_session.created") == 18
        assert sessions[0].starts_at == datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
        assert sessions[-1].ends_at == datetime(2026, 6, 5, 15, 0, tzinfo=UTC)  # 16:00 BST
        assert {s.address for s in sessions} == {"Canolfan Cyd, Caerdydd"}
    assert "18 sessions have been added." in client.get(f"/studies/{study.id}", headers=EN).get_data(
        as_text=True
    )


def test_a_series_with_breaks_and_weekdays_only(app, client, as_role, study):
    as_role("researcher")
    # Friday 5 to Monday 8 June; 45-minute slots with 15-minute breaks from 09:00 to 12:00: 3 a day.
    response = client.post(
        f"/studies/{study.id}/sessions/series",
        data=_series(
            first_day=["5", "6", "2026"],
            last_day=["8", "6", "2026"],
            day_start="09:00",
            day_end="12:00",
            slot_minutes="45",
            gap_minutes="15",
            weekdays_only="y",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        sessions = db.session.scalars(select(ResearchSession).order_by(ResearchSession.starts_at)).all()
        assert len(sessions) == 6
        assert {s.starts_at.date().isoformat() for s in sessions} == {"2026-06-05", "2026-06-08"}
        assert [s.starts_at.minute for s in sessions[:3]] == [0, 0, 0]
        assert [s.starts_at.hour for s in sessions[:3]] == [8, 9, 10]


def test_a_series_with_one_bad_slot_creates_nothing(app, client, as_role, study):
    as_role("researcher")
    response = client.post(
        f"/studies/{study.id}/sessions/series",
        headers=EN,
        data=_series(
            first_day=["27", "3", "2026"],
            last_day=["30", "3", "2026"],
            day_start="00:30",
            day_end="03:00",
            slot_minutes="30",
        ),
    )
    assert response.status_code == 200
    assert "The clocks go forward on 29 March 2026, so 01:00 does not exist in UK time" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert _count() == 0 and _events("research_session.created") == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_day": ["1", "6", "2026"]}, "The last day must be the same as or after the first day"),
        ({"day_end": "09:00"}, "The last session must end after the first one starts"),
        ({"slot_minutes": "420"}, "These dates and times make no sessions"),
        (
            {"first_day": ["6", "6", "2026"], "last_day": ["7", "6", "2026"], "weekdays_only": "y"},
            "These dates and times make no sessions",
        ),
        ({"last_day": ["5", "6", "2027"]}, "A series can cover at most 92 days"),
        (
            {"last_day": ["30", "6", "2026"], "slot_minutes": "5", "day_end": "12:00"},
            "A series can have at most 200 sessions",
        ),
        ({"slot_minutes": "0"}, "Enter a number of minutes from 5 to 480"),
        ({"first_day": ["30", "2", "2026"]}, "Enter a real date"),
        (
            {"first_day": ["30", "12", "9999"], "last_day": ["31", "12", "9999"]},
            "Enter a date between 2000 and 2099",
        ),
        ({"mode": "online"}, "Enter the joining link for an online session"),
    ],
)
def test_bad_series_details_are_refused_and_nothing_is_saved(app, client, as_role, study, change, message):
    as_role("researcher")
    response = client.post(f"/studies/{study.id}/sessions/series", data=_series(**change), headers=EN)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count() == 0


# Edit and cancel ---------------------------------------------------------------------------------------------


def test_editing_a_session_shows_its_uk_times_and_records_what_changed(app, client, as_role, study):
    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(study=study)  # 10:00–11:00 BST on 2 June 2026
        db.session.commit()
    form = client.get(f"/studies/{study.id}/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="10:00"' in form and 'value="11:00"' in form and 'value="02"' in form
    response = client.post(
        f"/studies/{study.id}/sessions/{session.id}/edit",
        data=_form(day=["2", "6", "2026"], start_time="10:00", end_time="12:00", language="cy"),
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "research_session.updated"))
        assert "ends_at" in event.details["fields"] and "starts_at" not in event.details["fields"]


def test_cancelling_is_soft_confirmed_audited_once_and_blocks_editing(app, client, as_role, study):
    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(study=study)
        db.session.commit()
    path = f"/studies/{study.id}/sessions/{session.id}"
    assert "Cancel this session?" in client.get(f"{path}/cancel", headers=EN).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ResearchSession, session.id).status == "scheduled"  # GET changes nothing
    assert client.post(f"{path}/cancel").status_code == 302
    assert client.post(f"{path}/cancel").status_code == 302
    with app.app_context():
        cancelled = db.session.get(ResearchSession, session.id)
        assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
        assert _events("research_session.cancelled") == 1
    assert client.get(f"{path}/edit").status_code == 302
    assert client.post(f"{path}/edit", data=_form()).status_code == 302
    with app.app_context():
        assert _events("research_session.updated") == 0
    assert "Cancelled" in client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)


def test_viewers_read_sessions_but_cannot_add_change_or_cancel(app, client, as_role, study):
    as_role("viewer")
    with app.app_context():
        session = ResearchSessionFactory(study=study)
        db.session.commit()
    path = f"/studies/{study.id}/sessions/{session.id}"
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "https://meet.example.org/profi" in page and "Edit session" not in page
    for url, data in (
        (f"/studies/{study.id}/sessions/new", _form()),
        (f"/studies/{study.id}/sessions/series", _series()),
        (f"{path}/edit", _form()),
        (f"{path}/cancel", {}),
    ):
        assert client.post(url, data=data).status_code == 403
    with app.app_context():
        assert _count() == 1 and db.session.get(ResearchSession, session.id).status == "scheduled"


def test_a_session_of_another_study_is_not_found(app, client, as_role, study):
    as_role("researcher")
    with app.app_context():
        theirs = ResearchSessionFactory()
        db.session.commit()
    assert client.get(f"/studies/{study.id}/sessions/{theirs.id}").status_code == 404
    assert client.post(f"/studies/{study.id}/sessions/{theirs.id}/cancel").status_code == 404


def test_study_page_queries_do_not_grow_with_its_sessions(app, client, as_role, study):
    from tests.queries import queries_for_page

    me = as_role("viewer")
    with app.app_context():
        ResearchSessionFactory(study=study, facilitator_id=me.id)
        db.session.commit()
    few = queries_for_page(app, client, f"/studies/{study.id}")
    with app.app_context():
        for n in range(15):
            ResearchSessionFactory(
                study=study,
                facilitator=StaffUserFactory(),
                starts_at=datetime(2026, 7, 1, 9, tzinfo=UTC) + timedelta(days=n),
            )
        db.session.commit()
    assert queries_for_page(app, client, f"/studies/{study.id}") == few


def test_a_booking_that_lands_during_an_edit_gets_a_message_not_an_error(
    app, client, as_role, study, monkeypatch
):
    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(study=study, capacity=3)
        db.session.commit()

    def booked_meanwhile(*args, **kwargs):
        raise services.CapacityBelowBookings(2)

    monkeypatch.setattr(services, "update_session", booked_meanwhile)
    response = client.post(
        f"/studies/{study.id}/sessions/{session.id}/edit", data=_form(capacity="1"), headers=EN
    )
    assert response.status_code == 400
    assert "2 places are already booked, so enter 2 or more places" in response.get_data(as_text=True)


def test_the_session_page_lists_bookings_and_shows_adjustments_only_to_admins_and_its_own_researchers(
    app, client, as_role, study
):
    from app.booking.models import Booking
    from tests.conftest import sign_in
    from tests.factories import ParticipantFactory

    with app.app_context():
        facilitator = StaffUserFactory(role="researcher")
        other_researcher = StaffUserFactory(role="researcher")
        admin = StaffUserFactory(role="admin")
        viewer = StaffUserFactory(role="viewer")
        session = ResearchSessionFactory(study=study, facilitator_id=facilitator.id)
        person = ParticipantFactory(full_name="Heledd Booked")
        db.session.add(
            Booking(
                participant_id=person.id,
                research_session_id=session.id,
                status="booked",
                uid="test-booking@profi.invalid",
                adjustments_requested="Quiet-room-xyz",
                wants_welsh=True,
            )
        )
        db.session.commit()
    path = f"/studies/{study.id}/sessions/{session.id}"
    seen = {}
    for who in (facilitator, other_researcher, admin, viewer):
        browser = app.test_client()
        sign_in(browser, who)
        seen[who.role + str(who.id)] = browser.get(path, headers=EN).get_data(as_text=True)
    assert all(person.code in page for page in seen.values())
    assert "Quiet-room-xyz" in seen[f"researcher{facilitator.id}"]
    assert "Quiet-room-xyz" in seen[f"admin{admin.id}"]
    assert "Quiet-room-xyz" not in seen[f"researcher{other_researcher.id}"]
    assert (
        "Quiet-room-xyz" not in seen[f"viewer{viewer.id}"]
        and "Heledd Booked" not in seen[f"viewer{viewer.id}"]
    )
