"""Audit events, written directly (as record_event would leave them) for tests that read the trail."""

from __future__ import annotations

import factory

from app.audit.models import AuditEvent
from app.models_base import utcnow
from tests.factories.base import BaseFactory


class AuditEventFactory(BaseFactory):
    """A successful "test.event" about project "cyd", just now. Pass actor= a staff user to name them.
    Trait: failure."""

    class Meta:
        model = AuditEvent

    class Params:
        actor = None
        failure = factory.Trait(outcome="failure")

    action = "test.event"
    occurred_at = factory.LazyFunction(utcnow)
    actor_id = factory.LazyAttribute(lambda o: o.actor.id if o.actor else None)
    actor_label = factory.LazyAttribute(lambda o: o.actor.email if o.actor else "")
    target_type = "project"
    target_id = "cyd"
    subject = ""
    outcome = "success"
    ip_address = ""
    details = factory.LazyFunction(dict)
