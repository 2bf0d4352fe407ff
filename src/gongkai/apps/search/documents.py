"""Building index documents from their sources (公开信息, 第二十条 registers, 年度报告, 目录栏目).

Each ``*_documents(rows)`` function turns a batch of source rows into unsaved
:class:`~gongkai.apps.search.models.SearchDocument` instances, loading what the batch shares (organizations,
catalogue parents) once. Only what the portal shows is indexed: an item that is 已发布 on the body's portal
channel, a published annual report, an active column of an active body, a register row of an active body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from gongkai.apps.organizations.models import Organization
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import Attachment, CatalogueNode, Distribution, Item

from .links import route
from .models import SearchDocument, Source, document_key
from .segment import add_words, index_terms

__all__ = [
    "TEXT_LIMIT",
    "catalogue_documents",
    "html_text",
    "item_documents",
    "procurement_documents",
    "regulatory_documents",
    "report_documents",
    "matter_documents",
    "visible_items",
]

#: Characters of plain text kept per document (the body and its attachments' text), for terms and snippets.
TEXT_LIMIT = 30_000

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|tr|td|th|h[1-6]|table)\b[^>]*>", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\u3000]+")
_LINES = re.compile(r"\n\s*\n+")


def html_text(html: str) -> str:
    """The plain text of a sanitized body (paragraphs kept as line breaks)."""
    text = unescape(_TAG.sub("", _BLOCK.sub("\n", html or "")))
    return _LINES.sub("\n", _SPACE.sub(" ", text)).strip()


def visible_items() -> QuerySet[Item]:
    """Items the portal shows: 已发布 and distributed on their body's portal channel."""
    portal = Distribution.objects.filter(item=OuterRef("pk"), channel__kind="portal")
    return Item.objects.filter(status=ItemStatus.PUBLISHED, organization__is_active=True).filter(Exists(portal))


@dataclass(frozen=True)
class _Org:
    pk: int
    name: str
    short_name: str = ""


def _orgs(ids: Iterable[int]) -> dict[int, _Org]:
    rows = Organization.objects.filter(pk__in=set(ids)).values_list("pk", "name", "short_name")
    found = {}
    for pk, name, short in rows:
        add_words((name, short))
        found[pk] = _Org(pk, name, short or "")
    return found


def _parents(org_ids: Iterable[int]) -> dict[int, int | None]:
    return dict(CatalogueNode.objects.filter(organization_id__in=set(org_ids)).values_list("pk", "parent_id"))


def _column_tags(node_id: int | None, parents: dict[int, int | None]) -> list[str]:
    tags, seen = [], 0
    while node_id is not None and seen < 20:
        tags.append(f"c{node_id}")
        node_id = parents.get(node_id)
        seen += 1
    return tags


def _document(
    *,
    source: int,
    object_id: int,
    org: _Org,
    title: str,
    text: str,
    date: dt.date | None,
    route: str,
    kind: str = "",
    category_id: int | None = None,
    column_tags: list[str] = (),
    index_number: str = "",
    document_number: str = "",
    extra_terms: str = "",
    now: dt.datetime | None = None,
) -> SearchDocument:
    text = text[:TEXT_LIMIT]
    year = date.year if date else None
    type_name = {Source.ITEM: "item", Source.REPORT: "report", Source.CATALOGUE: "catalogue"}.get(source, "register")
    tags = [f"o{org.pk}", f"t{type_name}", f"s{int(source)}", *column_tags]
    if year:
        tags.append(f"y{year}")
    if kind:
        tags.append(f"k{kind}")
    body_terms = index_terms(f"{text}\n{extra_terms}\n{index_number}\n{document_number}")
    return SearchDocument(
        key=document_key(source, object_id, (date or dt.date(1970, 1, 1)).toordinal()),
        source=source,
        object_id=object_id,
        organization_id=org.pk,
        category_id=category_id,
        year=year,
        kind=kind[:20],
        date=date,
        title=title[:300],
        index_number=index_number[:80],
        document_number=document_number[:100],
        route=route,
        text=text,
        title_terms=" ".join(index_terms(title)),
        terms=" ".join(body_terms),
        tags=" ".join(tags)[:400],
        indexed_at=now or timezone.now(),
    )


