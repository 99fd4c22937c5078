"""Staff accounts."""

from __future__ import annotations

import factory
from werkzeug.security import generate_password_hash

from app.accounts.models import StaffUser
from tests.conftest import PASSWORD, TEST_PASSWORD_HASH
from tests.factories.base import BaseFactory

_HASH = generate_password_hash(PASSWORD, method=TEST_PASSWORD_HASH)


class StaffUserFactory(BaseFactory):
    """A researcher who signs in with tests.conftest.PASSWORD. Traits: admin, viewer, inactive."""

    class Meta:
        model = StaffUser

    class Params:
        admin = factory.Trait(role="admin")
        viewer = factory.Trait(role="viewer")
        inactive = factory.Trait(active=False)

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    name = factory.Sequence(lambda n: f"Aelod Staff {n}")
    role = "researcher"
    preferred_language = "en"
    password_hash = _HASH
