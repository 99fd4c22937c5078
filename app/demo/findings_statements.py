"""Demo findings for the Cyd programme: about 25 across discovery and alpha round 1, each with its evidence
(observation keys from findings_content and findings_alpha_content), recommendations, and the service standards
it bears on (both frameworks, REP-5).

Several discovery findings were carried into alpha and retested there with new evidence (REP-3): some resolved,
some persisting, one still being worked on. Some are positive (REP-4). One has only English and one only Welsh,
so "needs Welsh" and "needs English" show, as they would while the translation is on its way.
"""

from __future__ import annotations

from dataclasses import dataclass

# Owners of recommendations: roles in the Cyd team, as the team writes them.
CONTENT = "Dylunydd cynnwys / Content designer"
INTERACTION = "Dylunydd rhyngweithio / Interaction designer"
SERVICE = "Dylunydd gwasanaeth / Service designer"
PRODUCT = "Rheolwr cynnyrch / Product manager"
DELIVERY = "Rheolwr cyflawni / Delivery manager"
COMMUNITY_MANAGER = "Rheolwr cymuned Cyd / Cyd community manager"
WELSH_OFFICER = "Swyddog y Gymraeg / Welsh language officer"
LEARNING = "Arweinydd dysgu a datblygu / Learning and development lead"
SUSTAINABILITY = "Arweinydd caffael cynaliadwy / Sustainable procurement lead"
ARCHITECT = "Pensaer technegol / Technical architect"


@dataclass(frozen=True)
class Rec:
    text_cy: str
    text_en: str
    owner: str
    priority: str  # Priority
    status: str  # RecommendationStatus


@dataclass(frozen=True)
class Carried:
    """A discovery finding taken into alpha: the note on its alpha round, its status there, its alpha evidence."""

    note: str
    status: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingSpec:
    phase: str  # "discovery" or "alpha": where it was found (its study there)
    statement_cy: str
    statement_en: str
    kind: str
    severity: int | None
    status: str
    standards: tuple[str, ...]
    evidence: tuple[str, ...]
    recommendations: tuple[Rec, ...] = ()
    carried: Carried | None = None


RETEST_NOTE = "Ailbrofi yn rownd 1 alffa gyda’r prototeip. / Retest in alpha round 1 with the prototype."

