"""The studies blueprint with every route: studies, research sessions, calendars and feeds."""

from app.studies import calendar_views, session_views, study_views  # noqa: F401 — each adds its routes to bp
from app.studies.blueprint import bp

__all__ = ["bp"]
