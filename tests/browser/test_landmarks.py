"""Every part of a page sits inside a landmark (issue 9, item 11): the back link, which GOV.UK's template puts
before <main>, is in a navigation landmark of its own, named in the reader's language; axe's `region` rule (a
best practice, so test_accessibility.py's WCAG run leaves it out) and its landmark rules pass on pages with one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    ADMIN,
    AXE_SCRIPT,
    PARTICIPANT_LINKS,
    RESEARCHER,
    sign_in,
    use_language,
)
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

LANDMARK_RULES = [
    "region",
    "landmark-unique",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-complementary-is-top-level",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
]
LANDMARKS = "main, nav, header, footer, aside, section[aria-label], section[aria-labelledby], [role=region]"
BACK_NAME = {"cy": "Yn ôl", "en": "Back"}

# (who signs in, or None; the path, or a function of the participant links)
PAGES = {
    "studies-of-a-project": (RESEARCHER, "/projects/cyd/studies"),
    "import-upload": (RESEARCHER, "/participants/import"),
    "study": (RESEARCHER, "/studies/1"),
    "new-staff-account": (ADMIN, "/staff/new"),
    "consent-form-preview": (ADMIN, "/consent/forms/1"),
    "forgotten-password": (None, "/forgotten-password"),
    "participants-details": (None, lambda: PARTICIPANT_LINKS["en"] + "/details"),
}


def axe_landmark_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", LANDMARK_RULES
    )
    return result["violations"]


@pytest.mark.parametrize("language", ["cy", "en"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_the_back_link_is_inside_a_named_landmark(new_page, page_name, language):
    user, path = PAGES[page_name]
    page = new_page(bypass_csp=True)  # axe is injected as a script tag (see test_accessibility.py)
    if user is None:
        page.goto("/sign-in")
    else:
        sign_in(page, user)
    use_language(page, language)
    page.goto(path() if callable(path) else path)
    use_language(page, language)

    back = page.locator("a.govuk-back-link")
    assert back.count() == 1, f"{page_name} has {back.count()} back links"
    landmark = back.evaluate(
        f"link => {{ const at = link.closest({LANDMARKS!r}); return at && at.outerHTML }}"
    )
    assert landmark is not None, f"the back link on {page_name} is outside every landmark"
    assert page.locator("nav", has=back).get_attribute("aria-label") == BACK_NAME[language]
    violations = axe_landmark_violations(page)
    assert not violations, f"axe's landmark rules fail on {page_name} ({language}):\n{describe(violations)}"
