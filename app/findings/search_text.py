"""Text as search sees it (issue 10, item 6): folded words, the terms a query asks for, and where they fall in
the words as written (for highlighting).

Folding: lower case (casefold), accents gone whether typed as one letter or as a base letter plus a combining
accent (NFKD), so "LLŶR", "Llŷr" and "Llyr" are one word. Every character that is not a letter or a digit
(apostrophes straight or curly, hyphens, quotes, brackets, "*", ":", "^" …) becomes a space, so what reaches the
database holds letters, digits and single spaces only: no user text is ever read as a query language.

A *term* is one word typed, or a run of words joined by punctuation ("wedi'u", "P-0042") or written inside
quotes ("llyr bws"), folded, with a space before it: it matches text where it starts a word. Every term must
match (AND). Stored text (`index_text`) is each field's folded words with a space at both ends, fields apart on
their own lines, so a term never runs from one field into the next. Pure functions: no database here.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

MAX_QUERY = 200  # characters of a query read; the rest is ignored
MAX_TERMS = 10
FIELD_BREAK = "\n"
_NOT_WORD = re.compile(r"[\W_]+")
_QUOTES = re.compile('["“”„‟«»]')
SNIPPET = 240  # characters of text around the first match


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_words(text: str) -> str:
    """Folded words of `text`, single spaces between them: "Mae’r LLŶR yn y\u0302" → "mae r llyr yn y"."""
    return " ".join(_NOT_WORD.sub(" ", _strip_accents(text or "")).split())


def index_text(*fields: str) -> str:
    """What the index stores for a row: each field's folded words, a space at both ends, one field a line."""
    return " " + f" {FIELD_BREAK} ".join(fold_words(field) for field in fields) + " "


def query_terms(query: str) -> list[str]:
    """The terms a query asks for, in order, without repeats: words typed, and runs inside quotes (straight or
    curly) kept together. Each starts with a space. At most MAX_TERMS from the first MAX_QUERY characters;
    [] when nothing searchable was typed ("", "***", '"')."""
    parts = _QUOTES.split((query or "")[:MAX_QUERY])
    terms: list[str] = []
    for number, part in enumerate(parts):
        for chunk in [part] if number % 2 else part.split():
            words = fold_words(chunk)
            if words and f" {words}" not in terms:
                terms.append(f" {words}")
    return terms[:MAX_TERMS]


# Highlighting -------------------------------------------------------------------------------------------------


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """fold_words(text) with a space at both ends, and for each of its characters the index of the character of
    `text` it came from (-1 and len(text) for the padding)."""
    chars, where = [" "], [-1]
    for index, ch in enumerate(text):
        for folded in ch.lower() if ch.isascii() else _strip_accents(ch):
            if folded.isalnum() and folded != "_":
                chars.append(folded)
                where.append(index)
            elif chars[-1] != " ":
                chars.append(" ")
                where.append(index)
    if chars[-1] != " ":
        chars.append(" ")
        where.append(len(text))
    return "".join(chars), where


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each place in `text` a term matches, as written (end exclusive), merged, in order."""
    if not text or not terms:
        return []
    folded, where = _folded_with_positions(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            first, last = start + 1, start + len(term) - 1
            spans.append((where[first], where[last] + 1))
            start = folded.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, terms: list[str], *, length: int = SNIPPET) -> Markup:
    """Escaped text with the matches in <mark>: all of it when short, else about `length` characters from a
    little before the first match, cut at spaces, with "…" where text was left out."""
    text = text or ""
    spans = match_spans(text, terms)
    start, end = 0, len(text)
    if len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - length // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 and start - space < 20 else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start + length // 2 else end
    parts: list[str] = ["…" if start else ""]
    at = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[at:span_start]))
        parts.append(Markup("<mark>%s</mark>") % text[span_start:span_end])
        at = span_end
    parts.append(escape(text[at:end]))
    parts.append("…" if end < len(text) else "")
    return Markup("").join(parts)


def matches(text: str, terms: list[str]) -> bool:
    """Whether every term matches one of the words of `text`: what the database answers, said in Python (for
    choosing which field to show; the hits themselves come from the database)."""
    folded = index_text(text)
    return bool(terms) and all(term in folded for term in terms)
