"""Tables on a narrow screen (macros/tables.html and the stacked tables; WCAG 1.4.10). A stacked table names every
value with its column (data-label, drawn above it when rows become blocks); a table that scrolls sits in a region
named by its caption that keyboard users can reach. tests/browser/test_reflow.py measures the pages themselves."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.extensions import db
from tests.factories import (
    BookingFactory,
    ConsentFormFactory,
    OutboxMessageFactory,
    ParticipantFactory,
    ResearchSessionFactory,
)

EN = {"Accept-Language": "en"}
STACKED = re.compile(r'<table class="govuk-table profi-table--stacked">(.*?)</table>', re.S)
HEADER = re.compile(r'<th scope="col" class="govuk-table__header[^"]*">(.*?)</th>', re.S)
ROW = re.compile(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<td\b([^>]*)>")
REGION = re.compile(
    r'<div class="profi-table-region__scroll" role="region" aria-labelledby="([^"]+)" tabindex="0">'
)


def _pages(app) -> dict[str, str]:
    with app.app_context():
        start = datetime.now(UTC) - timedelta(hours=2)
        session = ResearchSessionFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=3)
        booking = BookingFactory(research_session=session)
        ConsentFormFactory()
        OutboxMessageFactory()
        ParticipantFactory()
        db.session.commit()
        study, person = session.study_id, booking.participant_id
        return {
            "register": "/participants",
            "audit log": "/audit",
            "outbox": "/outbox",
            "staff": "/staff",
            "study": f"/studies/{study}",
            "session": f"/studies/{study}/sessions/{session.id}",
            "participant": f"/participants/{person}",
            "coverage": "/coverage",
            "consent forms": "/consent/forms",
        }


def test_every_value_in_a_stacked_table_is_named_by_its_column(app, client, as_role):
    as_role("admin")
    stacked = 0
    for name, path in _pages(app).items():
        html = client.get(path, headers=EN).get_data(as_text=True)
        for table in STACKED.findall(html):
            stacked += 1
            headers = [" ".join(h.split()) for h in HEADER.findall(table)]
            row = ROW.search(table)
            assert row, f"the stacked table on the {name} page has no rows"
            labels = [re.search(r'data-label="([^"]*)"', attrs) for attrs in CELL.findall(row.group(1))]
            assert [label.group(1) if label else None for label in labels] == headers, name
    assert stacked == 6


def test_a_table_that_scrolls_is_in_a_named_region_keyboard_users_reach(app, client, as_role):
    as_role("admin")
    regions = 0
    for name, path in _pages(app).items():
        html = client.get(path, headers=EN).get_data(as_text=True)
        for caption_id in REGION.findall(html):
            regions += 1
            assert re.search(rf'<caption id="{caption_id}"[^>]*>\s*\S', html), (
                f"{name}: #{caption_id} names nothing"
            )
        assert html.count('class="profi-table-region__scroll"') == len(REGION.findall(html)), name
    assert regions >= 4
