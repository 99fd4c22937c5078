"""Demo findings new in Cyd alpha round 1 (usability tests of the community prototype), with their evidence
(observation keys from findings_alpha_content), recommendations and service standards. One has only Welsh, so
"needs English" shows. The discovery findings carried into alpha are in findings_statements."""

from __future__ import annotations

from app.demo.findings_statements import (
    ARCHITECT,
    CONTENT,
    INTERACTION,
    SERVICE,
    WELSH_OFFICER,
    FindingSpec,
    Rec,
)

ALPHA_FINDINGS = (
    FindingSpec(
        "alpha",
        "Ni sylwodd y rhan fwyaf o gyfranogwyr ar y botwm ‘Gofyn i’r gymuned’, felly ni allent weld sut i bostio "
        "cwestiwn.",
        "Most participants did not notice the ‘Ask the community’ button, so they could not see how to post a "
        "question.",
        "problem",
        3,
        "in_progress",
        ("govuk-4", "wales-8"),
        ("a2-ask", "a3-ask", "a5-ask", "a8-ask"),
        (
            Rec(
                "Symud ‘Gofyn i’r gymuned’ i frig pob tudalen a’i brofi eto yn rownd 2.",
                "Move ‘Ask the community’ to the top of every page and test it again in round 2.",
                INTERACTION,
                "high",
                "in_progress",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Roedd y fersiwn Gymraeg yn defnyddio dau enw gwahanol ar yr adran arferion gorau, felly nid oedd pobl yn "
        "siŵr ai’r un adran oedd y ddwy.",
        "The Welsh version used two different names for the best practice section, so people were not sure "
        "whether they were the same.",
        "problem",
        2,
        "fixed",
        ("wales-2", "govuk-4"),
        ("a1-dau-enw", "a4-dau-enw"),
        (
            Rec(
                "Defnyddio ‘Arferion gorau’ ym mhob man, a’i ychwanegu at eirfa Gymraeg y tîm.",
                "Use ‘Arferion gorau’ everywhere, and add it to the team’s Welsh glossary.",
                WELSH_OFFICER,
                "medium",
                "done",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Roedd cyfranogwyr yn gwerthfawrogi gweld fersiynau Cymraeg a Saesneg templed ochr yn ochr.",
        "Participants valued seeing the Welsh and English versions of a template side by side.",
        "positive",
        None,
        "agreed",
        ("wales-2", "govuk-5"),
        ("a1-ochr-yn-ochr", "a2-side-by-side", "a7-ochr-yn-ochr"),
    ),
    FindingSpec(
        "alpha",
        "Roedd hidlo astudiaethau achos yn ôl math o sefydliad yn helpu pobl i ddod o hyd i enghreifftiau gan "
        "sefydliadau tebyg i’w sefydliadau eu hunain.",
        "Filtering case studies by type of organisation helped people find examples from organisations like "
        "their own.",
        "positive",
        None,
        "agreed",
        ("govuk-4", "wales-3"),
        ("a3-filter", "a8-filter"),
    ),
    FindingSpec(
        "alpha",
        "Mae’r ffurflen ymuno yn gofyn am ffigurau gwariant nad yw pobl yn siŵr a gânt eu rhannu, felly mae rhai "
        "yn rhoi’r gorau iddi yno.",
        "The sign-up form asks for spend figures that people are not sure they may share, so some give up there.",
        "problem",
        2,
        "agreed",
        ("wales-11", "govuk-9"),
        ("a2-spend", "a7-gwariant"),
        (
            Rec(
                "Gofyn am enw, e-bost gwaith a math o sefydliad yn unig wrth ymuno; holi am wariant yn nes "
                "ymlaen, gan esbonio pam.",
                "Ask only for a name, a work email address and the type of organisation when people join; ask "
                "about spend later, and say why.",
                SERVICE,
                "high",
                "agreed",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Cyn defnyddio templed, mae ymarferwyr am wybod pryd y cafodd ei wirio ddiwethaf, a chan bwy.",
        "Before using a template, practitioners want to know when it was last checked, and by whom.",
        "need",
        2,
        "new",
        ("govuk-1", "wales-3"),
        ("a4-gwirio", "a5-reviewed", "a8-checked"),
        (
            Rec(
                "Dangos dyddiad yr adolygiad diwethaf, a’r tîm a’i adolygodd, ar bob templed.",
                "Show the date of the last review, and the team that reviewed it, on every template.",
                CONTENT,
                "medium",
                "proposed",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Mae pobl yn chwilio am ddeunydd yn ôl cam y broses gaffael (cynllunio, tendro, rheoli contract) yn "
        "hytrach nag yn ôl pwnc.",
        "People look for material by procurement stage (planning, tender, contract management) rather than by "
        "topic.",
        "insight",
        None,
        "new",
        ("govuk-2", "wales-3"),
        ("a1-cam", "a3-stage", "a7-cynllunio"),
        (
            Rec(
                "Rhoi cynnig ar lywio yn ôl cam y broses gaffael yn rownd 2.",
                "Try navigation by procurement stage in round 2.",
                INTERACTION,
                "medium",
                "proposed",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Mae’r dudalen sero net yn defnyddio termau fel ‘allyriadau cwmpas 3’ heb eu hesbonio.",
        "The net zero page uses terms such as ‘Scope 3 emissions’ without explaining them.",
        "problem",
        2,
        "new",
        ("wales-1", "govuk-4"),
        ("a4-cwmpas", "a7-cwmpas"),
        (
            Rec(
                "Esbonio pob term technegol mewn iaith glir lle mae’n ymddangos gyntaf.",
                "Explain every technical term in plain language where it first appears.",
                CONTENT,
                "medium",
                "proposed",
            ),
        ),
    ),
    FindingSpec(  # written after a Welsh-medium session; the English is still to come: "needs English"
        "alpha",
        "Mae’r botwm ‘Save’ yn Saesneg ar y dudalen Gymraeg ar gyfer cadw templed.",
        "",
        "problem",
        1,
        "agreed",
        ("wales-2", "govuk-5"),
        ("a1-save",),
        (
            Rec(
                "Cyfieithu’r botwm, a gwirio pob tudalen Gymraeg am destun Saesneg cyn rownd 2.",
                "",
                WELSH_OFFICER,
                "low",
                "agreed",
            ),
        ),
    ),
    FindingSpec(
        "alpha",
        "Dywedodd cyfranogwyr fod tôn glir a chyfeillgar y gymuned yn gwneud iddi deimlo ei bod ar gyfer pobl fel "
        "nhw.",
        "Participants said the community’s plain, friendly tone made it feel like it was for people like them.",
        "positive",
        None,
        "new",
        ("govuk-4", "wales-5"),
        ("a3-tone", "a4-cyfeillgar", "a5-level"),
    ),
    FindingSpec(
        "alpha",
        "Roedd cyfranogwyr yn disgwyl mewngofnodi â chyfrif Microsoft eu sefydliad yn hytrach na chreu cyfrinair "
        "newydd.",
        "Participants expected to sign in with their organisation’s Microsoft account rather than make a new "
        "password.",
        "problem",
        1,
        "wont_fix",
        ("govuk-11", "wales-10"),
        ("a2-sign-in", "a8-password"),
        (
            Rec(
                "Mae mewngofnodi sengl â chyfrifon pob corff cyhoeddus y tu hwnt i gwmpas y cam alffa; byddwn yn "
                "ailystyried yn y cam beta.",
                "Single sign-on with every public body’s accounts is out of scope for alpha; we will look at it "
                "again in beta.",
                ARCHITECT,
                "low",
                "not_doing",
            ),
        ),
    ),
)
