"""A participant books, moves and cancels a session from the link in their invitation email, in a real browser.

The module serves its own Profi (not the shared demo `live_server`): one published consent form, one study
with two future sessions (10:00 and 14:00 UK time), and one Welsh-speaking participant who has consented and
been invited through the invitation service, so the outbox holds the real booking link.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app.booking import bookings, invitations
from app.booking.models import Booking, Invitation
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants import links
from app.participants.models import Participant
from app.studies.models import ResearchSession
from tests.browser.conftest import TIMEOUT_MS, _QuietHandler, html_lang, use_language
from tests.browser.test_accessibility import WCAG_A_AND_AA, axe_violations, describe
from tests.conftest import migrated_app
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
STUDY_CY = "Astudiaeth archebu"
STUDY_EN = "Booking study"
LINK = re.compile(r"https?://\S+/p/\S+/studies/\d+")


@dataclass
class Server:
    app: object
    base_url: str
    study_id: int
    morning_id: int  # 10:00 UK time
    afternoon_id: int  # 14:00 UK time
    participant_id: int


def _uk(day, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)


@pytest.fixture(scope="module")
def booking_server() -> Iterator[Server]:
    application = migrated_app("booking-browser", WTF_CSRF_ENABLED=True, PROFI_MAIL_BACKEND="none")
    server = make_server("127.0.0.1", 0, application, threaded=True, request_handler=_QuietHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    application.config["BASE_URL"] = base_url
    with application.app_context():
        study = StudyFactory(title_cy=STUDY_CY, title_en=STUDY_EN)
        day = (datetime.now(LONDON) + timedelta(days=4)).date()
        morning, afternoon = (
            ResearchSessionFactory(study=study, capacity=2, language="cy", starts_at=_uk(day, hour))
            for hour in (10, 14)
        )
        person = ParticipantFactory(consented=True, preferred_language="cy")
        result = invitations.invite_participants(study, [person])
        assert result.invited == [person], result.skipped
        db.session.commit()
        made = Server(application, base_url, study.id, morning.id, afternoon.id, person.id)
    thread = threading.Thread(target=server.serve_forever, name="profi-booking-server", daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def open_page(browser: Browser, booking_server: Server):
    """A factory for pages on the booking server, each in a fresh context closed after the test."""
    contexts: list[BrowserContext] = []

    def _open(**options) -> Page:
        options.setdefault("locale", "cy-GB")
        context = browser.new_context(base_url=booking_server.base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def no_bookings(booking_server: Server) -> Iterator[None]:
    """Each test starts, and leaves, the participant with no live booking."""
    _cancel_all(booking_server)
    yield
    _cancel_all(booking_server)


def _cancel_all(server: Server) -> None:
    with server.app.app_context():
        for booking in _live_bookings(server):
            bookings.cancel_booking(booking)
        db.session.commit()
        db.session.remove()


def _live_bookings(server: Server) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.participant_id == server.participant_id, Booking.status == "booked")
            .order_by(Booking.id)
        )
    )


def _booked_sessions(server: Server) -> list[int]:
    with server.app.app_context():
        found = [b.research_session_id for b in _live_bookings(server)]
        db.session.remove()
        return found


def _emailed_path(server: Server) -> str:
    """The path of the booking link in the invitation email."""
    with server.app.app_context():
        bodies = list(
            db.session.scalars(
                select(OutboxMessage.body_text)
                .where(OutboxMessage.kind == "booking_invitation")
                .order_by(OutboxMessage.id)
            )
        )
        db.session.remove()
    assert len(bodies) == 1, bodies
    found = LINK.search(bodies[0])
    assert found, f"no booking link in the invitation:\n{bodies[0]}"
    url = urlsplit(found.group(0))
    assert f"{url.scheme}://{url.netloc}" == server.base_url
    assert url.path.endswith(f"/studies/{server.study_id}")
    return url.path


def _main(page: Page):
    return page.locator("main")


def test_a_welsh_participant_books_moves_and_cancels_from_the_emailed_link(
    open_page, booking_server, no_bookings
):
    server = booking_server
    page = open_page()
    page.goto(_emailed_path(server))
    assert html_lang(page) == "cy"
    expect(page.locator("main h1")).to_have_text(STUDY_CY)
    expect(_main(page)).to_contain_text("Sesiynau y gallwch eu harchebu")

    with page.expect_navigation():
        page.locator(f"#open-sessions a[href$='/sessions/{server.morning_id}']").click()
    expect(page.locator("main h1")).to_have_text("Archebu’r sesiwn hon")
    expect(_main(page)).to_contain_text("10:00")
    page.locator("input[name=wants_welsh][value=yes]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Cadarnhau fy archeb").click()
    expect(page.locator("main h1")).to_have_text("Mae eich sesiwn wedi’i harchebu")
    expect(_main(page)).to_contain_text("10:00")
    assert _booked_sessions(server) == [server.morning_id]

    with page.expect_navigation():
        page.locator("main a", has_text="Gweld, newid neu ganslo eich archebion").click()
    expect(page.locator("#my-bookings")).to_contain_text("10:00")
    with page.expect_navigation():
        page.locator("#my-bookings a", has_text="Symud i sesiwn arall").click()
    expect(page.locator("main h1")).to_have_text("Newid eich archeb")
    page.locator(f"input[name=session][value='{server.afternoon_id}']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Symud fy archeb").click()
    expect(_main(page)).to_contain_text("Mae eich archeb wedi’i symud.")
    expect(page.locator("#my-bookings")).to_contain_text("14:00")
    assert _booked_sessions(server) == [server.afternoon_id]

    with page.expect_navigation():
        page.locator("#my-bookings a", has_text="Canslo’r archeb hon").click()
    expect(page.locator("main h1")).to_have_text("Canslo eich archeb")
    expect(_main(page)).to_contain_text("14:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Canslo fy archeb").click()
    expect(_main(page)).to_contain_text("Mae eich archeb wedi’i chanslo.")
    expect(page.locator("#my-bookings")).to_have_count(0)
    assert html_lang(page) == "cy"
    assert _booked_sessions(server) == []


def _assert_no_axe_violations(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe found problems on {name} ({html_lang(page)}, {page.url}):\n{describe(violations)}"
    )


@pytest.mark.parametrize("language", ["cy", "en"])
def test_booking_pages_have_no_wcag_a_or_aa_violations(open_page, booking_server, no_bookings, language: str):
    assert set(WCAG_A_AND_AA) >= {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}
    page = open_page(bypass_csp=True)  # axe is injected as a script tag, which the CSP would block
    page.goto(_emailed_path(booking_server))
    use_language(page, language)
    expect(page.locator("main h1")).to_have_text(STUDY_CY if language == "cy" else STUDY_EN)
    _assert_no_axe_violations(page, "the study booking page")

    with page.expect_navigation():
        page.locator(f"#open-sessions a[href$='/sessions/{booking_server.morning_id}']").click()
    assert page.locator("main form[method=post]").count() == 1
    assert html_lang(page) == language
    _assert_no_axe_violations(page, "the confirm page")
    assert _booked_sessions(booking_server) == []  # looking never books


def _focused(page: Page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), href: e.getAttribute('href') || '', name: e.name || '',"
        " value: e.value || '', type: e.type || '', text: (e.textContent || '').trim()}; }"
    )


def _tab_to(page: Page, wanted, limit: int = 60) -> dict:
    """Press Tab until the focused element matches `wanted`; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
        seen.append(focused)
    pytest.fail(f"Tab never reached the element; focus went through {seen}")


