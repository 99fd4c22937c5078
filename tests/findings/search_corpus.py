"""A small corpus for the search tests, the same on SQLite and PostgreSQL: observations and findings written in
Welsh and English with the letters, apostrophes, hyphens and operator words people type, in two phases of one
project, and one observation in another project that no search of this one may find. Rows are known by label."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extensions import db
from app.findings.models import FindingStandard
from tests.factories import (
    BookingFactory,
    FindingFactory,
    ObservationFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    RecommendationFactory,
    ResearchSessionFactory,
    StudyFactory,
    TagFactory,
)

OBSERVATIONS = {
    # label: (person, phase, kind, language, text)
    "llyr": ("a", "discovery", "quote", "cy", "Dywedodd Llŷr fod y ffurflen yn anodd"),
    "mae_r": ("a", "discovery", "pain_point", "cy", "Mae’r system yn araf iawn"),
    "hyphen": ("a", "alpha", "behaviour", "cy", "Roedd yr e-bost yn mynd i’r sbam"),
    "wedi_u": ("b", "discovery", "quote", "cy", "Maen nhw wedi'u drysu gan y botwm"),
    "nfd": ("b", "alpha", "need", "cy", "Roedd angen dw\u0302r ar Ieuan"),  # dŵr typed as w + combining ^
    "caps": ("c", "alpha", "quote", "en", "The ONLINE FORM kept timing out"),
    "operators": (
        "c",
        "alpha",
        "quote",
        "en",
        'She typed AND OR NOT NEAR into the (search) box: "e-bost" -x* ^2',
    ),
    "markup": ("c", "discovery", "positive", "en", "Loved it <script>alert(1)</script> & more"),
}
FINDINGS = {
    # label: (phase, kind, severity, status, statement_cy, statement_en)
    "f_llyr": (
        "discovery",
        "problem",
        3,
        "new",
        "Mae Llŷr a’i dîm yn ei chael hi’n anodd",
        "Llŷr’s team find it hard",
    ),
    "f_form": (
        "alpha",
        "need",
        4,
        "agreed",
        "Nid yw’r ffurflen ar-lein yn cadw gwaith",
        "The online form does not save work",
    ),
    "f_positive": (
        "alpha",
        "positive",
        None,
        "new",
        "Mae pobl yn hoffi’r dangosfwrdd",
        "People like the dashboard",
    ),
}


@dataclass
class Corpus:
    project: object
    phases: dict[str, object]
    studies: dict[str, object]
    people: dict[str, object]
    observations: dict[str, object]
    findings: dict[str, object]
    tag: object
    stranger: object  # an observation in another project
    ids: dict[tuple[str, int], str] = field(default_factory=dict)

    def labels(self, rows) -> set[str]:
        """The labels of these observations or findings."""
        return {self.ids[(type(row).__name__, row.id)] for row in rows}


def make_corpus(slug: str = "chwilio") -> Corpus:
    project = ProjectFactory(slug=slug)
    phases = {kind: PhaseFactory(project=project, kind=kind) for kind in ("discovery", "alpha")}
    studies = {kind: StudyFactory(phase=phase) for kind, phase in phases.items()}
    sessions = {kind: ResearchSessionFactory(study=study) for kind, study in studies.items()}
    people = {name: ParticipantFactory(consented=True) for name in "abc"}
    bookings = {
        (name, kind): BookingFactory(research_session=sessions[kind], participant=person, status="attended")
        for name, person in people.items()
        for kind in sessions
    }
    tag = TagFactory(project=project, name="Ffurflenni")
    observations = {}
    for label, (person, phase, kind, language, text) in OBSERVATIONS.items():
        observations[label] = ObservationFactory(
            booking=bookings[(person, phase)], kind=kind, language=language, text=text
        )
    observations["llyr"].tags = [tag]
    observations["caps"].tags = [tag]
    findings = {}
    for label, (phase, kind, severity, status, welsh, english) in FINDINGS.items():
        findings[label] = FindingFactory(
            phase=phases[phase],
            study=studies[phase],
            kind=kind,
            severity=severity,
            status=status,
            statement_cy=welsh,
            statement_en=english,
            evidence=[observations["caps"]] if label == "f_form" else [],
        )
    RecommendationFactory(
        finding=findings["f_form"], text_cy="Cadw drafftiau’n awtomatig", text_en="Save drafts automatically"
    )
    db.session.add(FindingStandard(finding_id=findings["f_llyr"].id, standard="wales-2"))
    elsewhere = StudyFactory()
    stranger = ObservationFactory(
        booking=BookingFactory(
            research_session=ResearchSessionFactory(study=elsewhere),
            participant=people["a"],
            status="attended",
        ),
        text="Llŷr e-bost Mae’r wedi'u dŵr ONLINE FORM",
    )
    db.session.flush()
    corpus = Corpus(project, phases, studies, people, observations, findings, tag, stranger)
    corpus.ids = {(type(row).__name__, row.id): label for label, row in {**observations, **findings}.items()}
    corpus.ids[("Observation", stranger.id)] = "stranger"
    return corpus
