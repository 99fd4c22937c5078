"""Importing observations from a spreadsheet (issue 10, item 2): the columns in Welsh or English, the words each
cell accepts, the participant booked on a session of the study that day (Europe/London), every problem listed by
row and column, and all or nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.booking.models import BookingStatus
from app.extensions import db
from app.findings import import_cells, observation_import
from app.findings.models import Observation, Tag
from app.participants.csv_io import UploadRefused
from app.participants.models import ImportStatus
from tests.factories import BookingFactory, ResearchSessionFactory, StaffUserFactory, StudyFactory
from tests.findings.conftest import actions, last_event

HEADINGS = ["Code", "Session date", "Kind", "Text", "Language", "Tags"]


def csv_bytes(
    *rows: list[str], headings: list[str] = HEADINGS, bom: bool = False, delimiter: str = ","
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([headings, *rows])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


@pytest.fixture
def booked():
    """A participant booked on a session of a study at 10:00 on 2 June 2026 (UK)."""
    return BookingFactory()


def _import(study, raw: bytes, actor=None) -> int:
    upload = observation_import.create_upload(study, "notes.csv", raw, actor=actor)
    return observation_import.import_upload(upload, actor=actor)


def _problems(study, raw: bytes) -> list[tuple[int | None, str, str]]:
    upload = observation_import.create_upload(study, "notes.csv", raw, actor=None)
    with force_locale("en"):
        preview = observation_import.check_upload(upload)
        return [(p.row, p.column, p.message) for p in preview.problems]


def test_a_file_of_observations_is_imported_with_tags_and_audited_once_and_per_observation(app_ctx, booked):
    study = booked.research_session.study
    code = booked.participant.code
    actor = StaffUserFactory(role="researcher")
    raw = csv_bytes(
        [code.lower(), "02/06/2026", "Dyfyniad", "Mae’r ffurflen yn hir", "Cymraeg", "Ffurflen; Llŷr"],
        [code, "2026-06-02", "pain point", "I could not find the button", "Welsh", ""],
        [code, "2 June 2026", "Man poen", "Too long", "en", "ffurflen"],
        [code, "2 Mehefin 2026", "BEHAVIOUR", "Scrolled past it", "English", ""],
    )
    assert _problems(study, raw) == []
    assert _import(study, raw, actor) == 4
    saved = list(db.session.scalars(select(Observation).order_by(Observation.id)))
    assert [(o.kind, o.language) for o in saved] == [
        ("quote", "cy"),
        ("pain_point", "cy"),
        ("pain_point", "en"),
        ("behaviour", "en"),
    ]
    assert {o.research_session_id for o in saved} == {booked.research_session_id}
    assert [t.name for t in saved[0].tags] == ["Ffurflen", "Llŷr"] and saved[2].tags == saved[0].tags[:1]
    assert actions() == ["observation.created"] * 4 + ["observations.imported"]
    event = last_event()
    assert event.details["count"] == 4 and event.target_type == "study" and event.actor_id == actor.id


def test_headings_in_welsh_in_any_order_a_bom_semicolons_and_extra_columns_are_read(app_ctx, booked):
    study = booked.research_session.study
    headings = ["Testun", "Iaith", "Sylwadau", "Cod y cyfranogwr", "Dyddiad y sesiwn", "Math", "Tagiau"]
    row = ["Da iawn", "cy", "ignored", booked.participant.code, "02.06.2026", "Cadarnhaol", ""]
    assert _import(study, csv_bytes(row, headings=headings, bom=True, delimiter=";")) == 1
    upload = observation_import.create_upload(study, "x.csv", csv_bytes(row, headings=headings), actor=None)
    with force_locale("en"):
        columns = observation_import.check_upload(upload).columns
    assert columns[2] == ("Sylwadau", "") and columns[3] == ("Cod y cyfranogwr", "Participant code")


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_imported(app_ctx, booked):
    study = booked.research_session.study
    code = booked.participant.code
    raw = csv_bytes(
        [code, "02/06/2026", "quote", "Fine", "cy", ""],
        ["", "", "", "", "", ""],  # blank: skipped
        [code, "31/02/2026", "rumour", "", "fr", ""],
        ["P-9999", "02/06/2026", "quote", "x" * 4001, "cy", "", "extra"],
    )
    problems = _problems(study, raw)
    assert problems == [
        (4, "Session date", "Enter the session date like 31/10/2026 or 2026-10-31"),
        (
            4,
            "Kind",
            "“rumour” is not a kind of observation. Write one of these: “Quote”, “Behaviour”, "
            "“Pain point”, “Need”, “Positive”",
        ),
        (4, "Text", "The text is missing"),
        (4, "Language", "“fr” is not a language Profi knows. Write one of these: “Welsh”, “English”"),
        (5, "Text", "Enter at most 4000 characters"),
        (5, "", "This row has more cells than the file has headings"),
        (5, "Code", "P-9999 was not booked on a session of this study on 2 June 2026"),
    ]
    with pytest.raises(observation_import.ImportRefused):
        _import(study, raw)
    assert db.session.scalars(select(Observation)).all() == []
    assert "observations.imported" not in actions()


def test_the_participant_must_be_booked_or_attended_on_a_session_of_this_study_that_day(app_ctx, booked):
    study = booked.research_session.study
    cancelled = BookingFactory(research_session=ResearchSessionFactory(study=study), cancelled=True)
    elsewhere = BookingFactory()  # a session of another study on the same day
    attended = BookingFactory(research_session=ResearchSessionFactory(study=study), attended=True)
    rows = [
        [booked.participant.code, "03/06/2026", "quote", "Wrong day", "cy", ""],
        [cancelled.participant.code, "02/06/2026", "quote", "Cancelled", "cy", ""],
        [elsewhere.participant.code, "02/06/2026", "quote", "Other study", "cy", ""],
        [attended.participant.code, "02/06/2026", "quote", "Attended", "cy", ""],
    ]
    problems = _problems(study, csv_bytes(*rows))
    assert [(row, message.split(" was not")[0]) for row, _c, message in problems] == [
        (2, booked.participant.code),
        (3, cancelled.participant.code),
        (4, elsewhere.participant.code),
    ]


def test_the_session_date_is_the_uk_date_of_the_session(app_ctx):
    # 23:30 UTC on 1 June is 00:30 on 2 June in London (BST).
    session = ResearchSessionFactory(starts_at=datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    booking = BookingFactory(research_session=session)
    study = session.study
    row = [booking.participant.code, "{}", "quote", "Late", "cy", ""]
    assert _problems(study, csv_bytes([*row[:1], "02/06/2026", *row[2:]])) == []
    [(_row, _column, message)] = _problems(study, csv_bytes([*row[:1], "01/06/2026", *row[2:]]))
    assert "was not booked" in message


def test_two_sessions_on_the_same_day_are_named_as_the_problem(app_ctx):
    study = StudyFactory()
    morning = BookingFactory(research_session=ResearchSessionFactory(study=study), attended=True)
    afternoon = ResearchSessionFactory(study=study, starts_at=datetime(2026, 6, 2, 13, 0, tzinfo=UTC))
    BookingFactory(research_session=afternoon, participant=morning.participant)
    code = morning.participant.code
    problems = _problems(study, csv_bytes([code, "02/06/2026", "need", "Both", "en", ""]))
    assert problems == [
        (
            2,
            "Code",
            f"{code} had 2 sessions of this study on 2 June 2026: add these observations from the session’s page",
        )
    ]


def test_a_file_without_a_needed_column_says_which(app_ctx, booked):
    raw = csv_bytes(["P-1", "hello"], headings=["Code", "Text"])
    assert _problems(booked.research_session.study, raw) == [
        (None, "", "The file needs a column for each of these: Session date, Kind, Language")
    ]


def test_two_columns_for_one_field_are_refused(app_ctx, booked):
    raw = csv_bytes(["a"] * 7, headings=[*HEADINGS, "Testun"])
    [(row, column, message)] = _problems(booked.research_session.study, raw)
    assert (row, column, message) == (None, "Testun", "Two columns are for “Text”: keep one")


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "The selected file is empty"),
        (csv_bytes(), "The selected file has headings but no observations"),
        (csv_bytes(["", "", "", "", "", ""]), "The selected file has headings but no observations"),
        (
            "Cod,Dyddiad\nŵ,1\n".encode("utf-16"),
            "The selected file must be saved as “CSV UTF-8”. In Excel, "
            "choose Save As, then “CSV UTF-8 (comma delimited)”.",
        ),
        (
            "Côd\nŵ\n".encode("latin-1", "replace"),
            "The selected file must be saved as “CSV UTF-8”. In Excel, "
            "choose Save As, then “CSV UTF-8 (comma delimited)”.",
        ),
        (b"PK\x03\x04\x00\x00", "The selected file must be a CSV file"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(app_ctx, booked, raw, message):
    with force_locale("en"), pytest.raises(UploadRefused) as refused:
        observation_import.create_upload(booked.research_session.study, "x.csv", raw, actor=None)
    assert refused.value.message == message


def test_an_imported_or_discarded_file_cannot_be_imported_again(app_ctx, booked):
    study = booked.research_session.study
    raw = csv_bytes([booked.participant.code, "02/06/2026", "quote", "Once", "cy", ""])
    upload = observation_import.create_upload(study, "x.csv", raw, actor=None)
    assert observation_import.import_upload(upload, actor=None) == 1
    assert upload.status == ImportStatus.IMPORTED and upload.content == ""
    with pytest.raises(observation_import.BatchClosed):
        observation_import.import_upload(upload, actor=None)
    other = observation_import.create_upload(study, "y.csv", raw, actor=None)
    observation_import.discard_upload(other)
    assert other.content == ""
    with pytest.raises(observation_import.BatchClosed):
        observation_import.import_upload(other, actor=None)
    assert db.session.query(Observation).count() == 1


def test_a_booking_cancelled_between_check_and_import_imports_nothing(app_ctx, booked, monkeypatch):
    study = booked.research_session.study
    second = BookingFactory(research_session=ResearchSessionFactory(study=study))
    raw = csv_bytes(
        [booked.participant.code, "02/06/2026", "quote", "One", "cy", "newtag"],
        [second.participant.code, "02/06/2026", "quote", "Two", "cy", ""],
    )
    upload = observation_import.create_upload(study, "x.csv", raw, actor=None)
    checked = observation_import.check_upload(upload)
    calls = iter([checked])

    def check_then_cancel(u):
        try:
            return next(calls)
        except StopIteration:
            return real_check(u)

    real_check = observation_import.check_upload
    monkeypatch.setattr(observation_import, "check_upload", check_then_cancel)
    second.status = BookingStatus.CANCELLED
    db.session.flush()
    with pytest.raises(observation_import.ImportRefused) as refused:
        observation_import.import_upload(upload, actor=None)
    assert [p.row for p in refused.value.preview.problems] == [3]
    assert db.session.query(Observation).count() == 0
    assert db.session.query(Tag).count() == 0 and upload.status == ImportStatus.PREVIEWED


def test_uploads_are_opened_only_by_their_uploader_and_admins(app_ctx, booked):
    study = booked.research_session.study
    owner, colleague = StaffUserFactory(role="researcher"), StaffUserFactory(role="researcher")
    admin, viewer = StaffUserFactory(role="admin"), StaffUserFactory(role="viewer")
    raw = csv_bytes([booked.participant.code, "02/06/2026", "quote", "Mine", "cy", ""])
    upload = observation_import.create_upload(study, "x.csv", raw, actor=owner)
    assert observation_import.get_upload(study, upload.id, reader=owner) is upload
    assert observation_import.get_upload(study, upload.id, reader=admin) is upload
    assert observation_import.get_upload(study, upload.id, reader=colleague) is None
    assert observation_import.get_upload(study, upload.id, reader=viewer) is None
    assert observation_import.get_upload(StudyFactory(), upload.id, reader=owner) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31/10/2026", date(2026, 10, 31)),
        ("1/2/2026", date(2026, 2, 1)),
        ("31-10-2026", date(2026, 10, 31)),
        ("2026-10-31", date(2026, 10, 31)),
        ("31/10/2026 00:00", date(2026, 10, 31)),
        ("31 October 2026", date(2026, 10, 31)),
        ("31 Oct 2026", date(2026, 10, 31)),
        ("31 Hydref 2026", date(2026, 10, 31)),
        ("Dydd Sadwrn 31 Hydref 2026", date(2026, 10, 31)),
        ("Saturday, 31 October 2026", date(2026, 10, 31)),
        ("1af Mawrth 2026", date(2026, 3, 1)),
        ("31/02/2026", None),
        ("10/31/2026", None),
        ("31/10/26", None),
        ("٣/١/٢٠٢٦", None),
        ("31 Smarch 2026", None),
        ("yesterday", None),
    ],
)
def test_session_dates_in_common_uk_forms(text, expected):
    assert import_cells.parse_date(text) == expected
