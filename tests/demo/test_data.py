"""Demo data: the Cyd programme, a second project, one account per role, two consent form versions and two
studies; loading twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.common.uk_time import LONDON
from app.consent import services
from app.consent.models import ConsentForm, ConsentRecord
from app.demo.consent_data import load_consent_demo
from app.extensions import db
from app.projects.models import Phase, Project
from tests.factories import StaffUserFactory


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


def test_demo_studies_load_once_with_a_full_workshop_a_welsh_session_and_invitations(app):
    from app.booking.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
    from app.mail.models import OutboxMessage
    from app.models_base import utcnow
    from app.studies.models import ResearchSession, SessionLanguage, Study
    from app.studies.welsh_medium import language_summary

    app.config.update(PROFI_DEMO=True, PROFI_DEMO_PASSWORD="a-demo-password")
    try:
        runner = app.test_cli_runner()
        first = runner.invoke(args=["demo", "load"])
        assert first.exit_code == 0, first.output
        assert "2 study(ies)" in first.output
        second = runner.invoke(args=["demo", "load"])
        assert second.exit_code == 0 and "0 study(ies)" in second.output, second.output
    finally:
        app.config.update(PROFI_DEMO=False)
    with app.app_context():
        # The two studies studies_data makes, plus alpha round 1 and the planned beta study (findings_data).
        assert db.session.scalar(select(func.count()).select_from(Study)) == 4
        cyd = db.session.scalar(select(Project).where(Project.slug == "cyd"))
        phases = {p.kind: p for p in cyd.phases}

        (discovery,) = db.session.scalars(select(Study).where(Study.phase_id == phases["discovery"].id))
        summary = language_summary(discovery)
        assert summary.ran >= 6 and 0 < summary.welsh_medium < summary.ran
        attended = db.session.scalar(
            select(func.count())
            .select_from(Booking)
            .join(ResearchSession)
            .where(ResearchSession.study_id == discovery.id, Booking.status == BookingStatus.ATTENDED)
        )
        assert attended == summary.ran

        alpha = db.session.scalar(
            select(Study).where(
                Study.phase_id == phases["alpha"].id, Study.title_en == "Sharing best practice"
            )
        )
        assert alpha.title_cy == "Rhannu arferion gorau"
        sessions = list(
            db.session.scalars(select(ResearchSession).where(ResearchSession.study_id == alpha.id))
        )
        now = utcnow()
        assert all(now < s.starts_at < now + timedelta(days=15) for s in sessions)
        assert all(s.starts_at.astimezone(LONDON).weekday() < 5 for s in sessions)
        assert all(
            9 <= s.starts_at.astimezone(LONDON).hour and s.ends_at.astimezone(LONDON).hour <= 17
            for s in sessions
        )
        workshop = next(s for s in sessions if s.capacity == 6)
        live = [
            b
            for b in db.session.scalars(select(Booking).where(Booking.research_session_id == workshop.id))
            if b.status == BookingStatus.BOOKED
        ]
        assert len(live) == workshop.booked_count == 6
        waiting = db.session.scalar(
            select(func.count())
            .select_from(WaitlistEntry)
            .where(WaitlistEntry.study_id == alpha.id, WaitlistEntry.status == WaitlistStatus.WAITING)
        )
        assert waiting == 2
        welsh = [s for s in sessions if s.capacity == 1 and s.language == SessionLanguage.WELSH]
        assert len(welsh) == 1 and welsh[0].booked_count == 1
        assert any(s.booked_count == 1 for s in sessions if s.language == SessionLanguage.ENGLISH)

        invitations = list(
            db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "booking_invitation"))
        )
        assert {m.language for m in invitations} == {"cy", "en", "cy+en"}
        assert all(f"/studies/{alpha.id}" in m.body_text for m in invitations)
        assert all("Rhannu arferion gorau" in m.body_text for m in invitations if m.language != "en")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_versions_are_complete_published_in_order_and_loaded_once(app_ctx):
    admin = StaffUserFactory(role="admin")
    first, second = load_consent_demo(admin)
    assert (first.version, second.version) == (1, 2)
    assert first.is_published and second.is_published and first.published_at < second.published_at
    assert services.missing_text(first) == [] and services.missing_text(second) == []
    assert services.current_form().id == second.id
    assert "chwe mis" in second.section("retention", "cy") and "12 months" in first.section("retention", "en")
    assert load_consent_demo(admin) == (first, second)
    assert _count(ConsentForm) == 2 and _count(ConsentRecord) == 0
