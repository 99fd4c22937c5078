"""The base every factory shares: rows are written through the app's own session and flushed, never committed."""

from __future__ import annotations

import factory

from app.extensions import db


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 — the session changes per test
        sqlalchemy_session_persistence = "flush"
