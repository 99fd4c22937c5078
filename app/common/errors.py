"""Friendly error pages in the reader's language; never a traceback (SEC-7)."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

HANDLED = (400, 403, 404, 405, 413, 429)


def _page(code: int):
    return render_template(f"errors/{code}.html"), code


def handle_http_error(error: HTTPException):
    if error.code and error.code >= 500:
        return handle_server_error(error)
    return _page(error.code if error.code in HANDLED else 400)


def handle_csrf_error(error: CSRFError):
    return render_template("errors/csrf.html"), 400


def handle_server_error(error):
    current_app.logger.error("Unhandled error", exc_info=error)
    db.session.rollback()
    return render_template("errors/500.html"), 500


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(Exception, handle_server_error)
