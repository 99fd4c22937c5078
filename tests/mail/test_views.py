"""The Outbox page: each message's status, and trying a dead one again (admins only, with a CSRF token)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.models_base import utcnow


def test_the_outbox_page_shows_each_status_and_offers_to_try_a_dead_one_again(app, client, as_role, queued):
    now = utcnow()
    waiting = queued(
        subject="Waiting one",
        attempts=2,
        last_error="421 Try later",
        next_attempt_at=now + timedelta(minutes=4),
    )
    sent = queued(subject="Sent one", status="sent", attempts=1, sent_at=now)
    dead = queued(subject="Dead one", dead=True)
    as_role("admin")
    html = client.get("/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 failed attempts." in html and "Next attempt:" in html and "Last error: 421 Try later" in html
    assert "Gave up after 8 attempts." in html and "Last error: 550 5.1.1 No such user here" in html
    assert html.count('action="/outbox/') == 1 and f'action="/outbox/{dead}/retry"' in html
    assert f'action="/outbox/{waiting}/retry"' not in html and f'action="/outbox/{sent}/retry"' not in html
    detail = client.get(f"/outbox/{dead}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Gave up after 8 attempts." in detail and f'action="/outbox/{dead}/retry"' in detail


def test_try_again_on_the_outbox_page_sends_the_message_and_is_audited(app, client, as_role, queued, reload):
    dead = queued(dead=True)
    admin = as_role("admin")
    response = client.post(f"/outbox/{dead}/retry", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/outbox")
    assert reload(dead).status == "sent"  # after the commit, development delivery wrote it at once
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mail.retried")).one()
    assert event.actor_id == admin.id and event.target_id == str(dead)
    page = client.get("/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "The message is back in the queue" in page
    client.post(f"/outbox/{dead}/retry")
    assert "nothing to try again" in client.get("/outbox", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert client.post("/outbox/999999/retry").status_code == 404


def test_try_again_needs_an_admin_and_a_csrf_token(app, client, as_role, monkeypatch, queued, reload):
    dead = queued(dead=True)
    as_role("researcher")
    assert client.post(f"/outbox/{dead}/retry").status_code == 403
    as_role("admin")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/outbox/{dead}/retry").status_code == 400
    assert reload(dead).status == "dead"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Written when it is sent"), ("cy", "Caiff ei ysgrifennu pan gaiff ei anfon")],
)
def test_a_message_the_sender_will_compose_says_so(app, client, as_role, queued, language, words):
    waiting = queued(
        subject="", body_text="", compose={"with": "booking_email", "booking": 1, "kind": "confirmation"}
    )
    as_role("admin", preferred_language=language)
    headers = {"Accept-Language": language}
    assert words in client.get("/outbox", headers=headers).get_data(as_text=True)
    detail = client.get(f"/outbox/{waiting}", headers=headers).get_data(as_text=True)
    assert f"{words}</h1>" in detail and '<pre class="govuk-body profi-email"' not in detail
