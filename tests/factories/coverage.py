"""Coverage targets."""

from __future__ import annotations

from app.coverage.models import CoverageTarget
from tests.factories.base import BaseFactory


class CoverageTargetFactory(BaseFactory):
    """A target of 25% of the register from North Wales."""

    class Meta:
        model = CoverageTarget

    dimension = "region"
    value = "north"
    percent = 25
