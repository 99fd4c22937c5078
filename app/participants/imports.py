"""Importing the register from CSV: upload -> ImportBatch -> preview (every problem listed) -> all-or-nothing.

The uploaded text waits in an ImportBatch, so any worker can show the preview or finish the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.validators import ValidationError

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.i18n import LANGUAGES
from app.extensions import db
from app.participants import choices, services
from app.participants.csv_io import CODED, FIELD_LABELS, Table, decode_upload, read_table, unneutralise
from app.participants.forms import validate_phone
from app.participants.models import ImportBatch, ImportStatus, Participant
from app.participants.visibility import can_open_import

REQUIRED = ("full_name", "email", "organisation", "organisation_type", "region", "seniority")
MAX_LENGTHS = {
    "full_name": 200,
    "email": 320,
    "phone": 30,
    "organisation": 200,
    "job_role": 200,
    "adjustments": 2000,
    "notes": 4000,
}
# Headings people use for each field, besides the field's own label in either language (matched folded).
HEADING_ALIASES = {
    "full_name": ("name", "enw", "enw llawn"),
    "email": ("email", "e-mail", "e-bost", "ebost", "cyfeiriad e-bost"),
    "phone": ("phone", "telephone", "ffon", "rhif ffon"),
    "organisation": ("organization", "sefydliad", "mudiad"),
    "organisation_type": ("organisation type", "organization type", "sector", "math o sefydliad"),
    "region": ("rhanbarth", "ardal"),
    "job_role": ("role", "job title", "swydd", "rol", "rol swydd", "teitl swydd"),
    "seniority": ("lefel", "hynafedd"),
    "years_in_procurement": ("years", "blynyddoedd"),
    "preferred_language": ("language", "iaith", "dewis iaith", "iaith ddewisol"),
    "welsh_willingness": ("welsh",),
    "recruited_via": ("recruited via", "source", "ffynhonnell"),
    "status": ("statws",),
    "adjustments": (
        "access needs",
        "access requirements",
        "reasonable adjustments",
        "addasiadau",
        "addasiadau rhesymol",
        "anghenion mynediad",
        "gofynion mynediad",
    ),
    "notes": ("nodiadau",),
}
MISSING = {
    "full_name": _l("The full name is missing"),
    "email": _l("The email address is missing"),
    "organisation": _l("The organisation is missing"),
    "organisation_type": _l("The type of organisation is missing"),
    "region": _l("The region is missing"),
    "seniority": _l("The seniority is missing"),
}


class BatchClosed(Exception):
    """The batch has been imported or discarded already."""


class ImportRefused(Exception):
    def __init__(self, preview: Preview):
        super().__init__("import refused")
        self.preview = preview


@dataclass(frozen=True)
class Problem:
    row: int | None  # as numbered in a spreadsheet: the headings are row 1
    column: str
    message: str


@dataclass
class Preview:
    table: Table
    details: list[services.ParticipantDetails]
    problems: list[Problem]

    @property
    def ready(self) -> bool:
        return bool(self.details) and not self.problems


# Batches ---------------------------------------------------------------------------------------------------


def create_batch(filename: str, raw: bytes, *, actor: StaffUser | None) -> ImportBatch:
    text, table = decode_upload(raw)
    name = "".join(ch for ch in filename if ord(ch) >= 32)[-255:]
    batch = ImportBatch(filename=name, content=text, created_by_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    record_event(
        "participants.import_uploaded",
        target_type="import_batch",
        target_id=batch.id,
        details={"rows": len(table.rows), "bytes": len(raw)},
        actor=actor,
    )
    return batch


def get_batch(batch_id: int, *, reader: Any) -> ImportBatch | None:
    """The batch, if `reader` (a member of staff) may open it: its uploader, or an admin
    (visibility.can_open_import, DP-3). Anyone else gets None, as for a batch that does not exist, so a batch
    number reveals nothing. The only way views get a batch."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not can_open_import(reader, batch.created_by_id):
        return None
    return batch


