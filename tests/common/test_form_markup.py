"""Every group of radios, checkboxes or date boxes has a legend that names it (WCAG 1.3.1, 3.3.2)."""

from __future__ import annotations

import re

from app.extensions import db
from app.participants import links
from tests.factories import ConsentFormFactory, ParticipantFactory, PhaseFactory, ProjectFactory
from tests.markup import EMPTY_HINT, FIELDSET, LEGEND


def test_every_fieldset_has_a_named_legend_and_no_empty_hint(app, client, as_role):
    as_role("admin")
    with app.app_context():
        phase = PhaseFactory(project=ProjectFactory(slug="legends"))
        person = ParticipantFactory()
        ConsentFormFactory()
        token = links.current_token(person)
        db.session.commit()
    pages = [
        "/account",
        "/staff/new",
        "/projects/new",
        "/projects/legends/phases/new",
        f"/projects/legends/phases/{phase.id}/edit",
        "/participants",
        "/participants/new",
        f"/participants/{person.id}/edit",
        f"/participants/{person.id}",
        "/participants/limits",
        "/audit",
        f"/participants/{person.id}/consent/record",
        f"/p/{token}/details",
        f"/p/{token}/consent",
    ]
    checked = 0
    for path in pages:
        html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert not EMPTY_HINT.search(html), path
        for fieldset in FIELDSET.findall(html):
            legend = LEGEND.search(fieldset)
            assert legend and re.sub(r"<[^>]+>", "", legend.group(1)).strip(), f"{path}: {fieldset[:200]}"
            checked += 1
    assert checked > 20


def test_each_group_is_named_for_itself(app, client, as_role):
    as_role("admin")
    html = client.get("/participants/new", headers={"Accept-Language": "en"}).get_data(as_text=True)
    legends = [re.sub(r"<[^>]+>|\s+", " ", legend).strip() for legend in LEGEND.findall(html)]
    assert "Region" in legends and "Seniority" in legends and "Status" in legends
    assert len(legends) == len(set(legends))
