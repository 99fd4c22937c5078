"""Fixtures for studies and their research sessions."""

from __future__ import annotations

import pytest

from tests.factories import StudyFactory


@pytest.fixture
def study(create):
    """A study (committed) to add sessions to."""
    return create(StudyFactory)
