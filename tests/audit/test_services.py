"""DP-8: record_event names who acted, from where, and when."""

from __future__ import annotations

from app.audit.services import record_event
from tests.factories import StaffUserFactory


def test_record_event_names_the_signed_in_actor_and_the_request_address(app, create):
    user = create(StaffUserFactory, role="researcher")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        from flask_login import login_user

        from app.accounts import sessions

        sessions.start(user)
        login_user(user)
        event = record_event("project.created", target_type="project", target_id="cyd")
        assert event.actor_id == user.id and event.actor_label == user.email
        assert event.ip_address == "192.0.2.7" and event.occurred_at.tzinfo is not None


def test_record_event_outside_a_request_is_profi_itself(app):
    with app.app_context():
        event = record_event("retention.run", details={"removed": 0})
        assert event.actor_id is None and event.actor_label == "system" and event.outcome == "success"
