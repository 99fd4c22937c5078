"""Account services: the last admin stays, and passwords are hashed with the configured (strong) method."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from app.accounts import services
from app.config import STRONG_PASSWORD_HASH, load_config
from app.extensions import db
from tests.factories import StaffUserFactory


def test_the_last_active_admin_cannot_be_removed(app):
    with app.test_request_context():
        only_admin = StaffUserFactory(role="admin")
        other = StaffUserFactory(role="researcher")
        db.session.flush()
        try:
            services.change_role(only_admin, "viewer", actor=other)
        except services.LastAdmin:
            pass
        else:
            raise AssertionError("the last admin was demoted")
        assert only_admin.role == "admin"


def test_production_password_hashing_is_at_least_owasp_scrypt():
    method, n, r, p = STRONG_PASSWORD_HASH.split(":")
    assert method == "scrypt" and int(n) >= 2**17 and int(r) >= 8 and int(p) >= 1
    assert load_config()["PASSWORD_HASH_METHOD"] == STRONG_PASSWORD_HASH


def test_new_hashes_use_the_configured_method(app):
    with app.app_context():
        hashed = services.hash_password("a long enough password")
    assert hashed.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert check_password_hash(hashed, "a long enough password")
