"""Admins managing staff: adding accounts, bad details, deactivation and role changes."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import StaffUserFactory


def test_admin_adds_a_member_of_staff_who_can_then_sign_in(app, client, as_role, audit_events):
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
    assert [e.target_id for e in audit_events("staff.created")] == [str(created.id)]


def test_duplicate_or_bad_staff_details_are_refused_and_nothing_is_saved(app, client, as_role, create):
    as_role("admin")
    existing = create(StaffUserFactory, role="viewer")
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


def test_deactivating_an_account_ends_its_open_sessions(app, client, as_role, create, audit_events):
    victim = create(StaffUserFactory, role="researcher")
    victim_client = app.test_client()
    sign_in(victim_client, victim)
    assert victim_client.get("/").status_code == 200
    as_role("admin")
    assert client.post(f"/staff/{victim.id}/active").status_code == 302
    assert victim_client.get("/").status_code == 302
    assert (
        victim_client.post("/sign-in", data={"email": victim.email, "password": PASSWORD}).status_code == 200
    )
    assert len(audit_events("staff.deactivated")) == 1
    assert client.post(f"/staff/{victim.id}/active").status_code == 302  # reactivate
    assert (
        victim_client.post("/sign-in", data={"email": victim.email, "password": PASSWORD}).status_code == 302
    )


def test_changing_a_role_takes_effect_and_is_audited(app, client, as_role, create, audit_events):
    target = create(StaffUserFactory, role="viewer")
    target_client = app.test_client()
    sign_in(target_client, target)
    assert target_client.get("/projects/new").status_code == 403
    as_role("admin")
    assert client.post(f"/staff/{target.id}/role", data={"role": "researcher"}).status_code == 302
    sign_in(target_client, target)
    assert target_client.get("/projects/new").status_code == 200
    [event] = audit_events("staff.role_changed")
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
