"""Importing a study's observations from a spreadsheet (issue 10, item 2): upload -> ObservationUpload -> check
(every problem listed by row and column) -> all or nothing.

The file is CSV with a column for each of: participant code, session date, kind, text, language, and optionally
tags and a time in the recording; headings in Welsh or English, in any order (import_cells). Reading the file is
the register import's (participants.csv_io: UTF-8 with or without a byte order mark, comma, semicolon or tab,
size and row limits). Each row becomes an observation through observations.add_observation, so the rules are
one and each observation is audited as "observation.created"; the import as a whole is audited once as
"observations.imported" with the count. One bad row and nothing is imported.

An upload is opened only by its uploader, or an admin (participants.visibility.can_open_import, DP-3).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.booking.models import Booking
from app.common.formatting import date_long
from app.common.uk_time import uk_date
from app.extensions import db
from app.findings import import_cells
from app.findings.errors import InvalidObservation
from app.findings.models import ObservationUpload
from app.findings.observations import (
    LOGGABLE,
    MAX_TEXT,
    ObservationDetails,
    add_observation,
    parse_time_marker,
)
from app.participants import csv_io
from app.participants.csv_io import Table, UploadRefused, read_table, unneutralise
from app.participants.imports import BatchClosed, Problem
from app.participants.models import ImportStatus, Participant
from app.participants.visibility import can_open_import
from app.studies.models import ResearchSession, Study

__all__ = ["BatchClosed", "ImportRefused", "Preview", "Problem", "UploadRefused"]


@dataclass(frozen=True)
class ReadyRow:
    """A row that can be imported: the session it belongs to and what add_observation takes."""

    row: int
    session: ResearchSession
    details: ObservationDetails


@dataclass
class Preview:
    """What a check found: how each column is read (heading, field or ""), the rows, those ready, the problems
    (row None: the whole file; row numbers as a spreadsheet shows them, the headings being row 1)."""

    columns: list[tuple[str, str]]
    rows: int
    ready: list[ReadyRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return bool(self.ready) and not self.problems


class ImportRefused(Exception):
    """Nothing was imported; `preview` lists why."""

    def __init__(self, preview: Preview):
        super().__init__("import refused")
        self.preview = preview


# Uploads ---------------------------------------------------------------------------------------------------


def read_upload(raw: bytes) -> tuple[str, Table]:
    """The text and rows of an uploaded file, or UploadRefused with the reason in the reader's language: not
    UTF-8 CSV, too big (csv_io.MAX_UPLOAD_BYTES), too many columns or rows, or headings and nothing else."""
    text = csv_io.decode_text(raw)
    table = read_table(text)
    if len(table.headers) > csv_io.MAX_COLUMNS:
        raise UploadRefused(
            ngettext(
                "The file can have at most %(num)d column",
                "The file can have at most %(num)d columns",
                csv_io.MAX_COLUMNS,
            )
        )
    if len(table.rows) > csv_io.MAX_ROWS:
        raise UploadRefused(
            ngettext(
                "The file can have at most %(count)s row of observations",
                "The file can have at most %(count)s rows of observations",
                csv_io.MAX_ROWS,
                count=format_number(csv_io.MAX_ROWS),
            )
        )
    if not table.rows:
        raise UploadRefused(_("The selected file has headings but no observations"))
    return text, table


def create_upload(study: Study, filename: str, raw: bytes, *, actor: StaffUser | None) -> ObservationUpload:
    """Keep an uploaded file for the study until it is imported or discarded. Raises UploadRefused."""
    text, _table = read_upload(raw)
    name = "".join(ch for ch in filename if ord(ch) >= 32)[-255:]
    upload = ObservationUpload(
        study_id=study.id, filename=name, content=text, created_by_id=getattr(actor, "id", None)
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def get_upload(study: Study, upload_id: int, *, reader: Any) -> ObservationUpload | None:
    """The study's upload, if `reader` may open it: its uploader or an admin (DP-3). Anyone else gets None, as
    for an upload that does not exist, so an upload's number reveals nothing."""
    upload = db.session.get(ObservationUpload, upload_id)
    if upload is None or upload.study_id != study.id or not can_open_import(reader, upload.created_by_id):
        return None
    return upload


# Checking --------------------------------------------------------------------------------------------------


def _heading(table: Table, index: int) -> str:
    return table.headers[index] or _("Column %(num)d", num=index + 1)


def _sessions_by_code_and_day(study: Study, codes: set[str]) -> dict[tuple[str, date], list[ResearchSession]]:
    """{(code, UK date): the study's sessions that day the participant is booked on or attended}."""
    found: dict[tuple[str, date], list[ResearchSession]] = defaultdict(list)
    wanted = sorted(codes)
    for start in range(0, len(wanted), 500):
        rows = db.session.execute(
            select(Participant.code, ResearchSession)
            .join(Booking, Booking.participant_id == Participant.id)
            .join(ResearchSession, ResearchSession.id == Booking.research_session_id)
            .where(
                ResearchSession.study_id == study.id,
                Booking.status.in_(LOGGABLE),
                Participant.code.in_(wanted[start : start + 500]),
            )
            .order_by(ResearchSession.starts_at)
        )
        for code, session in rows:
            found[(code, uk_date(session.starts_at))].append(session)
    return found


