"""Research sessions, one at a time: added in UK time, refused when wrong, edited, softly cancelled, read by all
staff; the session page's bookings; and generated input for the session forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.common.uk_time import LONDON
from app.extensions import db
from app.studies import services
from app.studies.models import ResearchSession
from tests.factories import (
    ResearchSessionFactory,
    StaffUserFactory,
)
from tests.studies.form_data import series_form, session_form

EN = {"Accept-Language": "en"}


def _count(model=ResearchSession) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_researcher_adds_a_session_shown_in_uk_time_and_audited(app, client, as_role, study):
    me = as_role("researcher", name="Siân")
    response = client.post(
        f"/studies/{study.id}/sessions/new", data=session_form(facilitator=str(me.id), capacity="4")
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
        ({"mode": "in_person", "address_cy": "", "address_en": "Town Hall"}, "Enter the address in Welsh"),
        (
            {"mode": "in_person", "address_cy": "Neuadd y Dref", "address_en": ""},
            "Enter the address in English",
        ),
        ({"access_information_en": "Step-free"}, "Enter the access information in Welsh as well"),
        ({"access_information_cy": "Heb risiau"}, "Enter the access information in English as well"),
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
    response = client.post(f"/studies/{study.id}/sessions/new", data=session_form(**change), headers=EN)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count() == 0


def test_plain_http_links_are_allowed_and_unused_places_are_dropped(app, client, as_role, study):
    as_role("researcher")
    client.post(
        f"/studies/{study.id}/sessions/new",
        data=session_form(
            joining_link="http://meet.example.org/x", address_cy="Dim", address_en="Not used online"
        ),
    )
    client.post(
        f"/studies/{study.id}/sessions/new", data=session_form(mode="phone", joining_link="https://stale")
    )
    with app.app_context():
        online, phone = db.session.scalars(select(ResearchSession).order_by(ResearchSession.id)).all()
        assert (online.joining_link, online.address_cy, online.address_en) == (
            "http://meet.example.org/x",
            "",
            "",
        )
        assert phone.joining_link == ""


def test_viewers_cannot_be_facilitators_but_may_take_notes(app, client, as_role, study, create):
    as_role("researcher")
    viewer = create(StaffUserFactory, role="viewer")
    assert (
        client.post(
            f"/studies/{study.id}/sessions/new", data=session_form(facilitator=str(viewer.id))
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/studies/{study.id}/sessions/new", data=session_form(note_taker=str(viewer.id))
        ).status_code
        == 302
    )


def test_editing_a_session_shows_its_uk_times_and_records_what_changed(app, client, as_role, study):
    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(study=study)  # 10:00–11:00 BST on 2 June 2026
        db.session.commit()
    form = client.get(f"/studies/{study.id}/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="10:00"' in form and 'value="11:00"' in form and 'value="02"' in form
    response = client.post(
        f"/studies/{study.id}/sessions/{session.id}/edit",
        data=session_form(day=["2", "6", "2026"], start_time="10:00", end_time="12:00", language="cy"),
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "research_session.updated"))
        assert "ends_at" in event.details["fields"] and "starts_at" not in event.details["fields"]


def test_cancelling_is_soft_confirmed_audited_once_and_blocks_editing(app, client, as_role, study, create):
    as_role("researcher")
    session = create(ResearchSessionFactory, study=study)
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
    assert client.post(f"{path}/edit", data=session_form()).status_code == 302
    with app.app_context():
        assert _events("research_session.updated") == 0
    assert "Cancelled" in client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)


def test_viewers_read_sessions_but_cannot_add_change_or_cancel(app, client, as_role, study, create):
    as_role("viewer")
    session = create(ResearchSessionFactory, study=study)
    path = f"/studies/{study.id}/sessions/{session.id}"
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "https://meet.example.org/profi" in page and "Edit session" not in page
    for url, data in (
        (f"/studies/{study.id}/sessions/new", session_form()),
        (f"/studies/{study.id}/sessions/series", series_form()),
        (f"{path}/edit", session_form()),
        (f"{path}/cancel", {}),
    ):
        assert client.post(url, data=data).status_code == 403
    with app.app_context():
        assert _count() == 1 and db.session.get(ResearchSession, session.id).status == "scheduled"


def test_a_session_of_another_study_is_not_found(app, client, as_role, study, create):
    as_role("researcher")
    theirs = create(ResearchSessionFactory)
    assert client.get(f"/studies/{study.id}/sessions/{theirs.id}").status_code == 404
    assert client.post(f"/studies/{study.id}/sessions/{theirs.id}/cancel").status_code == 404


def test_study_page_queries_do_not_grow_with_its_sessions(app, client, as_role, study, create):
    from tests.queries import queries_for_page

    me = as_role("viewer")
    create(ResearchSessionFactory, study=study, facilitator_id=me.id)
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
    app, client, as_role, study, monkeypatch, create
):
    as_role("researcher")
    session = create(ResearchSessionFactory, study=study, capacity=3)

    def booked_meanwhile(*args, **kwargs):
        raise services.CapacityBelowBookings(2)

    monkeypatch.setattr(services, "update_session", booked_meanwhile)
    response = client.post(
        f"/studies/{study.id}/sessions/{session.id}/edit", data=session_form(capacity="1"), headers=EN
    )
    assert response.status_code == 400
    assert "2 places are already booked, so enter 2 or more places" in response.get_data(as_text=True)


def test_the_session_page_lists_bookings_and_shows_adjustments_only_to_admins_and_its_own_researchers(
    app, client, as_role, study
):
    from tests.conftest import sign_in
    from tests.factories import BookingFactory, ParticipantFactory

    with app.app_context():
        facilitator = StaffUserFactory(role="researcher")
        other_researcher = StaffUserFactory(role="researcher")
        admin = StaffUserFactory(role="admin")
        viewer = StaffUserFactory(role="viewer")
        # Assigned by an admin (or the study's owner): app.studies.services._trusted.
        session = ResearchSessionFactory(
            study=study, facilitator_id=facilitator.id, facilitator_sees_adjustments=True
        )
        person = ParticipantFactory(full_name="Heledd Booked")
        BookingFactory(
            participant=person,
            research_session=session,
            adjustments_requested="Quiet-room-xyz",
            wants_welsh=True,
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


# Generated input ---------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
session_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "200",
            "201",
            "-1",
            "99999999999999999999",
            "01:30",
            "1.30",
            "25:00",
            "09:00",
            "23:59",
            "29",
            "3",
            "10",
            "12",
            "25",
            "31",
            "2026",
            "9999",
            "1",
            "online",
            "in_person",
            "phone",
            "cy",
            "bilingual",
            "javascript:alert(1)",
            "https://meet.example.org",
            "y",
        ]
    ),
    st.just("x" * 3000),
)


session_value = st.one_of(session_text, st.lists(session_text, max_size=4))


DETAILS = [
    "capacity",
    "mode",
    "joining_link",
    "address_cy",
    "address_en",
    "access_information_cy",
    "access_information_en",
    "language",
    "facilitator",
    "note_taker",
    "participant_information_cy",
    "participant_information_en",
]
SESSION = ["day", "start_time", "end_time", *DETAILS]
SERIES = [
    "first_day",
    "last_day",
    "day_start",
    "day_end",
    "slot_minutes",
    "gap_minutes",
    "weekdays_only",
    *DETAILS,
]


@pytest.mark.parametrize(("path", "fields"), [("new", SESSION), ("series", SERIES), ("edit", SESSION)])
def test_session_forms_survive_any_input_and_never_half_write(app, client, as_role, path, fields, create):
    as_role("researcher")
    existing = create(ResearchSessionFactory)
    study = existing.study
    url = (
        f"/studies/{study.id}/sessions/{existing.id}/edit"
        if path == "edit"
        else f"/studies/{study.id}/sessions/{path}"
    )

    @FUZZ
    @given(st.fixed_dictionaries({}, optional={name: session_value for name in fields}))
    def run(data):
        with app.app_context():
            before = (_count(ResearchSession), _count(AuditEvent))
        response = client.post(url, data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        if response.status_code != 302:
            with app.app_context():
                assert (_count(ResearchSession), _count(AuditEvent)) == before

    run()


def test_a_researcher_who_makes_themselves_note_taker_does_not_see_adjustments(app, client, as_role, study):
    """Issue 9, item 2: only an admin's or the study owner's assignment lets a researcher read adjustments."""
    from tests.conftest import sign_in
    from tests.factories import BookingFactory, ParticipantFactory

    with app.app_context():
        session = ResearchSessionFactory(study=study, days_ahead=9)
        BookingFactory(
            participant=ParticipantFactory(), research_session=session, adjustments_requested="Hearing-loop-q"
        )
        admin, owner_assigned = StaffUserFactory(role="admin"), StaffUserFactory(role="researcher")
        db.session.commit()
        starts = session.starts_at.astimezone(LONDON)
    path = f"/studies/{study.id}/sessions/{session.id}"
    form = session_form(
        day=[str(starts.day), str(starts.month), str(starts.year)],
        start_time=starts.strftime("%H:%M"),
        end_time=(starts + timedelta(hours=1)).strftime("%H:%M"),
        capacity="3",
    )
    me = as_role("researcher")
    assert client.post(f"{path}/edit", data={**form, "note_taker": str(me.id)}).status_code == 302
    assert "Hearing-loop-q" not in client.get(path).get_data(as_text=True)
    boss = app.test_client()
    sign_in(boss, admin)
    assert boss.post(f"{path}/edit", data={**form, "note_taker": str(owner_assigned.id)}).status_code == 302
    theirs = app.test_client()
    sign_in(theirs, owner_assigned)
    assert "Hearing-loop-q" in theirs.get(path).get_data(as_text=True)
