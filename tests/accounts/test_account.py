"""A member of staff's own details: their language and their password."""

from __future__ import annotations

from tests.conftest import PASSWORD, sign_in


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


def test_password_change_needs_the_current_password_and_signs_out_other_sessions(
    app, client, as_role, audit_events
):
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
    outcomes = sorted(e.outcome for e in audit_events("staff.password_changed"))
    assert outcomes == ["failure", "success"]
