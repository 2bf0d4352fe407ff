"""Search reads (检索): the public search, site-wide or in one body, and the staff search.

:func:`search` parses the visitor's words and filters, asks the engine for the newest matching documents (at
most :data:`CANDIDATES`), orders them (``relevance``: the engine's score and recency together; ``date``: newest
first) and returns one page with highlighted snippets. A query that looks like a 索引号 or 文号 is first looked
up exactly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from . import backends
from .highlight import highlight, snippet
from .links import route_url
from .models import TYPE_LABELS, SearchDocument, Source
from .segment import query_terms

__all__ = ["CANDIDATES", "PAGE_SIZE", "Hit", "SearchPage", "SearchQuery", "parse_query", "search"]

#: The newest matching documents considered per query; more matches ask for narrower words or filters.
CANDIDATES = 1000
PAGE_SIZE = 10
MAX_QUERY = 60
#: Ranking: the engine's score (normalized to the best candidate) counts this much, recency the rest.
RELEVANCE_WEIGHT = 0.7
#: Recency halves every this many days.
RECENCY_HALF_LIFE = 365

SORTS = {"relevance": "相关度", "date": "发布时间"}

QUERY_EMPTY = "请输入要检索的词语。"
QUERY_NO_WORDS = "检索词中没有可检索的词语，请换一个词（如“采购”“低保”）。"
BAD_FILTER = "筛选条件有误，已忽略。"

_SOURCE_TYPE = {Source.ITEM: "item", Source.REPORT: "report", Source.CATALOGUE: "catalogue"}
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕"})


@dataclass(frozen=True)
class SearchQuery:
    """A parsed search: the text, its words and the filters (ids as integers, or ``None``)."""

    text: str = ""
    words: tuple[str, ...] = ()
    organization_id: int | None = None
    category_id: int | None = None
    year: int | None = None
    type: str = ""
    sort: str = "relevance"
    page: int = 1
    errors: tuple[str, ...] = ()

    def tags(self) -> list[str]:
        tags = []
        if self.organization_id:
            tags.append(f"o{self.organization_id}")
        if self.category_id:
            tags.append(f"c{self.category_id}")
        if self.year:
            tags.append(f"y{self.year}")
        if self.type:
            tags.append(f"t{self.type}")
        return tags


@dataclass(frozen=True)
class Hit:
    """One result, ready to print."""

    url: str
    title: SafeString
    snippet: SafeString
    date: str
    type_label: str
    organization_name: str
    index_number: str
    document_number: str


@dataclass
class SearchPage:
    """One page of results, with the counts and the paging links' numbers."""

    query: SearchQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    exact: bool = False
    message: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages

    @property
    def previous_page(self) -> int:
        return self.query.page - 1

    @property
    def next_page(self) -> int:
        return self.query.page + 1


def _int(value, low: int, high: int) -> tuple[int | None, bool]:
    if value in (None, ""):
        return None, True
    text = str(value).strip()
    if not text.isdigit() or len(text) > 18:
        return None, False
    number = int(text)
    return (number, True) if low <= number <= high else (None, False)


