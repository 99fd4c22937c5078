"""Demo consent forms for the Cyd programme: version 1 (replaced) and version 2 (current), both published.

Version 2 shortens how long recordings are kept and names a transcription supplier, so anyone who consented to
version 1 is asked to consent again (CON-6).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.consent import services
from app.consent.models import ConsentForm

TITLE = {
    "cy": "Ffurflen gydsynio ar gyfer ymchwil defnyddwyr Cyd",
    "en": "Consent form for Cyd user research",
}

SECTIONS = {
    "who": {
        "cy": "Tîm ymchwil defnyddwyr Cyd sy’n cynnal yr ymchwil hon ar ran Llywodraeth Cymru. Mae Cyd yn dod â "
        "gweithwyr caffael a masnachol o bob rhan o sector cyhoeddus Cymru at ei gilydd.\n"
        "Ymchwilydd o’r tîm fydd yn arwain pob sesiwn. Weithiau bydd cydweithiwr arall o’r tîm yn "
        "cymryd nodiadau.",
        "en": "This research is run by the Cyd user research team on behalf of the Welsh Government. Cyd brings "
        "together procurement and commercial practitioners from across the Welsh public sector.\n"
        "A researcher from the team leads each session. Sometimes another colleague from the team takes "
        "notes.",
    },
    "purpose": {
        "cy": "Rydym am ddeall sut mae staff caffael a masnachol yn gweithio a beth fyddai’n eu helpu, er mwyn i "
        "ni allu dylunio gwasanaethau Cyd o amgylch eu hanghenion.\n"
        "Nid chi sy’n cael eich profi. Ein syniadau a’n gwasanaethau ni sy’n cael eu profi.",
        "en": "We want to understand how procurement and commercial staff work and what would help them, so that "
        "we can design Cyd’s services around their needs.\n"
        "We are not testing you. We are testing our ideas and our services.",
    },
    "data": {
        "cy": "Rydym yn casglu eich enw, eich manylion cyswllt gwaith, eich sefydliad, eich rôl a’r iaith sydd "
        "orau gennych, er mwyn i ni allu eich gwahodd i sesiynau a’u trefnu.\n"
        "Mewn sesiwn rydym yn cofnodi’r hyn rydych yn ei ddweud wrthym ac, os ydych yn cytuno, yn gwneud "
        "recordiadau sain, fideo neu sgrin. Nid oes angen unrhyw wybodaeth bersonol sensitif arnom. Os "
        "byddwch yn dweud wrthym am addasiadau sydd eu hangen arnoch, byddwn yn defnyddio’r wybodaeth honno "
        "i drefnu’r sesiwn yn unig.",
        "en": "We collect your name, your work contact details, your organisation, your role and the language you "
        "prefer, so that we can invite you to sessions and arrange them.\n"
        "In a session we note what you tell us and, if you agree, make audio, video or screen recordings. "
        "We do not need any sensitive personal information. If you tell us about adjustments you need, we "
        "use that information only to arrange the session.",
    },
    "session": {
        "cy": "Mae sesiwn yn para hyd at awr, ar-lein neu wyneb yn wyneb, yn Gymraeg neu yn Saesneg fel y "
        "dymunwch. Bydd yr ymchwilydd yn holi am eich gwaith, ac efallai y bydd yn gofyn i chi roi cynnig "
        "ar brototeip a dweud beth sy’n mynd drwy eich meddwl wrth i chi ei ddefnyddio.\n"
        "Nid oes atebion cywir nac anghywir. Gallwch gymryd seibiant, peidio ag ateb cwestiwn neu ddod â’r "
        "sesiwn i ben ar unrhyw adeg.",
        "en": "A session lasts up to an hour, online or in person, in Welsh or English as you prefer. The "
        "researcher will ask about your work, and may ask you to try out a prototype and say what you are "
        "thinking as you use it.\n"
        "There are no right or wrong answers. You can take a break, skip a question or end the session at "
        "any time.",
    },
    "results": {
        "cy": "Bydd y tîm ymchwil a thîm cyflawni Cyd yn gweld yr hyn rydym yn ei ddysgu. Rydym yn rhannu "
        "canfyddiadau mewn adroddiadau â Llywodraeth Cymru ac â’r cyrff cyhoeddus sy’n rhan o raglen Cyd, "
        "ac efallai y byddwn yn eu cyhoeddi.\n"
        "Ni fydd unrhyw adroddiad yn eich enwi chi na’ch sefydliad. Rydym yn cyfeirio at bobl drwy god, ac "
        "yn disgrifio eu rolau mewn termau cyffredinol yn unig.",
        "en": "The research team and the Cyd delivery team see what we learn. We share findings in reports with "
        "the Welsh Government and the public bodies that are part of the Cyd programme, and we may publish "
        "them.\n"
        "No report will name you or your organisation. We refer to people by a code, and describe their "
        "roles only in general terms.",
    },
    "voluntary": {
        "cy": "Mae cymryd rhan yn gwbl wirfoddol. Gallwch ddweud na wrth unrhyw un o’r cwestiynau isod.\n"
        "Gallwch dynnu eich cydsyniad yn ôl ar unrhyw adeg heb roi rheswm: drwy’r ddolen ym mhob e-bost "
        "gennym, ar eich tudalen bersonol, neu drwy ddweud wrth ymchwilydd. Daw hynny i rym ar unwaith.",
        "en": "Taking part is entirely voluntary. You can say no to any of the questions below.\n"
        "You can withdraw your consent at any time without giving a reason: through the link in every "
        "email from us, on your own page, or by telling a researcher. It takes effect straight "
        "away.",
    },
    "retention": {
        "cy": "Rydym yn cadw recordiadau am hyd at {recordings_cy} ar ôl y sesiwn, ac yna’n eu dileu. Rydym yn "
        "cadw nodiadau a’ch manylion cyswllt am ddwy flynedd ar ôl y tro diwethaf i chi gymryd rhan, oni "
        "bai eich bod yn gofyn i ni eu dileu yn gynt.\n"
        "Gall canfyddiadau dienw gael eu cadw am gyfnod hwy.",
        "en": "We keep recordings for up to {recordings_en} after the session, and then delete them. We keep "
        "notes and your contact details for two years after you last took part, unless you ask us to "
        "delete them sooner.\n"
        "Anonymised findings may be kept for longer.",
    },
    "rights": {
        "cy": "Mae gennych hawl i weld yr wybodaeth sydd gennym amdanoch, i ofyn i ni ei chywiro neu ei dileu, "
        "ac i wrthwynebu’r ffordd rydym yn ei defnyddio. I ddefnyddio’r hawliau hyn, cysylltwch â thîm "
        "ymchwil Cyd.\n"
        "Os nad ydych yn fodlon ar y ffordd rydym wedi trin eich gwybodaeth, gallwch gwyno i’n Swyddog "
        "Diogelu Data neu i Swyddfa’r Comisiynydd Gwybodaeth (ico.org.uk, 0303 123 1113).",
        "en": "You have the right to see the information we hold about you, to ask us to correct or delete it, "
        "and to object to how we use it. To use these rights, contact the Cyd research team.\n"
        "If you are unhappy with how we have handled your information, you can complain to our Data "
        "Protection Officer or to the Information Commissioner’s Office (ico.org.uk, 0303 123 1113).",
    },
    "controller": {
        "cy": "Llywodraeth Cymru yw’r rheolydd data ar gyfer yr ymchwil hon. Ein sail gyfreithlon dros brosesu "
        "eich gwybodaeth yw cyflawni tasg gyhoeddus. Rydym yn gofyn am eich cydsyniad i gymryd rhan yn yr "
        "ymchwil fel arfer da.\n"
        "{processors_cy}",
        "en": "The Welsh Government is the data controller for this research. Our lawful basis for processing "
        "your information is carrying out a public task. We ask for your consent to take part in the "
        "research as good practice.\n"
        "{processors_en}",
    },
    "no_effect": {
        "cy": "Ni fydd cymryd rhan neu beidio, nac unrhyw beth a ddywedwch, yn effeithio mewn unrhyw ffordd ar "
        "ymwneud eich sefydliad â rhaglen Cyd, â Llywodraeth Cymru nac ag unrhyw broses gaffael.",
        "en": "Taking part or not, and anything you say, will not affect your organisation’s dealings with the "
        "Cyd programme, the Welsh Government or any procurement in any way.",
    },
}

PURPOSES = {
    "take_part": {
        "cy": "Ydych chi’n cytuno i gymryd rhan yn yr ymchwil hon?",
        "en": "Do you agree to take part in this research?",
    },
    "audio": {
        "cy": "Ydych chi’n cytuno i ni wneud recordiad sain o’r sesiwn?",
        "en": "Do you agree to us making an audio recording of the session?",
    },
    "video": {
        "cy": "Ydych chi’n cytuno i ni recordio fideo ohonoch chi, neu o’ch sgrin, yn ystod y sesiwn?",
        "en": "Do you agree to us recording video of you, or of your screen, during the session?",
    },
    "observers": {
        "cy": "Ydych chi’n cytuno i gydweithwyr o dîm Cyd wylio’r sesiwn, yn fyw neu o’r recordiad?",
        "en": "Do you agree to colleagues from the Cyd team watching the session, live or from the recording?",
    },
    "quotes": {
        "cy": "Ydych chi’n cytuno i ni ddyfynnu eich geiriau, heb eich enw, mewn adroddiadau?",
        "en": "Do you agree to us quoting your words, without your name, in reports?",
    },
    "future_contact": {
        "cy": "Ydych chi’n cytuno i aros ar dîm profi Cyd, er mwyn i ni allu cysylltu â chi am ymchwil yn y "
        "dyfodol?",
        "en": "Do you agree to stay on the Cyd testing team, so that we can contact you about future research?",
    },
}

# What changed between the versions.
VERSIONS: list[dict[str, Any]] = [
    {
        "published_at": datetime(2025, 9, 29, 9, 0, tzinfo=UTC),
        "recordings_cy": "12 mis",
        "recordings_en": "12 months",
        "processors_cy": "Ein prosesydd data yw Microsoft, sy’n darparu Teams a SharePoint ar gyfer sesiynau "
        "ar-lein ac i storio gwybodaeth yn ddiogel yn y Deyrnas Unedig.",
        "processors_en": "Our data processor is Microsoft, which provides Teams and SharePoint for online sessions "
        "and to store information securely in the United Kingdom.",
    },
    {
        "published_at": datetime(2026, 4, 13, 9, 0, tzinfo=UTC),
        "recordings_cy": "chwe mis",
        "recordings_en": "six months",
        "processors_cy": "Ein proseswyr data yw Microsoft, sy’n darparu Teams a SharePoint ar gyfer sesiynau "
        "ar-lein ac i storio gwybodaeth yn ddiogel yn y Deyrnas Unedig, a chyflenwr trawsgrifio "
        "yn y Deyrnas Unedig sy’n gweithio i ni dan gontract ac sy’n dileu ei gopi o bob "
        "recordiad pan fydd y trawsgrifiad yn barod.",
        "processors_en": "Our data processors are Microsoft, which provides Teams and SharePoint for online "
        "sessions and to store information securely in the United Kingdom, and a transcription "
        "supplier in the United Kingdom that works for us under contract and deletes its copy of "
        "each recording once the transcript is ready.",
    },
]


def _texts(changes: dict) -> dict:
    sections = {
        key: {language: text.format(**changes) for language, text in texts.items()}
        for key, texts in SECTIONS.items()
    }
    purposes = {key: dict(texts) for key, texts in PURPOSES.items()}
    return {"title_cy": TITLE["cy"], "title_en": TITLE["en"], "sections": sections, "purposes": purposes}


def load_consent_demo(admin) -> tuple[ConsentForm, ConsentForm]:
    """The previous and the current published versions, creating whichever are missing (idempotent)."""
    published = [version for version in reversed(services.list_forms()) if version.is_published]
    for changes in VERSIONS[len(published) :]:
        draft = services.create_draft(**_texts(changes), based_on=published[-1] if published else None)
        services.publish_form(draft, actor=admin)
        draft.published_at = changes["published_at"]  # demo history: when it would have been published
        published.append(draft)
    return published[-2], published[-1]
