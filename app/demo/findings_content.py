"""Demo session logs for the Cyd programme: what the researchers noted and observed in each session that ran.

Discovery (2021–22): one log per interview, in the order the interviews ran (studies_data.DISCOVERY_SESSIONS).
Alpha round 1 (a few weeks ago): one log per usability test, in the order of ALPHA_ROUND_SESSIONS; the fifth
person said something quotable but did not agree to quotes (CON-7); the sixth did not come.

Content, not interface text: each note and observation is in the language it was written or said in. None names
a participant, their organisation or their contact details (DP-2): people are "the participant", places are
"the north" or "a county council". Observation keys ("d1-...", "a1-...") are what findings_statements cites.
"""

from __future__ import annotations

from dataclasses import dataclass

# Themes, as a bilingual team names them: one tag each, Welsh first.
ADVICE = "Dod o hyd i gyngor / Finding advice"
TEMPLATES = "Templedi / Templates"
FRAMEWORKS = "Fframweithiau / Frameworks"
TRAINING = "Hyfforddiant / Training"
WELSH = "Cymraeg"
NET_ZERO = "Sero net / Net zero"
COMMUNITY = "Cymuned / Community"
SEARCH = "Chwilio / Search"
JOINING = "Ymuno / Joining"


@dataclass(frozen=True)
class Said:
    """One observation: `kind` (ObservationKind), the language it was said in, an optional time marker."""

    key: str
    kind: str
    language: str
    text: str
    tags: tuple[str, ...] = ()
    marker: str = ""


@dataclass(frozen=True)
class Log:
    """A session's notes and observations; `attended` False for a no-show (notes only)."""

    notes: str
    observations: tuple[Said, ...] = ()
    attended: bool = True


def said_cy(key, kind, text, tags=(), marker="") -> Said:
    return Said(key, kind, "cy", text, tuple(tags), marker)


def said_en(key, kind, text, tags=(), marker="") -> Said:
    return Said(key, kind, "en", text, tuple(tags), marker)