def _attachment_texts(item_ids: list[int]) -> dict[int, list[str]]:
    """The text of each item's attachments (TXT, DOCX, text PDF), read by the publishing checks' extractor."""
    from gongkai.apps.publishing.services import attachment_text

    found: dict[int, list[str]] = {}
    for attachment in Attachment.objects.filter(item_id__in=item_ids).order_by("item_id", "id"):
        try:
            path = Path(attachment.file.path)
        except (NotImplementedError, ValueError):
            continue
        text = attachment_text(path, attachment.original_name)
        found.setdefault(attachment.item_id, []).append(f"{attachment.original_name}\n{text}".strip())
    return found


_ITEM_FIELDS = (
    "id",
    "organization_id",
    "category_id",
    "title",
    "summary",
    "body",
    "keywords",
    "publisher",
    "index_number",
    "document_number",
    "published_on",
    "kind",
    "topic",
    "updated_at",
)


#: Items per task when a batch is built by several processes.
CHUNK = 250


def item_documents(items: Iterable[Item], *, attachments: bool = True, pool=None) -> list[SearchDocument]:
    """Documents of visible *items* (title, summary, body, keywords and attachments' text).

    What the batch shares is read here; the documents are then built (segmented) here or, given a
    :mod:`multiprocessing` *pool* (``gongkai search reindex`` on several cores), by its processes in chunks.
    """
    items = list(items)
    if not items:
        return []
    orgs = _orgs(it.organization_id for it in items)
    parents = _parents(orgs)
    texts = _attachment_texts([it.pk for it in items]) if attachments else {}
    now = timezone.now()
    if pool is None or len(items) < 2 * CHUNK:
        return _item_chunk((items, orgs, parents, texts, now))
    chunks = []
    for start in range(0, len(items), CHUNK):
        part = items[start : start + CHUNK]
        chunks.append((part, orgs, parents, {it.pk: texts[it.pk] for it in part if it.pk in texts}, now))
    return [doc for built in pool.map(_item_chunk, chunks) for doc in built]


def _item_chunk(args) -> list[SearchDocument]:
    """Build the documents of some items (in this process or a pool's: no database access here)."""
    items, orgs, parents, texts, now = args
    for org in orgs.values():  # a pool's process learns the bodies' names too (once each)
        add_words((org.name, org.short_name))
    docs = []
    for it in items:
        org = orgs.get(it.organization_id)
        if org is None:
            continue
        text = "\n".join(part for part in (it.summary, html_text(it.body), *texts.get(it.pk, ())) if part)
        docs.append(
            _document(
                source=Source.ITEM,
                object_id=it.pk,
                org=org,
                title=it.title,
                text=text,
                date=it.published_on,
                route=route("item", it.pk),
                kind=it.kind,
                category_id=it.category_id,
                column_tags=_column_tags(it.category_id, parents),
                index_number=it.index_number,
                document_number=it.document_number,
                extra_terms=f"{it.keywords} {it.topic} {it.publisher}",
                now=now,
            )
        )
    return docs


def _register_columns(org_ids) -> dict[tuple[int, str], int]:
    rows = CatalogueNode.objects.filter(organization_id__in=set(org_ids), code__startswith="art20.", is_active=True)
    return {(org_id, code): pk for pk, org_id, code in rows.values_list("pk", "organization_id", "code")}


def _register_rows(rows, column_code: Callable[[object], str]) -> Iterator[tuple[object, _Org, int | None, list]]:
    """The register *rows* whose body is still there, each with its body, its 第二十条 column (the node whose
    code *column_code* gives, or ``None`` when the body has not set it up) and that column's filter tags."""
    rows = list(rows)
    orgs = _orgs(r.organization_id for r in rows)
    columns = _register_columns(orgs)
    for r in rows:
        org = orgs.get(r.organization_id)
        if org is None:
            continue
        node = columns.get((r.organization_id, column_code(r)))
        yield r, org, node, ([f"c{node}"] if node else [])


def _register_route(node: int | None) -> str:
    return route("category", node) if node else route("catalogue")


