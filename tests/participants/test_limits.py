"""BK-7: "may this person be asked now, and if not, why" — limits, cool-down, status, and audited overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.participants import limits
from tests.factories import ParticipantFactory, ParticipationFactory, StaffUserFactory

TODAY = date(2026, 11, 25)


@pytest.fixture
def person(app_ctx):
    return ParticipantFactory()


def _took_part(person, *days_ago):
    for days in days_ago:
        ParticipationFactory(participant=person, took_part_on=TODAY - timedelta(days=days))


def test_someone_new_may_be_asked(person):
    decision = limits.may_ask(person, today=TODAY)
    assert decision.allowed and decision.reasons == ()


def test_the_limit_counts_sessions_in_the_rolling_period_only(person):
    _took_part(person, 40, 100, 400)  # the third is outside the 365-day period
    decision = limits.may_ask(person, today=TODAY)
    assert decision.allowed and decision.sessions_in_period == 2
    _took_part(person, 200)
    decision = limits.may_ask(person, today=TODAY)
    assert not decision.allowed and decision.reasons == (limits.OVER_LIMIT,) and decision.overridable


def test_a_cool_down_follows_each_session(person):
    _took_part(person, 10)
    decision = limits.may_ask(person, today=TODAY)
    assert decision.reasons == (limits.COOLING_DOWN,)
    assert decision.next_allowed_on == TODAY + timedelta(days=20)
    assert limits.may_ask(person, today=TODAY + timedelta(days=20)).allowed


@pytest.mark.parametrize(
    "status, reason", [("paused", "paused"), ("opted_out", "opted_out"), ("withdrawn", "withdrawn")]
)
def test_people_who_are_not_active_are_never_asked_and_cannot_be_overridden(person, status, reason):
    from app.participants.status import set_status

    set_status(person, status)
    decision = limits.may_ask(person, today=TODAY)
    assert not decision.allowed and decision.reasons == (reason,) and not decision.overridable
    with pytest.raises(limits.OverrideNotAllowed):
        limits.grant_override(person, "Urgent", actor=None, today=TODAY)


def test_an_override_needs_a_reason_is_audited_and_is_used_once(app, person):
    _took_part(person, 10, 50, 90)
    admin = StaffUserFactory(role="admin")
    with pytest.raises(limits.OverrideNotNeeded):
        limits.grant_override(ParticipantFactory(), "Not needed", actor=admin, today=TODAY)
    limits.grant_override(
        person, "Only Welsh-speaking health board buyer available", actor=admin, today=TODAY
    )
    decision = limits.may_ask(person, today=TODAY)
    assert decision.allowed and decision.override_id is not None
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "participation_limit.override_granted")
    )
    assert event.actor_id == admin.id and event.details["reason"].startswith("Only Welsh-speaking")
    limits.use_override(decision)
    assert not limits.may_ask(person, today=TODAY).allowed


def test_the_register_shows_who_is_over_or_near_the_limit(app_ctx):
    over, near, fine = ParticipantFactory(), ParticipantFactory(), ParticipantFactory()
    _took_part(over, 40, 80, 120)
    _took_part(near, 40, 80)
    assert limits.limit_states([over, near, fine], today=TODAY) == {
        over.id: "over",
        near.id: "near",
        fine.id: "ok",
    }


def test_a_switched_off_limit_allows_everyone_active(person):
    _took_part(person, 1, 2, 3)
    limits.update_limit(
        max_sessions=3, period_days=365, cooldown_days=30, warn_when_remaining=1, active=False
    )
    assert limits.may_ask(person, today=TODAY).allowed


def test_admin_changes_the_limits_and_bad_values_are_refused(app, client, as_role):
    as_role("admin")
    bad = client.post(
        "/participants/limits",
        data={"max_sessions": "0", "period_days": "365", "active": "yes"},
        headers={"Accept-Language": "en"},
    )
    assert bad.status_code == 200 and "Enter a number from 1 to 100" in bad.get_data(as_text=True)
    good = client.post(
        "/participants/limits",
        data={
            "max_sessions": "2",
            "period_days": "180",
            "cooldown_days": "14",
            "warn_when_remaining": "0",
            "active": "yes",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        assert (limits.current_limit().max_sessions, limits.current_limit().period_days) == (2, 180)


def test_researchers_grant_an_override_from_the_participant_page(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        person = ParticipantFactory()
        for days in (5, 60, 100):
            ParticipationFactory(participant=person, days_ago=days, description="Workshop")
        db.session.commit()
    page = client.get(f"/participants/{person.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "They should not be asked to take part now." in page
    empty = client.post(f"/participants/{person.id}/override", data={"reason": ""})
    assert empty.status_code == 400
    assert (
        client.post(f"/participants/{person.id}/override", data={"reason": "Specialist"}).status_code == 302
    )
    with app.app_context():
        assert limits.may_ask(person).allowed
