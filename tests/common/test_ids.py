"""An id or page number no database could hold is "not found" (or clamped), never a server error: every route
with a numeric part, for an admin (who may open them all), with 2^31 and 2^63 in each."""

from __future__ import annotations

import re

import pytest

HUGE = (2**31, 2**63, 10**20)


def _numeric_paths(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "int:" not in rule.rule and not any(
            type(c).__name__ == "IdConverter" for c in rule._converters.values()
        ):
            continue
        paths.append(rule.rule)
    return sorted(set(paths))


@pytest.mark.parametrize("huge", HUGE)
def test_every_route_answers_not_found_for_an_id_too_large_for_any_database(app, client, as_role, huge):
    as_role("admin")
    paths = _numeric_paths(app)
    assert len(paths) > 20
    for rule in paths:
        path = re.sub(r"<int:\w+>", str(huge), rule)
        path = re.sub(r"<(?:string:)?\w+>", "x", path)
        for method in ("GET", "POST"):
            status = client.open(path, method=method).status_code
            assert status in (404, 405), (method, path, status)  # 405: another route of that path, for GET


@pytest.mark.parametrize("path", ["/audit", "/participants", "/coverage", "/participants/export"])
def test_page_and_segment_numbers_too_large_for_any_database_are_clamped(client, as_role, path):
    as_role("admin")
    for query in ("page=99999999999999999999", "segment=99999999999999999999", "page=-5", "page=abc"):
        assert client.get(f"{path}?{query}").status_code < 500, (path, query)
