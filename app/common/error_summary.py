"""The entries of a form's error summary: one per field with an error, in the form's order, however many of its
checks failed, and no entry twice. govuk-frontend-wtf's wtforms_errors, used before, linked a date to the group
around its boxes (which a link cannot move focus to) and an error about the whole form to "#None"."""

from __future__ import annotations

from typing import Any

from wtforms import Form

from app.common.widgets import LocalisedDateInput


def _anchor(field: Any) -> str:
    """Where the entry's link moves to: the field's own box, or the first box of a date (the day)."""
    if isinstance(field.widget, LocalisedDateInput):
        return f"{field.name}-day"  # the id govuk-frontend-wtf gives the day box
    return field.id


def error_list(form: Form) -> list[dict[str, str]]:
    """GOV.UK error summary items: errors about the whole form first (text, no link), then the first error of each
    field in the form's order (the message the field shows beside it), linked to it."""
    items: list[dict[str, str]] = []
    seen: set[str] = set()
    for message in getattr(form, "form_errors", []):
        if str(message) not in seen:
            seen.add(str(message))
            items.append({"text": str(message)})
    for field in form:
        if field.errors:
            anchor = _anchor(field)
            if anchor not in seen:
                seen.add(anchor)
                items.append({"text": str(field.errors[0]), "href": f"#{anchor}"})
    return items
