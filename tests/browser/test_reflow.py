"""Reflow (WCAG 2.2, 1.4.10; A11Y-1): at 320 CSS pixels wide no page scrolls sideways, in Welsh or in English.

Each role signs in and follows links from the home page, with the demo data, as far as they lead; a participant
starts from their own page's link, and a reader who is not signed in from the sign-in page. Pages of one kind
(the same path but for its numbers, and the same query keys) are visited at most `PER_KIND` times, so every kind
of page is measured without loading all fifty participants. A page fails when the document is wider than the
window, or when any element reaches past the window's right edge outside a region that scrolls on purpose (an
element whose own overflow is clipped or scrolls, such as the table regions of macros/tables.html).
"""

from __future__ import annotations

from collections import Counter, deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ADMIN, PARTICIPANT_LINKS, RESEARCHER, VIEWER, sign_in, use_language

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
PER_KIND = 2  # two of each kind: a participant with bookings and one without, two sessions, two messages
LIMIT = 150  # pages per crawl; every role reaches all its kinds of page well before this
# Downloads and feeds are not pages; switching language and signing out would end the crawl's own state.
SKIPPED = ("/static/", "/language/", "/sign-out", "/participants/export")

# The few elements reaching furthest past the window's right edge, outermost ones only (an element whose parent
# also sticks out is left out: the parent names the problem). Elements inside an ancestor that clips or scrolls
# its own overflow and itself fits are not the page's problem: that is a deliberate scroll region.
MEASURE = """() => {
  const limit = document.documentElement.clientWidth;
  const sticksOut = new Set();
  const fitsAndClips = (element) => {
    for (let up = element; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible" && up.getBoundingClientRect().right <= limit + 1) return true;
    }
    return false;
  };
  const pageWidth = document.documentElement.scrollWidth;
  // How far each element reaches: its box, or its own text where that spills out (an unbroken word wider than
  // the box holding it).
  const reaches = new Map();
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0) reaches.set(element, box.right);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    range.selectNodeContents(text);
    const right = range.getBoundingClientRect().right;
    const element = text.parentElement;
    if (right > (reaches.get(element) || 0)) reaches.set(element, right);
  }
  const reach = (element) => reaches.get(element) || 0;
  for (const element of reaches.keys()) {
    if (reach(element) > limit + 1 && !fitsAndClips(element)) sticksOut.add(element);
  }
  // An absolutely positioned element escapes a scrolling ancestor that does not contain it: when the page is too
  // wide and nothing else explains it, name everything past the edge.
  if (pageWidth > limit && sticksOut.size === 0) {
    for (const element of reaches.keys()) {
      if (reach(element) > limit + 1) sticksOut.add(element);
    }
  }
  const name = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) return text + "#" + element.id;
    for (const cls of element.classList) text += "." + cls;
    return text;
  };
  const path = (element) => {
    const parts = [];
    for (let at = element; at && at !== document.body && parts.length < 4; at = at.parentElement) {
      parts.unshift(name(at));
      if (at.id) break;
    }
    return parts.join(" > ");
  };
  const outermost = [...sticksOut].filter((element) => !sticksOut.has(element.parentElement));
  outermost.sort((a, b) => reach(b) - reach(a));
  return {
    pageWidth,
    window: limit,
    widest: outermost.slice(0, 3).map((e) => `${path(e)} (${Math.round(reach(e))}px)`),
  };
}"""


def _kind(path: str) -> str:
    """A path with its numbers and tokens blanked, and its query's keys: one kind of page."""
    parts = urlsplit(path)
    segments = ["N" if s.isdigit() else ("T" if len(s) > 20 else s) for s in parts.path.split("/")]
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(keys) if keys else "")


def _followable(href: str | None) -> str | None:
    if not href:
        return None
    target = urldefrag(href)[0]
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(SKIPPED):
        return None
    if parts.path.endswith((".csv", ".ics")):
        return None
    return target


