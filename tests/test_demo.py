"""Demo data: the Cyd programme, a second project and one account per role; loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.extensions import db
from app.projects.models import Phase, Project


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (StaffUser, Project, Phase))


def test_no_account_exists_outside_demo_mode(app):
    with app.app_context():
        assert _counts() == (0, 0, 0)


def test_demo_load_refuses_outside_demo_mode(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "PROFI_DEMO=1" in result.output
    with app.app_context():
        assert _counts() == (0, 0, 0)


def test_demo_load_is_idempotent_and_makes_the_cyd_programme(app, client):
    app.config.update(PROFI_DEMO=True, PROFI_DEMO_PASSWORD="a-demo-password")
    try:
        runner = app.test_cli_runner()
        first = runner.invoke(args=["demo", "load"])
        assert first.exit_code == 0, first.output
        with app.app_context():
            after_first = _counts()
        second = runner.invoke(args=["demo", "load"])
        assert "0 account(s), 0 project(s), 0 participant(s) and 0 email(s)" in second.output
        with app.app_context():
            assert _counts() == after_first == (3, 2, 4)
            cyd = db.session.scalar(select(Project).where(Project.slug == "cyd"))
            phases = {p.kind: p for p in cyd.phases}
            assert phases["discovery"].starts_on.year == 2021 and phases["discovery"].ends_on.year == 2022
            assert cyd.current_phase.kind == "alpha"
            questions = " ".join(phases["alpha"].research_questions("en")).lower()
            for theme in ("community", "best practice", "insight", "training", "net zero"):
                assert theme in questions
    finally:
        app.config.update(PROFI_DEMO=False)
    for email in ("admin@example.org", "researcher@example.org", "viewer@example.org"):
        response = client.post("/sign-in", data={"email": email, "password": "a-demo-password"})
        assert response.status_code == 302, email
        client.post("/sign-out")


def test_first_start_loads_demo_data_only_into_an_empty_database(app):
    app.config.update(PROFI_DEMO=True)
    try:
        runner = app.test_cli_runner()
        with app.app_context():
            from tests.factories import StaffUserFactory

            StaffUserFactory(role="admin")
            db.session.commit()
        result = runner.invoke(args=["demo", "load", "--if-empty"])
        assert result.exit_code == 0 and "not loaded" in result.output
        with app.app_context():
            assert _counts() == (1, 0, 0)
    finally:
        app.config.update(PROFI_DEMO=False)
