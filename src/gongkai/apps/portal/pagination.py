"""Cheap page numbers for long lists (分页).

Django's paginator counts every row on every page view. The portal reads one page with ``LIMIT 21 OFFSET n``
(the extra row tells whether a next page exists), counts only lists longer than a page, and then once per
list, capped at :data:`~gongkai.apps.portal.selectors.COUNT_CAP` and cached (see
:func:`~gongkai.apps.portal.selectors.item_count`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

__all__ = ["PER_PAGE", "Page", "PageLink", "paginate", "parse_page_number"]

PER_PAGE = 20
#: A page number above this is refused outright (no list of the portal is that long).
MAX_PAGE = 1_000_000

BAD_PAGE = "页码无效。"
PAGE_NOT_FOUND = "该页不存在。"


def parse_page_number(raw: str | None) -> int:
    """The page number of ``?page=``: 1 when absent; a positive whole number otherwise.

    Raises:
        Http404: not a positive whole number (``abc``, ``0``, ``-1``, ``1.5``, too large).
    """
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        raise Http404(BAD_PAGE)
    number = int(raw)
    if number < 1 or number > MAX_PAGE:
        raise Http404(BAD_PAGE)
    return number


@dataclass(frozen=True)
class PageLink:
    """One entry of the page links: a number, or ``None`` for a gap (…)."""

    number: int | None
    current: bool = False


@dataclass(frozen=True)
class Page:
    """One page of a list."""

    items: list
    number: int
    total: int
    capped: bool
    has_next: bool
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """Number of pages, or ``None`` when the count was capped (unknown)."""
        if self.capped:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)

    @property
    def links(self) -> list[PageLink]:
        """Page numbers to offer: first, last (when known) and two either side of the current page."""
        last = self.num_pages
        upper = last if last is not None else self.number + (1 if self.has_next else 0)
        wanted = {1, upper, *range(self.number - 2, self.number + 3)}
        numbers = sorted(n for n in wanted if 1 <= n <= upper)
        links: list[PageLink] = []
        previous = 0
        for n in numbers:
            if n - previous > 1:
                links.append(PageLink(None))
            links.append(PageLink(n, current=n == self.number))
            previous = n
        return links


def paginate(rows_source, *, number: int, count: Callable[[], int], cap: int, per_page: int = PER_PAGE) -> Page:
    """Read page *number* of *rows_source* (ordered, sliceable); *count* gives its (capped) length when needed.

    The page is read first, one row more than it shows. A first page that is not full holds the whole list, so
    *count* is only called when there is more than one page. *count* may come from a cache and be a little
    stale: the rows read always win.

    Raises:
        Http404: the page lies beyond the end of the list (page 1 of an empty list is a valid, empty page).
    """
    offset = (number - 1) * per_page
    rows = list(rows_source[offset : offset + per_page + 1])
    if number > 1 and not rows:
        raise Http404(PAGE_NOT_FOUND)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    if number == 1 and not has_next:
        total = len(rows)
    else:
        total = count()
    capped = total > cap
    if not capped:
        total = max(total, offset + len(rows) + (1 if has_next else 0))
    return Page(items=rows, number=number, total=total, capped=capped, has_next=has_next, per_page=per_page)
