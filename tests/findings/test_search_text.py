"""Text as search sees it (app/findings/search_text.py): folding, terms, highlighting — no database."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.findings.search_text import (
    MAX_TERMS,
    _folded_with_positions,
    fold_words,
    index_text,
    match_spans,
    query_terms,
    snippet,
)

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0021_search.py"


def test_welsh_letters_capitals_and_combining_accents_fold_to_the_base_letter():
    assert fold_words("Llŷr ŵ Â ê Ï ô Ŵ") == "llyr w a e i o w"
    assert fold_words("Lly\u0302r DW\u0302R") == "llyr dwr"  # base letter + combining circumflex (NFD)
    assert fold_words("Mae’r wedi'u e-bost P-0042") == "mae r wedi u e bost p 0042"


def test_query_terms_keep_punctuated_and_quoted_runs_together_and_drop_the_rest():
    assert query_terms("Llŷr wedi’u") == [" llyr", " wedi u"]
    assert query_terms('"online form" AND -x* ^2 NEAR(') == [" online form", " and", " x", " 2", " near"]
    assert query_terms("“Mae’r system”") == [" mae r system"]
    assert query_terms('* " : ( ) ^ - \u0302') == []
    assert query_terms("llyr LLŶR Llyr") == [" llyr"]
    assert len(query_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS


def test_stored_text_keeps_fields_apart():
    assert index_text("Mae’r", "P-0042") == " mae r \n p 0042 "
    assert " r p" not in index_text("Mae’r", "P-0042")


def test_matches_are_marked_where_they_are_written_escaped():
    assert match_spans("Dywedodd Lly\u0302r fod", [" llyr"]) == [(9, 14)]
    assert str(snippet("Mae’r <b>Llŷr</b> & co", [" llyr", " mae r"])) == (
        "<mark>Mae’r</mark> &lt;b&gt;<mark>Llŷr</mark>&lt;/b&gt; &amp; co"
    )
    long = "gair " * 100 + "Llŷr yma " + "gair " * 100
    shown = str(snippet(long, [" llyr"]))
    assert shown.startswith("…") and shown.endswith("…") and "<mark>Llŷr</mark>" in shown
    assert len(shown) < 300


@given(st.text())
def test_highlighting_reads_the_words_exactly_as_the_index_stores_them(text):
    folded, where = _folded_with_positions(text)
    assert folded.strip() == fold_words(text)
    assert len(where) == len(folded)


@given(st.lists(st.text(), max_size=4))
def test_the_migration_folds_as_the_app_does(fields):
    spec = importlib.util.spec_from_file_location("migration_0019", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.index_text(*fields) == index_text(*fields)
