"""Routes: finding_pages (being built)."""

from app.findings.views import bp  # noqa: F401
