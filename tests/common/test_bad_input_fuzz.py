"""Generated input for every foundation form: never a server error, never a half-write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.extensions import db
from app.projects.models import Phase, Project
from tests.factories import ProjectFactory

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that includes Welsh letters, control characters, markup, SQL-ish and very long strings.
text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet="âêîôûŵŷÂŴŶäëáàLlŷr<>'\";%_\\\x00\r\n\t=+-@", max_size=30),
    st.just("x" * 5000),
    st.sampled_from(["", " ", "'; DROP TABLE project; --", "<script>alert(1)</script>", "=HYPERLINK(1)"]),
)
form_values = st.one_of(text, st.lists(text, max_size=4))


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (StaffUser, Project, Phase))


def _fuzz(app, client, path: str, fields: list[str], data, allowed_to_create: bool = False):
    with app.app_context():
        before = _counts()
    response = client.post(path, data={name: data.get(name, "") for name in fields})
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code != 302 and not allowed_to_create:
        with app.app_context():
            assert _counts() == before


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: form_values for name in names})


SIGN_IN = ["email", "password"]
STAFF = ["name", "email", "role", "preferred_language", "password"]
PROJECT = ["name_cy", "name_en", "summary_cy", "summary_en", "slug"]
PHASE = ["kind", "starts_on", "ends_on", "is_current", "research_questions_cy", "research_questions_en"]
ACCOUNT = ["details-name", "details-preferred_language", "details-submit"]


def test_sign_in_survives_any_input(app, client):
    @FUZZ
    @given(_fields(SIGN_IN))
    def run(data):
        response = client.post("/sign-in", data=data)
        assert response.status_code < 500

    run()


def test_staff_form_survives_any_input(app, client, as_role):
    as_role("admin")

    @FUZZ
    @given(_fields(STAFF))
    def run(data):
        _fuzz(app, client, "/staff/new", STAFF, data)

    run()


def test_project_form_survives_any_input(app, client, as_role):
    as_role("researcher")

    @FUZZ
    @given(_fields(PROJECT))
    def run(data):
        _fuzz(app, client, "/projects/new", PROJECT, data)

    run()


def test_phase_form_survives_any_input(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ProjectFactory(slug="fuzz")
        db.session.commit()

    @FUZZ
    @given(_fields(PHASE))
    def run(data):
        _fuzz(app, client, "/projects/fuzz/phases/new", PHASE, data)

    run()


def test_own_details_and_audit_filter_survive_any_input(app, client, as_role):
    as_role("admin")

    @FUZZ
    @given(_fields(ACCOUNT), _fields(["action", "actor", "target", "outcome", "since", "until", "page"]))
    def run(details, query):
        assert client.post("/account", data=details).status_code < 500
        assert client.get("/audit", query_string=query).status_code < 500

    run()
