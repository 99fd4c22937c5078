"""Staff sign-in and sign-out: one message for any wrong detail, a fresh session, audit, and throttling."""

from __future__ import annotations

from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import StaffUserFactory


def test_anonymous_visitor_is_sent_to_sign_in_and_back_afterwards(app, client, create):
    user = create(StaffUserFactory, role="viewer")
    response = client.get("/projects/new")
    assert response.status_code == 302 and "/sign-in?next=/projects/new" in response.headers["Location"]
    response = client.post("/sign-in?next=/audit", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/audit"


def test_sign_in_is_case_insensitive_on_email_and_audited(app, client, create, audit_events):
    user = create(StaffUserFactory, role="viewer", email="mixed@example.org")
    response = client.post("/sign-in", data={"email": "  MIXED@Example.org ", "password": PASSWORD})
    assert response.status_code == 302
    [event] = audit_events("auth.sign_in")
    assert event.outcome == "success" and event.actor_id == user.id


def test_wrong_password_gets_one_message_for_either_field_and_is_audited(app, client, create, audit_events):
    user = create(StaffUserFactory, role="viewer")
    response = client.post(
        "/sign-in",
        data={"email": user.email, "password": "not the password"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    [event] = audit_events("auth.sign_in")
    assert event.outcome == "failure" and event.subject == user.email and event.actor_id is None


def test_unknown_address_gets_the_same_message(client):
    response = client.post(
        "/sign-in",
        data={"email": "nobody@example.org", "password": "whatever it is"},
        headers={"Accept-Language": "en"},
    )
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_empty_sign_in_form_shows_error_summary_in_welsh(client):
    response = client.post("/sign-in", data={}, headers={"Accept-Language": "cy"})
    html = response.get_data(as_text=True)
    assert "Mae problem wedi codi" in html
    assert "There is a problem" not in html and "Error:" not in html


def test_sign_in_starts_a_fresh_session(app, client, create):
    user = create(StaffUserFactory, role="viewer")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_ends_the_session_and_is_audited(app, client, create, audit_events):
    user = create(StaffUserFactory, role="viewer")
    sign_in(client, user)
    assert client.post("/sign-out").status_code == 302
    assert client.get("/").status_code == 302
    assert len(audit_events("auth.sign_out")) == 1


def test_sign_out_by_get_is_not_allowed(app, client, create):
    sign_in(client, create(StaffUserFactory, role="viewer"))
    assert client.get("/sign-out").status_code == 405
    assert client.get("/").status_code == 200


def test_repeated_failures_throttle_sign_in_even_with_the_right_password(app, client, create):
    user = create(StaffUserFactory, role="researcher")
    limit = app.config["SIGN_IN_MAX_FAILURES"]
    for _ in range(limit):
        response = client.post("/sign-in", data={"email": user.email, "password": "wrong password!"})
        assert response.status_code == 200
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.get_data(as_text=True)
    with app.app_context():
        outcomes = [e.outcome for e in db.session.query(AuditEvent).filter_by(action="auth.sign_in")]
    assert outcomes.count("failure") == limit and outcomes.count("refused") == 1


def test_failures_from_one_network_address_throttle_other_accounts_too(app, client, create):
    user = create(StaffUserFactory, role="researcher")
    for n in range(app.config["SIGN_IN_MAX_FAILURES"]):
        client.post("/sign-in", data={"email": f"guess{n}@example.org", "password": "wrong password!"})
    assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 429
