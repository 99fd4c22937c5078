"""Cymraeg / English on every page: Accept-Language first, a remembered switch, staff preference, Babel dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.common.formatting import date_long, datetime_local


def test_first_visit_follows_accept_language(client):
    assert 'lang="en"' in client.get("/sign-in", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    other = client.application.test_client()
    html = other.get("/sign-in", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}).get_data(
        as_text=True
    )
    assert 'lang="cy"' in html and "Mewngofnodi" in html


def test_with_no_language_preference_profi_speaks_welsh(client):
    assert '<html lang="cy"' in client.get("/sign-in").get_data(as_text=True)


def test_the_switch_keeps_the_reader_on_the_same_page_and_is_remembered(client):
    html = client.get("/accessibility", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'href="/language/cy?next=/accessibility"' in html
    response = client.get("/language/cy?next=/accessibility")
    assert response.headers["Location"] == "/accessibility"
    html = client.get("/accessibility", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="cy"' in html and "Datganiad hygyrchedd Profi" in html
    assert 'href="/language/en?next=/accessibility"' in html


def test_the_switch_keeps_the_query_string(client, as_role):
    as_role("admin", preferred_language="en")
    html = client.get("/audit?page=2").get_data(as_text=True)
    assert 'href="/language/cy?next=/audit?page%3D2"' in html
    assert client.get("/language/cy?next=/audit?page%3D2").headers["Location"] == "/audit?page=2"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/fr?next=/").status_code == 404


@pytest.mark.parametrize("path", ["/sign-in", "/accessibility", "/privacy", "/no-such-page"])
def test_welsh_pages_carry_no_stray_english_from_the_design_system(client, path):
    html = client.get(path, headers={"Accept-Language": "cy"}).get_data(as_text=True)
    for english in ("Skip to main content", "There is a problem", "Error:", "Menu", "Support links", "Back"):
        assert english not in html, (path, english)
    assert "Neidio i’r prif gynnwys" in html


def test_welsh_and_english_statements_have_the_same_structure(client):
    for path in ("/accessibility", "/privacy"):
        cy = client.get(path, headers={"Accept-Language": "cy"}).get_data(as_text=True)
        en = (
            client.application.test_client()
            .get(path, headers={"Accept-Language": "en"})
            .get_data(as_text=True)
        )
        assert cy.count("<h2") == en.count("<h2") > 2
        assert cy.count("<li") == en.count("<li")


def test_times_show_in_london_time_in_the_readers_language(app):
    moment = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 13, 0, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        assert datetime_local(moment) == "25 Tachwedd 2026, 14:00"
        assert datetime_local(summer) == "1 Gorffennaf 2026, 14:00"
        assert date_long(date(2026, 3, 29)) == "29 Mawrth 2026"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert datetime_local(moment) == "25 November 2026, 14:00"
        assert datetime_local(summer) == "1 July 2026, 14:00"


def test_welsh_plural_forms_are_used_for_counts(app):
    from flask_babel import ngettext

    with app.test_request_context(headers={"Accept-Language": "cy"}):
        forms = [ngettext("%(num)d project", "%(num)d projects", n) for n in (0, 1, 2, 3, 6, 7)]
    assert forms[2] == "2 brosiect" and forms[3] == "3 phrosiect" and forms[4] == "6 phrosiect"
    assert forms[1] == "1 prosiect" and forms[5] == "7 prosiect"
