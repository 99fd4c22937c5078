"""The session log in a real browser (issue 10, item 1): three observations logged in Welsh with the keyboard
alone, and no WCAG 2.2 A or AA problem (axe-core) on the log, its DP-2 warning, and its change and delete pages,
in Welsh and English. Runs against the demo data: a past discovery interview of the Cyd project with an attended
booking."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RESEARCHER, sign_in, use_language
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

SESSION = re.compile(r"^/studies/\d+/sessions/\d+$")


def _a_session_to_log(page: Page) -> str:
    """The log of the first Cyd session with someone on it to log, found by following the pages' own links."""
    page.goto("/projects/cyd/studies")
    studies = {
        href
        for href in page.locator("main a[href^='/studies/']").evaluate_all(
            "links => links.map(a => a.pathname)"
        )
        if re.fullmatch(r"/studies/\d+", href)
    }
    for study in sorted(studies):
        page.goto(study)
        sessions = page.locator("main a[href^='/studies/']").evaluate_all(
            "links => links.map(a => a.pathname)"
        )
        for session in [href for href in sessions if SESSION.match(href)]:
            page.goto(session)
            log = page.locator("main a[href$='/log']")
            if log.count() == 0:
                continue
            with page.expect_navigation():
                log.first.click()
            if page.locator("#participant option[value^='P-']").count():
                return page.evaluate("location.pathname")
    raise AssertionError("no Cyd session has anyone to log in the demo data")


def _focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_three_observations_are_logged_in_welsh_with_the_keyboard_alone(new_page):
    page = new_page()
    sign_in(page, RESEARCHER)
    use_language(page, "cy")
    log = _a_session_to_log(page)
    before = page.locator(".govuk-summary-card").count()

    # Start at the participant list (as a screen-reader or keyboard user does, by Tab); everything after is keys.
    page.locator("#participant").focus()
    page.keyboard.press("ArrowDown")  # the first person booked
    page.keyboard.press("Tab")  # kind: Quote, as offered
    page.keyboard.press("Tab")
    assert _focused_id(page) == "text"
    page.keyboard.type("Mae’r ffurflen yn rhy hir i’w llenwi ar y ffôn")
    page.keyboard.press("Tab")  # language: Welsh, as the session
    page.keyboard.press("Tab")
    assert _focused_id(page) == "time_marker"
    page.keyboard.type("00:04:10")
    page.keyboard.press("Tab")
    page.keyboard.type("Ffurflenni, Ffôn symudol")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    for words, marker in [("Ni welais y botwm ‘Nesaf’", "00:07:45"), ("Hoffwn gadw fy atebion", "")]:
        expect(page.locator("[role=status]")).to_contain_text("Mae’r arsylwad wedi’i gadw")
        assert _focused_id(page) == "text", "after saving, typing carries on in the text field"
        page.keyboard.type(words)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.type(marker)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    assert page.evaluate("location.pathname") == log
    assert page.locator(".govuk-summary-card").count() == before + 3
    newest = page.locator(".govuk-summary-card").first
    expect(newest).to_contain_text("Hoffwn gadw fy atebion")
    expect(newest.locator("[lang=cy]")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Ni welais y botwm ‘Nesaf’")
    expect(page.locator("main")).to_contain_text("00:04:10")


def _log(page: Page) -> None:
    _a_session_to_log(page)


def _log_with_a_warning(page: Page) -> None:
    """The DP-2 warning, from a name the session page shows researchers beside the code."""
    log = _a_session_to_log(page)
    page.goto(log.removesuffix("/log"))
    name = page.locator("main tbody td:first-child span.govuk-body-s").first.inner_text()
    page.goto(log)
    page.locator("#participant").select_option(index=1)
    page.locator("#text").fill(f"Dywedodd {name} fod y ffurflen yn hir")
    with page.expect_navigation():
        page.locator("#save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#anyway")).to_have_count(1)


def _change_and_delete(page: Page, which: str) -> None:
    _a_session_to_log(page)
    if page.locator(".govuk-summary-card").count() == 0:
        page.locator("#participant").select_option(index=1)
        page.locator("#text").fill("Roedd y dudalen yn glir")
        with page.expect_navigation():
            page.locator("#save").click()
    with page.expect_navigation():
        page.locator(f".govuk-summary-card__action a[href$='/{which}']").first.click()


@pytest.mark.parametrize("language", ["cy", "en"])
@pytest.mark.parametrize("name", ["log", "log-after-a-post", "change", "delete"])
def test_the_session_log_pages_have_no_wcag_a_or_aa_violations(new_page, name, language):
    page = new_page(bypass_csp=True)  # axe is injected as a script (tests/browser/test_accessibility.py)
    sign_in(page, RESEARCHER)
    use_language(page, language)
    {
        "log": _log,
        "log-after-a-post": _log_with_a_warning,
        "change": lambda p: _change_and_delete(p, "edit"),
        "delete": lambda p: _change_and_delete(p, "delete"),
    }[name](page)
    violations = axe_violations(page)
    assert not violations, f"axe found problems on {name} ({language}, {page.url}):\n{describe(violations)}"
