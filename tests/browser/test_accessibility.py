"""axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA problem on Profi's pages, in Welsh or in English.

axe is injected as a script tag, which the app's Content Security Policy ("script-src 'self'") would rightly
block. These contexts therefore bypass the CSP; the policy itself is exercised, unbypassed, by
test_language_and_sign_in.py (no console errors, GOV.UK Frontend's JavaScript runs).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    ADMIN,
    AXE_SCRIPT,
    PARTICIPANT_LINKS,
    RESEARCHER,
    VIEWER,
    html_lang,
    sign_in,
    use_language,
)

pytestmark = pytest.mark.browser

WCAG_A_AND_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ["cy", "en"]


def _sign_in_page(page: Page) -> None:
    page.goto("/sign-in")


def _sign_in_with_errors(page: Page) -> None:
    page.goto("/sign-in")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()  # both boxes empty
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator(".govuk-error-message").count() == 2


def _project_list(page: Page) -> None:
    page.goto("/")


def _cyd_project(page: Page) -> None:
    page.goto("/projects/cyd")


def _phase_edit_form(page: Page) -> None:
    page.goto("/projects/cyd")
    edit_links = page.locator("main a[href^='/projects/cyd/phases/'][href$='/edit']")
    assert edit_links.count() > 0, "the Cyd project page has no 'Edit phase' link"
    with page.expect_navigation():
        edit_links.first.click()
    assert page.locator("main form[method=post]").count() == 1


def _staff_list(page: Page) -> None:
    page.goto("/staff")


def _audit_log(page: Page) -> None:
    page.goto("/audit")


def _accessibility_statement(page: Page) -> None:
    page.goto("/accessibility")


def _privacy_notice(page: Page) -> None:
    page.goto("/privacy")


def _register(page: Page) -> None:
    page.goto("/participants?region=north&sort=name")
    assert page.locator("main tbody tr").count() > 1


def _participant_page(page: Page) -> None:
    page.goto("/participants")
    with page.expect_navigation():
        page.locator("main tbody a").first.click()
    assert page.locator("main h1").count() == 1


def _record_consent_form(page: Page) -> None:
    _participant_page(page)
    page.goto(page.url + "/consent/record")
    assert page.locator("main form[method=post]").count() == 1


def _consent_form_versions(page: Page) -> None:
    page.goto("/consent/forms")


def _consent_form_preview(page: Page) -> None:
    page.goto("/consent/forms")
    with page.expect_navigation():
        page.locator("main a[href^='/consent/forms/']").first.click()


def _coverage(page: Page) -> None:
    page.goto("/coverage")
    assert page.locator("main svg[role=img]").count() > 0


def _import_upload(page: Page) -> None:
    page.goto("/participants/import")


def _theme_board(page: Page) -> None:
    page.goto("/projects/cyd/themes")
    assert page.locator("main h1").count() == 1


def _observation_import(page: Page) -> None:
    page.goto("/projects/cyd/studies")
    with page.expect_navigation():
        page.locator("main a[href^='/studies/']").first.click()
    page.goto(page.url + "/observations/import")
    assert page.locator("main input[type=file]").count() == 1


def _outbox(page: Page) -> None:
    page.goto("/outbox")


def _as_participant(path: str) -> Callable[[Page], None]:
    """A participant's link opens in their own language first; switch to the language under test."""

    def visit(page: Page) -> None:
        language = html_lang(page)
        page.goto(path())
        use_language(page, language)
        assert page.locator("main h1").count() == 1

    return visit


_participants_own_page = _as_participant(lambda: PARTICIPANT_LINKS["cy"])
_participants_consent_page = _as_participant(lambda: PARTICIPANT_LINKS["en"] + "/consent")
_participants_details_page = _as_participant(lambda: PARTICIPANT_LINKS["cy"] + "/details")


def _request_a_link(page: Page) -> None:
    page.goto("/my-link")


def _forgotten_password(page: Page) -> None:
    page.goto("/forgotten-password")


