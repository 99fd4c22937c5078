"""The register: participants, their participation history, segments, the participation limit and overrides,
and CSV import batches."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from sqlalchemy import select

from app.extensions import db
from app.models_base import utcnow
from app.participants.models import (
    ImportBatch,
    LimitOverride,
    Participant,
    Participation,
    ParticipationLimit,
    Segment,
)
from tests.factories.base import BaseFactory


class ParticipantFactory(BaseFactory):
    """An active participant, made through the service so the code and search key are set as in real use.

    Trait `consented`: a consent record on the current published form (one is published if there is none),
    agreeing to every purpose, online, in Welsh. Change the record through `consent__…`, e.g.
    `ParticipantFactory(consented=True, consent__language="en", consent__answers__video=False)`.
    """

    class Meta:
        model = Participant

    class Params:
        consented = factory.Trait(
            consent=factory.RelatedFactory(
                "tests.factories.consent.ConsentRecordFactory", factory_related_name="participant"
            )
        )

    full_name = factory.Sequence(lambda n: f"Cyfranogwr {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Cyngor Sir Ynys Môn"
    organisation_type = "local_authority"
    region = "north"
    seniority = "practitioner"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from app.participants.services import ParticipantDetails, create_participant

        return create_participant(ParticipantDetails(**kwargs), audit=False)


class ParticipationFactory(BaseFactory):
    """One time a participant took part, 30 days ago (what the participation limit counts)."""

    class Meta:
        model = Participation

    class Params:
        recorded_by = None
        days_ago = 30

    participant = factory.SubFactory(ParticipantFactory)
    took_part_on = factory.LazyAttribute(lambda o: date.today() - timedelta(days=o.days_ago))
    description = "Interview"
    recorded_by_id = factory.LazyAttribute(lambda o: o.recorded_by.id if o.recorded_by else None)


class SegmentFactory(BaseFactory):
    """A saved filter over the register (filters as the register's query string keeps them: lists of values)."""

    class Meta:
        model = Segment

    name = factory.Sequence(lambda n: f"Segment {n}")
    filters = factory.LazyFunction(dict)
    created_by_id = None


class ParticipationLimitFactory(BaseFactory):
    """The one participation limit setting: changes the row the migration made (or makes it if missing)."""

    class Meta:
        model = ParticipationLimit

    max_sessions = 3
    period_days = 365
    cooldown_days = 30
    warn_when_remaining = 1
    active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        limit = db.session.scalar(select(ParticipationLimit).order_by(ParticipationLimit.id).limit(1))
        if limit is None:
            return super()._create(model_class, *args, **kwargs)
        for name, value in kwargs.items():
            setattr(limit, name, value)
        db.session.flush()
        return limit


class LimitOverrideFactory(BaseFactory):
    """Permission to ask someone despite the limit, unused, for the next 30 days. Trait: used."""

    class Meta:
        model = LimitOverride

    class Params:
        participant = factory.SubFactory(ParticipantFactory)
        granted_by = None
        used = factory.Trait(used_at=factory.LazyFunction(utcnow))

    participant_id = factory.LazyAttribute(lambda o: o.participant.id)
    reason = "Only Welsh-speaking buyer available"
    granted_by_id = factory.LazyAttribute(lambda o: o.granted_by.id if o.granted_by else None)
    expires_at = factory.LazyFunction(lambda: utcnow() + timedelta(days=30))
    used_at = None


class ImportBatchFactory(BaseFactory):
    """An uploaded CSV file waiting at its preview. Traits: imported, discarded."""

    class Meta:
        model = ImportBatch

    class Params:
        imported = factory.Trait(status="imported", content="", imported_count=1)
        discarded = factory.Trait(status="discarded", content="")

    filename = "team.csv"
    content = "Full name,Email\nSiân Ŵyn,sian@example.org\n"
    status = "previewed"
    imported_count = 0
    created_by_id = None
