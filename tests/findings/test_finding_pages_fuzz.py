"""Generated input for the findings pages' forms and filters (issue 10, "Bad input"): never a server error, and a
refused form keeps nothing (a 400 rolls the request back)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.findings.models import Evidence, Finding, FindingRound, FindingStandard, Recommendation
from tests.findings.page_data import finding_citing, make_project

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.one_of(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40),
    st.text(alphabet="âêîôûŵŷÂŴŶäëáàLlŷr<>'’\";%_\\\r\n\t=+-@0123456789", max_size=30),
    st.just("x" * 3000),
    st.sampled_from(
        [
            "",
            " ",
            "1",
            "4",
            "0",
            "-1",
            "2147483648",
            "9" * 40,
            "problem",
            "positive",
            "new",
            "fixed",
            "wales-2",
            "govuk-14",
            "wales-99",
            "high",
            "done",
            "١",
            "'; DROP TABLE finding; --",
        ]
    ),
)
values = st.one_of(text, st.lists(text, max_size=4))


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: values for name in names})


FINDING = [
    "phase",
    "statement_cy",
    "statement_en",
    "kind",
    "severity",
    "status",
    "study",
    "standards_wales",
    "standards_govuk",
]
RECOMMENDATION = ["text_cy", "text_en", "owner", "priority", "status"]
FILTERS = ["phase", "study", "kind", "severity", "status", "tag", "standard", "session", "page"]


def _state() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Finding, FindingRound, FindingStandard, Evidence, Recommendation)
    )


def _setup(app):
    with app.app_context():
        ids, said = make_project(2)
        other, other_said = make_project(1)
        finding = finding_citing(said[0].study, said[:1])
        return ids, finding.id, [str(o.id) for o in said + other_said]


def _post_and_check(app, client, path, data):
    with app.app_context():
        before = _state()
    response = client.post(path, data=data)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code != 302:
        with app.app_context():
            assert _state() == before, path


def test_the_finding_forms_survive_any_input(app, client, as_role):
    as_role("researcher")
    ids, finding_id, _observations = _setup(app)
    base = f"/projects/{ids.slug}/findings"

    @FUZZ
    @given(_fields(FINDING))
    def run(data):
        _post_and_check(app, client, f"{base}/new", data)
        _post_and_check(app, client, f"{base}/{finding_id}/edit", data)

    run()


def test_the_recommendation_carry_and_status_forms_survive_any_input(app, client, as_role):
    as_role("researcher")
    ids, finding_id, _observations = _setup(app)
    base = f"/projects/{ids.slug}/findings/{finding_id}"

    @FUZZ
    @given(_fields(RECOMMENDATION), _fields(["phase", "note"]), _fields(["status"]))
    def run(recommendation, carry, outcome):
        _post_and_check(app, client, f"{base}/recommendations/new", recommendation)
        _post_and_check(app, client, f"{base}/carry", carry)
        _post_and_check(app, client, f"{base}/phases/{ids.phase_id}/status", outcome)

    run()


def test_citing_evidence_survives_any_ids(app, client, as_role):
    as_role("researcher")
    ids, finding_id, observations = _setup(app)
    path = f"/projects/{ids.slug}/findings/{finding_id}/evidence"
    choice = st.one_of(st.sampled_from(observations), text)

    @FUZZ
    @given(st.lists(choice, max_size=5))
    def run(chosen):
        with app.app_context():
            before = _state()
        response = client.post(path, data={"observations": chosen})
        assert response.status_code < 500
        if response.status_code != 302:
            with app.app_context():
                assert _state() == before
        with app.app_context():  # never a link to another project's observation
            linked = set(
                db.session.scalars(select(Evidence.observation_id).where(Evidence.finding_id == finding_id))
            )
        assert {str(i) for i in linked} <= set(observations[:2])

    run()


def test_the_list_and_picker_filters_survive_any_query(app, client, as_role):
    as_role("researcher")
    ids, finding_id, _observations = _setup(app)

    @FUZZ
    @given(st.lists(st.tuples(st.sampled_from(FILTERS), text), max_size=6))
    def run(pairs):
        for path in (
            f"/projects/{ids.slug}/findings",
            f"/projects/{ids.slug}/findings/{finding_id}/evidence",
            f"/projects/{ids.slug}/findings/new",
            f"/projects/{ids.slug}/findings/{finding_id}/carry",
        ):
            assert client.get(path, query_string=pairs).status_code == 200

    run()
