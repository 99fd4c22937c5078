"""Staff sessions end on the server (SEC-2, ASVS V7): sign-out ends the copy of a cookie too, nothing extends the
absolute lifetime, an idle session times out, and the cookie carries the __Host- prefix when it is Secure."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.accounts import sessions
from app.models_base import utcnow
from tests.conftest import sign_in
from tests.factories import StaffUserFactory

COOKIE = "profi_session"  # the tests serve plain HTTP: create_app() drops __Host- when cookies are not Secure


class Clock:
    """Moves the sessions' clocks (UTC for the absolute lifetime, Unix seconds for the idle timeout)."""

    def __init__(self, monkeypatch) -> None:
        self.start, self.offset = utcnow(), timedelta(0)
        monkeypatch.setattr(sessions, "utcnow", lambda: self.start + self.offset)
        real = sessions._clock()
        monkeypatch.setattr(sessions, "_clock", lambda: real + int(self.offset.total_seconds()))

    def advance(self, **delta) -> None:
        self.offset += timedelta(**delta)


def _signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_cookie_copied_before_sign_out_does_not_work_after_it(app, client, create):
    user = create(StaffUserFactory, role="researcher")
    sign_in(client, user)
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert _signed_in(thief)
    assert client.post("/sign-out").status_code == 302
    assert not _signed_in(thief)
    assert not _signed_in(client)


def test_signing_out_ends_only_that_session(app, client, create):
    user = create(StaffUserFactory, role="viewer")
    sign_in(client, user)
    other = app.test_client()
    sign_in(other, user)
    client.post("/sign-out")
    assert _signed_in(other)


def test_nothing_extends_the_absolute_lifetime(app, client, create, monkeypatch):
    clock = Clock(monkeypatch)
    sign_in(client, create(StaffUserFactory, role="researcher"))
    hours = app.config["PERMANENT_SESSION_LIFETIME"] // 3600
    for _ in range(hours * 3 - 1):  # busy all day: a language switch every 20 minutes renews the cookie
        clock.advance(minutes=20)
        assert client.get("/language/cy?next=/").status_code == 302
        assert _signed_in(client)
    clock.advance(minutes=21)
    assert not _signed_in(client)


def test_an_idle_session_times_out(app, client, create, monkeypatch):
    clock = Clock(monkeypatch)
    sign_in(client, create(StaffUserFactory, role="researcher"))
    idle = app.config["SESSION_IDLE_MINUTES"]
    clock.advance(minutes=idle - 1)
    assert _signed_in(client)
    clock.advance(minutes=idle + 1)
    assert not _signed_in(client)


@pytest.mark.parametrize("change", ["deactivate", "role"])
def test_deactivation_and_a_new_role_end_every_session_of_the_account(app, client, create, as_role, change):
    user = create(StaffUserFactory, role="researcher")
    theirs = app.test_client()
    sign_in(theirs, user)
    as_role("admin")
    if change == "deactivate":
        response = client.post(f"/staff/{user.id}/active", data={})
    else:
        response = client.post(f"/staff/{user.id}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert not _signed_in(theirs)
