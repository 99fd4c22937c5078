"""A complete, published consent form for tests."""

from __future__ import annotations

from app.consent import services
from app.consent.models import Purpose, Section


def publish_test_form(actor=None):
    sections = {s.value: {"cy": f"Testun {s.value}", "en": f"Text {s.value}"} for s in Section}
    purposes = {p.value: {"cy": f"Cwestiwn {p.value}?", "en": f"Question {p.value}?"} for p in Purpose}
    form = services.create_draft(
        title_cy="Ffurflen gydsynio", title_en="Consent form", sections=sections, purposes=purposes
    )
    services.publish_form(form, actor=actor)
    return form
