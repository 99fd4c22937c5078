"""The register's filter as it arrives in a query string (or a saved segment), cut to what the reader may use."""

from __future__ import annotations

from flask_login import current_user

from app.participants import services
from app.participants.forms import FilterForm
from app.participants.visibility import can_see_adjustments, can_see_contact_details

FILTER_LIST_FIELDS = services.FILTER_FIELDS


def filter_from_request(args) -> tuple[FilterForm, services.ParticipantFilter]:
    """The filter in the query string (or a saved segment's), and the form that shows it."""
    segment = None
    if args.get("segment", type=int):
        segment = services.get_segment(args.get("segment", type=int))
    if segment is not None:
        saved = services.ParticipantFilter.from_dict(segment.filters)
        form = FilterForm(data={**saved.as_dict(), "sort": args.get("sort", "name")})
    else:
        form = FilterForm(args)
    if segment is None and not form.validate():
        return form, services.ParticipantFilter()
    data = {name: getattr(form, name).data for name in form._fields if name not in ("submit", "csrf_token")}
    for name in FILTER_LIST_FIELDS:
        data[name] = [value for value in (data.get(name) or []) if value]
    data["q"] = data.get("q") or ""
    data["organisation"] = data.get("organisation") or ""
    data["job_role"] = data.get("job_role") or ""
    data["has_adjustments"] = data.get("has_adjustments") or ""
    data["sort"] = data.get("sort") or "name"
    if not can_see_contact_details(current_user):
        data["q"] = ""
        data["organisation"] = ""
        data["job_role"] = ""
        data["sort"] = "code" if data["sort"] in ("name", "organisation") else data["sort"]
    if not can_see_adjustments(current_user):
        data["has_adjustments"] = ""
    return form, services.ParticipantFilter(**data)
