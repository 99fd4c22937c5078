"""The base of every form a participant fills in from their link.

When a participant's form has expired (its CSRF token is too old), the portal shows the same page again with
what they typed (views/__init__.py): while it does, `g.form_expired` is set and no form counts as submitted, so
nothing acts until they send it again with a fresh token.
"""

from __future__ import annotations

from flask import g
from flask_wtf import FlaskForm


class PortalForm(FlaskForm):
    def validate_on_submit(self, extra_validators=None) -> bool:
        if g.get("form_expired"):
            return False
        return bool(super().validate_on_submit(extra_validators=extra_validators))
