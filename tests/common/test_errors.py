"""SEC-7: friendly error pages in the reader's language, never a traceback."""

from __future__ import annotations

from app import create_app
from tests import databases
from tests.conftest import config_for


def test_unknown_page_gets_a_friendly_404_in_the_readers_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "cy"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'lang="cy"' in html and "Heb ddod o hyd i’r dudalen" in html


def test_server_error_shows_a_friendly_page_and_no_traceback(monkeypatch):
    from app import jobs
    from app.common import access

    @access.public
    def explode():
        raise RuntimeError("secret internals")

    # An app that is not TESTING turns the job queue's immediate mode off for the whole process; put it back
    # afterwards, or later tests' jobs pile up in the queue's file (and in the worker tests' queue).
    monkeypatch.setattr(jobs.queue, "immediate", jobs.queue.immediate)
    app = create_app(config_for(databases.make_database("errors"), TESTING=False))
    app.add_url_rule("/_explode", "explode", explode)
    response = app.test_client().get("/_explode", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with Profi" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_method_not_allowed_is_friendly(client):
    response = client.delete("/sign-in", headers={"Accept-Language": "en"})
    assert response.status_code == 405
    assert "Sorry, Profi could not understand that request" in response.get_data(as_text=True)
