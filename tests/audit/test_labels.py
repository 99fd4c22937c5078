"""The audit log in words in the reader's language (issue 9, item 8; WL-1): every action any code records has
words, records are named, and an action a participant took from their own link shows their code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.audit import labels
from app.extensions import db
from app.participants import links
from tests.factories import AuditEventFactory, ParticipantFactory

APP = Path(__file__).resolve().parents[2] / "app"
DYNAMIC = {  # actions built at run time, and every value they can take
    "f'portal.{kind}_sent'": {"portal.participant_link_sent", "portal.consent_request_sent"},
    "action": {"calendar_feed.created", "calendar_feed.reset"},
}


def _recorded_actions() -> set[str]:
    constants: dict[str, str] = {}
    calls: list[ast.expr] = []
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                if isinstance(node.value.value, str) and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value.value):
                    constants.update(
                        {t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)}
                    )
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record_event" and node.args:
                calls.append(node.args[0])
    found: set[str] = set()
    for first in calls:
        options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        for option in options:
            if isinstance(option, ast.Constant):
                found.add(option.value)
            elif isinstance(option, ast.Name) and option.id in constants:
                found.add(constants[option.id])
            else:
                found |= DYNAMIC[ast.unparse(option)]  # a KeyError here: a new dynamic action to list above
    return found


def test_every_action_the_code_records_has_words():
    recorded = _recorded_actions()
    assert len(recorded) > 50
    assert sorted(recorded - set(labels.ACTIONS)) == []


@pytest.mark.parametrize("language", ["cy", "en"])
def test_the_audit_log_shows_no_codes(app, client, as_role, language):
    as_role("admin", preferred_language=language)
    with app.app_context():
        AuditEventFactory(action="research_session.updated", target_type="research_session", target_id="23")
        AuditEventFactory(action="auth.sign_in", target_type="staff_user", target_id="1")
        db.session.commit()
    html = client.get("/audit", headers={"Accept-Language": language}).get_data(as_text=True)
    page = re.sub(r"<[^>]+>", " ", html)  # what a reader sees: no attribute values (option values keep codes)
    assert "research_session" not in page and "auth.sign_in" not in page and "staff_user" not in page
    words = {
        "cy": ("Sesiwn ymchwil wedi’i newid", "Sesiwn ymchwil 23"),
        "en": ("Research session changed", "Research session 23"),
    }[language]
    assert all(word in page for word in words)


def test_an_action_a_participant_took_shows_their_code(app, client, as_role):
    with app.app_context():
        person = ParticipantFactory(consented=True)
        db.session.commit()
        token, code = links.current_token(person), person.code
    assert client.post(f"/p/{token}/opt-out").status_code == 200
    as_role("admin", preferred_language="cy")
    rows = (
        client.get("/audit", headers={"Accept-Language": "cy"}).get_data(as_text=True).split("<tbody", 1)[1]
    )
    assert f"Cyfranogwr {code}, drwy ei ddolen bersonol" in rows


def test_the_outbox_recipient_column_is_at_and_the_date_range_hyd_at(client, as_role):
    as_role("admin", preferred_language="cy")
    outbox = client.get("/outbox", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert '<th scope="col" class="govuk-table__header">At</th>' in outbox and "Hyd at" not in outbox
    assert "Hyd at" in client.get("/audit", headers={"Accept-Language": "cy"}).get_data(as_text=True)
