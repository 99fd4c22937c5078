"""Long staff tables are read a page at a time (P-4): a count and one page of rows, two queries whatever the
table's length. A page number from the query string is kept within range, so ?page=0, ?page=99999999999999 or
?page=x show the nearest page, never an error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app, request, url_for
from sqlalchemy import Select, func, select

from app.common.converters import bounded_int
from app.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]  # this page's rows, in the query's order
    number: int  # 1-based, within [1, pages]
    pages: int  # at least 1, even for an empty table
    total: int  # rows in the whole table
    per_page: int


def paginate(stmt: Select[tuple[T]], *, per_page: int | None = None, argument: str = "page") -> Page[T]:
    """The page of `stmt` (which must be ordered) that the request's `argument` asks for. per_page defaults to
    the PAGE_SIZE setting. Two queries."""
    size = per_page or int(current_app.config["PAGE_SIZE"])
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(-(-total // size), 1)
    number = bounded_int(request.args.get(argument), 1, maximum=pages)
    items = list(db.session.scalars(stmt.limit(size).offset((number - 1) * size)))
    return Page(items=items, number=number, pages=pages, total=total, per_page=size)


def page_url(argument: str = "page") -> Callable[[int], str]:
    """A function from a page number to this page's URL with that number, keeping the other query arguments."""
    endpoint = request.endpoint or ""
    view_args: dict[str, Any] = dict(request.view_args or {})
    kept = {key: request.args.getlist(key) for key in request.args if key != argument}

    def url(number: int) -> str:
        values: dict[str, Any] = {**view_args, **kept, argument: number}
        return url_for(endpoint, **values)

    return url
