"""Staff passwords (ASVS V6.2): at least 12 characters, not common or easy to guess (zxcvbn), the owner's own
name and address counted as guessable; one someone else set must be changed at the next sign-in; the current
password check on "Your account" is throttled like sign-in."""

from __future__ import annotations

import pytest

from app.accounts import passwords
from app.accounts.models import StaffUser
from app.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import StaffUserFactory

STRONG = "tidal-marmalade-quarry-lantern"


@pytest.fixture
def in_request(app):
    """The reasons are words in the reader's language: they need a request to take it from."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.mark.parametrize(
    "weak", ["short", "Password123456", "qwertyuiop12", "aaaaaaaaaaaaaaaa", "123456789012", "iloveyou1234"]
)
def test_common_short_and_patterned_passwords_are_refused(in_request, weak):
    assert passwords.problem(weak) is not None


def test_the_owners_own_name_and_address_make_a_password_guessable(in_request):
    assert passwords.problem("GwenllianPrys!") is None
    assert passwords.problem("GwenllianPrys!", about=["gwenllian.prys@example.org", "Gwenllian Prys"])


def test_strong_and_long_passwords_are_accepted_and_over_200_characters_refused(in_request):
    assert passwords.problem(STRONG) is None
    assert passwords.problem(STRONG * 3) is None  # zxcvbn reads 72 characters; the rest still counts as typed
    assert passwords.problem("x" + STRONG * 7) is not None  # 211 characters


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Choose a password that is harder to guess"),
        ("cy", "Dewiswch gyfrinair sy’n anoddach ei ddyfalu"),
    ],
)
def test_an_admin_cannot_give_a_new_account_a_guessable_password(app, client, as_role, language, words):
    as_role("admin", preferred_language=language)
    response = client.post(
        "/staff/new",
        data={
            "name": "Iwan Rhys",
            "email": "iwan@example.org",
            "role": "viewer",
            "preferred_language": "cy",
            "password": "Password123456",
        },
    )
    assert response.status_code == 200 and words in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(StaffUser).filter_by(email="iwan@example.org").count() == 0


def test_a_password_an_admin_set_must_be_changed_before_anything_else(app, client, as_role):
    as_role("admin")
    response = client.post(
        "/staff/new",
        data={
            "name": "Iwan Rhys",
            "email": "iwan@example.org",
            "role": "viewer",
            "preferred_language": "en",
            "password": STRONG,
        },
    )
    assert response.status_code == 302
    theirs = app.test_client()
    assert theirs.post("/sign-in", data={"email": "iwan@example.org", "password": STRONG}).status_code == 302
    for page in ("/", "/participants", "/account"):
        assert theirs.get(page).headers["Location"] == "/account/new-password"
    chosen = theirs.post(
        "/account/new-password",
        data={
            "password-current": STRONG,
            "password-new": "otter-velvet-cathedral-moss",
            "password-confirm": "otter-velvet-cathedral-moss",
            "password-submit": "1",
        },
    )
    assert chosen.status_code == 302
    assert theirs.get("/").status_code == 200


def test_the_current_password_check_is_throttled_like_sign_in(app, client, as_role, audit_events):
    as_role("researcher")
    attempts = app.config["SIGN_IN_MAX_FAILURES"]

    def change(current: str):
        return client.post(
            "/account",
            data={
                "password-current": current,
                "password-new": STRONG,
                "password-confirm": STRONG,
                "password-submit": "1",
            },
        )

    for _ in range(attempts):
        assert change("not-my-password-at-all").status_code == 200
    refused = change(PASSWORD)  # the right one, too late
    assert refused.status_code == 429
    assert [e.outcome for e in audit_events("staff.password_changed")].count("refused") == 1


def test_a_new_password_is_judged_against_its_owners_name(client, create):
    user = create(StaffUserFactory, name="Gwenllian Prys", email="gwenllian.prys@example.org")
    sign_in(client, user)
    response = client.post(
        "/account",
        data={
            "password-current": PASSWORD,
            "password-new": "GwenllianPrys!",
            "password-confirm": "GwenllianPrys!",
            "password-submit": "1",
        },
    )
    assert response.status_code == 200 and "harder to guess" in response.get_data(as_text=True)
