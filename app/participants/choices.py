"""The words the CSV import accepts in each category column, taken from the labels the pages show (WL-1).

A category is a coded field of a participant (models.CODED_FIELD_LABELS: type of organisation, region,
seniority, preferred language, taking part in Welsh, how they were recruited, status). Its accepted words
are each value's label rendered through the catalogue in Welsh and in English, so a label and the import can
never disagree, plus the value as stored ("north", "south_east"), so files from other systems keep working.

Matching forgives what people type differently from a label: capital letters, surrounding and repeated
spaces, accents ("tan" for "tân", WL-8), a hyphen or dash written as a space or another dash ("Uwch
ymarferydd" for "Uwch-ymarferydd") and the kind of apostrophe ("Wedi'i oedi" for "Wedi’i oedi"). A label's first
words are enough when they name one value only ("Gogledd" for "Gogledd Cymru").
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.common.i18n import LANGUAGES
from app.participants.models import CODED_FIELD_LABELS
from app.participants.search import fold

# Each category's message for a value it does not know; %(accepted)s lists its labels in the reader's language.
UNKNOWN = {
    "organisation_type": _l(
        "“%(value)s” is not a type of organisation Profi knows. Write one of these: %(accepted)s"
    ),
    "region": _l("“%(value)s” is not a region Profi knows. Write one of these: %(accepted)s"),
    "seniority": _l("“%(value)s” is not a level of seniority Profi knows. Write one of these: %(accepted)s"),
    "preferred_language": _l(
        "“%(value)s” is not a language preference Profi knows. Write one of these: %(accepted)s"
    ),
    "welsh_willingness": _l(
        "“%(value)s” is not an answer Profi knows for taking part in Welsh. Write one of these: %(accepted)s"
    ),
    "recruited_via": _l(
        "“%(value)s” is not a way of recruiting Profi knows. Write one of these: %(accepted)s"
    ),
    "status": _l("“%(value)s” is not a status Profi knows. Write one of these: %(accepted)s"),
}

# Apostrophes (’ ‘ ʼ ` ´ ′) become one; hyphens, dashes (‐ ‑ ‒ – — −) and the underscore of stored values, a space.
_SAME = str.maketrans(
    {
        **dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u0060\u00b4\u2032"), "'"),
        **dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2212_"), " "),
    }
)


def choice_key(text: str) -> str:
    """The form a typed word and a label are compared in: " De–ddwyrain  CYMRU" → "de ddwyrain cymru"."""
    return fold(text.translate(_SAME))


def labels(name: str, language: str) -> list[str]:
    """Category `name`'s labels in `language` ("cy" or "en"), in the order the pages list them."""
    with force_locale(language):
        return [str(label) for label in CODED_FIELD_LABELS[name].values()]


def accepted_words(name: str) -> dict[str, str]:
    """Category `name`'s accepted words by choice_key → the value stored: {"gogledd cymru": "north", …}."""
    values = [member.value for member in CODED_FIELD_LABELS[name]]
    words: dict[str, str] = {}
    for language in LANGUAGES:
        for value, label in zip(values, labels(name, language), strict=True):
            words.setdefault(choice_key(label), value)
    for value in values:
        words.setdefault(choice_key(value), value)
    # The first words of a label, when they name one value only: "Gogledd" for "Gogledd Cymru", as "North" (the
    # stored value) already names North Wales; "De" names two regions, so it is not taken (WL-1: Welsh's short
    # forms are accepted as English's are).
    starts: dict[str, set[str]] = {}
    for key, value in list(words.items()):
        parts = key.split()
        for size in range(1, len(parts)):
            starts.setdefault(" ".join(parts[:size]), set()).add(value)
    for start, named in starts.items():
        if len(named) == 1:
            words.setdefault(start, next(iter(named)))
    return words


def all_accepted_words() -> dict[str, dict[str, str]]:
    """accepted_words() for every category, by field name: built once for a whole file."""
    return {name: accepted_words(name) for name in CODED_FIELD_LABELS}


def match(name: str, value: str, words: dict[str, dict[str, str]]) -> str | None:
    """The stored value `value` names in category `name` (words from all_accepted_words()), or None."""
    return words[name].get(choice_key(value))


def unknown_value(name: str, value: str) -> str:
    """The problem for a value category `name` does not know, listing its labels in the reader's language."""
    accepted = ", ".join(f"“{label}”" for label in CODED_FIELD_LABELS[name].values())
    return UNKNOWN[name] % {"value": value[:80], "accepted": accepted}
