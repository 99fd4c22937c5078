"""URL converters: ids in paths that no database could hold are not found (404), never a server error.

Flask's int converter accepts any length of digits; SQLite and PostgreSQL refuse integers past 2^63 - 1 (and
every id here is an INTEGER column, at most 2^31 - 1). Replacing the converter for every route makes such a path
match no route at all, so the ordinary 404 page answers, in the reader's language.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest value of a 32-bit INTEGER primary key, on SQLite and PostgreSQL alike


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: 0 to MAX_ID (werkzeug's own min/max arguments still apply)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bounded_int(value: str | None, default: int, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """A number from a query string (?page=…), kept within [minimum, maximum]; `default` when it is missing or
    not a whole number."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return min(max(number, minimum), maximum)
