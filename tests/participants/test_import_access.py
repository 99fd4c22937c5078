"""Who may open an uploaded file waiting for import (imports.get_batch): its uploader and admins only (DP-3).

A file's rows are people's details, adjustments included. Anyone else gets "not found", so a batch number
reveals nothing, and nothing about the file changes. The adjustments column's cells never reach a reader who
may not see adjustments, through the first-value hints, a column mapped elsewhere or an error message.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.participants import imports
from app.participants.models import ImportBatch, Participant
from tests.factories import ImportBatchFactory, StaffUserFactory

EN = {"Accept-Language": "en"}
SECRET = "Hearing loop and live captions"
HEADINGS = [
    "Full name",
    "Email",
    "Organisation",
    "Type of organisation",
    "Region",
    "Seniority",
    "Adjustments",
]
ROW = ["Siân Ŵyn", "sian@example.org", "Cyngor Gwynedd", "Local authority", "North Wales", "Manager", SECRET]
GUESSED = {
    f"column_{i}": name
    for i, name in enumerate(
        ["full_name", "email", "organisation", "organisation_type", "region", "seniority"]
    )
}


def content() -> str:
    out = io.StringIO()
    csv.writer(out).writerows([HEADINGS, ROW])
    return out.getvalue()


@pytest.fixture
def batch_of(create):
    """A file uploaded by a new member of staff with this role (or by nobody known: None)."""

    def make(role: str | None, **fields) -> ImportBatch:
        owner_id = create(StaffUserFactory, role=role).id if role else None
        return create(ImportBatchFactory, content=content(), created_by_id=owner_id, **fields)

    return make


def attempts(batch_id: int) -> dict[str, tuple[str, str, dict]]:
    """Every way into a batch: (method, path, form or query data)."""
    path = f"/participants/import/{batch_id}"
    # Mapping the adjustments column to a coded field would print its cells in the problem list.
    mapped = {**GUESSED, "column_4": "", "column_6": "region"}
    return {
        "open": ("GET", path, {}),
        "map": ("GET", path, mapped),
        "preview": ("GET", path, GUESSED),
        "confirm": ("POST", f"{path}/import", {**GUESSED, "column_6": "adjustments"}),
        "confirm without adjustments": ("POST", f"{path}/import", GUESSED),
        "discard": ("POST", f"{path}/discard", {}),
    }


def send(client, method: str, path: str, data: dict):
    if method == "GET":
        return client.get(path, query_string=data, headers=EN)
    return client.post(path, data=data, headers=EN)


def snapshot(app, batch_id: int) -> tuple:
    with app.app_context():
        batch = db.session.get(ImportBatch, batch_id)
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(["participants.imported", "participants.import_discarded"])
            )
        ).all()
        people = db.session.scalar(select(func.count()).select_from(Participant))
        return batch.status, batch.content, batch.imported_count, people, actions


@pytest.mark.parametrize("owner", ["admin", "researcher", None])
@pytest.mark.parametrize("attempt", list(attempts(0)))
def test_a_researcher_cannot_reach_someone_elses_file(app, client, as_role, batch_of, owner, attempt):
    batch = batch_of(owner)
    as_role("researcher")
    before = snapshot(app, batch.id)
    response = send(client, *attempts(batch.id)[attempt])
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)
    assert "team.csv" not in response.get_data(as_text=True)
    assert snapshot(app, batch.id) == before


@pytest.mark.parametrize("trait", ["imported", "discarded"])
def test_someone_elses_finished_file_is_not_found_either(app, client, as_role, batch_of, trait):
    batch = batch_of("admin", **{trait: True})
    as_role("researcher")
    response = client.get(f"/participants/import/{batch.id}", headers=EN)
    assert response.status_code == 404
    assert "imported already" not in response.get_data(as_text=True)
    assert "was discarded" not in response.get_data(as_text=True)


def test_a_file_that_does_not_exist_is_not_found(app, client, as_role):
    as_role("admin")
    assert client.get("/participants/import/987654", headers=EN).status_code == 404


@pytest.mark.parametrize("owner", ["researcher", None])
def test_an_admin_may_open_and_import_anyones_file_adjustments_included(
    app, client, as_role, batch_of, owner
):
    batch = batch_of(owner)
    as_role("admin")
    page = client.get(f"/participants/import/{batch.id}", headers=EN).get_data(as_text=True)
    assert "Check the file before importing" in page and SECRET in page  # the first-value hint
    response = client.post(
        f"/participants/import/{batch.id}/import", data={**GUESSED, "column_6": "adjustments"}, headers=EN
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Participant.adjustments)) == SECRET


def test_the_uploader_may_open_and_import_their_own_file(app, client, as_role, create):
    user = as_role("researcher")
    batch = create(ImportBatchFactory, content=content(), created_by_id=user.id)
    assert client.get(f"/participants/import/{batch.id}", headers=EN).status_code == 200
    assert client.post(f"/participants/import/{batch.id}/import", data=GUESSED, headers=EN).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Participant.adjustments)) == ""


def test_the_uploader_may_discard_their_own_file(app, client, as_role, create):
    user = as_role("researcher")
    batch = create(ImportBatchFactory, content=content(), created_by_id=user.id)
    assert client.post(f"/participants/import/{batch.id}/discard").status_code == 302
    assert snapshot(app, batch.id)[:2] == ("discarded", "")


@pytest.mark.parametrize("role", ["admin", "researcher", None])
def test_get_batch_answers_only_for_the_uploader_or_an_admin(app_ctx, role):
    owner = StaffUserFactory(role="researcher")
    batch = ImportBatchFactory(created_by_id=owner.id)
    assert imports.get_batch(batch.id, reader=owner) is batch
    if role:
        reader = StaffUserFactory(role=role)
        assert (imports.get_batch(batch.id, reader=reader) is batch) == (role == "admin")
    else:
        assert imports.get_batch(batch.id, reader=None) is None


def test_an_uploader_who_is_now_a_viewer_cannot_open_their_file(app_ctx):
    owner = StaffUserFactory(role="viewer")
    assert imports.get_batch(ImportBatchFactory(created_by_id=owner.id).id, reader=owner) is None


# A researcher's own file: its adjustments column stays closed to them --------------------------------------


@pytest.mark.parametrize(
    "mapping",
    [
        GUESSED,
        {**GUESSED, "column_4": "", "column_6": "region"},
        {**GUESSED, "column_6": "notes"},
        {**GUESSED, "column_6": "job_role"},
    ],
)
def test_a_researcher_never_sees_the_adjustments_cells_of_their_own_file(
    app, client, as_role, create, mapping
):
    user = as_role("researcher")
    batch = create(ImportBatchFactory, content=content(), created_by_id=user.id)
    page = client.get(f"/participants/import/{batch.id}", query_string=mapping, headers=EN)
    assert page.status_code == 200
    assert SECRET not in page.get_data(as_text=True)
    assert "Only admins can import adjustments" in page.get_data(as_text=True)
    response = client.post(f"/participants/import/{batch.id}/import", data=mapping, headers=EN)
    assert SECRET not in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.execute(select(Participant.notes, Participant.job_role, Participant.region)).all()
    assert all(SECRET not in str(row) for row in stored)
    assert response.status_code == (302 if mapping is GUESSED else 400)


def test_the_service_refuses_a_mapping_that_uses_a_closed_column(app):
    with app.test_request_context(headers=EN):
        batch = ImportBatchFactory(content=content())
        fields = imports.importable_fields(allow_adjustments=False)
        mapping = [*GUESSED.values(), "notes"]
        assert imports.closed_columns(HEADINGS, fields) == {6}
        with pytest.raises(ValueError, match="adjustments"):
            imports.preview_batch(batch, mapping, fields)
        assert imports.read_batch(batch, fields).samples[6] == ""
        everything = imports.importable_fields(allow_adjustments=True)
        assert imports.read_batch(batch, everything).samples[6] == SECRET
