"""CSV text in and out of the register: reading an upload safely, and the role-aware export.

Uploads must be UTF-8 (a byte order mark is fine) and within size and row limits; Welsh letters are stored
composed (WL-8). Exports carry only what the reader may see (DP-2, DP-3), neutralise any cell a spreadsheet
could run as a formula (SEC-6), and are audited with the count and columns, never the data (DP-8).
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass, field

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit.services import record_event
from app.extensions import db
from app.participants import services
from app.participants.models import CODED_FIELD_LABELS, Participant

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")

FIELD_LABELS = {
    "full_name": _l("Full name"),
    "email": _l("Email address"),
    "phone": _l("Phone number"),
    "organisation": _l("Organisation"),
    "organisation_type": _l("Type of organisation"),
    "region": _l("Region"),
    "job_role": _l("Job role"),
    "seniority": _l("Seniority"),
    "years_in_procurement": _l("Years in procurement"),
    "preferred_language": _l("Preferred language"),
    "welsh_willingness": _l("Willing to take part in Welsh"),
    "recruited_via": _l("How they were recruited"),
    "status": _l("Status"),
    "adjustments": _l("Adjustments"),
    "notes": _l("Notes"),
}
CODED = CODED_FIELD_LABELS


class UploadRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells); blank rows left out
    samples: list[str] = field(default_factory=list)  # each column's first value, to help match columns


def _not_csv() -> UploadRefused:
    return UploadRefused(_("The selected file must be a CSV file"))


def _records(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    # Excel saves with semicolons in some locales; the headings line tells which separator is in use.
    delimiter = max(",;\t", key=first.count) if any(c in first for c in ",;\t") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise _not_csv() from None


def read_table(text: str) -> Table:
    records = _records(text)
    if not records or not any(cell.strip() for cell in records[0]):
        raise UploadRefused(_("The first row of the file must hold the column headings"))
    headers = [cell.strip() for cell in records[0]]
    rows = [
        (number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)
    ]
    samples = [
        next((cells[i].strip()[:80] for _n, cells in rows if i < len(cells) and cells[i].strip()), "")
        for i in range(len(headers))
    ]
    return Table(headers, rows, samples)


def decode_text(raw: bytes) -> str:
    """The text of an uploaded CSV file (UTF-8, a byte order mark allowed, Welsh letters composed), or
    UploadRefused with a message for the reader. Shared by every CSV import (the register, observations)."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The selected file must be smaller than 2 MB"))
    if not raw.strip():
        raise UploadRefused(_("The selected file is empty"))
    utf8_help = _(
        "The selected file must be saved as “CSV UTF-8”. In Excel, choose Save As, then "
        "“CSV UTF-8 (comma delimited)”."
    )
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadRefused(utf8_help)
    if b"\x00" in raw:  # a spreadsheet or other binary file
        raise _not_csv()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(utf8_help) from None
    # Some systems send Welsh letters decomposed (w + combining circumflex): keep them composed, as typed ones are.
    text = unicodedata.normalize("NFC", text)
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        raise _not_csv()
    return text


def decode_upload(raw: bytes) -> tuple[str, Table]:
    """The text of an uploaded CSV file and its rows, or UploadRefused with a message for the reader."""
    text = decode_text(raw)
    table = read_table(text)
    if len(table.headers) > MAX_COLUMNS:
        raise UploadRefused(
            ngettext(
                "The file can have at most %(num)d column",
                "The file can have at most %(num)d columns",
                MAX_COLUMNS,
            )
        )
    if len(table.rows) > MAX_ROWS:
        raise UploadRefused(
            ngettext(
                "The file can have at most %(count)s row of participants",
                "The file can have at most %(count)s rows of participants",
                MAX_ROWS,
                count=format_number(MAX_ROWS),
            )
        )
    if not table.rows:
        raise UploadRefused(_("The selected file has headings but no participants"))
    return text, table


def template_csv(fields: list[str]) -> str:
    """A file with just the headings, in the reader's language, to fill in."""
    out = io.StringIO()
    csv.writer(out).writerow([str(FIELD_LABELS[name]) for name in fields])
    return out.getvalue()


# Exporting ---------------------------------------------------------------------------------------------------

EXPORT_ORDER = (
    "code",
    "full_name",
    "email",
    "phone",
    "organisation",
    "organisation_type",
    "region",
    "job_role",
    "seniority",
    "years_in_procurement",
    "preferred_language",
    "welsh_willingness",
    "recruited_via",
    "status",
    "adjustments",
    "notes",
)
CONTACT_FIELDS = {"full_name", "email", "phone", "organisation", "job_role", "years_in_procurement", "notes"}


def export_columns(*, contact: bool, adjustments: bool) -> list[str]:
    """Viewers get the code and the coded categories only; adjustments need both permissions (DP-2, DP-3)."""
    hidden = set() if contact else set(CONTACT_FIELDS)
    if not (contact and adjustments):
        hidden.add("adjustments")
    return [name for name in EXPORT_ORDER if name not in hidden]


def neutralise(value: str) -> str:
    """SEC-6: a cell a spreadsheet could read as a formula gets a leading apostrophe."""
    if value and (value[0] in DANGEROUS_FIRST or value.lstrip(" ")[:1] in DANGEROUS_FIRST):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo neutralise(), so an exported file imports again."""
    rest = value[1:]
    return rest if value[:1] == "'" and rest.lstrip(" ")[:1] in DANGEROUS_FIRST else value


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in CODED:
        return str(CODED[name].get(value, value))
    return neutralise(str(value))


def export_csv(filters: services.ParticipantFilter, *, contact: bool, adjustments: bool) -> tuple[str, int]:
    """The filtered register as CSV text in the reader's language, and how many people it holds."""
    columns = export_columns(contact=contact, adjustments=adjustments)
    stmt = services.filtered_participants(filters, can_see_adjustments=contact and adjustments)
    stmt = stmt.with_only_columns(*(getattr(Participant, name) for name in columns))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([str(_l("Code")) if name == "code" else str(FIELD_LABELS[name]) for name in columns])
    count = 0
    for row in db.session.execute(stmt):
        writer.writerow([_cell(name, value) for name, value in zip(columns, row, strict=True)])
        count += 1
    record_event(
        "participants.exported",
        target_type="participant",
        target_id="register",
        details={"count": count, "columns": columns, "filtered_by": sorted(filters.as_dict())},
    )
    return out.getvalue(), count
