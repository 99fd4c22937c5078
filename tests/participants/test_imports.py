"""Importing the register from CSV: Welsh and English headings and values, every problem by row, all-or-nothing."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.participants.csv_io import read_table
from app.participants.models import ImportBatch, Participant
from tests.factories import ParticipantFactory
from tests.participants.csv_files import (
    EN,
    GOOD,
    HEADINGS,
    csv_text,
    good_row,
    page_mapping,
    problems,
    run_import,
    upload,
    uploaded,
)

ORGANISATION_TYPES = (
    "Write one of these: “Local authority”, “Health board or NHS trust”, “University or college”, "
    "“Housing association”, “Welsh Government or sponsored body”, “Police, fire or rescue service”, "
    "“Other public body”, “Supplier or SME”, “Third sector”"
)
REGIONS = (
    "Write one of these: “North Wales”, “Mid Wales”, “South West Wales”, “South East Wales”, “Outside Wales”"
)
SENIORITIES = (
    "Write one of these: “Entry level or trainee”, “Practitioner”, “Senior practitioner”, “Manager”, "
    "“Head of service or director”"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("bom", [True, False])
def test_a_file_imports_with_welsh_letters_intact_and_codes_assigned(app, client, as_role, bom):
    as_role("researcher")
    text = csv_text(GOOD, good_row(2, **{"Full name": "Ŷr Âwen Ëlis", "Organisation": "Prifysgol Bangor"}))
    batch_id = uploaded(client, ("\ufeff" if bom else "") + text)
    response = run_import(client, batch_id)
    assert response.status_code == 302
    with app.app_context():
        people = db.session.scalars(select(Participant).order_by(Participant.id)).all()
        assert [p.full_name for p in people] == ["Llŷr Ŵyn ap Siôn", "Ŷr Âwen Ëlis"]
        assert people[0].organisation == "Cyngor Sir Ynys Môn"
        assert all(re.fullmatch(r"P-\d{4}", p.code) for p in people)
        assert (people[0].organisation_type, people[0].region, people[0].seniority) == (
            "local_authority",
            "north",
            "practitioner",
        )
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events if e.action.startswith("participants.")] == [
            "participants.import_uploaded",
            "participants.imported",
        ]
        assert events[-1].details == {"count": 2}
        batch = db.session.get(ImportBatch, batch_id)
        assert (batch.status, batch.imported_count, batch.content) == ("imported", 2, "")


def test_welsh_headings_are_recognised(app, client, as_role):
    as_role("researcher")
    headings = ["Enw", "E-bost", "Ffôn", "Sefydliad", "Math o sefydliad", "Rhanbarth", "Lefel"]
    batch_id = uploaded(client, csv_text(GOOD, headings=headings))
    assert page_mapping(client, batch_id) == {
        "column_0": "full_name",
        "column_1": "email",
        "column_2": "phone",
        "column_3": "organisation",
        "column_4": "organisation_type",
        "column_5": "region",
        "column_6": "seniority",
    }
    assert run_import(client, batch_id).status_code == 302


def test_coded_values_match_stored_values_and_labels_whatever_the_case_or_accents(app, client, as_role):
    as_role("researcher")
    rows = [
        good_row(1, **{"Type of organisation": "LOCAL_AUTHORITY", "Region": "south east"}),
        good_row(2, **{"Type of organisation": "héalth board or nhs TRUST", "Region": "Sóuth West Wales"}),
        good_row(3, **{"Seniority": "HEAD", "Region": "outside"}),
    ]
    assert run_import(client, uploaded(client, csv_text(*rows))).status_code == 302
    with app.app_context():
        found = db.session.execute(
            select(Participant.organisation_type, Participant.region, Participant.seniority).order_by(
                Participant.id
            )
        ).all()
    assert found == [
        ("local_authority", "south_east", "practitioner"),
        ("health", "south_west", "practitioner"),
        ("local_authority", "outside", "head"),
    ]


def test_every_problem_is_listed_by_row_and_column_and_nobody_is_added(app, client, as_role, create):
    as_role("researcher")
    create(ParticipantFactory, email="already@example.org")
    headings = [*HEADINGS, "Years in procurement"]
    rows = [
        good_row(1, **{"Full name": ""}) + [""],  # row 2
        good_row(2, Email="not-an-email") + [""],  # row 3
        good_row(3, Phone="call me") + [""],  # row 4
        good_row(4, **{"Type of organisation": "Bank"}) + [""],  # row 5
        good_row(5, Region="Atlantis") + [""],  # row 6
        good_row(6, Organisation="x" * 201) + [""],  # row 7
        good_row(7, Email="Twice@Example.org") + [""],  # row 8
        good_row(8, Email="twice@example.org") + [""],  # row 9
        good_row(9, Email="ALREADY@example.org") + [""],  # row 10
        good_row(10) + ["sixty-one"],  # row 11
        good_row(11) + ["", "stray"],  # row 12
        good_row(12, Seniority="Boss") + ["61"],  # row 13
    ]
    batch_id = uploaded(client, csv_text(*rows, headings=headings))
    page = client.get(f"/participants/import/{batch_id}", headers=EN).get_data(as_text=True)
    assert problems(page) == [
        ("2", "Full name", "The full name is missing"),
        ("3", "Email", "Enter an email address in the correct format, like name@example.org"),
        ("4", "Phone", "Enter a phone number, like 029 2000 0000 or +44 29 2000 0000"),
        (
            "5",
            "Type of organisation",
            f"“Bank” is not a type of organisation Profi knows. {ORGANISATION_TYPES}",
        ),
        ("6", "Region", f"“Atlantis” is not a region Profi knows. {REGIONS}"),
        ("7", "Organisation", "This is longer than 200 characters"),
        ("9", "Email", "This email address is also in row 8"),
        ("10", "Email", "Someone on the register already has this email address"),
        ("11", "Years in procurement", "Enter a number of years from 0 to 60"),
        ("12", "–", "This row has more cells than the file has headings"),
        ("13", "Seniority", f"“Boss” is not a level of seniority Profi knows. {SENIORITIES}"),
        ("13", "Years in procurement", "Enter a number of years from 0 to 60"),
    ]
    assert "11 problems to fix" not in page and "12 problems to fix" in page
    assert "participants to the register" not in page
    response = run_import(client, batch_id)
    assert response.status_code == 400
    with app.app_context():
        assert count(Participant) == 1
        assert db.session.get(ImportBatch, batch_id).status == "previewed"


def test_one_bad_row_among_many_means_nobody_is_added(app, client, as_role):
    as_role("researcher")
    rows = [good_row(n) for n in range(60)] + [good_row(99, Email="broken@")]
    batch_id = uploaded(client, csv_text(*rows))
    mapping = {
        f"column_{i}": name
        for i, name in enumerate(
            ["full_name", "email", "phone", "organisation", "organisation_type", "region", "seniority"]
        )
    }
    response = run_import(client, batch_id, mapping)
    assert response.status_code == 400
    assert ("62", "Email", "Enter an email address in the correct format, like name@example.org") in problems(
        response.get_data(as_text=True)
    )
    with app.app_context():
        assert count(Participant) == 0
        assert (
            db.session.scalar(select(func.count()).where(AuditEvent.action == "participants.imported")) == 0
        )


def test_the_researcher_changes_how_columns_are_used_and_ignored_columns_are_not_checked(
    app, client, as_role
):
    as_role("researcher")
    headings = ["Full name", "Work address", "Home address", *HEADINGS[2:]]
    row = ["Elin Jones", "elin@council.example.org", "elin@home.example.org", "not a phone", *GOOD[3:]]
    batch_id = uploaded(client, csv_text(row, headings=headings))
    page = client.get(f"/participants/import/{batch_id}", headers=EN).get_data(as_text=True)
    bad_phone = ("2", "Phone", "Enter a phone number, like 029 2000 0000 or +44 29 2000 0000")
    assert problems(page) == [
        ("Whole file", "–", "Choose a column for each of these: Email address"),
        bad_phone,
    ]
    mapping = page_mapping(client, batch_id)
    twice = client.get(
        f"/participants/import/{batch_id}",
        query_string={**mapping, "column_1": "email", "column_2": "email"},
        headers=EN,
    )
    assert "Another column is already matched to this field" in twice.get_data(as_text=True)
    chosen = {**mapping, "column_1": "email"}
    page = client.get(f"/participants/import/{batch_id}", query_string=chosen, headers=EN).get_data(
        as_text=True
    )
    assert problems(page) == [bad_phone]
    chosen["column_3"] = ""
    page = client.get(f"/participants/import/{batch_id}", query_string=chosen, headers=EN).get_data(
        as_text=True
    )
    assert problems(page) == [] and "Add 1 participant to the register" in page
    assert run_import(client, batch_id, chosen).status_code == 302
    with app.app_context():
        assert db.session.execute(select(Participant.email, Participant.phone)).one() == (
            "elin@council.example.org",
            "",
        )


def test_adjustments_can_be_imported_by_admins_only(app, client, as_role):
    as_role("researcher")
    text = csv_text(good_row(1) + ["Captions"], headings=[*HEADINGS, "Adjustments"])
    batch_id = uploaded(client, text)
    assert page_mapping(client, batch_id)["column_7"] == ""
    assert (
        run_import(
            client, batch_id, {**page_mapping(client, batch_id), "column_7": "adjustments"}
        ).status_code
        == 400
    )
    client.post("/sign-out")
    as_role("admin")
    assert page_mapping(client, batch_id)["column_7"] == "adjustments"
    assert run_import(client, batch_id).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Participant.adjustments)) == "Captions"


def test_a_batch_can_be_discarded_and_then_cannot_be_imported(app, client, as_role):
    as_role("researcher")
    batch_id = uploaded(client, csv_text(GOOD))
    assert (
        client.post(f"/participants/import/{batch_id}/discard").headers["Location"] == "/participants/import"
    )
    assert client.get(f"/participants/import/{batch_id}").status_code == 302
    assert run_import(client, batch_id, {"column_0": "full_name"}).status_code == 302
    with app.app_context():
        batch = db.session.get(ImportBatch, batch_id)
        assert (batch.status, batch.content) == ("discarded", "")
        assert count(Participant) == 0
        assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == (
            "participants.import_discarded"
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_text(GOOD).encode("cp1252", errors="replace"), "must be saved as “CSV UTF-8”"),
        (csv_text(GOOD).encode("utf-16"), "must be saved as “CSV UTF-8”"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "must be a CSV file"),
        (b"%PDF-1.7\n\x01\x02\x03", "must be a CSV file"),
        (b"", "The selected file is empty"),
        (b"  \r\n", "The selected file is empty"),
        (csv_text().encode(), "has headings but no participants"),
        (csv_text(*[good_row(n) for n in range(5001)]).encode(), "at most 5,000 rows of participants"),
        (b"x" * (2 * 1024 * 1024 + 1), "must be smaller than 2 MB"),
        (csv_text(["a"] * 51, headings=[f"h{n}" for n in range(51)]).encode(), "at most 50 columns"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_clear_message(app, client, as_role, content, message):
    as_role("researcher")
    response = upload(client, content)
    assert response.status_code == 200
    assert message in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert count(ImportBatch) == 0


def test_an_upload_without_a_file_asks_for_one(app, client, as_role):
    as_role("researcher")
    response = client.post("/participants/import", data={}, headers=EN)
    assert "Select a CSV file" in response.get_data(as_text=True)


def test_a_far_too_large_upload_gets_the_too_large_page(app, client, as_role):
    as_role("researcher")
    assert upload(client, b"a,b\n" * (1024 * 1024)).status_code == 413


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("viewer", 403), ("researcher", 200), ("admin", 200)]
)
def test_only_researchers_and_admins_import(app, client, as_role, role, status):
    if role != "anonymous":
        as_role(role)
    assert client.get("/participants/import").status_code == status
    assert client.get("/participants/import/template.csv").status_code == status


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cells = st.one_of(
    st.text(max_size=12), st.sampled_from(["", "=1+1", "'-2", "@x", "north", "HEALTH", "ŵŷâ", "61"])
)
VALID = {
    "Full name": st.sampled_from(["Siân Ŵyn", "=Ann"]),
    "Organisation": st.sampled_from(["Cyngor", "+Org"]),
    "Email": st.uuids().map(lambda u: f"{u.hex[:12]}@example.org"),
    "Phone": st.sampled_from(["", "029 2000 0000", "+44 29 2000 0000"]),
    "Type of organisation": st.sampled_from(["health", "Local authority"]),
    "Region": st.just("north"),
    "Seniority": st.sampled_from(["head", "Manager", ""]),
}


@st.composite
def csv_files(draw) -> bytes:
    """Files that are often right, and often wrong in a cell, a heading or the shape of a row."""
    headings = draw(
        st.permutations(HEADINGS) | st.lists(st.sampled_from([*HEADINGS, "Enw", "?"]), max_size=8)
    )
    messy = draw(st.booleans())
    body = [
        [draw(VALID.get(h, cells) | cells if messy else VALID.get(h, cells)) for h in headings]
        for _row in range(draw(st.integers(0, 4)))
    ]
    return (("\ufeff" if draw(st.booleans()) else "") + csv_text(*body, headings=headings)).encode()


uploads = st.one_of(
    csv_files(), csv_files(), st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode())
)


def test_any_upload_gets_an_answer_and_imports_every_row_or_none(app, client, as_role):
    as_role("admin")

    @FUZZ
    @given(uploads)
    def run(raw):
        with app.app_context():
            before = count(Participant)
        response = upload(client, raw)
        assert response.status_code in (200, 302), response.get_data(as_text=True)[:300]
        if response.status_code == 200:
            with app.app_context():
                assert count(Participant) == before
            return
        batch_id = int(response.headers["Location"].rsplit("/", 1)[1])
        with app.app_context():
            rows_in_file = len(read_table(db.session.get(ImportBatch, batch_id).content).rows)
        response = run_import(client, batch_id)
        assert response.status_code in (302, 400)
        with app.app_context():
            assert count(Participant) - before == (rows_in_file if response.status_code == 302 else 0)

    run()
