"""Paging for the lists that grow with the programme (a manager's staff bookings, the
administrator's session list): one page of a query or a list, and what the page links need.

`page_of(db, query, number, size)` counts the query's rows once and reads only the rows
of page `number` (1-based; a number past the end gives the last page);
`page_of_list(items, number, size)` does the same for a list already built.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """Page `number` of `pages`, holding `items`: rows `first`..`last` (1-based) of `total`."""

    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return 0 if self.total == 0 else (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    def numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and `around` either side of this one; None = a gap."""
        wanted = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        shown: list[int | None] = []
        for n in sorted(n for n in wanted if 1 <= n <= self.pages):
            if shown and shown[-1] is not None and n - shown[-1] > 1:
                shown.append(None)
            shown.append(n)
        return shown


def _clamp(number: int | None, total: int, size: int) -> int:
    pages = max(1, -(-total // size))
    return min(max(1, number or 1), pages)


def page_of(db: Session, query: Select, number: int | None, size: int = PAGE_SIZE) -> Page:
    """Page `number` of an ORM `select(Entity)` query (ordered by the caller)."""
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = _clamp(number, total, size)
    items = list(db.scalars(query.limit(size).offset((number - 1) * size)))
    return Page(items=items, number=number, size=size, total=total)


def page_of_list(items: Sequence[Any], number: int | None, size: int = PAGE_SIZE) -> Page:
    """Page `number` of a list already read."""
    number = _clamp(number, len(items), size)
    start = (number - 1) * size
    return Page(items=list(items[start:start + size]), number=number, size=size, total=len(items))
