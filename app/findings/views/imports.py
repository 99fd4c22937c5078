"""Routes: imports (being built)."""

from app.findings.views import bp  # noqa: F401
