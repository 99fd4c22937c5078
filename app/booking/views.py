"""The booking blueprint; its template folder holds the booking emails."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("booking", __name__, template_folder="templates")
