"""The Welsh catalogue: complete, never fuzzy, six plural forms, and in step with the code."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
WELSH_PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_PLURAL_RULE = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}


def _catalogue():
    with WELSH_PO.open("rb") as handle:
        return read_po(handle, locale="cy")


def _messages_in_code() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "app"), method_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_welsh_catalogue_has_the_six_form_plural_rule():
    catalogue = _catalogue()
    assert catalogue.num_plurals == 6
    assert catalogue.plural_expr.replace(" ", "") == WELSH_PLURAL_RULE.replace(" ", "")


def test_every_welsh_entry_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue()
    untranslated, fuzzy, short_plurals = [], [], []
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy.append(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.pluralizable and len(strings) != 6:
            short_plurals.append(message.id)
    assert untranslated == [], f"no Welsh for: {untranslated}"
    assert fuzzy == [], f"fuzzy Welsh entries: {fuzzy}"
    assert short_plurals == [], f"plural entries without six Welsh forms: {short_plurals}"


def test_every_string_in_the_code_has_a_welsh_entry():
    in_catalogue = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalogue() if m.id}
    missing = sorted(_messages_in_code() - in_catalogue)
    assert missing == [], f"run scripts/translations and translate: {missing}"


def test_placeholders_match_between_english_and_welsh():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    mismatched = []
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for form, string in enumerate(strings):
            found = set(placeholder.findall(string))
            # Welsh's zero form may say "nobody" or "no session" in words, without the number.
            zero_in_words = isinstance(message.id, tuple) and form == 0 and found == wanted - {"%(num)d"}
            if found != wanted and not zero_in_words:
                mismatched.append(ids[0])
    assert mismatched == []