# Matching columns to fields ----------------------------------------------------------------------------------


def importable_fields(*, allow_adjustments: bool) -> list[str]:
    """Adjustments are special category data (DP-3): only those who may see them may import them."""
    return [name for name in FIELD_LABELS if allow_adjustments or name != "adjustments"]


def heading_key(text: str) -> str:
    """A column heading as compared with the names a field goes by: folded, punctuation gone (shared by every
    CSV import)."""
    return choices.choice_key(re.sub(r"[.:*()/]+", " ", text))


def in_each_language(lazy: object) -> list[str]:
    """A lazy label rendered in each of Profi's languages."""
    names = []
    for language in LANGUAGES:
        with force_locale(language):
            names.append(str(lazy))
    return names


def _aliases(fields: list[str]) -> dict[str, str]:
    """Each field by the folded headings that name it: its own name, its label in either language, aliases."""
    aliases: dict[str, str] = {}
    for name in fields:
        for alias in (name, *in_each_language(FIELD_LABELS[name]), *HEADING_ALIASES.get(name, ())):
            aliases.setdefault(heading_key(alias), name)
    return aliases


def guess_mapping(headers: list[str], fields: list[str]) -> list[str]:
    """For each column, the field its heading names ("" for none); each field at most once."""
    aliases = _aliases(fields)
    mapping, used = [], set()
    for heading in headers:
        guess = aliases.get(heading_key(heading), "")
        mapping.append("" if guess in used else guess)
        used.add(guess)
    return mapping


def closed_columns(headers: list[str], fields: list[str]) -> set[int]:
    """The columns headed as adjustments, when the reader may not import adjustments (`fields` lacks them):
    they can only be left out, and their cells are never shown, as a hint or in a problem (DP-3)."""
    if "adjustments" in fields:
        return set()
    keys = _aliases(["adjustments"])
    return {index for index, heading in enumerate(headers) if heading_key(heading) in keys}


def read_batch(batch: ImportBatch, fields: list[str]) -> Table:
    """The batch's table for a reader who may map `fields`, without the first value of a closed column."""
    table = read_table(batch.content)
    for index in closed_columns(table.headers, fields):
        table.samples[index] = ""
    return table


# Checking rows -----------------------------------------------------------------------------------------------


def _check_value(name: str, value: str, words: dict[str, dict[str, str]]) -> tuple[object, str | None]:
    """The value to store, and a problem (or None)."""
    if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
        limit = MAX_LENGTHS[name]
        return None, ngettext(
            "This is longer than %(num)d character", "This is longer than %(num)d characters", limit
        )
    if name in CODED:
        code = choices.match(name, value, words)
        return (code, None) if code else (None, choices.unknown_value(name, value))
    if name == "years_in_procurement":
        years = int(value) if value.isascii() and value.isdigit() else -1
        return (years, None) if 0 <= years <= 60 else (None, _("Enter a number of years from 0 to 60"))
    if name == "email":
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            return None, _("Enter an email address in the correct format, like name@example.org")
    if name == "phone":
        try:
            validate_phone(None, SimpleNamespace(data=value))
        except ValidationError as error:
            return None, str(error)
    return value, None


def _heading(table: Table, index: int) -> str:
    return table.headers[index] or _("Column %(num)d", num=index + 1)


