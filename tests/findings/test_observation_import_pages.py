"""The observation import's pages (issue 10, item 2): upload, check, import or discard, as in the register import;
a file is opened only by its uploader or an admin; viewers cannot import; random bytes and random cells never
cause a server error or half an import."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.findings.models import Observation, ObservationUpload
from tests.factories import BookingFactory, StaffUserFactory
from tests.findings.test_observation_import import csv_bytes

EN = {"Accept-Language": "en"}


@pytest.fixture
def booked(app):
    """A participant booked on a session of a study at 10:00 on 2 June 2026 (UK): (study id, code)."""
    with app.app_context():
        booking = BookingFactory()
        db.session.commit()
        return booking.research_session.study_id, booking.participant.code


def upload(client, study_id: int, raw: bytes, name: str = "notes.csv"):
    return client.post(
        f"/studies/{study_id}/observations/import",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
        headers=EN,
    )


def observation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Observation)) or 0


def test_a_researcher_uploads_checks_and_imports(app, client, as_role, booked, audit_events):
    study_id, code = booked
    as_role("researcher")
    assert "Import observations from a spreadsheet" in client.get(
        f"/studies/{study_id}", headers=EN
    ).get_data(as_text=True)
    response = upload(
        client, study_id, csv_bytes([code, "02/06/2026", "Dyfyniad", "Da iawn", "Cymraeg", "Iaith"])
    )
    assert response.status_code == 302
    check = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "1 observation is ready to import." in check and "Import 1 observation" in check
    response = client.post(response.headers["Location"] + "/import", headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/studies/{study_id}")
    assert observation_count(app) == 1
    assert [event.details["count"] for event in audit_events("observations.imported")] == [1]
    assert len(audit_events("observation.created")) == 1


def test_problems_are_listed_by_row_and_column_and_the_import_refused(app, client, as_role, booked):
    study_id, code = booked
    as_role("researcher")
    raw = csv_bytes(
        [code, "02/06/2026", "quote", "Fine", "cy", ""], [code, "02/06/2026", "gossip", "", "cy", ""]
    )
    location = upload(client, study_id, raw).headers["Location"]
    page = client.get(location, headers=EN).get_data(as_text=True)
    assert "2 problems to fix" in page and "Import 1 observation" not in page
    assert "“gossip” is not a kind of observation" in page and "The text is missing" in page
    response = client.post(location + "/import", headers=EN)
    assert response.status_code == 400 and "No observations have been imported." in response.get_data(
        as_text=True
    )
    assert observation_count(app) == 0


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "The selected file is empty"),
        (csv_bytes(), "The selected file has headings but no observations"),
        (b"\x00\x01\x02", "The selected file must be a CSV file"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(client, as_role, booked, raw, message):
    as_role("researcher")
    response = upload(client, booked[0], raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page and message in page


def test_no_file_is_asked_for(client, as_role, booked):
    as_role("researcher")
    response = client.post(f"/studies/{booked[0]}/observations/import", data={}, headers=EN)
    assert response.status_code == 400 and "Select a CSV file" in response.get_data(as_text=True)


def test_the_template_has_the_headings_in_the_readers_language(client, as_role, booked):
    as_role("researcher", preferred_language="cy")
    response = client.get(f"/studies/{booked[0]}/observations/import/template.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[0] != "Participant code"


def test_a_file_is_opened_only_by_its_uploader_and_admins(app, client, as_role, booked):
    study_id, code = booked
    raw = csv_bytes([code, "02/06/2026", "quote", "Mine", "cy", ""])
    as_role("researcher")
    location = upload(client, study_id, raw).headers["Location"]
    client.post("/sign-out")
    as_role("researcher")
    assert client.get(location).status_code == 404
    assert client.post(location + "/import").status_code == 404
    assert client.post(location + "/discard").status_code == 404
    assert observation_count(app) == 0
    client.post("/sign-out")
    as_role("admin")
    assert client.get(location).status_code == 200
    client.post("/sign-out")
    as_role("viewer")
    assert client.get(location).status_code == 403
    assert client.post(location + "/import").status_code == 403
    assert client.post(f"/studies/{study_id}/observations/import").status_code == 403


def test_a_file_is_discarded_and_then_cannot_be_imported(app, client, as_role, booked):
    study_id, code = booked
    as_role("researcher")
    location = upload(client, study_id, csv_bytes([code, "02/06/2026", "quote", "Mine", "cy", ""])).headers[
        "Location"
    ]
    response = client.post(location + "/discard")
    assert response.status_code == 302
    assert client.post(location + "/import").status_code == 302
    assert observation_count(app) == 0
    with app.app_context():
        assert db.session.scalars(select(ObservationUpload.content)).one() == ""


def test_a_file_for_another_study_is_not_found(app, client, as_role, booked):
    study_id, code = booked
    as_role("researcher")
    location = upload(client, study_id, csv_bytes([code, "02/06/2026", "quote", "Mine", "cy", ""])).headers[
        "Location"
    ]
    with app.app_context():
        other = BookingFactory().research_session.study_id
        StaffUserFactory()
        db.session.commit()
    assert client.get(location.replace(f"/studies/{study_id}/", f"/studies/{other}/")).status_code == 404


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def test_random_bytes_never_cause_a_server_error(app, client, as_role, booked):
    as_role("researcher")

    @FUZZ
    @given(st.binary(max_size=400))
    def send(raw):
        response = upload(client, booked[0], raw)
        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert client.get(response.headers["Location"]).status_code == 200
            assert client.post(response.headers["Location"] + "/import").status_code in (302, 400)

    send()


def test_random_cells_import_every_row_or_none(app, client, as_role, booked):
    study_id, code = booked
    as_role("researcher")
    cells = [
        st.one_of(st.just(code), st.just(code.lower()), st.just("P-9999"), junk),
        st.one_of(st.sampled_from(["02/06/2026", "2026-06-02", "2 Mehefin 2026", "31/02/2026"]), junk),
        st.one_of(st.sampled_from(["quote", "Dyfyniad", "Man poen", "pain point", "need"]), junk),
        st.one_of(st.just("Da"), junk, st.just("=cmd|' /C calc'!A0"), st.just("x" * 4001)),
        st.one_of(st.sampled_from(["cy", "Cymraeg", "English", "en"]), junk),
        st.one_of(st.just("Thema; Llŷr"), junk),
    ]
    rows = st.lists(st.tuples(*cells).map(list), min_size=1, max_size=5)

    @FUZZ
    @given(rows, st.sampled_from([",", ";", "\t"]))
    def send(rows, delimiter):
        before = observation_count(app)
        response = upload(client, study_id, csv_bytes(*rows, delimiter=delimiter))
        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert client.get(response.headers["Location"]).status_code == 200
            imported = client.post(response.headers["Location"] + "/import")
            assert imported.status_code in (302, 400)
            added = observation_count(app) - before
            non_blank = sum(1 for row in rows if any(cell.strip() for cell in row))
            assert added in (0, non_blank)
            assert (added > 0) == (imported.status_code == 302)

    send()
