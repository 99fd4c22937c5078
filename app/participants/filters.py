"""The register's filter as it arrives in a query string (or a saved segment), cut to what the reader may use."""

from __future__ import annotations

from flask_login import current_user

from app.participants import services
from app.participants.forms import FilterForm
from app.participants.visibility import filterable_fields, may_use_segment, sortable_by

FILTER_LIST_FIELDS = services.FILTER_FIELDS


def filter_from_request(args) -> tuple[FilterForm, services.ParticipantFilter]:
    """The filter in the query string (or a saved segment's), and the form that shows it."""
    segment = None
    if args.get("segment", type=int):
        segment = usable_segment(args.get("segment", type=int))
    if segment is not None:
        saved = services.ParticipantFilter.from_dict(segment.filters)
        form = FilterForm(data={**saved.as_dict(), "sort": args.get("sort", "name")})
    else:
        form = FilterForm(args)
    offer_only_usable_orders(form)
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
    defaults = services.ParticipantFilter()
    allowed = filterable_fields(current_user)
    for name in data:
        if name != "sort" and name not in allowed and hasattr(defaults, name):
            data[name] = getattr(defaults, name)  # a field they cannot see filters nothing (no inference)
    if data["sort"] not in sortable_by(current_user):
        data["sort"] = "code"
    return form, services.ParticipantFilter(**data)


def offer_only_usable_orders(form: FilterForm) -> None:
    """Leave in the form's "Sort by" only the orders the reader may use (visibility.sortable_by): a viewer is not
    offered name or organisation, which would silently sort by code."""
    usable = sortable_by(current_user)
    choices = form.sort.choices() if callable(form.sort.choices) else form.sort.choices
    form.sort.choices = [(value, label) for value, label in choices if value in usable]
    if form.sort.data not in usable:
        form.sort.data = "code"


def usable_segment(segment_id: int | None):
    """The saved segment with this id if the signed-in member of staff may use it (visibility.may_use_segment),
    else None, as if there were none."""
    segment = services.get_segment(segment_id) if segment_id else None
    if segment is None or not may_use_segment(current_user, segment.filters):
        return None
    return segment


def usable_segments() -> list:
    """The saved segments the signed-in member of staff may use, by name."""
    return [s for s in services.list_segments() if may_use_segment(current_user, s.filters)]