def crawl_and_measure(page: Page, start: str) -> tuple[list[str], dict[str, dict]]:
    """Every page reachable by links from `start` (PER_KIND of each kind): the paths visited, and the too-wide
    ones with their measurements."""
    visited: list[str] = []
    too_wide: dict[str, dict] = {}
    kinds: Counter[str] = Counter()
    queue = deque([start])
    seen = {start}
    while queue and len(visited) < LIMIT:
        path = queue.popleft()
        kind = _kind(path)
        if kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        response = page.goto(path)
        if response is None or response.status != 200 or "text/html" not in response.headers["content-type"]:
            continue
        visited.append(path)
        measured = page.evaluate(MEASURE)
        if measured["pageWidth"] > measured["window"] or measured["widest"]:
            too_wide[path] = measured
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.getAttribute('href'))"):
            target = _followable(href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return visited, too_wide


def _report(who: str, language: str, too_wide: dict[str, dict]) -> str:
    lines = [f"{len(too_wide)} page(s) scroll sideways at 320px for {who} ({language}):"]
    for path, measured in too_wide.items():
        lines.append(
            f"  {path}: {measured['pageWidth']}px wide; sticking out: {'; '.join(measured['widest'])}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["cy", "en"])
@pytest.mark.parametrize(
    ("who", "email", "least"),
    [("admin", ADMIN, 35), ("researcher", RESEARCHER, 30), ("viewer", VIEWER, 12)],
)
def test_no_staff_page_scrolls_sideways_at_320px(new_page, who, email, least, language):
    page = new_page(viewport=NARROW)
    sign_in(page, email)
    use_language(page, language)

    visited, too_wide = crawl_and_measure(page, "/")

    assert len(visited) >= least, f"the crawl reached only {visited}"
    assert not too_wide, _report(who, language, too_wide)


@pytest.mark.parametrize("language", ["cy", "en"])
def test_no_participant_or_public_page_scrolls_sideways_at_320px(new_page, language):
    """A participant's own pages and the study pages their links lead to; then what anyone can open without
    signing in (sign-in, forgotten password, 'send me my link', the statements)."""
    page = new_page(viewport=NARROW)
    page.goto("/sign-in")
    use_language(page, language)
    visited, too_wide = crawl_and_measure(page, "/sign-in")
    # "Send me my link": only emails and an expired link lead there.
    more, wider = crawl_and_measure(page, "/my-link")
    visited += more
    too_wide |= wider
    for link in PARTICIPANT_LINKS.values():
        page.goto(link)
        use_language(page, language)
        more, wider = crawl_and_measure(page, link)
        visited += more
        too_wide |= wider

    assert len(visited) >= 8, f"the crawl reached only {visited}"
    assert not too_wide, _report("a participant or a reader not signed in", language, too_wide)


LONG_EMAIL = "someone-with-a-very-long-address-and-no-spaces@an-unusually-long-organisation-name.llyw.cymru"
WIDE_FILE = (
    "Enw llawn,Cyfeiriad e-bost,A heading nobody recognises because it is long,Region\n"
    f"Llŷr Ŵyn ap Siôn,{LONG_EMAIL},{'x' * 80},Nowhere in particular\n"
)


# Forms sent empty, as (path, the form's selector): each comes back with its error summary.
FORMS = [
    ("/participants/new", "form"),
    ("/projects/new", "form"),
    ("/staff/new", "form"),
    ("/studies/1/sessions/new", "form"),
    ("/account", "form:has(input[type=password])"),
]


def _measure_after(page: Page, what: str, submit) -> tuple[str, dict] | None:
    with page.expect_navigation():
        submit()
    measured = page.evaluate(MEASURE)
    if measured["pageWidth"] > measured["window"] or measured["widest"]:
        return what, measured
    return None


@pytest.mark.parametrize("language", ["cy", "en"])
def test_forms_with_errors_and_an_import_check_fit_320px(new_page, language):
    """Pages no link leads to: forms sent back with their errors, and a spreadsheet's check page with a long
    unrecognised heading, a long email address and a row of problems."""
    page = new_page(viewport=NARROW)
    sign_in(page, ADMIN)
    use_language(page, language)
    found = []
    for path, form in FORMS:
        page.goto(path)
        found.append(
            _measure_after(page, f"{path} with errors", page.locator(f"main {form} button").first.click)
        )
        assert page.locator(".govuk-error-summary").count() == 1, f"{path} was not sent back with errors"
    page.goto("/participants/import")
    page.locator("input[type=file]").set_input_files(
        {
            "name": "a-spreadsheet-with-a-long-name-from-the-finance-team.csv",
            "mimeType": "text/csv",
            "buffer": WIDE_FILE.encode(),
        }
    )
    found.append(_measure_after(page, "the import check", page.locator("main form button").first.click))
    assert page.locator("#problems").count() == 1, "the file's problems are not listed"

    too_wide = dict(item for item in found if item)
    assert not too_wide, _report("an admin's forms", language, too_wide)