def _forgotten_password_with_errors(page: Page) -> None:
    page.goto("/forgotten-password")
    page.locator("form button").click()


def _reset_requested(page: Page) -> None:
    page.goto("/forgotten-password")
    page.fill("input[name=email]", "nobody@example.org")
    page.locator("form button").click()


def _findings_list(page: Page) -> None:
    page.goto("/projects/cyd/findings")
    assert page.locator("main table caption").count() == 1


def _finding_form_with_errors(page: Page) -> None:
    page.goto("/projects/cyd/findings/new")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()  # nothing written
    assert page.locator(".govuk-error-summary").is_visible()


def _finding_page(page: Page) -> None:
    """Writes a finding through its form (the demo data may have none), then reads its page."""
    page.goto("/projects/cyd/findings/new")
    page.locator("input[name=phase]").first.check()
    page.fill("textarea[name=statement_cy]", "Nid yw pobl yn dod o hyd i’r templedi")
    page.locator("input[name=kind][value=problem]").check()
    page.locator("input[name=severity][value='3']").check()
    page.locator("input[name=standards_wales][value=wales-2]").check()
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("#n-of-m").count() == 1


def _phase_changes(page: Page) -> None:
    page.goto("/projects/cyd")
    with page.expect_navigation():
        page.locator("main a[href^='/projects/cyd/phases/'][href$='/changes']").first.click()
    assert page.locator("main h1").count() == 1


# name -> (who signs in first, or None for a reader who is not signed in; how to reach the page)
PAGES: dict[str, tuple[str | None, Callable[[Page], None]]] = {
    "sign-in": (None, _sign_in_page),
    "sign-in-with-errors": (None, _sign_in_with_errors),
    "project-list": (RESEARCHER, _project_list),
    "cyd-project": (RESEARCHER, _cyd_project),
    "phase-edit-form": (RESEARCHER, _phase_edit_form),
    "staff-list": (ADMIN, _staff_list),
    "audit-log": (ADMIN, _audit_log),
    "accessibility-statement": (None, _accessibility_statement),
    "privacy-notice": (None, _privacy_notice),
    "register": (RESEARCHER, _register),
    "register-for-a-viewer": (VIEWER, _register),
    "participant-page": (ADMIN, _participant_page),
    "record-consent-form": (RESEARCHER, _record_consent_form),
    "consent-form-versions": (ADMIN, _consent_form_versions),
    "consent-form-preview": (ADMIN, _consent_form_preview),
    "coverage": (RESEARCHER, _coverage),
    "import-upload": (RESEARCHER, _import_upload),
    "theme-board": (RESEARCHER, _theme_board),
    "theme-board-for-a-viewer": (VIEWER, _theme_board),
    "observation-import": (RESEARCHER, _observation_import),
    "outbox": (ADMIN, _outbox),
    "participants-own-page": (None, _participants_own_page),
    "participants-consent-page": (None, _participants_consent_page),
    "participants-details-page": (None, _participants_details_page),
    "request-a-link": (None, _request_a_link),
    "forgotten-password": (None, _forgotten_password),
    "forgotten-password-with-errors": (None, _forgotten_password_with_errors),
    "reset-requested": (None, _reset_requested),
    "findings-list": (VIEWER, _findings_list),
    "finding-form-with-errors": (RESEARCHER, _finding_form_with_errors),
    "finding-page": (RESEARCHER, _finding_page),
    "phase-changes": (VIEWER, _phase_changes),
}


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_A_AND_AA)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} – {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_has_no_wcag_a_or_aa_violations(new_page, page_name: str, language: str):
    user, visit = PAGES[page_name]
    page = new_page(bypass_csp=True)  # see the module docstring
    if user is None:
        page.goto("/sign-in")
    else:
        sign_in(page, user)
    use_language(page, language)  # the header's switch link; the choice lasts for the rest of the visit

    visit(page)

    assert html_lang(page) == language
    violations = axe_violations(page)
    assert not violations, (
        f"axe found problems on {page_name} ({language}, {page.url}):\n{describe(violations)}"
    )
