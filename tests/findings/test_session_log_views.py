"""The session log's page (issue 10, item 1): reached from the session page by researchers and admins only;
attendance marked through the booking pages' own route; consent re-confirmed at the start per person, with
their consent as it stands; the session's notes, warned about before names or contact details are saved (DP-2)."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from app.booking.models import Booking
from app.extensions import db
from app.findings import session_logs
from tests.findings.session_log_setup import PEOPLE, make_logged_session
from tests.queries import queries_for_page


@pytest.fixture
def logged(app):
    return make_logged_session(app)


def _session_page(logged) -> str:
    return f"/studies/{logged.session.study_id}/sessions/{logged.session.id}"


@pytest.mark.parametrize("role", ["researcher", "admin"])
def test_researchers_and_admins_find_log_this_session_on_the_session_page(client, as_role, logged, role):
    as_role(role)
    page = client.get(_session_page(logged)).get_data(as_text=True)
    assert "Log this session" in page and f'href="{logged.url}"' in page


def test_viewers_see_no_link_and_are_refused_every_log_route(app, client, as_role, logged):
    as_role("viewer")
    assert "Log this session" not in client.get(_session_page(logged)).get_data(as_text=True)
    with app.app_context():
        from tests.factories import ObservationFactory

        observation = ObservationFactory(booking=logged.booked[0])
        db.session.commit()
    one = f"{logged.url}/observations/{observation.id}"
    for method, url in [
        ("GET", logged.url),
        ("POST", logged.url + "/notes"),
        ("POST", logged.url + "/reconfirmed"),
        ("POST", logged.url + "/observations"),
        ("GET", one + "/edit"),
        ("POST", one + "/edit"),
        ("GET", one + "/delete"),
        ("POST", one + "/delete"),
    ]:
        assert client.open(url, method=method, data={"notes": "x", "text": "x"}).status_code == 403, url
    with app.app_context():
        assert session_logs.session_log(logged.session) is None


def test_signed_out_people_are_sent_to_sign_in(client, logged):
    response = client.get(logged.url)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_log_shows_each_persons_code_outcome_and_consent_but_never_their_name(client, as_role, logged):
    as_role("researcher")
    page = client.get(logged.url).get_data(as_text=True)
    for code in logged.codes + [logged.no_show.participant.code]:
        assert code in page
    assert logged.cancelled.participant.code not in page  # cancelled in time: nothing to log
    assert "Did not attend" in page and "Booked" in page
    for person in PEOPLE:
        for detail in person.values():
            assert not detail or detail not in page
    assert "Rhodri Morgan" not in page
    assert page.count("Consent given") == 3
    assert "3 people have not re-confirmed their consent yet." in page


def test_a_session_with_nobody_booked_still_shows_its_log(client, as_role, create):
    from tests.factories import ResearchSessionFactory

    as_role("researcher")
    session = create(ResearchSessionFactory)
    page = client.get(f"/studies/{session.study_id}/sessions/{session.id}/log")
    assert page.status_code == 200
    assert "nobody to log observations for" in page.get_data(as_text=True)


def test_attendance_marked_from_the_log_uses_the_booking_route_and_comes_back(app, client, as_role, logged):
    as_role("researcher")
    booking = logged.booked[0]
    page = client.get(logged.url).get_data(as_text=True)
    action = (
        f"/studies/{logged.session.study_id}/sessions/{logged.session.id}/bookings/{booking.id}/attendance"
    )
    assert f'action="{action}"' in page and 'name="back" value="log"' in page
    response = client.post(action, data={"outcome": "attended", "back": "log"})
    assert response.status_code == 302 and response.headers["Location"].endswith(logged.url + "#attendance")
    with app.app_context():
        assert db.session.get(Booking, booking.id).status == "attended"
    # Without it, the booking route goes back to the session page as before.
    response = client.post(action, data={"outcome": "no_show"})
    assert response.headers["Location"].endswith(_session_page(logged))


def test_consent_states_tell_a_researcher_who_needs_attention(app, client, as_role, create):
    from app.consent.services import withdraw_consent
    from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory

    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(capacity=3, past=True)
        withdrawn = ParticipantFactory(consented=True)
        BookingFactory(research_session=session, participant=withdrawn, status="attended")
        BookingFactory(research_session=session, participant=ParticipantFactory(), status="attended")
        withdraw_consent(withdrawn, method="online", language="cy")
        db.session.commit()
    page = client.get(f"/studies/{session.study_id}/sessions/{session.id}/log").get_data(as_text=True)
    assert "Consent withdrawn: do not go on with the session." in page
    assert "No consent yet: record their consent before you begin." in page


def test_reconfirmation_is_saved_for_people_booked_on_this_session_only(
    app, client, as_role, logged, audit_events
):
    from tests.factories import BookingFactory

    as_role("researcher")
    with app.app_context():
        elsewhere = BookingFactory()
        db.session.commit()
    first, second, _third = logged.booked
    ids = [str(first.id), str(second.id), str(elsewhere.id), str(logged.no_show.id), "x", "9" * 5000]
    response = client.post(logged.url + "/reconfirmed", data={"reconfirmed": ids})
    assert response.status_code == 302 and response.headers["Location"].endswith("#reconfirmation")
    with app.app_context():
        assert session_logs.reconfirmed_booking_ids(logged.session) == {first.id, second.id}
    assert len(audit_events("consent.reconfirmed")) == 2
    page = client.get(logged.url).get_data(as_text=True)
    assert "1 person has not re-confirmed their consent yet." in page
    assert re.search(rf'value="{first.id}"[^>]*checked', page)
    client.post(logged.url + "/reconfirmed", data={"reconfirmed": [str(second.id)]})
    with app.app_context():
        assert session_logs.reconfirmed_booking_ids(logged.session) == {second.id}
    assert len(audit_events("consent.reconfirmation_removed")) == 1


def test_notes_are_saved_and_audited(app, client, as_role, logged, audit_events):
    as_role("researcher")
    response = client.post(
        logged.url + "/notes", data={"notes": "Aeth P-0001 ar goll ar y dudalen daliadau."}
    )
    assert response.status_code == 302
    with app.app_context():
        assert session_logs.session_log(logged.session).notes == "Aeth P-0001 ar goll ar y dudalen daliadau."
    assert len(audit_events("session_log.saved")) == 1
    assert "Aeth P-0001 ar goll" in client.get(logged.url).get_data(as_text=True)


@pytest.mark.parametrize(
    "notes, kind",
    [
        ("Roedd Llŷr yn hwyr", "the name of"),
        ("Ebostiwch llyr.jones@example.org wedyn", "the email address of"),
        ("Ffoniwch 07700 900 123", "the phone number of"),
        ("Mae cyngor gwynedd yn defnyddio hwn", "the organisation of"),
    ],
)
def test_notes_with_personal_data_warn_first_and_save_only_when_confirmed(
    app, client, as_role, logged, notes, kind
):
    as_role("researcher")
    code = logged.booked[0].participant.code  # Llŷr Jones
    warned = client.post(logged.url + "/notes", data={"notes": notes})
    page = warned.get_data(as_text=True)
    assert warned.status_code == 400
    assert "Check for personal details before saving" in page and f"{kind} {code}" in page
    assert 'name="notes_anyway"' in page
    with app.app_context():
        assert session_logs.session_log(logged.session) is None
    key = re.search(r'name="notes_warned"[^>]*value="([^"]*)"', page) or re.search(
        r'value="([^"]*)"[^>]*name="notes_warned"', page
    )
    assert key and code in key.group(1)
    saved = client.post(
        logged.url + "/notes", data={"notes": notes, "notes_anyway": "y", "notes_warned": key.group(1)}
    )
    assert saved.status_code == 302
    with app.app_context():
        assert session_logs.session_log(logged.session).notes == notes


def test_the_warning_never_repeats_the_personal_data_outside_the_text_itself(client, as_role, logged):
    as_role("researcher")
    page = client.post(logged.url + "/notes", data={"notes": "llyr.jones@example.org"}).get_data(as_text=True)
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "llyr.jones" not in summary and logged.codes[0] in summary
    assert page.count("llyr.jones@example.org") == 1  # in the textarea, to be edited


def test_edited_notes_without_the_personal_data_save_without_confirming(app, client, as_role, logged):
    as_role("researcher")
    assert client.post(logged.url + "/notes", data={"notes": "Siân was late"}).status_code == 400
    assert client.post(logged.url + "/notes", data={"notes": "P-0002 was late"}).status_code == 302
    with app.app_context():
        assert session_logs.session_log(logged.session).notes == "P-0002 was late"


def test_confirming_one_warning_does_not_cover_new_personal_data(app, client, as_role, logged):
    as_role("researcher")
    code = logged.booked[0].participant.code
    data = {"notes": "Llŷr and siân@example.org", "notes_anyway": "y", "notes_warned": f"name:{code}"}
    response = client.post(logged.url + "/notes", data=data)
    assert response.status_code == 400 and "Check for personal details" in response.get_data(as_text=True)
    with app.app_context():
        assert session_logs.session_log(logged.session) is None


def test_notes_too_long_are_refused_with_a_message_and_not_saved(app, client, as_role, logged):
    as_role("researcher")
    response = client.post(logged.url + "/notes", data={"notes": "x" * 20001})
    assert response.status_code == 400
    assert "Enter 20000 characters or fewer" in response.get_data(as_text=True)
    with app.app_context():
        assert session_logs.session_log(logged.session) is None


def test_the_log_reads_in_welsh(app, client, as_role, logged):
    as_role("researcher", preferred_language="cy")
    page = client.get(logged.url).get_data(as_text=True)
    with app.test_request_context(), force_locale("cy"):
        for words in ("Session notes", "Consent re-confirmed at the start", "Save and add another"):
            assert gettext(words) != words and gettext(words) in page


def test_the_log_runs_the_same_queries_for_one_and_many_people_and_observations(app, client, as_role, create):
    from tests.factories import (
        BookingFactory,
        ObservationFactory,
        ParticipantFactory,
        ResearchSessionFactory,
        TagFactory,
    )

    as_role("researcher")

    def session_with(people: int) -> str:
        with app.app_context():
            session = ResearchSessionFactory(capacity=people, past=True)
            for _ in range(people):
                booking = BookingFactory(
                    research_session=session, participant=ParticipantFactory(consented=True)
                )
                for _ in range(3):
                    observation = ObservationFactory(booking=booking)
                    observation.tags = [TagFactory(project_id=observation.project_id)]
            db.session.commit()
            return f"/studies/{session.study_id}/sessions/{session.id}/log"

    small, large = session_with(1), session_with(12)
    assert queries_for_page(app, client, small) == queries_for_page(app, client, large)
