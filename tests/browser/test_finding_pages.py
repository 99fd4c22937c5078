"""The findings pages in a real browser (issue 10): at 320 px wide the list, the form and a finding's page reflow
without scrolling sideways (wide tables scroll inside their own region), in Welsh and in English."""

from __future__ import annotations

import pytest

from tests.browser.conftest import RESEARCHER, sign_in, use_language

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["cy", "en"])
def test_the_findings_pages_fit_a_320_pixel_wide_screen(new_page, language):
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, RESEARCHER)
    use_language(page, language)

    def assert_fits(what: str) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{what} ({language}) is {width}px wide at a 320px viewport"

    page.goto("/projects/cyd/findings/new")
    assert_fits("the finding form")
    page.locator("input[name=phase]").first.check()
    page.fill("textarea[name=statement_en]", "People cannot find the procurement templates on the first page")
    page.locator("input[name=kind][value=need]").check()
    page.locator("input[name=severity][value='2']").check()
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("#n-of-m").count() == 1
    assert_fits("a finding's page")
    page.goto("/projects/cyd/findings")
    assert page.locator("main tbody a").count() >= 1
    assert_fits("the findings list")
