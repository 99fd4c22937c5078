"""Profi in a real browser: language choice, keyboard-only sign-in, narrow screens, fonts and scripts.

These contexts keep the app's Content Security Policy, so a script it blocked would show as a console error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, DEMO_PASSWORD, RESEARCHER, VIEWER, html_lang, sign_in, use_language

pytestmark = pytest.mark.browser

SKIP_LINK = {"cy": "Neidio i’r prif gynnwys", "en": "Skip to main content"}
CYD_NAME = {"cy": "Cyd – Canolfan Rhagoriaeth Caffael", "en": "Cyd – Procurement Centre of Excellence"}
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|#|$)", re.IGNORECASE)


def path_of(page: Page) -> str:
    return page.evaluate("location.pathname")


@pytest.mark.parametrize(
    ("accept_language", "language", "heading"),
    [("cy", "cy", "Mewngofnodi"), ("en", "en", "Sign in to Profi"), ("fr", "cy", "Mewngofnodi")],
    ids=["welsh-browser", "english-browser", "neither-defaults-to-welsh"],
)
def test_first_visit_follows_the_browsers_language(new_page, accept_language, language, heading):
    page = new_page(extra_http_headers={"Accept-Language": accept_language})
    page.goto("/sign-in")
    assert html_lang(page) == language
    expect(page.locator("h1")).to_contain_text(heading)


def test_first_visit_with_a_welsh_browser_locale_is_in_welsh(new_page):
    page = new_page(locale="cy-GB")
    page.goto("/sign-in")
    assert html_lang(page) == "cy"
    expect(page.locator("h1")).to_have_text("Mewngofnodi i Profi")


def test_language_switch_keeps_you_on_the_same_page_and_is_remembered(new_page):
    page = new_page()
    sign_in(page, VIEWER)  # prefers Welsh
    page.goto("/projects/cyd")
    assert html_lang(page) == "cy"
    expect(page.locator("h1")).to_have_text(CYD_NAME["cy"])

    switch = page.locator("a.profi-language-switch")
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en")
    with page.expect_navigation():
        switch.click()

    assert path_of(page) == "/projects/cyd"
    assert html_lang(page) == "en"
    expect(page.locator("h1")).to_have_text(CYD_NAME["en"])
    expect(page.locator("a.profi-language-switch")).to_have_text("Cymraeg")

    with page.expect_navigation():
        page.locator(".govuk-back-link").click()  # "All projects"
    assert path_of(page) == "/"
    assert html_lang(page) == "en"
    expect(page.locator("h1")).to_have_text("Projects")  # a viewer's home page (researchers see theirs first)

    with page.expect_navigation():
        page.locator("a.profi-language-switch").click()
    assert path_of(page) == "/"
    assert html_lang(page) == "cy"
    expect(page.locator("h1")).to_have_text("Prosiectau")


@pytest.mark.parametrize(
    ("locale", "language", "email"),
    [("cy-GB", "cy", ADMIN), ("en-GB", "en", RESEARCHER)],
    ids=["welsh", "english"],
)
def test_keyboard_only_sign_in_starts_at_the_skip_link(new_page, locale, language, email):
    page = new_page(locale=locale)
    page.goto("/sign-in")

    page.keyboard.press("Tab")
    skip_link = page.locator("a.govuk-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text(SKIP_LINK[language])
    expect(skip_link).to_be_visible()  # hidden until it has focus

    email_box = page.locator("input#email")
    for _ in range(10):
        if email_box.evaluate("box => box === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(email_box).to_be_focused()

    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.locator("input#password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page) == "/"
    expect(page.locator("h1")).to_have_text("Eich ymchwil" if language == "cy" else "Your research")
    expect(page.locator("header")).to_contain_text("Gwenllian Hughes" if email == ADMIN else "Rhodri Ellis")


@pytest.mark.parametrize("language", ["cy", "en"])
def test_pages_fit_a_320_pixel_wide_screen_without_scrolling_sideways(new_page, language):
    page = new_page(viewport={"width": 320, "height": 640})

    def assert_fits(what: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{what} ({language}) is {width}px wide at a 320px viewport"

    page.goto("/sign-in")
    use_language(page, language)
    assert_fits("the sign-in page")

    sign_in(page, ADMIN)  # the fullest header: name, language switch, sign out, and admin menu items
    use_language(page, language)
    page.goto("/projects/cyd")
    assert html_lang(page) == language
    assert_fits("the Cyd project page")


def test_pages_load_no_font_files_and_never_name_gds_transport(new_page):
    page = new_page(locale="cy-GB")
    requested: list[tuple[str, str]] = []
    page.on("request", lambda request: requested.append((request.resource_type, request.url)))
    unread = []
    page.on("response", lambda response: unread.append(response))
    stylesheets: dict[str, str] = {}

    def visit(path: str) -> None:
        page.goto(path)
        page.wait_for_load_state("load")
        # Bodies must be read before the next navigation; a revalidated (304) stylesheet has none to read.
        for response in unread:
            if response.request.resource_type == "stylesheet" and response.status == 200:
                stylesheets[response.url] = response.text()
        unread.clear()

    visit("/sign-in")
    sign_in(page, ADMIN)
    for path in ("/", "/projects/cyd", "/accessibility"):
        visit(path)

    fonts = [url for kind, url in requested if kind == "font" or FONT_FILE.search(url)]
    assert fonts == [], f"font files were requested: {fonts}"
    assert any(url.endswith("/profi.css") for url in stylesheets), f"profi.css was never read: {stylesheets}"
    for url, css in stylesheets.items():
        assert "GDS Transport" not in css, f"{url} names the GDS Transport font"


def test_pages_log_no_console_errors_under_the_content_security_policy(new_page):
    page = new_page(locale="cy-GB")
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))

    def visit(path: str) -> None:
        page.goto(path)
        page.wait_for_load_state("load")
        # start.js adds this class; it is only there if our module script ran despite "script-src 'self'".
        expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))

    visit("/sign-in")
    sign_in(page, ADMIN)
    for path in ("/", "/projects/cyd", "/projects/cyd/edit", "/staff", "/audit", "/account", "/privacy"):
        visit(path)
    use_language(page, "en")
    visit("/projects/cyd")

    assert errors == [], "\n".join(errors)
