"""The studies blueprint: studies, research sessions, calendars and feeds, and its template filters for UK
times (Europe/London, whatever the server's TZ)."""

from flask import Blueprint

from app.studies import formatting

bp = Blueprint("studies", __name__, template_folder="../templates")

for _filter in (
    formatting.uk_time,
    formatting.uk_time_with_zone,
    formatting.uk_time_label,
    formatting.uk_day,
):
    bp.add_app_template_filter(_filter)

from app.studies.views import calendar, sessions, studies  # noqa: E402, F401 — each adds its routes to bp

__all__ = ["bp"]
