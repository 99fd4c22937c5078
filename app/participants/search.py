"""Folding for search and sorting: "Llyr" finds "Llŷr", "ELIN" finds "Elin"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed (ŵ→w, ŷ→y, â→a …), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def search_key(*parts: str) -> str:
    return " | ".join(fold(part) for part in parts if part)[:800]
