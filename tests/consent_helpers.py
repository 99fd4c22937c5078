"""A complete, published consent form for tests: kept for the tests that still import it.

New tests use tests.factories.ConsentFormFactory (and ParticipantFactory(consented=True)) instead.
"""

from __future__ import annotations

from tests.factories import ConsentFormFactory


def publish_test_form(actor=None):
    return ConsentFormFactory(published_by=actor)