def regulatory_documents(rows) -> list[SearchDocument]:
    """Documents of 规范性文件/规章 register rows (条例第二十条第一项)."""
    docs = []
    for r, org, node, tags in _register_rows(rows, lambda r: "art20.1"):
        status = f"废止于{r.repealed_on.isoformat()}" if r.repealed_on else "现行有效"
        docs.append(
            _document(
                source=Source.REGULATORY,
                object_id=r.pk,
                org=org,
                title=r.title,
                text=f"{r.get_kind_display()} {r.document_number} 制发日期{r.made_on.isoformat()} {status} {r.note}",
                date=r.published_on or r.made_on,
                route=route("item", r.item_id) if r.item_id else _register_route(node),
                kind=r.kind,
                category_id=node,
                column_tags=tags,
                document_number=r.document_number,
            )
        )
    return docs


_MATTER_COLUMNS = {"licensing": "art20.5", "other_services": "art20.5", "penalty": "art20.6", "coercion": "art20.6"}


def matter_documents(rows) -> list[SearchDocument]:
    """Documents of 行政许可/处罚/强制/收费 事项 (条例第二十条第五、六、八项)."""
    docs = []
    for r, org, node, tags in _register_rows(rows, lambda r: _MATTER_COLUMNS.get(r.kind, "art20.8")):
        docs.append(
            _document(
                source=Source.MATTER,
                object_id=r.pk,
                org=org,
                title=r.name,
                text=f"{r.get_kind_display()}\n{r.basis}\n{r.standard}",
                date=r.listed_on,
                route=_register_route(node),
                kind=r.kind,
                category_id=node,
                column_tags=tags,
            )
        )
    return docs


def procurement_documents(rows) -> list[SearchDocument]:
    """Documents of 政府集中采购 projects (条例第二十条第九项)."""
    docs = []
    for r, org, node, tags in _register_rows(rows, lambda r: "art20.9"):
        docs.append(
            _document(
                source=Source.PROCUREMENT,
                object_id=r.pk,
                org=org,
                title=r.name,
                text=f"政府集中采购 {r.project_number} 采购日期{r.procured_on.isoformat()} 金额{r.amount}元 "
                f"供应商{r.supplier} {r.note}",
                date=r.procured_on,
                route=_register_route(node),
                kind="procurement",
                category_id=node,
                column_tags=tags,
                document_number=r.project_number,
            )
        )
    return docs


def report_documents(rows) -> list[SearchDocument]:
    """Documents of published annual reports (their written sections: 总体情况, 问题和改进, 其他)."""
    rows = list(rows)
    orgs, now = _orgs(r.organization_id for r in rows), timezone.now()
    docs = []
    for r in rows:
        org = orgs.get(r.organization_id)
        if org is None:
            continue
        try:
            sections = r.report.sections
            text = "\n".join(str(v) for v in sections.values() if isinstance(v, str) and v)
        except Exception:  # a report row the core cannot read is still findable by its title
            text = ""
        published = timezone.localdate(r.published_at) if r.published_at else dt.date(r.year + 1, 1, 31)
        docs.append(
            _document(
                source=Source.REPORT,
                object_id=r.pk,
                org=org,
                title=f"{org.name}{r.year}年政府信息公开工作年度报告",
                text=text,
                date=published,
                route=route("report", r.year),
                kind="report",
                now=now,
            )
        )
    return docs


def catalogue_documents(rows) -> list[SearchDocument]:
    """Documents of active catalogue columns (栏目名称、公开依据、说明)."""
    rows = list(rows)
    orgs = _orgs(r.organization_id for r in rows)
    parents, now = _parents(orgs), timezone.now()
    docs = []
    for r in rows:
        org = orgs.get(r.organization_id)
        if org is None:
            continue
        docs.append(
            _document(
                source=Source.CATALOGUE,
                object_id=r.pk,
                org=org,
                title=r.name,
                text=f"{r.description}\n{r.basis}".strip(),
                date=None,
                route=route("category", r.pk),
                kind="catalogue",
                category_id=r.pk,
                column_tags=_column_tags(r.pk, parents),
                now=now,
            )
        )
    return docs
