"""A forgotten staff password (ASVS V6.4): the same answer whether or not the address has an account, a link by
email that works once and for 30 minutes, and `flask users set-password` when nobody can sign in."""

from __future__ import annotations

import re

import itsdangerous.timed
import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import PASSWORD, sign_in
from tests.factories import StaffUserFactory

NEW = "otter-velvet-cathedral-moss"
EN = {"Accept-Language": "en"}


def _reset_emails(app, address: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == "staff_password_reset", OutboxMessage.to_address == address
                )
            )
        )


def _link(message: OutboxMessage) -> str:
    return re.search(r"http://profi\.test(/reset-password/\S+)", message.body_text).group(1)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, client, create):
    create(StaffUserFactory, email="gwen@example.org")
    known = client.post("/forgotten-password", data={"email": "Gwen@Example.org "}, headers=EN)
    unknown = client.post("/forgotten-password", data={"email": "nobody@example.org"}, headers=EN)
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert len(_reset_emails(app, "gwen@example.org")) == 1
    assert _reset_emails(app, "nobody@example.org") == []


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, client, create):
    user = create(StaffUserFactory, email="gwen@example.org", preferred_language="cy")
    signed_in = app.test_client()
    sign_in(signed_in, user)
    client.post("/forgotten-password", data={"email": "gwen@example.org"})
    [email] = _reset_emails(app, "gwen@example.org")
    assert email.language == "cy" and "Ailosod eich cyfrinair Profi" in email.subject
    link = _link(email)
    assert client.get(link).status_code == 200
    done = client.post(link, data={"new": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in"
    assert signed_in.get("/").status_code == 302  # every session of the account has ended
    assert (
        client.post("/sign-in", data={"email": "gwen@example.org", "password": PASSWORD}).status_code == 200
    )
    assert client.post("/sign-in", data={"email": "gwen@example.org", "password": NEW}).status_code == 302
    again = app.test_client().get(link, headers=EN)
    assert again.status_code == 400 and "This link no longer works" in again.get_data(as_text=True)


def test_a_link_older_than_30_minutes_does_not_work(app, client, create, monkeypatch):
    create(StaffUserFactory, email="gwen@example.org")
    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - 31 * 60)  # the link made long ago
    client.post("/forgotten-password", data={"email": "gwen@example.org"})
    monkeypatch.undo()
    [email] = _reset_emails(app, "gwen@example.org")
    assert client.get(_link(email)).status_code == 400


def test_a_reset_password_must_not_be_guessable_either(app, client, create):
    create(StaffUserFactory, email="gwen@example.org", name="Gwenllian Prys")
    client.post("/forgotten-password", data={"email": "gwen@example.org"})
    [email] = _reset_emails(app, "gwen@example.org")
    refused = client.post(
        _link(email), data={"new": "GwenllianPrys!", "confirm": "GwenllianPrys!"}, headers=EN
    )
    assert refused.status_code == 200 and "harder to guess" in refused.get_data(as_text=True)


def test_asking_again_and_again_is_throttled(app, client, create):
    create(StaffUserFactory, email="gwen@example.org")
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"] + 3):
        assert client.post("/forgotten-password", data={"email": "gwen@example.org"}).status_code == 200
    assert len(_reset_emails(app, "gwen@example.org")) == app.config["SIGN_IN_MAX_FAILURES"]


@pytest.mark.parametrize(("flags", "must_change"), [([], True), (["--keep"], False)])
def test_flask_users_set_password(app, client, create, flags, must_change):
    user = create(StaffUserFactory, email="gwen@example.org")
    signed_in = app.test_client()
    sign_in(signed_in, user)
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "gwen@example.org", *flags], input=f"{NEW}\n{NEW}\n"
    )
    assert result.exit_code == 0, result.output
    assert signed_in.get("/").status_code == 302
    assert client.post("/sign-in", data={"email": "gwen@example.org", "password": NEW}).status_code == 302
    landing = client.get("/")
    assert (landing.status_code == 302) is must_change


def test_flask_users_set_password_refuses_a_guessable_password_and_an_unknown_address(app, create):
    create(StaffUserFactory, email="gwen@example.org")
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["users", "set-password", "gwen@example.org", "--password", "Password123456"])
    assert weak.exit_code != 0 and "harder to guess" in weak.output
    nobody = runner.invoke(args=["users", "set-password", "nobody@example.org", "--password", NEW])
    assert nobody.exit_code != 0 and "No staff account" in nobody.output
