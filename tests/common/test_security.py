"""SEC-2, SEC-3: security headers, CSRF, cookies, safe redirects, NUL bytes and the client address behind a proxy."""

from __future__ import annotations

import pytest

from app import create_app
from app.audit.models import AuditEvent
from app.common.access import safe_next
from app.config import load_config
from app.extensions import db
from tests import databases
from tests.conftest import PASSWORD, config_for, sign_in
from tests.factories import StaffUserFactory


def test_every_page_sends_security_headers(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_contain_no_inline_script(app, client, create):
    user = create(StaffUserFactory, role="admin")
    sign_in(client, user)
    for path in ("/sign-in", "/", "/staff", "/audit", "/accessibility"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<script " not in html.replace('<script type="module" src=', ""), (
            path
        )


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch):
    monkeypatch.delenv("PROFI_INSECURE_COOKIES", raising=False)
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_session_cookie_carries_its_flags():
    app = create_app(config_for(databases.make_database("cookies"), SESSION_COOKIE_SECURE=True))
    client = app.test_client()
    response = client.get("/language/en?next=/sign-in")
    cookie = client.get_cookie(
        "__Host-profi_session"
    )  # SEC-2: only Secure, Path=/ and no Domain can carry it
    assert cookie is not None and cookie.secure and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.path == "/" and "Domain=" not in response.headers["Set-Cookie"]


def test_post_without_csrf_token_is_refused_with_a_friendly_page(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post(
            "/sign-in", data={"email": "a@example.org", "password": "x"}, headers={"Accept-Language": "en"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "Your form has expired" in response.get_data(as_text=True)


def test_sign_in_with_csrf_token_works(app, create):
    user = create(StaffUserFactory, role="viewer")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        html = client.get("/sign-in").get_data(as_text=True)
        token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post(
            "/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 302


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/projects/cyd", "/projects/cyd"),
        ("/audit?page=2", "/audit?page=2"),
        ("https://evil.example/", "/fallback"),
        ("//evil.example/", "/fallback"),
        ("/\\evil.example", "/fallback"),
        ("javascript:alert(1)", "/fallback"),
        ("projects", "/fallback"),
        ("", "/fallback"),
        (None, "/fallback"),
        ("/ok\r\nSet-Cookie: x=1", "/fallback"),
    ],
)
def test_redirect_targets_stay_within_profi(target, expected):
    assert safe_next(target, "/fallback") == expected


def test_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_nul_bytes_are_refused_before_they_reach_the_database(client):
    response = client.post(
        "/sign-in", data={"email": "a\x00@example.org", "password": "x"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "Sorry, Profi could not understand that request" in response.get_data(as_text=True)
    assert client.get("/language/en?next=/%00").status_code == 400


def test_behind_a_proxy_the_audit_log_records_the_client_address(monkeypatch):

    monkeypatch.setenv("PROFI_PROXY_COUNT", "1")
    app = create_app(config_for(databases.make_database("proxy")))
    assert app.config["PROXY_COUNT"] == 1
    import flask_migrate

    from tests.conftest import MIGRATIONS

    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
    response = app.test_client().post(
        "/sign-in",
        data={"email": "who@example.org", "password": "wrong password"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.query(AuditEvent.ip_address).scalar() == "203.0.113.9"
        db.session.remove()  # return the connection before the pool is disposed, or it is never closed
        db.engine.dispose()


def test_the_session_cookie_is_written_only_when_the_session_changes(app, client, as_role):
    as_role("viewer")
    response = client.get("/static/js/start.js")
    response.close()
    assert "profi_session" not in response.headers.get("Set-Cookie", "")
    assert "profi_session" in client.get("/language/en?next=/").headers.get("Set-Cookie", "")
