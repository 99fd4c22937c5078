"""The project dashboard in Chromium (marker `browser`): axe-core finds no WCAG 2.2 A or AA problem in Welsh or
English, and at 320 px nothing is clipped — every word of every chart lies inside its drawing, and the page
needs no sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWER, html_lang, sign_in, use_language
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

OUTSIDE_ITS_CHART = """() => {
  const problems = [];
  for (const svg of document.querySelectorAll("main svg[role=img]")) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5
          || b.y + b.height > box.y + box.height + 0.5) {
        problems.push(`${svg.id || svg.getAttribute("aria-labelledby")}: ${text.textContent}`);
      }
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("language", ["cy", "en"])
def test_the_dashboard_has_no_wcag_a_or_aa_violations(new_page, language):
    page = new_page(bypass_csp=True)  # axe is injected as a script: see tests/browser/test_accessibility.py
    sign_in(page, VIEWER)
    use_language(page, language)
    page.goto("/projects/cyd")
    with page.expect_navigation():
        page.locator("main a[href='/projects/cyd/dashboard']").click()
    assert html_lang(page) == language and page.locator("main svg[role=img]").count() >= 5
    violations = axe_violations(page)
    assert not violations, f"axe found problems on the dashboard ({language}):\n{describe(violations)}"


@pytest.mark.parametrize("language", ["cy", "en"])
def test_nothing_is_clipped_at_320_pixels(new_page, language):
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, VIEWER)
    use_language(page, language)
    page.goto("/projects/cyd/dashboard")
    assert page.evaluate(OUTSIDE_ITS_CHART) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
