"""Observations, tags, findings (with their first round), evidence and recommendations.

ObservationFactory logs an observation for a participant who attended a new session, unless given `booking=`
(or `research_session=` and `participant=`, which books them as attended). FindingFactory writes a finding in a
phase with its first round, like findings.create_finding; pass `evidence=[observation, …]` to link them."""

from __future__ import annotations

import factory

from app.booking.models import BookingStatus
from app.extensions import db
from app.findings.models import Evidence, Finding, FindingRound, Observation, Recommendation, Tag
from app.findings.tags import tag_key
from app.models_base import utcnow
from tests.factories.base import BaseFactory
from tests.factories.booking import BookingFactory
from tests.factories.projects import PhaseFactory, ProjectFactory


class TagFactory(BaseFactory):
    class Meta:
        model = Tag

    class Params:
        project = factory.SubFactory(ProjectFactory)

    project_id = factory.LazyAttribute(lambda o: o.project.id)
    name = factory.Sequence(lambda n: f"Thema {n}")
    key = factory.LazyAttribute(lambda o: tag_key(o.name))


def _booking(o):
    if o.booking is not None:
        return o.booking
    if o.research_session is not None or o.participant is not None:
        extra = {}
        if o.research_session is not None:
            extra["research_session"] = o.research_session
        if o.participant is not None:
            extra["participant"] = o.participant
        return BookingFactory(status=BookingStatus.ATTENDED, **extra)
    return BookingFactory(status=BookingStatus.ATTENDED)


class ObservationFactory(BaseFactory):
    class Meta:
        model = Observation
        exclude = ("the_booking",)

    class Params:
        booking = None
        research_session = None
        participant = None

    the_booking = factory.LazyAttribute(_booking)
    research_session_id = factory.LazyAttribute(lambda o: o.the_booking.research_session_id)
    participant_id = factory.LazyAttribute(lambda o: o.the_booking.participant_id)
    study_id = factory.LazyAttribute(lambda o: o.the_booking.research_session.study_id)
    phase_id = factory.LazyAttribute(lambda o: o.the_booking.research_session.study.phase_id)
    project_id = factory.LazyAttribute(lambda o: o.the_booking.research_session.study.phase.project_id)
    kind = "quote"
    text = factory.Sequence(lambda n: f"Mae’r ffurflen yn ddryslyd {n}")
    language = "cy"
    time_marker = None


class FindingFactory(BaseFactory):
    class Meta:
        model = Finding

    phase = factory.LazyAttribute(lambda o: o.study.phase if o.study is not None else PhaseFactory())
    study = None
    project_id = factory.LazyAttribute(lambda o: o.phase.project_id)
    statement_cy = factory.Sequence(lambda n: f"Nid yw pobl yn dod o hyd i’r templedi {n}")
    statement_en = factory.Sequence(lambda n: f"People cannot find the templates {n}")
    kind = "problem"
    severity = 3
    status = "new"

    @factory.post_generation
    def evidence(finding, create, extracted, **kwargs):  # noqa: N805 — factory_boy's hook
        """The first round, and `evidence=[observation, …]` linked."""
        db.session.add(FindingRound(finding_id=finding.id, phase_id=finding.phase_id, status=finding.status))
        for observation in extracted or ():
            db.session.add(
                Evidence(
                    finding_id=finding.id,
                    observation_id=observation.id,
                    project_id=finding.project_id,
                    linked_at=utcnow(),
                )
            )
        db.session.flush()


class RecommendationFactory(BaseFactory):
    class Meta:
        model = Recommendation

    class Params:
        finding = factory.SubFactory(FindingFactory)

    finding_id = factory.LazyAttribute(lambda o: o.finding.id)
    text_cy = "Rhowch y templedi ar y dudalen gyntaf"
    text_en = "Put the templates on the first page"
    owner = "Tîm cynnwys"
    priority = "high"
    status = "proposed"
