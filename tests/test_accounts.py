"""Staff sign-in and sign-out, admins managing staff, and a member of staff's own details."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import StaffUserFactory


def _make(app, **kwargs) -> StaffUser:
    with app.app_context():
        user = StaffUserFactory(**kwargs)
        db.session.commit()
        return user


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_anonymous_visitor_is_sent_to_sign_in_and_back_afterwards(app, client):
    user = _make(app, role="viewer")
    response = client.get("/projects/new")
    assert response.status_code == 302 and "/sign-in?next=/projects/new" in response.headers["Location"]
    response = client.post("/sign-in?next=/audit", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/audit"


def test_sign_in_is_case_insensitive_on_email_and_audited(app, client):
    user = _make(app, role="viewer", email="mixed@example.org")
    response = client.post("/sign-in", data={"email": "  MIXED@Example.org ", "password": PASSWORD})
    assert response.status_code == 302
    [event] = _events(app, "auth.sign_in")
    assert event.outcome == "success" and event.actor_id == user.id


def test_wrong_password_gets_one_message_for_either_field_and_is_audited(app, client):
    user = _make(app, role="viewer")
    response = client.post(
        "/sign-in",
        data={"email": user.email, "password": "not the password"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    [event] = _events(app, "auth.sign_in")
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


def test_sign_in_starts_a_fresh_session(app, client):
    user = _make(app, role="viewer")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_ends_the_session_and_is_audited(app, client):
    user = _make(app, role="viewer")
    sign_in(client, user)
    assert client.post("/sign-out").status_code == 302
    assert client.get("/").status_code == 302
    assert len(_events(app, "auth.sign_out")) == 1


def test_sign_out_by_get_is_not_allowed(app, client):
    sign_in(client, _make(app, role="viewer"))
    assert client.get("/sign-out").status_code == 405
    assert client.get("/").status_code == 200


def test_admin_adds_a_member_of_staff_who_can_then_sign_in(app, client, as_role):
    as_role("admin")
    response = client.post(
        "/staff/new",
        data={
            "name": "Llŷr Ŵyn",
            "email": "llyr@example.org",
            "role": "researcher",
            "preferred_language": "cy",
            "password": "a-good-long-password",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(StaffUser).where(StaffUser.email == "llyr@example.org"))
        assert created.name == "Llŷr Ŵyn" and created.role == "researcher"
    other = app.test_client()
    assert (
        other.post(
            "/sign-in", data={"email": "llyr@example.org", "password": "a-good-long-password"}
        ).status_code
        == 302
    )
    assert [e.target_id for e in _events(app, "staff.created")] == [str(created.id)]


def test_duplicate_or_bad_staff_details_are_refused_and_nothing_is_saved(app, client, as_role):
    as_role("admin")
    existing = _make(app, role="viewer")
    cases = [
        {"email": existing.email.upper()},
        {"email": "not-an-email"},
        {"name": ""},
        {"name": "x" * 201},
        {"role": "superuser"},
        {"password": "short"},
    ]
    for change in cases:
        data = {
            "name": "Someone",
            "email": "someone@example.org",
            "role": "viewer",
            "preferred_language": "en",
            "password": "a-good-long-password",
        }
        data.update(change)
        response = client.post("/staff/new", data=data, headers={"Accept-Language": "en"})
        assert response.status_code == 200, change
        assert "There is a problem" in response.get_data(as_text=True), change
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 2


def test_deactivating_an_account_ends_its_open_sessions(app, client, as_role):
    victim = _make(app, role="researcher")
    victim_client = app.test_client()
    sign_in(victim_client, victim)
    assert victim_client.get("/").status_code == 200
    as_role("admin")
    assert client.post(f"/staff/{victim.id}/active").status_code == 302
    assert victim_client.get("/").status_code == 302
    assert (
        victim_client.post("/sign-in", data={"email": victim.email, "password": PASSWORD}).status_code == 200
    )
    assert len(_events(app, "staff.deactivated")) == 1
    assert client.post(f"/staff/{victim.id}/active").status_code == 302  # reactivate
    assert (
        victim_client.post("/sign-in", data={"email": victim.email, "password": PASSWORD}).status_code == 302
    )


def test_changing_a_role_takes_effect_and_is_audited(app, client, as_role):
    target = _make(app, role="viewer")
    target_client = app.test_client()
    sign_in(target_client, target)
    assert target_client.get("/projects/new").status_code == 403
    as_role("admin")
    assert client.post(f"/staff/{target.id}/role", data={"role": "researcher"}).status_code == 302
    sign_in(target_client, target)
    assert target_client.get("/projects/new").status_code == 200
    [event] = _events(app, "staff.role_changed")
    assert event.details == {"from": "viewer", "to": "researcher"}


def test_admin_cannot_demote_or_deactivate_themselves(app, client, as_role):
    admin = as_role("admin")
    response = client.post(
        f"/staff/{admin.id}/role", data={"role": "viewer"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "You cannot change your own role" in response.get_data(as_text=True)
    assert client.post(f"/staff/{admin.id}/active").status_code == 400
    with app.app_context():
        assert db.session.get(StaffUser, admin.id).role == "admin"


def test_the_last_active_admin_cannot_be_removed(app):
    from app.accounts import services

    with app.test_request_context():
        only_admin = StaffUserFactory(role="admin")
        other = StaffUserFactory(role="researcher")
        db.session.flush()
        try:
            services.change_role(only_admin, "viewer", actor=other)
        except services.LastAdmin:
            pass
        else:
            raise AssertionError("the last admin was demoted")
        assert only_admin.role == "admin"


def test_staff_change_their_own_language_and_it_applies_at_next_sign_in(app, client, as_role):
    user = as_role("researcher", preferred_language="en")
    response = client.post(
        "/account", data={"details-name": "Rhodri", "details-preferred_language": "cy", "details-submit": "1"}
    )
    assert response.status_code == 302
    assert 'lang="cy"' in client.get("/").get_data(as_text=True)
    fresh = app.test_client()
    sign_in(fresh, user)
    assert 'lang="cy"' in fresh.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_password_change_needs_the_current_password_and_signs_out_other_sessions(app, client, as_role):
    user = as_role("researcher")
    elsewhere = app.test_client()
    sign_in(elsewhere, user)
    bad = client.post(
        "/account",
        data={
            "password-current": "wrong",
            "password-new": "a-new-long-password",
            "password-confirm": "a-new-long-password",
            "password-submit": "1",
        },
    )
    assert bad.status_code == 200
    good = client.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-new": "a-new-long-password",
            "password-confirm": "a-new-long-password",
            "password-submit": "1",
        },
    )
    assert good.status_code == 302
    assert client.get("/").status_code == 200  # this session carries on
    assert elsewhere.get("/").status_code == 302  # the other one has ended
    outcomes = sorted(e.outcome for e in _events(app, "staff.password_changed"))
    assert outcomes == ["failure", "success"]


def test_cli_creates_an_admin_who_can_sign_in(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--email", "Boss@Example.org", "--role", "admin"],
        input="a-very-long-password\na-very-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        client.post(
            "/sign-in", data={"email": "boss@example.org", "password": "a-very-long-password"}
        ).status_code
        == 302
    )
    again = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "boss@example.org",
            "--role",
            "admin",
            "--password",
            "a-very-long-password",
        ]
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_cli_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "viewer", "--password", "short"]
    )
    assert result.exit_code != 0 and "at least 12" in result.output
