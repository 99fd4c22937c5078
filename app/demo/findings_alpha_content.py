"""Demo session logs for Cyd alpha round 1 (usability tests of the community prototype, a few weeks ago): the
sessions' plan, and one log per session in the order of ALPHA_ROUND_SESSIONS.

The fifth person (a5-…) said something quotable but did not agree to quotes, so their words count as evidence
and are never shown as a quote (CON-7); the sixth did not come. As in findings_content, nothing here names a
participant, their organisation or their contact details (DP-2).
"""

from __future__ import annotations

from app.demo.findings_content import (
    ADVICE,
    COMMUNITY,
    FRAMEWORKS,
    JOINING,
    NET_ZERO,
    SEARCH,
    TEMPLATES,
    TRAINING,
    WELSH,
    Log,
    said_cy,
    said_en,
)

# (working day of the round, start hour, language "cy" or "en") of each one-hour online test; the round starts
# ALPHA_ROUND_WEEKS_AGO weeks before the demo is loaded.
ALPHA_ROUND_WEEKS_AGO = 5
ALPHA_ROUND_SESSIONS = (
    (0, 10, "cy"),
    (0, 14, "en"),
    (1, 10, "en"),
    (2, 10, "cy"),
    (3, 14, "en"),
    (4, 10, "en"),
    (5, 10, "cy"),
    (6, 14, "en"),
)
HELD_BACK_SESSION = 4  # the person who did not agree to quotes
NO_SHOW_SESSION = 5

