"""SEC-1 (app/common/access.py): every route states who may use it, and each role gets exactly that."""

from __future__ import annotations

import pytest

from app.common.access import ROLES_FOR, Access, access_for_endpoint
from app.extensions import db
from tests.conftest import PASSWORD
from tests.factories import (
    ConsentFormFactory,
    ImportBatchFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    ResearchSessionFactory,
    SegmentFactory,
    StaffUserFactory,
    StudyFactory,
)

ROLES = ["anonymous", "viewer", "researcher", "admin"]


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


def test_every_route_declares_who_may_use_it(app):
    with app.test_request_context():
        missing = [rule.rule for rule, _ in _routes(app) if access_for_endpoint(rule.endpoint) is None]
    assert missing == []


@pytest.fixture
def url_values(app):
    with app.app_context():
        phase = PhaseFactory(project=ProjectFactory(slug="walk"))
        other = StaffUserFactory(role="viewer", email="walked@example.org")
        participant = ParticipantFactory()
        segment = SegmentFactory(name="Walked segment")
        form = ConsentFormFactory(blank=True, title_cy="Ffurflen", title_en="Form")
        batch = ImportBatchFactory(filename="walk.csv", content="full_name,email\n")
        research_session = ResearchSessionFactory(study=StudyFactory(phase=phase))
        db.session.commit()
        return {
            "slug": "walk",
            "phase_id": phase.id,
            "user_id": other.id,
            "code": "en",
            "participant_id": participant.id,
            "segment_id": segment.id,
            "form_id": form.id,
            "batch_id": batch.id,
            "token": "not-a-valid-link",
            "message_id": 1,
            "study_id": research_session.study_id,
            "session_id": research_session.id,
            "booking_id": 1,
        }


def _expected(level: Access, role: str) -> str:
    if level in (Access.PUBLIC, Access.PARTICIPANT_LINK):
        return "allowed"  # its own checks: tests/portal/, tests/participants/test_links.py
    if role == "anonymous":
        return "sign-in"
    return "allowed" if role in ROLES_FOR[level] else "forbidden"


@pytest.mark.parametrize("role", ROLES)
def test_walk_every_route_as_each_role(app, url_values, role):
    client = app.test_client()
    if role != "anonymous":
        with app.app_context():
            user = StaffUserFactory(role=role)
            db.session.commit()
        assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    checked = 0
    problems = []
    for rule, method in _routes(app):
        if rule.endpoint == "accounts.sign_out":
            continue  # signing out would end the walk; tests/accounts/test_sign_in.py covers it
        with app.test_request_context():
            level = access_for_endpoint(rule.endpoint)
        url = rule.build({k: url_values[k] for k in rule.arguments}, append_unknown=False)[1]
        response = client.open(url, method=method, data={})
        expected = _expected(level, role)
        status = response.status_code
        if expected == "sign-in":
            ok = status == 302 and "/sign-in" in response.headers["Location"]
        elif expected == "forbidden":
            ok = status == 403
        else:
            ok = status not in (401, 403) and status < 500
        if not ok:
            problems.append(f"{method} {url} as {role}: expected {expected}, got {status}")
        checked += 1
    assert checked > 10
    assert problems == []