def parse_query(params, *, organization_id: int | None = None) -> SearchQuery:
    """A :class:`SearchQuery` from query-string *params* (``q``, ``org``, ``column``, ``year``, ``type``, ``sort``,
    ``page``); bad filter values are dropped with a note in ``errors``, never an error page."""
    text = " ".join((params.get("q") or "").split())[:MAX_QUERY]
    errors: list[str] = []
    org, ok1 = _int(params.get("org"), 1, 10**18) if organization_id is None else (organization_id, True)
    column, ok2 = _int(params.get("column"), 1, 10**18)
    year, ok3 = _int(params.get("year"), 1990, 2999)
    page, ok4 = _int(params.get("page"), 1, CANDIDATES // PAGE_SIZE)
    kind = params.get("type") or ""
    ok5 = kind in ("", *TYPE_LABELS)
    sort = params.get("sort") or "relevance"
    ok6 = sort in SORTS
    if not all((ok1, ok2, ok3, ok4, ok5, ok6)):
        errors.append(BAD_FILTER)
    return SearchQuery(
        text=text,
        words=tuple(query_terms(text)),
        organization_id=org,
        category_id=column,
        year=year,
        type=kind if ok5 else "",
        sort=sort if ok6 else "relevance",
        page=page or 1,
        errors=tuple(errors),
    )


def _exact(query: SearchQuery) -> list[SearchDocument]:
    """Documents whose 索引号 or 文号 is the query (brackets of a 文号 normalized: [2021] → 〔2021〕)."""
    text = query.text.replace(" ", "")
    if not re.search(r"\d", text) or len(text) < 4:
        return []
    variants = {text, text.translate(_BRACKETS)}
    rows = SearchDocument.objects.filter(Q(index_number__in=variants) | Q(document_number__in=variants))
    if query.organization_id:
        rows = rows.filter(organization_id=query.organization_id)
    if query.year:
        rows = rows.filter(year=query.year)
    return list(rows.order_by("-key")[:PAGE_SIZE])


def _score(candidates: list[tuple[int, float]], today: dt.date) -> list[int]:
    best = max((score for _, score in candidates), default=0.0) or 1.0
    relevance = RELEVANCE_WEIGHT / best
    recency: dict[int, float] = {}  # by publication day: candidates share days
    ordinal = today.toordinal()
    ranked = []
    for key, score in candidates:
        day = key // 10_000_000_000
        weight = recency.get(day)
        if weight is None:
            weight = recency[day] = (1 - RELEVANCE_WEIGHT) * 0.5 ** (max(0, ordinal - day) / RECENCY_HALF_LIFE)
        ranked.append((relevance * score + weight, key))
    ranked.sort(reverse=True)
    return [key for _, key in ranked]


def _hit(doc: SearchDocument, words, orgs: dict[int, tuple[str, str]]) -> Hit:
    kind = _SOURCE_TYPE.get(doc.source, "register")
    label = TYPE_LABELS[kind] if kind != "register" else Source(doc.source).label
    name, slug = orgs.get(doc.organization_id, ("", ""))
    return Hit(
        url=route_url(doc.route, slug),
        title=highlight(doc.title, words),
        snippet=snippet(doc.text, words) if doc.text else SafeString(""),
        date=doc.date.isoformat() if doc.date and doc.source != Source.CATALOGUE else "",
        type_label=label,
        organization_name=name,
        index_number=doc.index_number,
        document_number=doc.document_number,
    )


def _names(docs) -> dict[int, tuple[str, str]]:
    """The name and the current slug of the bodies of *docs* (addresses are built from the slug)."""
    from gongkai.apps.organizations.models import Organization

    ids = {d.organization_id for d in docs}
    return {
        pk: (name, slug) for pk, name, slug in Organization.objects.filter(pk__in=ids).values_list("pk", "name", "slug")
    }


def search(query: SearchQuery) -> SearchPage:
    """One page of results for *query* (see the module docstring)."""
    result = SearchPage(query=query)
    if not query.text:
        result.message = QUERY_EMPTY
        return result
    exact = _exact(query)
    if exact:
        result.exact = True
        result.total = len(exact)
        names = _names(exact)
        result.hits = [_hit(d, [query.text], names) for d in exact]
        return result
    if not query.words:
        result.message = QUERY_NO_WORDS
        return result
    candidates = backends.match(query.words, query.tags(), limit=CANDIDATES)
    result.total = len(candidates)
    result.capped = len(candidates) >= CANDIDATES
    if query.sort == "date":
        keys = [key for key, _ in candidates]
    else:
        keys = _score(candidates, timezone.localdate())
    start = (query.page - 1) * PAGE_SIZE
    page_keys = keys[start : start + PAGE_SIZE]
    docs = SearchDocument.objects.defer("title_terms", "terms", "tags").in_bulk(page_keys)
    found = [docs[k] for k in page_keys if k in docs]  # an FTS row whose document is gone is skipped
    names = _names(found)
    words = [*query.words, query.text]
    result.hits = [_hit(d, words, names) for d in found]
    return result