def test_at_320px_the_booking_page_fits_and_booking_works_by_keyboard(open_page, booking_server, no_bookings):
    server = booking_server
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto(_emailed_path(server))
    expect(page.locator("main h1")).to_have_text(STUDY_CY)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the booking page scrolls sideways at 320 px: scrollWidth is {width}"

    _tab_to(page, lambda f: f["tag"] == "a" and f["href"].endswith(f"/sessions/{server.morning_id}"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Archebu’r sesiwn hon")
    confirm_width = page.evaluate("document.documentElement.scrollWidth")
    assert confirm_width <= 320, (
        f"the confirm page scrolls sideways at 320 px: scrollWidth is {confirm_width}"
    )

    _tab_to(page, lambda f: f["name"] == "wants_welsh")
    if _focused(page)["value"] != "yes":  # arrow keys move through a radio group
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    expect(page.locator("input[name=wants_welsh][value=yes]")).to_be_checked()
    _tab_to(page, lambda f: f["type"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Mae eich sesiwn wedi’i harchebu")
    assert _booked_sessions(server) == [server.morning_id]


PAGE_LINK = re.compile(r"https?://\S+/p/[^/\s]+(?=\s)")


def _newest_page_link(server: Server) -> str:
    """The path of the link to their own page in the newest "send me my link" email."""
    with server.app.app_context():
        body = db.session.scalar(
            select(OutboxMessage.body_text)
            .where(
                OutboxMessage.kind == "participant_link",
                OutboxMessage.participant_id == server.participant_id,
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        db.session.remove()
    assert body, "no participant_link email was written"
    found = PAGE_LINK.search(body + "\n")
    assert found, body
    return urlsplit(found.group(0)).path


def test_after_asking_for_a_new_link_the_booking_is_changed_from_the_newest_link_and_the_old_one_still_works(
    open_page, booking_server, no_bookings
):
    server = booking_server
    invitation = _emailed_path(server)
    page = open_page()
    page.goto(invitation)
    with page.expect_navigation():
        page.locator(f"#open-sessions a[href$='/sessions/{server.morning_id}']").click()
    page.locator("input[name=wants_welsh][value=yes]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Cadarnhau fy archeb").click()
    assert _booked_sessions(server) == [server.morning_id]

    # "Send me my link", in the browser, as a participant would.
    with server.app.app_context():
        email = db.session.get(Participant, server.participant_id).email
        db.session.remove()
    page.goto("/my-link")
    page.locator("input[name=email]").fill(email)
    with page.expect_navigation():
        page.locator("main form button").click()
    newest = _newest_page_link(server)

    own = open_page()
    own.goto(newest)
    expect(own.locator("#my-sessions")).to_contain_text("10:00")
    with own.expect_navigation():
        own.locator("#my-sessions a").first.click()
    with own.expect_navigation():
        own.locator("#my-bookings a", has_text="Symud i sesiwn arall").click()
    own.locator(f"input[name=session][value='{server.afternoon_id}']").check()
    with own.expect_navigation():
        own.get_by_role("button", name="Symud fy archeb").click()
    expect(own.locator("main")).to_contain_text("Mae eich archeb wedi’i symud.")
    assert _booked_sessions(server) == [server.afternoon_id]

    page.goto(invitation)  # the invitation's link still works: a new link ends none
    expect(page.locator("#my-bookings")).to_contain_text("14:00")


@pytest.mark.parametrize("language", ["cy", "en"])
def test_the_own_page_listing_bookings_has_no_wcag_a_or_aa_violations(
    open_page, booking_server, no_bookings, language: str
):
    server = booking_server
    with server.app.app_context():
        person = db.session.get(Participant, server.participant_id)
        bookings.book_session(person, db.session.get(ResearchSession, server.morning_id))
        db.session.commit()
        path = f"/p/{links.current_token(person)}"
        db.session.remove()
    page = open_page(bypass_csp=True)
    page.goto(path)
    use_language(page, language)
    expect(page.locator("#my-sessions")).to_contain_text("10:00")
    _assert_no_axe_violations(page, "the participant's own page with their sessions")


def test_consenting_from_the_booking_page_comes_back_to_the_session_and_books_it(open_page, booking_server):
    server = booking_server
    with server.app.app_context():
        person = ParticipantFactory(preferred_language="en")  # invited, but not consented yet
        db.session.add(Invitation(study_id=server.study_id, participant_id=person.id))
        db.session.commit()
        path = f"/p/{links.current_token(person, links.BOOKING)}/studies/{server.study_id}/sessions/{server.morning_id}"
        person_id = person.id
        db.session.remove()
    page = open_page(locale="en-GB")
    page.goto(path)
    with page.expect_navigation():
        page.locator("#consent-needed a").click()
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    with page.expect_navigation():
        page.locator("main form button").click()
    assert urlsplit(page.url).path == path  # back at the session they chose
    page.locator("input[name=wants_welsh][value=no]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my booking").click()
    expect(page.locator("main h1")).to_have_text("Your session is booked")
    with server.app.app_context():
        booked = db.session.scalars(
            select(Booking).where(Booking.participant_id == person_id, Booking.status == "booked")
        ).all()
        for booking in booked:
            bookings.cancel_booking(booking)
        db.session.commit()
        db.session.remove()
    assert len(booked) == 1