ALPHA_ROUND_LOGS = (
    Log(
        "Prawf defnyddioldeb ar-lein yn Gymraeg, gyda’r cyfranogwr yn rhannu ei sgrin. Ailgadarnhawyd cydsyniad ar "
        "y dechrau, gan gynnwys recordio’r sgrin. Cwblhaodd y cyfranogwr bob tasg. Daeth o hyd i’r templedi "
        "Cymraeg yn gyflym, ond drysodd rhwng ‘Arferion da’ ac ‘Arferion gorau’. Sylwodd ar fotwm ‘Save’ heb ei "
        "gyfieithu.",
        (
            said_cy(
                "a1-templed",
                "positive",
                "Daeth o hyd i’r templed gwahoddiad i dendro yn Gymraeg mewn llai na "
                "munud, drwy’r llyfrgell templedi.",
                (TEMPLATES, WELSH),
                "00:06:20",
            ),
            said_cy(
                "a1-dau-enw",
                "pain_point",
                "Oedodd wrth weld ‘Arferion da’ yn y ddewislen ac ‘Arferion gorau’ "
                "ar y dudalen, a gofynnodd ai’r un adran oedd y ddwy.",
                (WELSH, SEARCH),
                "00:12:45",
            ),
            said_cy(
                "a1-ochr-yn-ochr",
                "quote",
                "Mae gweld y Gymraeg a’r Saesneg ochr yn ochr yn wych – dw i’n gallu "
                "gwirio’r cyfieithiad wrth fynd.",
                (TEMPLATES, WELSH),
                "00:13:30",
            ),
            said_cy(
                "a1-cam",
                "behaviour",
                "Chwiliodd am ‘rheoli contract’ yn hytrach nag am bwnc, gan ddisgwyl "
                "gweld popeth sy’n perthyn i’r cam hwnnw o’r broses.",
                (SEARCH,),
            ),
            said_cy(
                "a1-save",
                "pain_point",
                "Sylwodd fod y botwm ‘Save’ yn Saesneg ar y dudalen Gymraeg wrth gadw templed.",
                (WELSH,),
                "00:24:10",
            ),
            said_cy(
                "a1-fframwaith",
                "positive",
                "Defnyddiodd y chwiliwr fframweithiau i weld pa fframweithiau sy’n "
                "cynnwys gwasanaethau glanhau, heb gymorth.",
                (FRAMEWORKS,),
            ),
        ),
    ),
    Log(
        "Online usability test in English, screen shared. Consent re-confirmed at the start, including screen "
        "recording. Completed four of five tasks: could not find advice on quotes below the threshold, and did "
        "not notice ‘Ask the community’. Hesitated at the spend questions on the sign-up form.",
        (
            said_en(
                "a2-no-results",
                "pain_point",
                "Searched the prototype for ‘below threshold quotes’ and got no "
                "results, then said they would ring a colleague instead.",
                (ADVICE, SEARCH),
                "00:04:50",
            ),
            said_en(
                "a2-pathway",
                "positive",
                "Chose the ‘New to procurement’ pathway straight away and could say "
                "which three courses to take first.",
                (TRAINING,),
            ),
            said_en(
                "a2-ask",
                "behaviour",
                "Scrolled past the ‘Ask the community’ button twice while looking for a "
                "way to post a question.",
                (COMMUNITY,),
                "00:15:00",
            ),
            said_en(
                "a2-side-by-side",
                "positive",
                "Does not speak Welsh, but said the side-by-side templates would "
                "save a Welsh-speaking colleague from keeping two copies.",
                (TEMPLATES, WELSH),
            ),
            said_en(
                "a2-spend",
                "pain_point",
                "Stopped at the sign-up form’s questions about annual spend, unsure "
                "whether they were allowed to share those figures.",
                (JOINING,),
                "00:02:30",
            ),
            said_en(
                "a2-sign-in",
                "quote",
                "Why can’t I just sign in with my work Microsoft account like everything else?",
                (JOINING,),
            ),
        ),
    ),
    Log(
        "Online usability test in English. Consent re-confirmed at the start. Completed every task. Chose the "
        "right training pathway without help and liked the case study filter, but would share templates only if "
        "the Cyd team checks them first.",
        (
            said_en(
                "a3-pathway",
                "positive",
                "Compared the intermediate and experienced pathways and picked the "
                "right one for their level without help.",
                (TRAINING,),
                "00:08:40",
            ),
            said_en(
                "a3-share",
                "quote",
                "I’d upload this, but only if someone from Cyd checks it first. I’m not "
                "putting our documents out there for everyone to pick holes in.",
                (TEMPLATES, COMMUNITY),
                "00:20:15",
            ),
            said_en(
                "a3-frameworks",
                "positive",
                "Found a framework for vehicle hire with the framework finder and understood who may use it.",
                (FRAMEWORKS,),
            ),
            said_en(
                "a3-ask",
                "behaviour",
                "Did not notice the ‘Ask the community’ button; looked for a ‘Contact us’ "
                "link to ask a question instead.",
                (COMMUNITY,),
            ),
            said_en(
                "a3-filter",
                "positive",
                "Filtered case studies by organisation type and found two from organisations like their own.",
                (SEARCH,),
                "00:11:55",
            ),
            said_en(
                "a3-stage",
                "behaviour",
                "Expected the case studies to be grouped by procurement stage: "
                "planning, tender and contract management.",
                (SEARCH,),
            ),
            said_en(
                "a3-tone",
                "positive",
                "Said the plain, friendly wording made the community feel like it was for "
                "people like them, not only for experts.",
                (COMMUNITY,),
            ),
        ),
    ),
    Log(
        "Prawf defnyddioldeb ar-lein yn Gymraeg. Ailgadarnhawyd cydsyniad ar y dechrau. Cwblhaodd y cyfranogwr "
        "bob tasg ond un. Ansicr ynghylch enw’r adran arferion gorau; heb ddeall ‘allyriadau cwmpas 3’ ar y "
        "dudalen sero net. Eisiau gweld pryd y cafodd templed ei wirio ddiwethaf.",
        (
            said_cy(
                "a4-templed",
                "positive",
                "Dywedodd fod y templedi Cymraeg yn gyfredol ac yn cyfateb i’r "
                "Saesneg, yn wahanol i’r rhai y mae’n eu defnyddio heddiw.",
                (TEMPLATES, WELSH),
            ),
            said_cy(
                "a4-dau-enw",
                "pain_point",
                "Nid oedd yn siŵr ai ‘Arferion da’ ynteu ‘Arferion gorau’ oedd enw’r "
                "adran, ac aeth yn ôl i’r hafan i wirio.",
                (WELSH,),
                "00:09:05",
            ),
            said_cy(
                "a4-gwirio",
                "need",
                "Gofynnodd pryd y cafodd y templed ei wirio ddiwethaf, a chan bwy, cyn y "
                "byddai’n ei ddefnyddio mewn tendr.",
                (TEMPLATES,),
                "00:17:30",
            ),
            said_cy(
                "a4-cwmpas",
                "pain_point",
                "Nid oedd yn deall ‘allyriadau cwmpas 3’ ar y dudalen sero net, ac "
                "nid oedd esboniad ar y dudalen.",
                (NET_ZERO,),
                "00:26:40",
            ),
            said_cy(
                "a4-cyfeillgar",
                "quote",
                "Mae’n teimlo fel lle i bobl fel fi, nid dim ond i’r arbenigwyr.",
                (COMMUNITY,),
            ),
        ),
    ),
    Log(
        "Online usability test in English. Consent re-confirmed at the start, to taking part and screen "
        "recording. The participant has not agreed to be quoted, so nothing from this session appears as a quote. "
        "Search returned nothing for the first task. Needed a pointer to find ‘Ask the community’.",
        (
            said_en(
                "a5-nothing",
                "quote",
                "I typed exactly what my manager asked me and it came back with nothing. "
                "That’s why I just phone people.",
                (ADVICE, SEARCH),
                "00:06:05",
            ),
            said_en(
                "a5-upload",
                "pain_point",
                "Would not upload their own template without knowing who would see it "
                "and whether it would be checked first.",
                (TEMPLATES, COMMUNITY),
            ),
            said_en(
                "a5-ask",
                "behaviour",
                "Looked for a way to ask a question for about two minutes before the "
                "facilitator pointed out the button.",
                (COMMUNITY,),
                "00:14:25",
            ),
            said_en(
                "a5-reviewed",
                "need",
                "Wanted to see a ‘last reviewed’ date on every template before trusting it.",
                (TEMPLATES,),
            ),
            said_en(
                "a5-level",
                "positive",
                "Liked that the questions in the community came from people at their own "
                "level, not only from senior managers.",
                (COMMUNITY,),
            ),
        ),
    ),
    Log(
        "The participant did not join. We waited fifteen minutes and sent a follow-up email; no reply before the "
        "end of the round.",
        attended=False,
    ),
    Log(
        "Prawf defnyddioldeb ar-lein yn Gymraeg. Ailgadarnhawyd cydsyniad ar y dechrau. Canmolodd y cyfranogwr y "
        "templedi ochr yn ochr a’r llwybr hyfforddi i bobl newydd. Gofynnodd pam mae’r ffurflen ymuno yn holi am "
        "wariant blynyddol.",
        (
            said_cy(
                "a7-manyleb",
                "positive",
                "Agorodd y fersiwn Gymraeg o’r fanyleb a’i chymharu â’r Saesneg heb adael y dudalen.",
                (TEMPLATES, WELSH),
                "00:05:40",
            ),
            said_cy(
                "a7-llwybr",
                "positive",
                "Dywedodd y byddai’n anfon y llwybr ‘Newydd i gaffael’ at unrhyw aelod "
                "newydd o’r tîm ar unwaith.",
                (TRAINING,),
            ),
            said_cy(
                "a7-ochr-yn-ochr",
                "positive",
                "Dywedodd mai’r templedi ochr yn ochr oedd y peth mwyaf defnyddiol yn y prototeip.",
                (TEMPLATES, WELSH),
            ),
            said_cy(
                "a7-gwariant",
                "quote",
                "Pam mae angen gwybod ein gwariant blynyddol cyn i mi gael ymuno? "
                "Byddai’n rhaid i mi ofyn i’m rheolwr.",
                (JOINING,),
                "00:03:10",
            ),
            said_cy(
                "a7-cynllunio",
                "behaviour",
                "Chwiliodd am ‘cynllunio caffael’ gan ddisgwyl gweld popeth sy’n "
                "berthnasol i gam cynllunio’r broses.",
                (SEARCH,),
            ),
            said_cy(
                "a7-cwmpas",
                "pain_point",
                "Darllenodd y dudalen sero net ddwywaith, ac yna gofynnodd beth yw ystyr ‘cwmpas 3’.",
                (NET_ZERO,),
            ),
        ),
    ),
    Log(
        "Online usability test in English. Consent re-confirmed at the start. Answered the framework task in "
        "under a minute and liked the first-year pathway. Searched for social value advice and got only case "
        "studies. Did not see ‘Ask the community’ until the end.",
        (
            said_en(
                "a8-social-value",
                "pain_point",
                "Searched for social value advice and got only case studies, "
                "no guidance; said they would still go to a general search engine first.",
                (ADVICE, SEARCH),
                "00:07:15",
            ),
            said_en(
                "a8-pathway",
                "positive",
                "Read the first-year pathway and said it was what they had wanted when they started.",
                (TRAINING,),
            ),
            said_en(
                "a8-frameworks",
                "positive",
                "Used the framework finder to check whether their organisation may "
                "use a catering framework, and had the answer in under a minute.",
                (FRAMEWORKS,),
                "00:19:20",
            ),
            said_en(
                "a8-ask",
                "behaviour",
                "Did not see the ‘Ask the community’ button until the end of the session.",
                (COMMUNITY,),
            ),
            said_en(
                "a8-filter",
                "positive",
                "Filtered case studies by organisation type and said that was exactly "
                "what they would do at work.",
                (SEARCH,),
            ),
            said_en(
                "a8-checked",
                "need",
                "Asked who had checked each template and when, because the law changed last year.",
                (TEMPLATES,),
                "00:23:50",
            ),
            said_en(
                "a8-password",
                "pain_point",
                "Expected to sign in with their organisation’s account and was put "
                "off by having to make another password.",
                (JOINING,),
            ),
        ),
    ),
)
