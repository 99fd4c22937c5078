"""DP-8: admins browse and filter the audit trail; nobody else sees it."""

from __future__ import annotations

from datetime import UTC, datetime

from app.extensions import db
from tests.factories import AuditEventFactory


def test_admin_filters_the_audit_log(app, client, as_role):
    as_role("admin")
    with app.app_context():
        AuditEventFactory(action="project.created", actor_label="rhodri@example.org", target_id="cyd")
        AuditEventFactory(action="project.updated", actor_label="ffion@example.org", target_id="cofrestr")
        AuditEventFactory(
            action="auth.sign_in",
            outcome="failure",
            subject="gwen@example.org",
            target_id="gwen@example.org",
            occurred_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        )
        db.session.commit()

    def rows(query: str) -> str:
        response = client.get("/audit" + query, headers={"Accept-Language": "en"})
        assert response.status_code == 200
        return response.get_data(as_text=True).split("<tbody", 1)[1]  # the rows, not the filter's options

    html = rows("?action=project.")
    assert "Project created" in html and "Project changed" in html and "gwen@example.org" not in html
    html = rows("?actor=rhodri")
    assert "Project created" in html and "Project changed" not in html
    html = rows("?outcome=failure")
    assert "gwen@example.org" in html and "Project created" not in html
    html = rows("?target=cofrestr")
    assert "Project changed" in html and "Project created" not in html
    # 00:30 UTC on 29 March 2026 is 00:30 in London (the clocks go forward at 01:00 UTC).
    html = rows("?since=29&since=3&since=2026&until=29&until=3&until=2026")
    assert "gwen@example.org" in html and "Project created" not in html


def test_a_bad_date_in_the_filter_is_explained_not_an_error(app, client, as_role):
    as_role("admin", preferred_language="cy")
    response = client.get("/audit?since=31&since=2&since=2026")
    assert response.status_code == 200
    assert "Mae problem wedi codi" in response.get_data(as_text=True)


def test_audit_log_pages(app, client, as_role):
    as_role("admin")
    app.config["PAGE_SIZE"] = 2
    try:
        with app.app_context():
            for n in range(5):
                AuditEventFactory(action=f"test.event{n}")
            db.session.commit()
        first = client.get("/audit?action=test.").get_data(as_text=True).split("<tbody", 1)[1]
        third = client.get("/audit?action=test.&page=3").get_data(as_text=True).split("<tbody", 1)[1]
    finally:
        app.config["PAGE_SIZE"] = 50
    assert "test.event4" in first and "test.event0" not in first
    assert "test.event0" in third and "test.event4" not in third


def test_researchers_and_viewers_cannot_see_the_audit_log(client, as_role):
    as_role("researcher")
    assert client.get("/audit").status_code == 403
