"""Every route, with hostile path and query values, as each role: never a server error (issue 9, item 6).

Each example is one set of hostile values, applied to every route of the walk in tests/common/route_walk.py
(GET, and POST through the test client, which sends no CSRF token and needs none): path parts get integers from
far outside any column (negative, 0, 2^31, 2^63, 2^64, -2^63, 10^400), strings of digits and, for text parts,
hostile text, or keep their real row (a participant's real links among them, so the pages behind them are
reached); every request carries the query parameters the views read (page, segment, the register's filter, the
audit filter, week, person, next, language …) with huge, negative, non-numeric, long and non-ASCII values, and
a POST carries them as form fields too. NUL bytes are left out: they are refused before any view runs
(tests/common/test_security.py).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from app.common.converters import MAX_ID
from tests.common.route_walk import ROLES, real_values_for, routes, signed_in_client, url_values

FUZZ = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EDGE_NUMBERS = (0, -1, MAX_ID, MAX_ID + 1, 2**32, 2**63 - 1, 2**63, 2**64, -(2**63), -(2**63) - 1, 10**400)
# Every name a view or a template reads from the query string (request.args, bounded_int, paging, FilterForm,
# AuditFilterForm, the week calendar, safe_next), and the ids a form posts (session, form_version, facilitators,
# the theme board's observation and themes).
QUERY_NAMES = (
    "page",
    "segment",
    "sort",
    "q",
    "organisation",
    "job_role",
    "organisation_type",
    "region",
    "seniority",
    "preferred_language",
    "welsh_willingness",
    "recruited_via",
    "status",
    "has_adjustments",
    "min_years",
    "max_years",
    "action",
    "actor",
    "target",
    "outcome",
    "since",
    "until",
    "week",
    "person",
    "next",
    "language",
    "column_0",
    "study",
    "study_id",
    "session",
    "session_id",
    "booking",
    "participant",
    "form_version",
    "facilitators",
    "kind",  # the session log keeps participant, kind and language after "Save and add another"
    "saved",
    "observation",
    "theme",
    "from_theme",
    "rename-theme",
    "merge-source",
    "merge-target",
    "phase",
    "severity",
    "tag",
    "standard",
    "observations",
    # the findings search (app/findings/search_form.py)
    "show",
    "observation_kind",
    "finding_kind",
    "findings_page",
    "observations_page",
)
SPECIAL_TEXT = (
    "",
    " ",
    "-",
    "1e309",
    "nan",
    "-inf",
    "0x1F",
    "1_000",
    " 7 ",
    "+5",
    "1.5",
    "٣",  # an Arabic-Indic digit: str.isdigit() and int() accept it
    "１２",  # full-width digits, likewise
    "9" * 400,
    "x" * 5000,
    "Llŷr ŵ",
    "\u202e",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "2000-02-30",
    "9999-12-31",
    "0001-01-01",
    "'; DROP TABLE participant; --",
    "<script>alert(1)</script>",
    "%",
)

numbers = st.one_of(st.sampled_from(EDGE_NUMBERS), st.integers(min_value=-(2**65), max_value=2**65))
digits = st.text(alphabet="0123456789", min_size=1, max_size=30)
hostile_text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=20),
)
hostile_value = st.one_of(numbers.map(str), digits, hostile_text)
query = st.lists(st.tuples(st.sampled_from(QUERY_NAMES), hostile_value), max_size=6)

ID_PARTS = ("phase_id", "user_id", "participant_id", "segment_id", "form_id", "batch_id", "message_id")
ID_PARTS += ("study_id", "session_id", "booking_id", "upload_id")
ID_PARTS += ("finding_id", "observation_id", "recommendation_id")
TEXT_PARTS = ("slug", "token", "code")
# One value for every part of a path, by its name; None keeps the real row's.
path_values = st.fixed_dictionaries(
    {
        **{name: st.one_of(st.none(), numbers.map(str), digits) for name in ID_PARTS},
        **{name: st.one_of(st.none(), hostile_text, numbers.map(str)) for name in TEXT_PARTS},
    }
)


def _path(rule, real: dict, chosen: dict[str, str | None]) -> str:
    parts = {name: quote(str(real[name] if chosen[name] is None else chosen[name]), safe="") for name in real}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda found: parts[found.group(1)], rule.rule)


def test_the_walk_names_every_part_of_every_path(app):
    """Guards the strategies above: a new route with a part they do not know would otherwise fail with KeyError
    in the middle of the walk, or a new part would go unfuzzed."""
    parts = {name for rule, _ in routes(app) for name in rule.arguments}
    assert parts == set(ID_PARTS) | set(TEXT_PARTS)


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_a_server_error_for_hostile_ids_and_query_values(app, role):
    real = url_values(app)
    client = signed_in_client(app, role)
    walk = [(rule, method, real_values_for(app, rule, real)) for rule, method in routes(app)]
    walk = [step for step in walk if step[0].endpoint != "accounts.sign_out"]  # it would end the walk

    @FUZZ
    @given(path_values, query)
    @example({name: str(2**63) for name in ID_PARTS} | dict.fromkeys(TEXT_PARTS), [("page", str(2**63))])
    @example(
        {name: str(-(2**63)) for name in ID_PARTS} | {name: "9" * 400 for name in TEXT_PARTS},
        [(name, "9" * 400) for name in QUERY_NAMES],
    )
    @example({name: "0" * 25 + "1" for name in ID_PARTS} | dict.fromkeys(TEXT_PARTS), [("page", "-1")])
    def walk_every_route(chosen, pairs):
        for rule, method, values in walk:
            url = _path(rule, values, chosen) + ("?" + urlencode(pairs) if pairs else "")
            data = MultiDict(pairs) if method == "POST" else None
            status = client.open(url, method=method, data=data).status_code
            assert status < 500, f"{method} {url[:300]} as {role}: {status}"
        if role != "anonymous":
            assert client.get("/").status_code == 200, "the walk signed the member of staff out"

    walk_every_route()
