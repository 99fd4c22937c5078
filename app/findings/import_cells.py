"""What each column of an observations spreadsheet may hold, in Welsh or English (issue 10, item 2; WL-1).

Headings are matched as the register import matches them (participants.imports.heading_key): a column's label in
either language, its name, or a word people use for it. Kinds and languages accept their labels in Welsh and
English and the codes Profi stores ("Dyfyniad", "quote", "pain point", "Man poen"; "Cymraeg", "Welsh", "cy"),
however typed (participants.choices.choice_key: capitals, accents, hyphens, apostrophes). Dates are UK dates:
31/10/2026, 31-10-2026, 31.10.2026, 2026-10-31, "31 October 2026", "31 Hydref 2026" (a time after the date,
as spreadsheets add, is ignored).
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.findings.vocabulary import OBSERVATION_KIND_LABELS, SPOKEN_LANGUAGE_LABELS
from app.participants.choices import choice_key
from app.participants.imports import Problem, heading_key, in_each_language

FIELDS = ("code", "session_date", "kind", "text", "language", "tags", "time_marker")
REQUIRED = ("code", "session_date", "kind", "text", "language")
FIELD_LABELS = {
    "code": _l("Participant code"),
    "session_date": _l("Session date"),
    "kind": _l("Kind"),
    "text": _l("Text"),
    "language": _l("Language"),
    "tags": _l("Tags"),
    "time_marker": _l("Time in the recording"),
}
HEADING_ALIASES = {
    "code": ("code", "cod", "participant", "cyfranogwr", "cod cyfranogwr", "cod y cyfranogwr"),
    "session_date": ("date", "dyddiad", "session date", "dyddiad sesiwn", "dyddiad y sesiwn"),
    "kind": ("kind", "type", "math", "kind of observation", "math o arsylwad"),
    "text": ("text", "observation", "note", "notes", "quote", "testun", "arsylwad", "nodyn", "nodiadau"),
    "language": ("language", "lang", "iaith"),
    "tags": ("tag", "tags", "theme", "themes", "tagiau", "thema", "themau"),
    "time_marker": ("time", "time marker", "timestamp", "amser"),
}
MISSING = {
    "code": _l("The participant code is missing"),
    "session_date": _l("The session date is missing"),
    "kind": _l("The kind of observation is missing"),
    "text": _l("The text is missing"),
    "language": _l("The language is missing"),
}
LANGUAGE_ALIASES = {"cy": ("cym", "welsh language"), "en": ("eng", "english language")}

MONTHS = {
    **dict.fromkeys(("january", "jan", "ionawr", "ion"), 1),
    **dict.fromkeys(("february", "feb", "chwefror", "chwef", "chwe"), 2),
    **dict.fromkeys(("march", "mar", "mawrth", "maw"), 3),
    **dict.fromkeys(("april", "apr", "ebrill", "ebr"), 4),
    **dict.fromkeys(("may", "mai", "fai"), 5),
    **dict.fromkeys(("june", "jun", "mehefin", "meh"), 6),
    **dict.fromkeys(("july", "jul", "gorffennaf", "gorff", "gor"), 7),
    **dict.fromkeys(("august", "aug", "awst"), 8),
    **dict.fromkeys(("september", "sep", "sept", "medi"), 9),
    **dict.fromkeys(("october", "oct", "hydref", "hyd"), 10),
    **dict.fromkeys(("november", "nov", "tachwedd", "tach"), 11),
    **dict.fromkeys(("december", "dec", "rhagfyr", "rhag"), 12),
}
_TIME_AFTER = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})" + _TIME_AFTER)
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME_AFTER)
_WORDS = re.compile(
    r"(?:[a-z]+,? ){0,2}(\d{1,2})(?:st|nd|rd|th|af|il|ydd|ed|fed|ain|eg)? ([a-z]+)\.?,? (\d{4})"
)


def word_key(text: str) -> str:
    """The form a typed word and a label are compared in (participants.choices.choice_key)."""
    return choice_key(text)


def match_columns(headers: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """{field: column index} from the headings, and problems for the whole file: a field every row needs with
    no column, or a field with two columns."""
    aliases: dict[str, str] = {}
    for name in FIELDS:
        for alias in (name, *in_each_language(FIELD_LABELS[name]), *HEADING_ALIASES[name]):
            aliases.setdefault(heading_key(alias), name)
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, heading in enumerate(headers):
        found = aliases.get(heading_key(heading))
        if found is None:
            continue
        if found in columns:
            problems.append(
                Problem(
                    None,
                    heading,
                    _("Two columns are for “%(field)s”: keep one", field=str(FIELD_LABELS[found])),
                )
            )
        else:
            columns[found] = index
    missing = [str(FIELD_LABELS[name]) for name in REQUIRED if name not in columns]
    if missing:
        problems.insert(
            0,
            Problem(
                None,
                "",
                _("The file needs a column for each of these: %(fields)s", fields=", ".join(missing)),
            ),
        )
    return columns, problems


def describe(headers: list[str]) -> list[tuple[str, str]]:
    """Each heading and the field it is read as, in the reader's language ("" for a column left out)."""
    columns, _problems = match_columns(headers)
    by_index = {index: name for name, index in columns.items()}
    return [
        (
            heading or _("Column %(num)d", num=index + 1),
            str(FIELD_LABELS[by_index[index]]) if index in by_index else "",
        )
        for index, heading in enumerate(headers)
    ]


def accepted_words() -> dict[str, dict[str, str]]:
    """{"kind" | "language": {word_key(word): code}}: each label in Welsh and English, and each code."""
    words: dict[str, dict[str, str]] = {"kind": {}, "language": {}}
    for name, labels in (("kind", OBSERVATION_KIND_LABELS), ("language", SPOKEN_LANGUAGE_LABELS)):
        for code, label in labels.items():
            for word in (*in_each_language(label), str(code)):
                words[name].setdefault(word_key(word), str(code))
    for code, aliases in LANGUAGE_ALIASES.items():
        for alias in aliases:
            words["language"].setdefault(word_key(alias), code)
    return words


def unknown_word(name: str, value: str) -> str:
    """The problem for a kind or language Profi does not know, listing what it accepts in the reader's language."""
    if name == "kind":
        accepted = ", ".join(f"“{label}”" for label in OBSERVATION_KIND_LABELS.values())
        return _(
            "“%(value)s” is not a kind of observation. Write one of these: %(accepted)s",
            value=value[:80],
            accepted=accepted,
        )
    accepted = ", ".join(f"“{label}”" for label in SPOKEN_LANGUAGE_LABELS.values())
    return _(
        "“%(value)s” is not a language Profi knows. Write one of these: %(accepted)s",
        value=value[:80],
        accepted=accepted,
    )


def parse_date(text: str) -> date | None:
    """The date a cell holds in a common UK form, or None."""
    text = " ".join(text.split())
    numbers: tuple[str, str, str] | None = None
    if found := _DAY_FIRST.fullmatch(text):
        numbers = (found.group(3), found.group(2), found.group(1))
    elif found := _YEAR_FIRST.fullmatch(text):
        numbers = (found.group(1), found.group(2), found.group(3))
    elif found := _WORDS.fullmatch(word_key(text)):
        month = MONTHS.get(found.group(2))
        if month is None:
            return None
        numbers = (found.group(3), str(month), found.group(1))
    if numbers is None or not all(part.isascii() for part in numbers):
        return None
    try:
        return date(int(numbers[0]), int(numbers[1]), int(numbers[2]))
    except ValueError:
        return None
