"""The staff booking pages (app/booking/views.py): invite, remind, override, and book on someone's behalf —
for researchers only, and no input breaks them or leaves a half write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.booking.models import Booking
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.booking.integrity import counts, places_match_bookings
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory


def _study(app) -> tuple[int, int, int, str]:
    """A study with one session a week ahead, and someone who has consented: ids and their code."""
    with app.app_context():
        session = ResearchSessionFactory(study=StudyFactory(), days_ahead=7)
        person = ParticipantFactory(consented=True, preferred_language="en", consent__language="en")
        db.session.commit()
        return session.study_id, session.id, person.id, person.code


def test_booking_on_someones_behalf_is_recorded_as_assisted_and_audited(app, client, as_role):
    study, session, person, code = _study(app)
    user = as_role("researcher")
    data = {"code": code.lower(), "session": session, "via": "phone", "wants_welsh": "no"}
    assert client.post(f"/studies/{study}/book-for", data=data).status_code == 302
    with app.app_context():
        made = db.session.scalar(select(Booking).where(Booking.participant_id == person))
        assert made.assisted and made.assisted_via == "phone" and made.assisted_by_id == user.id
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "booking.assisted"))
        assert event.actor_id == user.id and event.details["assisted_via"] == "phone"


def test_researcher_pages_are_for_researchers_only(app, client, as_role):
    study, _, _, _ = _study(app)
    for path in (f"/studies/{study}/invitations", f"/studies/{study}/book-for"):
        assert app.test_client().get(path).status_code == 302
    as_role("viewer")
    for path in (f"/studies/{study}/invitations", f"/studies/{study}/book-for"):
        assert client.get(path).status_code == 403
    assert client.post(f"/studies/{study}/invitations/remind").status_code == 403


def test_an_empty_invitation_form_is_refused_without_writing(app, client, as_role):
    study, _, _, _ = _study(app)
    as_role("researcher")
    response = client.post(f"/studies/{study}/invitations", data={"codes": " , \n "})
    assert response.status_code == 400
    checked = client.post(f"/studies/{study}/invitations", data={"codes": "nobody"})
    assert checked.status_code == 200 and 'name="checked"' not in checked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


# Fuzz ------------------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.one_of(
    st.text(max_size=40), st.just("x" * 5000), st.sampled_from(["", "0", "-1", "99999999999", "P-0001"])
)


def test_researcher_forms_survive_any_input(app, client, as_role):
    study, _, _, _ = _study(app)
    as_role("researcher")
    names = ["code", "session", "via", "adjustments", "wants_welsh", "segment", "codes", "reason", "checked"]

    @FUZZ
    @given(
        st.fixed_dictionaries({}, optional={name: text for name in names}),
        st.sampled_from(["book-for", "invitations", "invitations/override", "invitations/send"]),
    )
    def run(data, where):
        before = counts(app)
        response = client.post(f"/studies/{study}/{where}", data=data)
        assert response.status_code < 500
        if response.status_code >= 400:
            assert counts(app) == before
        places_match_bookings(app)

    run()
