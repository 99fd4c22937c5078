"""Migration 0007: who was invited moves from the audit trail into the invitation table, rows and all."""

from __future__ import annotations

import json

import flask_migrate
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests import databases
from tests.conftest import MIGRATIONS, config_for
from tests.factories import ParticipantFactory, StaffUserFactory, StudyFactory


def test_existing_invitations_and_reminders_are_copied_from_the_audit_trail():
    app = create_app(config_for(databases.make_database("invitation_migration")))
    with app.app_context():
        # Rows made at the head by the models, then the schema taken back to 0006, before invitations had a table.
        flask_migrate.upgrade(directory=MIGRATIONS)
        staff = StaffUserFactory().id
        study = StudyFactory().id
        people = [ParticipantFactory() for _ in range(3)]
        codes = [p.code for p in people]
        ids = [p.id for p in people]
        db.session.commit()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0006")
        events = [
            ("invitation.sent", codes[0], "2026-11-02 09:00:00"),
            ("invitation.sent", codes[1], "2026-11-02 09:00:01"),
            ("invitation.reminded", codes[1], "2026-11-05 09:00:00"),
            ("invitation.reminded", codes[1], "2026-11-09 09:00:00"),
            ("invitation.sent", codes[0], "2026-11-03 09:00:00"),  # a repeat (there was no unique rule)
            ("invitation.sent", "P-9999", "2026-11-02 09:00:02"),  # nobody has this code any more
            ("invitation.reminded", codes[2], "2026-11-05 09:00:00"),  # reminded but never invited: ignored
        ]
        for action, code, occurred in events:
            db.session.execute(
                text(
                    "INSERT INTO audit_event (occurred_at, actor_id, actor_label, action, target_type, target_id, "
                    "subject, outcome, ip_address, details) VALUES (:at, :staff, '', :action, 'study', :study, "
                    "'', 'success', '', :details)"
                ),
                {
                    "at": occurred,
                    "staff": staff,
                    "action": action,
                    "study": str(study),
                    "details": json.dumps({"participant": code}),
                },
            )
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0007")
        rows = db.session.execute(
            text(
                "SELECT participant_id, invited_by_id, reminder_count, last_reminded_at IS NOT NULL "
                "FROM invitation WHERE study_id = :study ORDER BY participant_id"
            ),
            {"study": study},
        ).all()
        db.session.remove()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0006")
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [(ids[0], staff, 0, False), (ids[1], staff, 2, True)]
