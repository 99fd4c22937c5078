"""No English on a Welsh page (WL-1; issue 9, item 8): every page each role reaches by following links from the
home page, in Welsh, with the demo data, shows none of the interface's English sentences and no internal codes
(such as `auth.sign_in` or `research_session 23`). Content in the other language is marked with lang="en" (a WCAG
3.1.2 duty anyway) and is left out; so are form values and attributes, which a reader does not read as text."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from babel.messages.pofile import read_po

from app.demo.data import load_demo_data
from app.extensions import db
from tests.conftest import migrated_app

PASSWORD = "demo-password-123"
CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
CODE = re.compile(
    r"\b(?:auth|booking|consent|staff|study|research_session|participant|waitlist|portal|invitation)"
    r"\.[a-z_]+\b|\b(?:research_session|staff_user|consent_form|import_batch) \d+\b"
)
LIMIT = 250  # pages per role: every kind of page is reached well before this


class _Text(HTMLParser):
    """The text a reader sees, without elements in another language (lang="en") or scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if self.skipping or found.get("lang", "cy") != "cy" or tag in ("script", "style"):
            if tag not in ("br", "img", "input", "meta", "link", "hr"):
                self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _english_sentences() -> list[str]:
    """Interface strings whose Welsh differs, long enough that finding one is not a coincidence."""
    sentences = []
    with CATALOGUE.open("rb") as handle:
        for message in read_po(handle):
            english = message.id[0] if isinstance(message.id, tuple) else message.id
            welsh = message.string[0] if isinstance(message.string, tuple) else message.string
            if english and "%(" not in english and len(english.split()) >= 3 and english != welsh:
                sentences.append(english)
    return sentences


@pytest.fixture(scope="module")
def demo_app():
    application = migrated_app("welsh_crawl", PROFI_DEMO=True, PROFI_DEMO_PASSWORD=PASSWORD)
    with application.app_context():
        load_demo_data(PASSWORD)
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def _crawl(client) -> dict[str, str]:
    """Path -> visible Welsh text, for every internal page reachable by links from the home page."""
    seen: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, headers={"Accept-Language": "cy"})
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            seen[path] = ""
            continue
        parser = _Text()
        parser.feed(response.get_data(as_text=True))
        seen[path] = parser.text()
        for href in parser.links:
            target = urldefrag(href)[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/"):
                continue
            if (
                target.startswith(("/static", "/language/", "/calendar/", "/participants/export"))
                or ".ics" in target
            ):
                continue
            if target not in seen:
                queue.append(target)
    return seen


@pytest.mark.parametrize("email", ["admin@example.org", "researcher@example.org", "viewer@example.org"])
def test_no_english_is_left_on_a_welsh_page(demo_app, email):
    client = demo_app.test_client()
    client.get("/language/cy?next=/sign-in")
    assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
    client.get("/language/cy?next=/")
    pages = _crawl(client)
    assert len(pages) > 20
    sentences = _english_sentences()
    left = {
        path: sorted({s for s in sentences if s in text} | set(CODE.findall(text)))
        for path, text in pages.items()
    }
    left = {path: found for path, found in left.items() if found}
    assert left == {}, "\n".join(f"{path}: {found}" for path, found in left.items())


def test_no_english_is_left_on_a_welsh_participants_pages(demo_app):
    """A Welsh-speaking participant, from their own page's link: their page, details, consent, and through their
    booking links every study page they can reach."""
    from sqlalchemy import select

    from app.participants import links
    from app.participants.models import Participant

    with demo_app.app_context():
        person = db.session.scalar(
            select(Participant).where(Participant.preferred_language == "cy").order_by(Participant.id)
        )
        start = f"/p/{links.current_token(person)}"
        db.session.remove()
    client = demo_app.test_client()
    pages = {}
    for path in (start, f"{start}/details", f"{start}/consent", f"{start}/withdraw", f"{start}/opt-out"):
        response = client.get(path, headers={"Accept-Language": "cy"})
        assert response.status_code == 200, path
        parser = _Text()
        parser.feed(response.get_data(as_text=True))
        pages[path] = parser.text()
    sentences = _english_sentences()
    left = {
        path: sorted({s for s in sentences if s in text} | set(CODE.findall(text)))
        for path, text in pages.items()
    }
    left = {path: found for path, found in left.items() if found}
    assert left == {}, "\n".join(f"{path}: {found}" for path, found in left.items())
