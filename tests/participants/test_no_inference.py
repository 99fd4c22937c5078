"""Nobody filters, sorts or segments the register by a field they cannot see (issue 9; DP-3): a viewer's filter on
how people were recruited filters nothing, and a segment that filters on adjustments is visible only to admins."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.conftest import sign_in
from tests.factories import ParticipantFactory, SegmentFactory, StaffUserFactory

EN = {"Accept-Language": "en"}


def _count(client, query: str) -> str:
    page = client.get(f"/participants{query}", headers=EN).get_data(as_text=True)
    return page.split('<caption id="participants-caption"', 1)[1].split(">", 1)[1].split("<", 1)[0]


def _signed_in(app, create, role: str):
    other = app.test_client()
    sign_in(other, create(StaffUserFactory, role=role))
    return other


def test_a_viewers_filter_on_a_field_they_cannot_see_filters_nothing(app, client, as_role, create):
    with app.app_context():
        ParticipantFactory.create_batch(3, recruited_via="event")
        ParticipantFactory.create_batch(2, recruited_via="other")
        db.session.commit()
    researcher = _signed_in(app, create, "researcher")
    assert _count(researcher, "?recruited_via=event") == "3 participants"
    as_role("viewer")
    assert _count(client, "?recruited_via=event") == "5 participants"
    assert _count(client, "?has_adjustments=yes") == "5 participants"


@pytest.mark.parametrize("role", ["viewer", "researcher"])
def test_a_segment_on_adjustments_is_for_admins_only(app, client, as_role, create, role):
    with app.app_context():
        ParticipantFactory(adjustments="Captions")
        ParticipantFactory()
        db.session.commit()
    segment = create(SegmentFactory, name="Angen addasiadau", filters={"has_adjustments": "yes"})
    as_role(role)
    for path in ("/participants", "/coverage"):
        assert "Angen addasiadau" not in client.get(path, headers=EN).get_data(as_text=True)
    assert _count(client, f"?segment={segment.id}") == "2 participants"  # as if there were no such segment
    assert client.post(f"/participants/segments/{segment.id}/delete").status_code in (403, 404)
    admin = _signed_in(app, create, "admin")
    assert "Angen addasiadau" in admin.get("/participants", headers=EN).get_data(as_text=True)
    assert _count(admin, f"?segment={segment.id}") == "1 participant"


def test_a_viewer_is_offered_only_the_orders_they_may_use(app, client, as_role, create):
    researcher = _signed_in(app, create, "researcher")
    offered = researcher.get("/participants", headers=EN).get_data(as_text=True)
    assert '<option value="name"' in offered and '<option value="organisation"' in offered
    as_role("viewer")
    page = client.get("/participants?sort=name", headers=EN).get_data(as_text=True)
    assert '<option value="name"' not in page and '<option value="organisation"' not in page
    assert '<option value="code" selected' in page
