"""CSV files for the import tests, and the requests a researcher makes with them: upload, preview, import."""

from __future__ import annotations

import csv
import html
import io
import re

HEADINGS = ["Full name", "Email", "Phone", "Organisation", "Type of organisation", "Region", "Seniority"]
GOOD = [
    "Llŷr Ŵyn ap Siôn",
    "llyr@example.org",
    "029 2000 0000",
    "Cyngor Sir Ynys Môn",
    "Local authority",
    "North Wales",
    "Practitioner",
]
EN = {"Accept-Language": "en"}


def csv_text(*rows, headings=HEADINGS) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([headings, *rows])
    return out.getvalue()


def good_row(n: int, **changes) -> list[str]:
    row = dict(zip(HEADINGS, GOOD, strict=True))
    row["Email"] = f"person{n}@example.org"
    row.update(changes)
    return [row[h] for h in HEADINGS]


def upload(client, content, filename="team.csv"):
    """POST a file. The body is built here: the test client spools big bodies to a file it never closes."""
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    boundary = "profi-test-boundary-7d1c"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + raw
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        "/participants/import",
        data=body,
        headers=EN,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def uploaded(client, content) -> int:
    response = upload(client, content)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def page_mapping(client, batch_id, query="") -> dict:
    """The column choices the preview page would send with its import button (or its selects)."""
    page = client.get(f"/participants/import/{batch_id}{query}", headers=EN).get_data(as_text=True)
    selected = re.findall(r'name="(column_\d+)".*?(?:<option value="([^"]*)" selected|</select>)', page, re.S)
    return {name: value for name, value in selected}


def run_import(client, batch_id, mapping=None):
    mapping = page_mapping(client, batch_id) if mapping is None else mapping
    return client.post(f"/participants/import/{batch_id}/import", data=mapping, headers=EN)


def problems(page: str) -> list[tuple[str, str, str]]:
    cells = r'<td class="govuk-table__cell">(.*?)</td>\s*'
    return [tuple(html.unescape(c) for c in row) for row in re.findall(cells * 3, page, re.S)]
