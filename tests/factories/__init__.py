"""Factories for every model, one module per feature (as in app/), all importable from here.

Rows are written through the app's own session and flushed, never committed: inside a test's transaction
they vanish with it. Factories write rows directly (no audit events, no emails), except ParticipantFactory,
which goes through the register's service so codes and search keys are real.
"""

from tests.factories.accounts import StaffUserFactory
from tests.factories.audit import AuditEventFactory
from tests.factories.booking import (
    BookingFactory,
    BookingReminderFactory,
    InvitationFactory,
    WaitlistEntryFactory,
)
from tests.factories.consent import (
    ConsentFormFactory,
    ConsentRecordFactory,
    consent_texts,
    current_or_new_form,
    every_purpose,
)
from tests.factories.coverage import CoverageTargetFactory
from tests.factories.findings import (
    FindingFactory,
    ObservationFactory,
    RecommendationFactory,
    TagFactory,
)
from tests.factories.mail import WELSH_BODY, OutboxAttachmentFactory, OutboxMessageFactory
from tests.factories.participants import (
    ImportBatchFactory,
    LimitOverrideFactory,
    ParticipantFactory,
    ParticipationFactory,
    ParticipationLimitFactory,
    SegmentFactory,
)
from tests.factories.projects import PhaseFactory, ProjectFactory
from tests.factories.studies import CalendarFeedFactory, ResearchSessionFactory, StudyFactory

__all__ = [
    "WELSH_BODY",
    "AuditEventFactory",
    "BookingFactory",
    "BookingReminderFactory",
    "InvitationFactory",
    "CalendarFeedFactory",
    "ConsentFormFactory",
    "ConsentRecordFactory",
    "FindingFactory",
    "ObservationFactory",
    "RecommendationFactory",
    "TagFactory",
    "CoverageTargetFactory",
    "ImportBatchFactory",
    "LimitOverrideFactory",
    "OutboxAttachmentFactory",
    "OutboxMessageFactory",
    "ParticipantFactory",
    "ParticipationFactory",
    "ParticipationLimitFactory",
    "PhaseFactory",
    "ProjectFactory",
    "ResearchSessionFactory",
    "SegmentFactory",
    "StaffUserFactory",
    "StudyFactory",
    "WaitlistEntryFactory",
    "consent_texts",
    "current_or_new_form",
    "every_purpose",
]
