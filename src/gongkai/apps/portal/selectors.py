"""Public reads of the portal (门户查询): organizations, catalogue trees and published items.

Everything here is anonymous and read-only. What a visitor may see:

* an organization that is active (``is_active``);
* an item that is 已发布 (``ItemStatus.PUBLISHED``) **and** went out on the organization's portal channel
  (a :class:`~gongkai.apps.publishing.models.Distribution` to its ``portal`` channel) — the same rule as
  :func:`gongkai.apps.publishing.selectors.published_items`. Drafts, items under review and withdrawn items
  are never shown, nor items published only on another channel (e.g. only the WeChat account);
* an annual report that is published (:func:`gongkai.apps.annual.selectors.published_reports`).

The portal keeps its own queries (rather than publishing's ``published_items``) because it must stay fast at
1,000 organizations and 1,000,000 items: the organization, its portal channel id and its catalogue tree are
cached (Django cache, local memory by default), the channel test is one ``EXISTS`` probe of the
``(item, channel)`` unique index, and lists load only the columns they print. Cached values are keyed by a
generation number (:mod:`gongkai.apps.portal.caching`) that :mod:`gongkai.apps.portal.signals` bumps whenever
an organization, catalogue node, item, distribution, channel or annual report is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache as memoize

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.annual.selectors import published_reports
from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import Attachment, CatalogueNode, Distribution, Item

from . import sql
from .caching import cache_get, cache_set, org_generation, site_generation

__all__ = [
    "CatalogueTree",
    "NavNode",
    "OrgEntry",
    "PortalOrg",
    "catalogue_tree",
    "item_attachment",
    "item_attachments",
    "item_count",
    "item_relations",
    "latest_items",
    "organization_list",
    "portal_item",
    "portal_list",
    "portal_items",
    "portal_organization",
    "published_report",
    "report_years",
]

#: Counting stops here: a list never counts more rows than this (``共 10000+ 条``).
COUNT_CAP = 10_000
#: Newest first: 发布日期, then the later-created item (the primary key). A total order, so pages never overlap;
#: and the order of the ``(organization, status, published_on)`` index (SQLite keeps the rowid at the end of
#: every index; PostgreSQL sorts the few rows of a day incrementally), so a page stops after 21 rows.
LIST_ORDER = ("-published_on", "-id")
#: Columns a list row needs (the body is never loaded for lists); rows are named tuples, not model instances.
LIST_FIELDS = ("pk", "title", "document_number", "published_on", "validity")

# ----------------------------------------------------------------------------------------- organizations


@dataclass(frozen=True)
class PortalOrg:
    """An organization as the portal shows it, with its portal channel (``None`` when it has none)."""

    organization: Organization
    portal_channel_id: int | None
    parent_name: str = ""
    parent_slug: str = ""
    #: The organization's portal URLs, reversed once: ``home``, ``guide``, ``rules``, ``request``, ``catalogue``, ``reports``,
    #: ``feed``, ``search``, ``parent`` (``""`` without a parent) and the prefixes ``category`` and ``item``
    #: (append ``<pk>/``).
    urls: dict[str, str] = field(default_factory=dict)

    def category_url(self, pk: int) -> str:
        return f"{self.urls['category']}{pk}/"

    def item_url(self, pk: int) -> str:
        return f"{self.urls['item']}{pk}/"


def village_home(slug: str) -> str | None:
    """Where a village committee's 村务 is published: its township's 村居信息 column (or the township's home).

    ``None`` when *slug* is not an active village under an active body.
    """
    village = (
        Organization.objects.filter(slug=slug, kind=OrganizationKind.VILLAGE, is_active=True, parent__is_active=True)
        .select_related("parent")
        .first()
    )
    if village is None:
        return None
    parent = portal_organization(village.parent.slug)
    if parent is None:
        return None
    column = CatalogueNode.objects.filter(organization=village.parent, code="local.villages", is_active=True).first()
    return parent.category_url(column.pk) if column else parent.urls["home"]


def portal_organization(slug: str) -> PortalOrg | None:
    """The active organization with URL slug *slug* (cached), or ``None``. Unknown slugs are not cached."""
    if not slug or len(slug) > 60:
        return None
    key = f"portal:slug:{site_generation()}:{slug}"
    found = cache_get(key)
    if found is not None:
        return found
    org = sql.organization_row(slug)
    if org is None:
        return None
    parent_slug = org.parent_slug if org.parent_active else ""
    found = PortalOrg(
        organization=org,
        portal_channel_id=org.portal_channel_id,
        parent_name=org.parent_name if org.parent_active else "",
        parent_slug=parent_slug,
        urls=_organization_urls(org.slug, parent_slug),
    )
    cache_set(key, found)
    return found


_SLUG_PLACEHOLDER = "zz-portal-slug-zz"


@memoize
def _url_templates() -> dict[str, str]:
    names = ("organization", "guide", "rules", "request", "catalogue", "reports", "feed", "search")
    return {name: reverse(f"portal:{name}", kwargs={"org_slug": _SLUG_PLACEHOLDER}) for name in names}


def _organization_urls(slug: str, parent_slug: str) -> dict[str, str]:
    urls = {name: url.replace(_SLUG_PLACEHOLDER, slug) for name, url in _url_templates().items()}
    urls["home"] = urls.pop("organization")
    urls["category"] = urls["catalogue"]
    urls["item"] = urls["home"] + "items/"
    parent_home = _url_templates()["organization"].replace(_SLUG_PLACEHOLDER, parent_slug)
    urls["parent"] = parent_home if parent_slug else ""
    return urls


@dataclass(frozen=True)
class OrgEntry:
    """One organization in the site index: name, slug, kind label and depth in the tree."""

    pk: int
    name: str
    slug: str
    kind: str
    depth: int


def organization_list() -> list[OrgEntry]:
    """Every active organization in tree order (by materialized path), cached.

    An organization whose parent is inactive is shown one level up, under the nearest active ancestor.
    """
    key = f"portal:orgs:{site_generation()}"
    found = cache_get(key)
    if found is not None:
        return found
    # 村（居）民委员会 are not 机关 under the 条例: no 指南 or 年报 of their own, their 村务 is under the township.
    rows = list(
        Organization.objects.filter(is_active=True)
        .exclude(kind=OrganizationKind.VILLAGE)
        .values_list("pk", "name", "slug", "kind", "path", "sort_order")
    )
    active = {row[0]: row for row in rows}
    labels = dict(Organization._meta.get_field("kind").choices)

    def ids_of(path: str) -> list[int]:
        return [int(p) for p in path.strip("/").split("/") if p]

    def sort_key(row) -> list[tuple[int, str, int]]:
        # Siblings by 排序 then name, subtrees kept together: compare the (order, name, pk) of each level.
        return [(active[i][5], active[i][1], i) if i in active else (0, "", i) for i in ids_of(row[4])]

    entries = []
    for pk, name, slug, kind, path, _order in sorted(rows, key=sort_key):
        depth = sum(1 for a in ids_of(path)[:-1] if a in active)
        entries.append(OrgEntry(pk=pk, name=name, slug=slug, kind=str(labels.get(kind, "")), depth=depth))
    cache_set(key, entries)
    return entries


# --------------------------------------------------------------------------------------- catalogue tree


@dataclass(frozen=True)
class NavNode:
    """A catalogue column (目录栏目) in the portal's navigation."""

    pk: int
    parent_id: int | None
    name: str
    description: str
    basis: str
    depth: int
    code: str = ""
    ancestors: tuple[int, ...] = ()
    children: tuple[int, ...] = ()
    subtree: tuple[int, ...] = ()


@dataclass(frozen=True)
class CatalogueTree:
    """An organization's active catalogue in depth-first order, with lookups by primary key."""

    nodes: dict[int, NavNode] = field(default_factory=dict)
    order: tuple[int, ...] = ()

    @property
    def roots(self) -> list[NavNode]:
        return [self.nodes[pk] for pk in self.order if self.nodes[pk].parent_id is None]

    def get(self, pk: int) -> NavNode | None:
        return self.nodes.get(pk)

    def path_to(self, pk: int) -> list[NavNode]:
        """The node and its ancestors, root first (for breadcrumbs)."""
        node = self.nodes.get(pk)
        if node is None:
            return []
        return [self.nodes[a] for a in node.ancestors] + [node]

    def find_rules_node(self) -> NavNode | None:
        """The column holding the body's disclosure rules (政府信息公开制度), if the catalogue has one."""
        ordered = [self.nodes[pk] for pk in self.order]
        for test in (lambda n: "公开制度" in n.name, lambda n: n.name.endswith("制度")):
            for node in ordered:
                if test(node):
                    return node
        return None


def catalogue_tree(organization_id: int) -> CatalogueTree:
    """The active catalogue of one organization (cached). Nodes under an inactive node are left out."""
    key = f"portal:tree:{organization_id}:{org_generation(organization_id)}"
    found = cache_get(key)
    if found is not None:
        return found
    rows = sql.catalogue_rows(organization_id)
    children: dict[int | None, list[int]] = {}
    info = {}
    for pk, parent_id, name, description, basis, code in rows:
        children.setdefault(parent_id, []).append(pk)
        info[pk] = (parent_id, name, description, basis, code)
    nodes: dict[int, NavNode] = {}
    order: list[int] = []

    def walk(pk: int, ancestors: tuple[int, ...]) -> tuple[int, ...]:
        order.append(pk)
        subtree = [pk]
        for child in children.get(pk, []):
            subtree.extend(walk(child, (*ancestors, pk)))
        parent_id, name, description, basis, code = info[pk]
        nodes[pk] = NavNode(
            pk=pk,
            parent_id=parent_id,
            name=name,
            description=description,
            basis=basis,
            depth=len(ancestors),
            code=code,
            ancestors=ancestors,
            children=tuple(children.get(pk, [])),
            subtree=tuple(subtree),
        )
        return tuple(subtree)

    for root in children.get(None, []):
        walk(root, ())
    tree = CatalogueTree(nodes=nodes, order=tuple(order))
    cache_set(key, tree)
    return tree


# ------------------------------------------------------------------------------------------------ items


def _visible(org: PortalOrg) -> QuerySet[Item]:
    if org.portal_channel_id is None:
        return Item.objects.none()
    on_portal = Distribution.objects.filter(item_id=OuterRef("pk"), channel_id=org.portal_channel_id)
    return Item.objects.filter(organization_id=org.organization.pk, status=ItemStatus.PUBLISHED).filter(
        Exists(on_portal)
    )


def portal_items(org: PortalOrg, node: NavNode | None = None) -> QuerySet:
    """Visible items of *org*, newest first in a stable order, optionally of one column and its subcolumns.

    Ordered by :data:`LIST_ORDER`: every item has one place, so pages never repeat or skip an item. Rows are
    named tuples of :data:`LIST_FIELDS` (``pk``, ``title``, ``document_number``, ``published_on``, ``validity``).
    """
    qs = _visible(org)
    if node is not None:
        if len(node.subtree) == 1:
            qs = qs.filter(category_id=node.pk)
        else:
            qs = qs.filter(category_id__in=node.subtree)
    return qs.order_by(*LIST_ORDER).values_list(*LIST_FIELDS, named=True)


def portal_list(org: PortalOrg, node: NavNode | None = None) -> sql.ItemRows:
    """The rows of a list page, read with plain SQL (:class:`~gongkai.apps.portal.sql.ItemRows`): slice it.

    The same rows and order as :func:`portal_items`; :func:`item_count` counts them.
    """
    return sql.ItemRows(org.organization.pk, org.portal_channel_id, node.subtree if node is not None else ())


def item_count(org: PortalOrg, node: NavNode | None = None) -> int:
    """How many items a list of *org* (or of one column) holds, counted up to ``COUNT_CAP + 1`` (cached).

    A result above :data:`COUNT_CAP` means “more than COUNT_CAP”.
    """
    org_id = org.organization.pk
    key = f"portal:count:{org_id}:{org_generation(org_id)}:{node.pk if node else 'all'}"
    found = cache_get(key)
    if found is not None:
        return found
    count = portal_list(org, node).count(COUNT_CAP + 1)
    cache_set(key, count)
    return count


def portal_item(org: PortalOrg, item_id: int) -> Item | None:
    """One visible item of *org*, or ``None`` (draft, under review, withdrawn, another body's, not on the portal)."""
    return sql.item_row(item_id, org.organization.pk, org.portal_channel_id)


@dataclass(frozen=True)
class ItemRelations:
    """A 政策文件's 解读 and the document that replaced it, or a 解读's 政策文件 — those visible on the portal."""

    interpretations: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    interprets: tuple[str, str] | None = None
    replaced_by: tuple[str, str] | None = None


def item_relations(org: PortalOrg, item: Item) -> ItemRelations | None:
    """The visible related items of *item* (no query for an ordinary item)."""
    if not item.kind and item.replaced_by_id is None and item.interprets_id is None:
        return None
    visible = _visible(org)

    def one(pk: int | None) -> tuple[str, str] | None:
        if pk is None:
            return None
        title = visible.filter(pk=pk).values_list("title", flat=True).first()
        return (title, org.item_url(pk)) if title is not None else None

    interpretations = []
    if item.kind == "policy":
        interpretations = [
            (title, org.item_url(pk))
            for pk, title in visible.filter(interprets_id=item.pk).order_by(*LIST_ORDER).values_list("pk", "title")
        ]
    return ItemRelations(interpretations, one(item.interprets_id), one(item.replaced_by_id))


def item_attachments(item: Item) -> list[Attachment]:
    """The attachments (附件) of a visible item, in upload order (no query when its row says it has none)."""
    if not getattr(item, "has_attachments", True):
        return []
    return sql.attachment_rows(item.pk)


def item_attachment(org: PortalOrg, item_id: int, attachment_id: int) -> Attachment | None:
    """One attachment of a visible item of *org*, or ``None``."""
    visible = _visible(org).filter(pk=item_id)
    return Attachment.objects.filter(pk=attachment_id, item__in=visible).first()


def latest_items(org: PortalOrg, limit: int = 20) -> list[Item]:
    """The newest visible items of *org* (for the home page and the Atom feed)."""
    return list(
        _visible(org)
        .order_by(*LIST_ORDER)
        .only(
            "id",
            "organization_id",
            "title",
            "document_number",
            "index_number",
            "published_on",
            "published_at",
            "summary",
            "validity",
            "updated_at",
        )[:limit]
    )


# --------------------------------------------------------------------------------------- annual reports


def report_years(org: PortalOrg) -> list[AnnualReport]:
    """Published annual reports of *org*, newest year first (no report JSON loaded)."""
    return list(
        published_reports(organization=org.organization).only("id", "year", "format", "published_at", "organization")
    )


def published_report(org: PortalOrg, year: int) -> AnnualReport | None:
    """The published annual report of *org* for *year*, or ``None``."""
    return published_reports(organization=org.organization).filter(year=year).first()
