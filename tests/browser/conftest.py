"""Browser fixtures: Profi served for real on a local port, and Debian's Chromium driven by Playwright.

The live server runs on its own migrated database with the demo data committed, CSRF protection on, and the
real security headers. Its fixture is deliberately not called `app`: the suite's autouse `_transaction`
fixture only wraps tests that request `app`, and the server's threads must see committed data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db
from tests.conftest import migrated_app

DEMO_PASSWORD = "demo-password-123"
ADMIN = "admin@example.org"  # prefers Welsh
RESEARCHER = "researcher@example.org"  # prefers English
VIEWER = "viewer@example.org"  # prefers Welsh

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Generous waits: a busy two-core machine can be slow, and a passing test never waits for them.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


# Paths of demo participants' own pages, made when the live server starts: {"cy": "/p/…", "en": "/p/…"}.
PARTICIPANT_LINKS: dict[str, str] = {}


def _participant_links() -> dict[str, str]:
    from sqlalchemy import select

    from app.participants.links import current_token
    from app.participants.models import Participant

    found = {}
    for language in ("cy", "en"):
        person = db.session.scalar(
            select(Participant)
            .where(Participant.preferred_language == language, Participant.status == "active")
            .order_by(Participant.id)
            .limit(1)
        )
        found[language] = f"/p/{current_token(person)}"
    return found


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # one line per request would drown pytest's output
        pass


def _buffered(app):
    """Each response's body read and closed before the server writes it. Werkzeug's development server reads
    what is left on the socket before it closes the response, so when Chromium hangs up mid-reply (a favicon
    dropped by a navigation) that read raises and the static file is never closed: a ResourceWarning that
    pytest reports against whichever test is running."""

    def wrapped(environ, start_response):
        iterable = app(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
        return [body]

    return wrapped


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The base URL of a running Profi with the demo accounts and projects."""
    from app.demo.data import load_demo_data

    application = migrated_app(
        "browser",
        WTF_CSRF_ENABLED=True,
        PROFI_DEMO=True,
        PROFI_DEMO_PASSWORD=DEMO_PASSWORD,
        # As served: Secure cookies, the session cookie named __Host-; Chromium keeps them from http://127.0.0.1.
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_SECURE=True,
    )
    with application.app_context():
        load_demo_data(DEMO_PASSWORD)
        db.session.commit()
        PARTICIPANT_LINKS.update(_participant_links())
    server = make_server("127.0.0.1", 0, _buffered(application), threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="profi-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run scripts/setup test (it installs Debian's chromium)")
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: str):
    """A factory for pages, each in its own fresh context (cookies, language) closed after the test.

    Keyword arguments go to `browser.new_context`, e.g. `locale="cy-GB"` or `viewport=...`.
    """
    contexts: list[BrowserContext] = []

    def _new_page(**context_options) -> Page:
        context = browser.new_context(base_url=live_server, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form (CSRF token and all) and wait for the project list."""
    page.goto("/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.evaluate("location.pathname") == "/", f"sign-in as {email} ended on {page.url}"


def use_language(page: Page, language: str) -> None:
    """Show the current page in `language`, using the header's language switch link if needed."""
    page.wait_for_load_state()
    if html_lang(page) != language:
        with page.expect_navigation():
            page.locator("a.profi-language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
