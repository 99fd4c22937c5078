"""The two steps of the invitations page, as a researcher takes them: check (the form), then send (the check
page's button, which carries the signed list of the people it showed)."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient

_CHECKED = re.compile(r'name="checked"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="checked"')


def check(client: FlaskClient, study: int, entries=(), *, segment: int | None = None, language="en") -> str:
    """Post the form; the check page's HTML (status 200 expected)."""
    data = {"codes": ", ".join(entries)}
    if segment is not None:
        data["segment"] = str(segment)
    response = client.post(f"/studies/{study}/invitations", data=data, headers={"Accept-Language": language})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def checked_token(page: str) -> str:
    """The signed list the check page's "Send invitations" carries."""
    found = _CHECKED.search(page)
    assert found, "the check page has no Send invitations button"
    return html.unescape(found.group(1) or found.group(2))


def send(client: FlaskClient, study: int, page: str, language="en") -> str:
    """Press "Send invitations" on a check page; the page it answers with."""
    response = client.post(
        f"/studies/{study}/invitations/send",
        data={"checked": checked_token(page)},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def invite(client: FlaskClient, study: int, entries=(), *, segment: int | None = None) -> str:
    """Both steps: check, then send; the page after sending."""
    return send(client, study, check(client, study, entries, segment=segment))
