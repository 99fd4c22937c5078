"""Fixtures: an app on a database built by the migrations, and each test inside a transaction it rolls back.

The tests mirror app/ (tests/<feature>/test_<module>.py); tests/README.md maps the layout. Data comes from
tests/factories (a factory for every model); `create` commits what a factory makes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.extensions import db
from tests import databases

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
# Fast hashing in tests only; tests/accounts/test_services.py checks the production default is strong.
TEST_PASSWORD_HASH = "scrypt:1024:8:1"
PASSWORD = "correct-horse-battery"


def config_for(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "PROFI_DEMO": False,
        "OUTBOX_DIR": tempfile.mkdtemp(prefix="profi-outbox-"),
        "BASE_URL": "http://profi.test",
    }
    config.update(overrides)
    return config


def migrated_app(purpose: str, **overrides):
    app = create_app(config_for(databases.make_database(purpose), **overrides))
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    return app


def pytest_sessionfinish(session, exitstatus):
    databases.drop_created_databases()


@pytest.fixture(scope="session")
def app():
    application = migrated_app("main")
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Every test that uses the app runs inside one outer transaction that is rolled back afterwards.

    Requests commit as usual; with join_transaction_mode="create_savepoint" those commits release savepoints
    inside the outer transaction, so nothing a test writes outlives it.
    """
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    # expire_on_commit=False lets a test read the objects it made after a request has committed.
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False),
        scopefunc=_app_ctx_id,
    )
    try:
        yield
    finally:
        with application.app_context():
            db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def create(app):
    """Make a row with a factory and commit it, as data a request will then read; returns the row.

    `person = create(ParticipantFactory, region="north")`. Objects stay readable after the commit.
    """

    def _create(factory, **fields):
        with app.app_context():
            made = factory(**fields)
            db.session.commit()
            return made

    return _create


@pytest.fixture
def audit_events(app):
    """The audit events with a given action, oldest first: `[event] = audit_events("auth.sign_in")`."""
    from sqlalchemy import select

    from app.audit.models import AuditEvent

    def _events(action: str) -> list[AuditEvent]:
        with app.app_context():
            query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            return list(db.session.scalars(query))

    return _events


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


def sign_in(client: FlaskClient, user, password: str = PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def as_role(app, client):
    """Sign the test client in as a new member of staff with the given role; returns the user."""
    from tests.factories import StaffUserFactory

    def _as(role: str, **kwargs):
        with app.app_context():
            user = StaffUserFactory(role=role, **kwargs)
            db.session.commit()
            email = user.email
        client.post("/sign-in", data={"email": email, "password": PASSWORD})
        return user

    return _as


@pytest.fixture
def worker_app():
    """A committed database, and this process acting as a worker: jobs go to the queue's storage."""
    from app import jobs

    application = migrated_app("jobs_worker")
    jobs.bind_worker(application)
    jobs.queue.flush()  # after bind_worker: it is the queue's file that must start empty, not immediate mode's memory
    yield application
    jobs.queue.flush()
    jobs.queue.immediate = True
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