DISCOVERY_LOGS = (
    Log(
        "Cyfweliad ar-lein yn Gymraeg. Ailgadarnhawyd cydsyniad ar y dechrau, gan gynnwys recordio sain a "
        "dyfynnu. Prif themâu: dibynnu ar gysylltiadau personol am gyngor, templedi Cymraeg sydd wedi dyddio, a’r "
        "pellter i ddigwyddiadau rhwydweithio. Awgrymodd y cyfranogwr y dylem siarad â grŵp anffurfiol o "
        "swyddogion caffael yn y gogledd.",
        (
            said_cy(
                "d1-ffonio",
                "behaviour",
                "Pan fydd angen cyngor, mae’r cyfranogwr yn ffonio cyn-gydweithiwr "
                "mewn corff arall cyn edrych ar unrhyw wefan.",
                (ADVICE, COMMUNITY),
                "00:04:12",
            ),
            said_cy(
                "d1-templed",
                "quote",
                "Dw i wedi chwilio am fersiwn Gymraeg o’r templed gwahoddiad i dendro "
                "sawl gwaith, a’r unig un ddois i o hyd iddo oedd un o 2016.",
                (TEMPLATES, WELSH),
                "00:11:40",
            ),
            said_cy(
                "d1-hael",
                "positive",
                "Mae’n canmol grŵp anffurfiol o swyddogion caffael: mae pawb yn barod "
                "iawn i helpu os ydych chi’n gofyn.",
                (COMMUNITY,),
            ),
            said_cy(
                "d1-enghreifftiau",
                "need",
                "Hoffai weld enghreifftiau go iawn o dendrau gan gyrff o faint "
                "tebyg, gan gynnwys y meini prawf gwerthuso a ddefnyddiwyd.",
                (TEMPLATES, ADVICE),
            ),
            said_cy(
                "d1-teithio",
                "pain_point",
                "Mae’r rhan fwyaf o ddigwyddiadau rhwydweithio yn y de-ddwyrain; "
                "mae’r daith yno ac yn ôl yn cymryd diwrnod cyfan.",
                (COMMUNITY,),
                "00:31:05",
            ),
        ),
    ),
    Log(
        "Online interview in English. Consent re-confirmed at the start, including audio recording and quotes. "
        "The participant moved into procurement from finance and described learning by trial and error. Strong "
        "theme: phoning trusted contacts rather than searching. Keeps an old spreadsheet of frameworks that a "
        "colleague made.",
        (
            said_en(
                "d2-ring",
                "quote",
                "Honestly, if I need an answer today I ring someone I trust. The websites "
                "are there, but you never know which one is up to date.",
                (ADVICE, COMMUNITY),
                "00:07:55",
            ),
            said_en(
                "d2-start",
                "pain_point",
                "When they joined procurement from finance, nobody could tell them "
                "which training to do first; they picked courses by trial and error.",
                (TRAINING,),
            ),
            said_en(
                "d2-frameworks",
                "pain_point",
                "Could not say which national frameworks their organisation may "
                "use without asking a colleague; the list they keep is a spreadsheet made two years ago.",
                (FRAMEWORKS,),
                "00:22:10",
            ),
            said_en(
                "d2-search",
                "behaviour",
                "Starts every question with a general web search, then opens whichever "
                "result looks official. Checked three sites before finding guidance on contract thresholds.",
                (ADVICE,),
                "00:05:30",
            ),
            said_en("d2-print", "behaviour", "Prints long guidance documents to read on the train home."),
        ),
    ),
    Log(
        "Cyfweliad wyneb yn wyneb yn Gymraeg. Ailgadarnhawyd cydsyniad ar y dechrau. Dangosodd y cyfranogwr y "
        "ffolder o dempledi y mae’r tîm yn ei ddefnyddio: mae’r fersiynau Cymraeg sawl blwyddyn ar ei hôl hi. "
        "Amharod iawn i rannu dogfennau tendro ag eraill. Awyddus i gael hyfforddiant drwy gyfrwng y Gymraeg.",
        (
            said_cy(
                "d3-chwilio",
                "behaviour",
                "Mae’n defnyddio peiriant chwilio cyffredinol ar gyfer pob cwestiwn, "
                "ac yn ychwanegu ‘Cymru’ at y chwiliad er mwyn cael canllawiau sy’n berthnasol yma.",
                (ADVICE,),
            ),
            said_cy(
                "d3-hen",
                "pain_point",
                "Cafodd y templedi Cymraeg eu cyfieithu flynyddoedd yn ôl ac nid ydynt "
                "yn cyfateb i’r fersiynau Saesneg cyfredol, felly mae’n rhaid cymharu’r ddwy fersiwn fesul "
                "cymal.",
                (TEMPLATES, WELSH),
                "00:09:20",
            ),
            said_cy(
                "d3-rhannu",
                "quote",
                "Fyddwn i ddim yn rhannu ein dogfennau tendro ni. Beth os bydd rhywun yn "
                "gweld camgymeriad ynddyn nhw?",
                (TEMPLATES, COMMUNITY),
                "00:18:45",
            ),
            said_cy(
                "d3-hyfforddiant",
                "pain_point",
                "Roedd pob cwrs hyfforddi caffael a fynychodd y cyfranogwr yn "
                "Saesneg, er mai yn Gymraeg y mae’n gweithio bob dydd.",
                (TRAINING, WELSH),
            ),
            said_cy(
                "d3-digwyddiadau",
                "pain_point",
                "Nid yw wedi gallu mynd i ddigwyddiad rhwydweithio ers dwy "
                "flynedd: maent i gyd yn y de, ac nid oes cyllideb teithio.",
                (COMMUNITY,),
            ),
        ),
    ),
    Log(
        "Phone interview in English, as the participant preferred. Consent re-confirmed at the start. Very "
        "experienced; keeps a personal list of contacts in other public bodies. Net zero is the most pressing "
        "gap: asked to include carbon reduction in tenders with no guidance. Rewrites standard clauses for each "
        "tender.",
        (
            said_en(
                "d4-contacts",
                "behaviour",
                "Keeps a personal list of people in other public bodies to ring for "
                "advice, built up over years; said new starters have no such list.",
                (ADVICE, COMMUNITY),
            ),
            said_en(
                "d4-carbon",
                "need",
                "Has been asked to include carbon reduction in every tender over a set "
                "value, but has no guidance on what to ask suppliers or how to score the answers.",
                (NET_ZERO,),
                "00:16:00",
            ),
            said_en(
                "d4-generous",
                "positive",
                "Described other practitioners as very generous: someone they had "
                "never met once spent an hour on the phone talking them through a difficult evaluation.",
                (COMMUNITY,),
            ),
            said_en(
                "d4-trust",
                "quote",
                "If it comes from another Welsh public body I’ll trust it. If it comes from "
                "a consultancy I assume they’re selling something.",
                (ADVICE,),
                "00:25:30",
            ),
            said_en(
                "d4-clauses",
                "pain_point",
                "Rewrites the same standard clauses for each tender because there is "
                "no shared clause library they trust; reckons it costs half a day each time.",
                (TEMPLATES,),
            ),
        ),
    ),
    Log(
        "Cyfweliad dwyieithog ar-lein: dechreuodd yn Gymraeg a newid i’r Saesneg wrth drafod sero net. "
        "Ailgadarnhawyd cydsyniad ar y dechrau. Yr unig swyddog caffael yn y sefydliad, heb neb i wirio’r gwaith. "
        "Eisiau enghreifftiau go iawn o dendrau, a rhestr ‘ble i ddechrau’ i bobl sy’n newydd i gaffael.",
        (
            said_cy(
                "d5-dechrau",
                "quote",
                "Pan ddechreuais i, doedd gen i ddim syniad beth oedd ystyr hanner y "
                "termau. Byddai rhestr syml o ‘ble i ddechrau’ wedi bod yn help mawr.",
                (TRAINING,),
                "00:03:50",
            ),
            said_en(
                "d5-carbon",
                "pain_point",
                "Not sure how to compare suppliers’ carbon reduction plans: each one "
                "uses a different format and different figures.",
                (NET_ZERO,),
                "00:14:20",
            ),
            said_cy(
                "d5-grwp",
                "positive",
                "Mae’n gwerthfawrogi’r grŵp ar-lein lle mae swyddogion caffael yn rhannu "
                "cwestiynau; mae rhywun bob amser yn ateb o fewn diwrnod.",
                (COMMUNITY,),
            ),
            said_en(
                "d5-examples",
                "need",
                "Wants worked examples of tenders for services like theirs, with the "
                "scoring and the questions suppliers were asked.",
                (TEMPLATES,),
            ),
            said_en(
                "d5-alone",
                "behaviour",
                "The only procurement officer in their organisation: handles everything "
                "from market engagement to contract management, with no one to check their work.",
                (TRAINING,),
                "00:27:45",
            ),
        ),
    ),
    Log(
        "Online interview in English. Consent re-confirmed at the start. The participant searched for guidance "
        "while we talked and could not find the latest version of a policy note. Willing to share templates, but "
        "only after someone has checked them. Found out by chance that a national framework covered a service "
        "they had just tendered for.",
        (
            said_en(
                "d6-search",
                "behaviour",
                "Searched for ‘social value in tenders’ during the session; the first "
                "four results were from England and did not apply in Wales.",
                (ADVICE, SEARCH),
            ),
            said_en(
                "d6-scattered",
                "pain_point",
                "The guidance they need is split between several websites and a "
                "shared drive; they could not find the latest version of a policy note while we talked.",
                (ADVICE,),
                "00:08:30",
            ),
            said_en(
                "d6-share",
                "quote",
                "I’d share our templates, but I’d want someone to check them first. I don’t "
                "want my name on something that’s wrong.",
                (TEMPLATES, COMMUNITY),
                "00:19:10",
            ),
            said_en(
                "d6-chance",
                "pain_point",
                "Found out by chance that a national framework covered a service they "
                "had just tendered for themselves.",
                (FRAMEWORKS,),
            ),
            said_en(
                "d6-lessons",
                "need",
                "Asked for case studies that say what went wrong as well as what went well.",
                (TEMPLATES,),
            ),
        ),
    ),
    Log(
        "Cyfweliad wyneb yn wyneb yn Gymraeg. Ailgadarnhawyd cydsyniad ar y dechrau. Pwysleisiodd y cyfranogwr yr "
        "angen am dempledi dwyieithog sy’n cael eu diweddaru gyda’i gilydd, ac am hyfforddiant cyfrwng Cymraeg. "
        "Dim syniad sut i sgorio cynlluniau lleihau carbon cyflenwyr. Mae teithio i ddigwyddiadau yn y de yn "
        "amhosibl.",
        (
            said_cy(
                "d7-dwyieithog",
                "need",
                "Mae angen templedi dwyieithog sy’n cael eu diweddaru ar yr un pryd yn "
                "Gymraeg ac yn Saesneg, fel nad yw’r fersiwn Gymraeg ar ei hôl hi.",
                (TEMPLATES, WELSH),
                "00:05:15",
            ),
            said_cy(
                "d7-carbon",
                "quote",
                "Rydyn ni’n gofyn i gyflenwyr am eu cynlluniau lleihau carbon, ond does "
                "gennym ni ddim syniad sut i’w sgorio nhw’n deg.",
                (NET_ZERO,),
                "00:13:40",
            ),
            said_cy(
                "d7-fframweithiau",
                "pain_point",
                "Nid oes un rhestr o’r fframweithiau cenedlaethol sydd ar gael "
                "i gyrff yng Nghymru; mae’n dibynnu ar e-byst gan gydweithwyr i wybod pa rai sy’n newydd.",
                (FRAMEWORKS,),
            ),
            said_cy(
                "d7-hyfforddiant",
                "need",
                "Hoffai gael hyfforddiant caffael drwy gyfrwng y Gymraeg, gan gynnwys "
                "geirfa safonol y gall pawb ei defnyddio.",
                (TRAINING, WELSH),
            ),
            said_cy(
                "d7-teithio",
                "pain_point",
                "Mae’r daith i ddigwyddiadau yn y de yn cymryd dros dair awr bob "
                "ffordd, felly dim ond sesiynau ar-lein sy’n bosibl.",
                (COMMUNITY,),
            ),
            said_cy(
                "d7-ymddiried",
                "positive",
                "Mae’n ymddiried mewn canllawiau gan gyrff cyhoeddus eraill yng "
                "Nghymru am eu bod yn deall y cyd-destun a’r ddeddfwriaeth yma.",
                (ADVICE,),
            ),
        ),
    ),
    Log(
        "Online interview in English. Consent re-confirmed at the start. Joined procurement two years ago and "
        "wants a clear route through training by level of experience. Uses a general search engine first and "
        "bookmarks nothing. The organisation has net zero targets, but nobody in procurement has been trained on "
        "carbon in supply chains.",
        (
            said_en(
                "d8-forum",
                "behaviour",
                "Posted a question in a national online forum and waited a week for an "
                "answer; in the end rang a former manager instead.",
                (ADVICE, COMMUNITY),
            ),
            said_en(
                "d8-route",
                "need",
                "Wants a clear route through procurement training by level of experience, so "
                "that new starters know what to do in their first year.",
                (TRAINING,),
                "00:10:05",
            ),
            said_en(
                "d8-carbon",
                "pain_point",
                "Their organisation has net zero targets, but no one in procurement "
                "has had training on carbon in supply chains.",
                (NET_ZERO, TRAINING),
            ),
            said_en(
                "d8-bookmarks",
                "behaviour",
                "Uses a general search engine first and bookmarks nothing, because links move all the time.",
                (ADVICE, SEARCH),
                "00:21:30",
            ),
            said_en(
                "d8-clauses",
                "pain_point",
                "Copies clauses from old tenders, then spends time checking that they "
                "still reflect current law.",
                (TEMPLATES,),
            ),
        ),
    ),
)