DISCOVERY_FINDINGS = (
    FindingSpec(
        "discovery",
        "Ni all ymarferwyr ddod o hyd ar-lein i gyngor y maent yn ymddiried ynddo, felly maent yn ffonio pobl y "
        "maent yn eu hadnabod.",
        "Practitioners cannot find advice they trust online, so they phone people they know instead.",
        "problem",
        3,
        "agreed",
        ("govuk-2", "wales-4"),
        ("d1-ffonio", "d2-ring", "d4-contacts", "d6-scattered", "d8-forum"),
        (
            Rec(
                "Sicrhau y gellir chwilio am gyngor gan ddefnyddio’r geiriau y mae ymarferwyr yn eu defnyddio, a "
                "chysylltu pob ateb â’i ffynhonnell.",
                "Make advice searchable by the words practitioners use, and link each answer to its source.",
                CONTENT,
                "high",
                "in_progress",
            ),
        ),
        Carried(RETEST_NOTE, "retested_persisting", ("a2-no-results", "a5-nothing", "a8-social-value")),
    ),
    FindingSpec(
        "discovery",
        "Mae’n anodd dod o hyd i dempledi Cymraeg, ac maent yn aml wedi dyddio o’u cymharu â’r fersiynau Saesneg.",
        "Welsh-language templates are hard to find and often out of date compared with the English versions.",
        "problem",
        3,
        "agreed",
        ("wales-2", "govuk-5"),
        ("d1-templed", "d3-hen", "d7-dwyieithog"),
        (
            Rec(
                "Cyhoeddi pob templed yn Gymraeg ac yn Saesneg gyda’i gilydd, a diweddaru’r ddwy fersiwn ar yr un "
                "pryd.",
                "Publish every template in Welsh and English together, and update both at the same time.",
                WELSH_OFFICER,
                "high",
                "done",
            ),
        ),
        Carried(RETEST_NOTE, "retested_resolved", ("a1-templed", "a4-templed", "a7-manyleb")),
    ),
    FindingSpec(
        "discovery",
        "Nid yw pobl sy’n newydd i gaffael yn gwybod pa hyfforddiant i’w wneud yn gyntaf.",
        "People new to procurement do not know which training to do first.",
        "need",
        3,
        "agreed",
        ("wales-1", "govuk-1"),
        ("d2-start", "d5-dechrau", "d8-route"),
        (
            Rec(
                "Cynnig llwybr hyfforddi ar gyfer pob lefel o brofiad, gan ddechrau â’r flwyddyn gyntaf.",
                "Offer a training pathway for each level of experience, starting with the first year.",
                LEARNING,
                "high",
                "done",
            ),
        ),
        Carried(RETEST_NOTE, "retested_resolved", ("a2-pathway", "a3-pathway", "a7-llwybr", "a8-pathway")),
    ),
    FindingSpec(
        "discovery",
        "Mae ymarferwyr yn amharod i rannu eu templedi eu hunain rhag ofn i eraill weld camgymeriadau ynddynt.",
        "Practitioners are reluctant to share their own templates in case others find mistakes in them.",
        "problem",
        2,
        "agreed",
        ("wales-4", "govuk-2"),
        ("d3-rhannu", "d6-share"),
        (
            Rec(
                "Cynnig adolygiad gan dîm Cyd cyn cyhoeddi templed a rennir, a dweud hynny lle mae pobl yn ei "
                "uwchlwytho.",
                "Offer a review by the Cyd team before a shared template is published, and say so where people "
                "upload it.",
                COMMUNITY_MANAGER,
                "medium",
                "agreed",
            ),
        ),
        Carried(RETEST_NOTE, "retested_persisting", ("a3-share", "a5-upload")),
    ),
    FindingSpec(
        "discovery",
        "Gofynnir i dimau leihau carbon drwy eu contractau, ond nid oes ganddynt ganllawiau ar beth i’w ofyn i "
        "gyflenwyr na sut i sgorio’r atebion.",
        "Teams are asked to cut carbon through their contracts but have no guidance on what to ask suppliers or "
        "how to score the answers.",
        "need",
        4,
        "agreed",
        ("wales-1", "govuk-2"),
        ("d4-carbon", "d5-carbon", "d7-carbon", "d8-carbon"),
        (
            Rec(
                "Ysgrifennu canllawiau sero net gyda chwestiynau enghreifftiol a chanllaw sgorio, a’u profi gydag "
                "ymarferwyr yn rownd 2 alffa.",
                "Write net zero guidance with model questions and a scoring guide, and test it with practitioners "
                "in alpha round 2.",
                SUSTAINABILITY,
                "high",
                "in_progress",
            ),
        ),
        Carried(
            "Ailbrofi yn rownd 2 alffa, pan fydd y canllawiau sero net yn barod. / Retest in alpha round 2, once "
            "the net zero guidance is ready.",
            "in_progress",
        ),
    ),
    FindingSpec(
        "discovery",
        "Nid yw’n hawdd i ymarferwyr weld pa fframweithiau cenedlaethol y caiff eu sefydliad eu defnyddio.",
        "Practitioners cannot easily tell which national frameworks their organisation may use.",
        "problem",
        3,
        "agreed",
        ("govuk-4", "wales-4"),
        ("d2-frameworks", "d6-chance", "d7-fframweithiau"),
        (
            Rec(
                "Creu chwiliwr fframweithiau sy’n ateb ‘a gawn ni ddefnyddio hwn?’ yn ôl math o sefydliad.",
                "Build a framework finder that answers ‘may we use this?’ by type of organisation.",
                PRODUCT,
                "high",
                "done",
            ),
        ),
        Carried(RETEST_NOTE, "retested_resolved", ("a1-fframwaith", "a3-frameworks", "a8-frameworks")),
    ),
    FindingSpec(
        "discovery",
        "Mae ymarferwyr yn hael â’u hamser ac yn helpu pobl mewn sefydliadau eraill pan ofynnir iddynt.",
        "Practitioners are generous with their time and help people in other organisations when asked.",
        "positive",
        None,
        "agreed",
        ("wales-3", "govuk-1"),
        ("d1-hael", "d4-generous", "d5-grwp"),
        (
            Rec(
                "Ei gwneud yn hawdd diolch i’r bobl sy’n ateb cwestiynau yn y gymuned a chydnabod eu cyfraniad.",
                "Make it easy to thank and recognise the people who answer questions in the community.",
                COMMUNITY_MANAGER,
                "low",
                "proposed",
            ),
        ),
    ),
    FindingSpec(
        "discovery",
        "Mae’r rhan fwyaf o ymarferwyr yn dechrau â chwiliad cyffredinol ar y we yn hytrach na mynd i wefan "
        "benodol.",
        "Most practitioners start with a general web search rather than going to a particular website.",
        "insight",
        None,
        "agreed",
        ("govuk-3", "wales-4"),
        ("d2-search", "d3-chwilio", "d6-search", "d8-bookmarks"),
        (
            Rec(
                "Sicrhau ei bod yn hawdd dod o hyd i ganllawiau Cyd drwy beiriannau chwilio, gyda theitlau clir "
                "sy’n sôn am Gymru.",
                "Make Cyd’s guidance easy to find through search engines, with clear titles that mention Wales.",
                CONTENT,
                "medium",
                "proposed",
            ),
        ),
    ),
    FindingSpec(
        "discovery",
        "Anaml y cynigir hyfforddiant caffael yn Gymraeg, felly mae siaradwyr Cymraeg yn dysgu’r termau yn "
        "Saesneg.",
        "Procurement training is rarely offered in Welsh, so Welsh speakers learn the terms in English.",
        "problem",
        2,
        "in_progress",
        ("wales-2", "govuk-5"),
        ("d3-hyfforddiant", "d7-hyfforddiant"),
        (
            Rec(
                "Comisiynu modiwlau cyfrwng Cymraeg ar gyfer llwybr y flwyddyn gyntaf, gyda geirfa ddwyieithog "
                "safonol.",
                "Commission Welsh-medium modules for the first-year pathway, with a standard bilingual glossary.",
                LEARNING,
                "high",
                "in_progress",
            ),
        ),
    ),
    FindingSpec(
        "discovery",
        "Mae ymarferwyr am gael enghreifftiau go iawn o dendrau gan sefydliadau tebyg, gan gynnwys yr hyn a aeth "
        "o chwith.",
        "Practitioners want real examples of tenders from similar organisations, including what went wrong.",
        "need",
        2,
        "agreed",
        ("govuk-1", "wales-3"),
        ("d1-enghreifftiau", "d5-examples", "d6-lessons"),
        (
            Rec(
                "Casglu astudiaethau achos sy’n dangos y sgorio a ddefnyddiwyd a’r gwersi a ddysgwyd, wedi’u "
                "trefnu yn ôl math o sefydliad.",
                "Collect case studies that show the scoring used and the lessons learned, arranged by type of "
                "organisation.",
                COMMUNITY_MANAGER,
                "medium",
                "agreed",
            ),
        ),
    ),
    FindingSpec(
        "discovery",
        "Cynhelir y rhan fwyaf o ddigwyddiadau rhwydweithio yn y de-ddwyrain, sy’n cau pobl yn y gogledd a’r "
        "gorllewin allan.",
        "Most networking events are held in the south-east, which shuts out people in the north and west.",
        "problem",
        2,
        "wont_fix",
        ("wales-1", "govuk-5"),
        ("d1-teithio", "d3-digwyddiadau", "d7-teithio"),
        (
            Rec(
                "Cynnal digwyddiadau rhanbarthol ym mhob rhan o Gymru.",
                "Hold regional events in every part of Wales.",
                DELIVERY,
                "low",
                "not_doing",
            ),
            Rec(
                "Cynnal pob digwyddiad cymunedol ar-lein hefyd, a rhannu’r recordiadau.",
                "Run every community event online as well, and share the recordings.",
                DELIVERY,
                "medium",
                "done",
            ),
        ),
    ),
    FindingSpec(
        "discovery",
        "Mae ymarferwyr yn ymddiried mwy mewn canllawiau gan gyrff cyhoeddus eraill yng Nghymru nag mewn "
        "canllawiau gan ymgynghoriaethau.",
        "Practitioners trust guidance from other Welsh public bodies more than guidance from consultancies.",
        "positive",
        None,
        "new",
        ("wales-3", "govuk-1"),
        ("d4-trust", "d7-ymddiried"),
    ),
    FindingSpec(  # the Welsh is still to be written: "needs Welsh"
        "discovery",
        "",
        "In small organisations one procurement officer often covers everything from market engagement to "
        "contract management, with no one to check their work.",
        "insight",
        None,
        "new",
        ("govuk-1", "wales-3"),
        ("d5-alone",),
    ),
    FindingSpec(
        "discovery",
        "Mae ymarferwyr yn ailysgrifennu’r un cymalau safonol ar gyfer pob tendr am nad oes llyfrgell gymalau a "
        "rennir y maent yn ymddiried ynddi.",
        "Practitioners rewrite the same standard clauses for every tender because there is no shared clause "
        "library they trust.",
        "problem",
        2,
        "fixed",
        ("govuk-2", "wales-4"),
        ("d4-clauses", "d8-clauses"),
        (
            Rec(
                "Cyhoeddi llyfrgell ddwyieithog o gymalau safonol, a gaiff ei gwirio gan gydweithwyr cyfreithiol "
                "bob blwyddyn.",
                "Publish a bilingual library of standard clauses, checked by legal colleagues every year.",
                PRODUCT,
                "medium",
                "done",
            ),
        ),
    ),
)
