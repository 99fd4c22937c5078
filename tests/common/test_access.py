"""SEC-1 (app/common/access.py): every route states who may use it, and each role gets exactly that."""

from __future__ import annotations

import pytest

from app.common.access import ROLES_FOR, Access, access_for_endpoint
from tests.common.route_walk import ROLES, real_values_for, routes, signed_in_client
from tests.common.route_walk import url_values as make_url_values


def test_every_route_declares_who_may_use_it(app):
    with app.test_request_context():
        missing = [rule.rule for rule, _ in routes(app) if access_for_endpoint(rule.endpoint) is None]
    assert missing == []


@pytest.fixture
def url_values(app):
    return make_url_values(app)


def _expected(level: Access, role: str) -> str:
    if level in (Access.PUBLIC, Access.PARTICIPANT_LINK):
        return "allowed"  # its own checks: tests/portal/, tests/participants/test_links.py
    if role == "anonymous":
        return "sign-in"
    return "allowed" if role in ROLES_FOR[level] else "forbidden"


@pytest.mark.parametrize("role", ROLES)
def test_walk_every_route_as_each_role(app, url_values, role):
    client = signed_in_client(app, role)
    checked = 0
    problems = []
    for rule, method in routes(app):
        if rule.endpoint == "accounts.sign_out":
            continue  # signing out would end the walk; tests/accounts/test_sign_in.py covers it
        with app.test_request_context():
            level = access_for_endpoint(rule.endpoint)
        url = rule.build(real_values_for(app, rule, url_values), append_unknown=False)[1]
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
