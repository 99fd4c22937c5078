"""The words of research synthesis: kinds of observation and finding, the severity scale, statuses of findings
and recommendations, each with its label in the reader's language (lazy: shown wherever it is read)."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ObservationKind(StrEnum):
    QUOTE = "quote"
    BEHAVIOUR = "behaviour"
    PAIN_POINT = "pain_point"
    NEED = "need"
    POSITIVE = "positive"


OBSERVATION_KIND_LABELS = {
    ObservationKind.QUOTE: _l("Quote"),
    ObservationKind.BEHAVIOUR: _l("Behaviour"),
    ObservationKind.PAIN_POINT: _l("Pain point"),
    ObservationKind.NEED: _l("Need"),
    ObservationKind.POSITIVE: _l("Positive"),
}


class FindingKind(StrEnum):
    """REP-4: what works is reported as well as problems."""

    PROBLEM = "problem"
    NEED = "need"
    INSIGHT = "insight"
    POSITIVE = "positive"


FINDING_KIND_LABELS = {
    FindingKind.PROBLEM: _l("Problem"),
    FindingKind.NEED: _l("Need"),
    FindingKind.INSIGHT: _l("Insight"),
    FindingKind.POSITIVE: _l("Positive"),
}

# Kinds that have a severity: what works, and what was learned, are not graded.
GRADED_KINDS = frozenset({FindingKind.PROBLEM, FindingKind.NEED})

# REP-2: one documented 4-point scale, stored as 1 (low) to 4 (high) so that it sorts. The wording follows the
# scales usability practice uses (Nielsen's severity ratings; the GDS user research community's "critical to
# minor"), said in terms of what happens to people using the service.
SEVERITY_LEVELS = (4, 3, 2, 1)
SEVERITY_LABELS = {
    4: _l("Critical"),
    3: _l("Serious"),
    2: _l("Moderate"),
    1: _l("Minor"),
}
SEVERITY_MEANINGS = {
    4: _l("Stops people completing what they came to do, or puts them at risk."),
    3: _l("Many people struggle, make mistakes or need help to carry on."),
    2: _l("People are slowed down or frustrated, but find their way."),
    1: _l("A small irritation that does not stop anyone."),
}


class FindingStatus(StrEnum):
    NEW = "new"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    FIXED = "fixed"
    RETESTED_RESOLVED = "retested_resolved"
    RETESTED_PERSISTING = "retested_persisting"
    WONT_FIX = "wont_fix"


FINDING_STATUS_LABELS = {
    FindingStatus.NEW: _l("New"),
    FindingStatus.AGREED: _l("Agreed"),
    FindingStatus.IN_PROGRESS: _l("In progress"),
    FindingStatus.FIXED: _l("Fixed"),
    FindingStatus.RETESTED_RESOLVED: _l("Retested – resolved"),
    FindingStatus.RETESTED_PERSISTING: _l("Retested – persisting"),
    FindingStatus.WONT_FIX: _l("Won’t fix"),
}


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


PRIORITY_LABELS = {Priority.HIGH: _l("High"), Priority.MEDIUM: _l("Medium"), Priority.LOW: _l("Low")}


class RecommendationStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DOING = "not_doing"


RECOMMENDATION_STATUS_LABELS = {
    RecommendationStatus.PROPOSED: _l("Proposed"),
    RecommendationStatus.AGREED: _l("Agreed"),
    RecommendationStatus.IN_PROGRESS: _l("In progress"),
    RecommendationStatus.DONE: _l("Done"),
    RecommendationStatus.NOT_DOING: _l("Not doing"),
}

# The language an observation was said in.
SPOKEN_LANGUAGES = ("cy", "en")
SPOKEN_LANGUAGE_LABELS = {"cy": _l("Welsh"), "en": _l("English")}