def check(table: Table, mapping: list[str]) -> Preview:
    """Every row as participant details, and every problem by row and column."""
    words = choices.all_accepted_words()
    columns = {name: index for index, name in enumerate(mapping) if name}
    problems = (
        [
            Problem(
                None,
                "",
                _(
                    "Choose a column for each of these: %(fields)s",
                    fields=", ".join(str(FIELD_LABELS[n]) for n in REQUIRED if n not in columns),
                ),
            )
        ]
        if any(n not in columns for n in REQUIRED)
        else []
    )
    details: list[services.ParticipantDetails] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        row_problems: list[Problem] = []
        for name, index in columns.items():
            value = unneutralise(cells[index].strip()) if index < len(cells) else ""
            if not value:
                if name in REQUIRED:
                    row_problems.append(Problem(number, _heading(table, index), str(MISSING[name])))
                continue
            values[name], problem = _check_value(name, value, words)
            if problem:
                row_problems.append(Problem(number, _heading(table, index), str(problem)))
        if any(cell.strip() for cell in cells[len(table.headers) :]):
            row_problems.append(Problem(number, "", _("This row has more cells than the file has headings")))
        email = str(values.get("email") or "").lower()
        if email and email in first_row_of:
            row_problems.append(
                Problem(
                    number,
                    _heading(table, columns["email"]),
                    _("This email address is also in row %(row)d", row=first_row_of[email]),
                )
            )
        elif email:
            first_row_of[email] = number
        problems.extend(row_problems)
        if not row_problems and all(n in values for n in REQUIRED):
            details.append(services.ParticipantDetails(**values))
    problems.extend(_already_registered(table, columns, first_row_of))
    return Preview(table, details, problems)


def _already_registered(table: Table, columns: dict[str, int], first_row_of: dict[str, int]) -> list[Problem]:
    emails, found = list(first_row_of), set[str]()
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        found.update(db.session.scalars(select(Participant.email).where(Participant.email.in_(chunk))))
    return [
        Problem(
            first_row_of[email],
            _heading(table, columns["email"]),
            _("Someone on the register already has this email address"),
        )
        for email in emails
        if email in found
    ]


def preview_batch(batch: ImportBatch, mapping: list[str], fields: list[str]) -> Preview:
    """Check a batch with a column mapping the caller may use (`fields`, from importable_fields)."""
    chosen = [name for name in mapping if name]
    if any(name not in fields for name in chosen) or len(chosen) != len(set(chosen)):
        raise ValueError("mapping names an unknown or repeated field")
    table = read_table(batch.content)
    if any(index < len(mapping) and mapping[index] for index in closed_columns(table.headers, fields)):
        raise ValueError("mapping uses a column of adjustments the reader may not import")
    preview = check(table, mapping)
    preview.problems.sort(key=lambda p: p.row or 0)
    return preview


# Importing and discarding ------------------------------------------------------------------------------------


def _ensure_open(batch: ImportBatch) -> None:
    if batch.status != ImportStatus.PREVIEWED:
        raise BatchClosed()


def import_batch(batch: ImportBatch, mapping: list[str], fields: list[str]) -> int:
    """Add every row to the register, or nobody (ImportRefused, with the problems). Returns how many."""
    _ensure_open(batch)
    preview = preview_batch(batch, mapping, fields)
    if not preview.ready:
        raise ImportRefused(preview)
    try:
        with db.session.begin_nested():
            for details in preview.details:
                services.create_participant(details, audit=False)
    except (services.EmailInUse, IntegrityError):  # someone added one of these people meanwhile
        preview = preview_batch(batch, mapping, fields)
        if not preview.problems:
            preview.problems.append(
                Problem(
                    None,
                    "",
                    _("The register changed while the file was being imported. Nobody was added: try again."),
                )
            )
        raise ImportRefused(preview) from None
    count = len(preview.details)
    batch.status, batch.imported_count, batch.content = (
        ImportStatus.IMPORTED,
        count,
        "",
    )  # the file's details go
    db.session.flush()
    record_event(
        "participants.imported", target_type="import_batch", target_id=batch.id, details={"count": count}
    )
    return count


def discard_batch(batch: ImportBatch) -> None:
    _ensure_open(batch)
    batch.status, batch.content = (
        ImportStatus.DISCARDED,
        "",
    )  # nobody's details stay behind in a discarded file
    db.session.flush()
    record_event("participants.import_discarded", target_type="import_batch", target_id=batch.id)
