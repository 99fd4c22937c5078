"""The findings blueprint: session logs, observation imports, the theme board, findings and their pages,
search, and the project dashboard. Each module adds its own routes to bp."""

from flask import Blueprint

bp = Blueprint("findings", __name__, template_folder="../templates")

from app.findings.views import (  # noqa: E402, F401 — each adds its routes to bp
    board,
    dashboard,
    finding_pages,
    imports,
    search,
    session_log,
)

__all__ = ["bp"]
