"""Profi with one extra route, for benchmarks/booking.py's baseline: the least a CSRF-protected form POST of this
app can do — the same middleware, session cookie, CSRF check, request transaction and commit — writing one row.

    gunicorn 'benchmarks.minimal_post_app:app'

GET /bench/minimal-post answers a form with its CSRF token; POST checks the token and INSERTs one row into
bench_minimal_post (a table the benchmark creates in its scratch database). Never part of the product.
"""

from __future__ import annotations

from flask import Blueprint
from flask_wtf import FlaskForm
from sqlalchemy import text

from app import create_app
from app.common import access
from app.extensions import db

bp = Blueprint("bench", __name__)


@bp.route("/bench/minimal-post", methods=["GET", "POST"])
@access.public
def minimal_post():
    form = FlaskForm()
    if form.validate_on_submit():
        db.session.execute(text("INSERT INTO bench_minimal_post (made_at) VALUES (now())"))
        db.session.commit()
        return "saved"
    return f'<form method="post"><input name="csrf_token" value="{form.csrf_token.current_token}"></form>'


app = create_app()
app.register_blueprint(bp)