def _session_problem(code: str, day: date, sessions: list[ResearchSession]) -> str | None:
    if not sessions:
        return _(
            "%(code)s was not booked on a session of this study on %(date)s",
            code=code,
            date=date_long(day),
        )
    if len(sessions) > 1:
        return ngettext(
            "%(code)s had %(num)d sessions of this study on %(date)s: add these observations from the "
            "session’s page",
            "%(code)s had %(num)d sessions of this study on %(date)s: add these observations from the "
            "session’s page",
            len(sessions),
            code=code,
            date=date_long(day),
        )
    return None


def _cells(table: Table, columns: dict[str, int], cells: list[str]) -> dict[str, str]:
    return {
        name: unneutralise(cells[index].strip()) if index < len(cells) else ""
        for name, index in columns.items()
    }


def check(study: Study, table: Table) -> Preview:
    """Every row of the file as an observation for a session of the study, and every problem by row and column.

    A row needs a participant code booked on (or who attended) a session of the study on the session date
    (Europe/London) — one session that day, else the row says so —, a kind and a language in Welsh or English
    words or codes (import_cells), a text of at most observations.MAX_TEXT characters; tags (comma or semicolon
    separated) and a time in the recording are optional. Blank rows are skipped."""
    columns, column_problems = import_cells.match_columns(table.headers)
    preview = Preview(
        columns=import_cells.describe(table.headers),
        rows=len(table.rows),
        problems=column_problems,
    )
    if column_problems:
        return preview
    words = import_cells.accepted_words()
    order = {_heading(table, index): index for index in sorted(columns.values(), reverse=True)}
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, cells in table.rows:
        values = _cells(table, columns, cells)
        row: dict[str, Any] = dict(values)
        problems: list[Problem] = []

        def refuse(name: str, message: str, number: int = number, problems: list[Problem] = problems) -> None:
            problems.append(Problem(number, _heading(table, columns[name]), message))
            problems.sort(key=lambda p: order.get(p.column, len(order)))

        for name in import_cells.REQUIRED:
            if not values[name]:
                refuse(name, str(import_cells.MISSING[name]))
        if values["code"]:
            row["code"] = values["code"].upper()
        if values["session_date"]:
            row["day"] = import_cells.parse_date(values["session_date"])
            if row["day"] is None:
                refuse("session_date", _("Enter the session date like 31/10/2026 or 2026-10-31"))
        for name in ("kind", "language"):
            if values[name]:
                row[name] = words[name].get(import_cells.word_key(values[name]))
                if row[name] is None:
                    refuse(name, import_cells.unknown_word(name, values[name]))
        if len(values["text"]) > MAX_TEXT:
            refuse("text", _("Enter at most %(max)d characters", max=MAX_TEXT))
        if values.get("time_marker"):
            try:
                parse_time_marker(values["time_marker"])
            except InvalidObservation as error:
                refuse("time_marker", error.message)
        if any(cell.strip() for cell in cells[len(table.headers) :]):
            problems.append(Problem(number, "", _("This row has more cells than the file has headings")))
        preview.problems.extend(problems)
        parsed.append((number, row))
    sessions = _sessions_by_code_and_day(study, {row["code"] for _n, row in parsed if row.get("code")})
    for number, row in parsed:
        if not row.get("code") or not row.get("day"):
            continue
        found = sessions.get((row["code"], row["day"]), [])
        problem = _session_problem(row["code"], row["day"], found)
        if problem:
            preview.problems.append(Problem(number, _heading(table, columns["code"]), problem))
        elif not any(p.row == number for p in preview.problems):
            details = ObservationDetails(
                code=row["code"],
                kind=row["kind"],
                text=row["text"],
                language=row["language"],
                time_marker=row.get("time_marker", ""),
                tags=row.get("tags", ""),
            )
            preview.ready.append(ReadyRow(number, found[0], details))
    preview.problems.sort(key=lambda p: p.row or 0)
    return preview


def check_upload(upload: ObservationUpload) -> Preview:
    """check() on an upload's file."""
    return check(upload.study, read_table(upload.content))


# Importing and discarding ----------------------------------------------------------------------------------


def _ensure_open(upload: ObservationUpload) -> None:
    if upload.status != ImportStatus.PREVIEWED:
        raise BatchClosed()


def import_upload(upload: ObservationUpload, *, actor: StaffUser | None) -> int:
    """Add every row of the file as an observation, or none (ImportRefused, with the problems). Returns how many.
    Raises BatchClosed when the upload was imported or discarded already."""
    _ensure_open(upload)
    preview = check_upload(upload)
    if not preview.importable:
        raise ImportRefused(preview)
    try:
        with db.session.begin_nested():
            for ready in preview.ready:
                add_observation(ready.session, ready.details, actor=actor)
    except (InvalidObservation, IntegrityError):  # a booking changed meanwhile: check again, import nothing
        preview = check_upload(upload)
        if not preview.problems:
            preview.problems.append(
                Problem(
                    None,
                    "",
                    _(
                        "The study changed while the file was being imported. Nothing was imported: try again."
                    ),
                )
            )
        raise ImportRefused(preview) from None
    count = len(preview.ready)
    upload.status, upload.imported_count, upload.content = ImportStatus.IMPORTED, count, ""
    db.session.flush()
    record_event(
        "observations.imported",
        target_type="study",
        target_id=upload.study_id,
        actor=actor,
        details={"count": count, "upload": upload.id},
    )
    return count


def discard_upload(upload: ObservationUpload) -> None:
    """Forget an upload's file (nothing was imported from it). Raises BatchClosed when it is closed already."""
    _ensure_open(upload)
    upload.status, upload.content = ImportStatus.DISCARDED, ""
    db.session.flush()
