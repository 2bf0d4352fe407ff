"""Plain SQL for the portal's hot paths (列表与详情查询).

List pages, item pages and the reads behind a cache miss (organization, catalogue) run on almost every
request. Building the equivalent ORM queries — with their ``EXISTS`` subquery and model ordering — costs
more CPU than running them, so they are written here once as plain, standard SQL (SQLite and PostgreSQL),
with table and column names taken from the models' metadata. Each reader returns the same rows as an ORM
query in :mod:`gongkai.apps.portal.selectors` (a test compares them).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, router

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.models import Organization
from gongkai.apps.publishing.choices import ChannelKind, ItemStatus
from gongkai.apps.publishing.models import Attachment, CatalogueNode, Channel, Distribution, Item

__all__ = ["ItemRows", "ListItem", "attachment_rows", "catalogue_rows", "item_row", "list_sql", "organization_row"]


def _cursor():
    """A cursor on the database the router picks for the portal's reads (the replica when one serves them)."""
    return connections[router.db_for_read(Item) or DEFAULT_DB_ALIAS].cursor()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def organization_row(slug: str) -> Organization | None:
    """The active organization with its parent's name, slug and state and its portal channel, in one query.

    Runs on every cache miss of :func:`~gongkai.apps.portal.selectors.portal_organization`.
    """
    org, channel = Organization._meta, Channel._meta
    sql = (
        f"SELECT o.*, p.{_q('name')} AS parent_name, p.{_q('slug')} AS parent_slug,"
        f" p.{_q('is_active')} AS parent_active,"
        f" (SELECT c.{_q(channel.pk.column)} FROM {_q(channel.db_table)} c"
        f" WHERE c.{_q(channel.get_field('organization').column)} = o.{_q(org.pk.column)}"
        f" AND c.{_q(channel.get_field('kind').column)} = %s) AS portal_channel_id"
        f" FROM {_q(org.db_table)} o LEFT JOIN {_q(org.db_table)} p"
        f" ON p.{_q(org.pk.column)} = o.{_q(org.get_field('parent').column)}"
        f" WHERE o.{_q('slug')} = %s AND o.{_q('is_active')} = %s AND o.{_q('kind')} <> %s"
    )
    # 村（居）民委员会 have no portal column of their own (not 机关 under the 条例): see selectors.village_home
    found = list(Organization.objects.raw(sql, [ChannelKind.PORTAL.value, slug, True, OrganizationKind.VILLAGE.value]))
    return found[0] if found else None


def catalogue_rows(organization_id: int) -> list[tuple]:
    """``(pk, parent_id, name, description, basis, code)`` of an organization's active columns, in display order."""
    meta = CatalogueNode._meta
    columns = ", ".join(
        _q(meta.get_field(name).column) for name in ("id", "parent", "name", "description", "basis", "code")
    )
    sql = (
        f"SELECT {columns} FROM {_q(meta.db_table)} WHERE {_q(meta.get_field('organization').column)} = %s"
        f" AND {_q('is_active')} = %s ORDER BY {_q('sort_order')}, {_q('id')}"
    )
    with _cursor() as cursor:
        cursor.execute(sql, [organization_id, True])
        return cursor.fetchall()


class ListItem(NamedTuple):
    """One row of a list page."""

    pk: int
    title: str
    document_number: str
    published_on: dt.date | None
    validity: str = ""


#: PostgreSQL turns the ``EXISTS`` into a join and, taking an organization's items and its portal channel's
#: distributions for independent, expects one matching row; it then reads all of the organization's items
#: and sorts them. ``OFFSET 0`` keeps the ``EXISTS`` a per-row probe, so the planner walks the
#: ``(organization, status, published_on)`` index newest first and stops after one page. SQLite does so already.
_EXISTS_FENCE = {"postgresql": " OFFSET 0"}


@cache
def list_sql(vendor: str, categories: int) -> tuple[str, str, str]:
    """The SELECT, FROM … WHERE and ORDER BY of :class:`ItemRows` for *categories* columns (0: all)."""
    item, dist = Item._meta, Distribution._meta
    col = {f.name: _q(f.column) for f in item.concrete_fields}
    where = [
        f"i.{col['organization']} = %s",
        f"i.{col['status']} = %s",
        f"EXISTS (SELECT 1 FROM {_q(dist.db_table)} d WHERE d.{_q(dist.get_field('item').column)} = i.{col['id']}"
        f" AND d.{_q(dist.get_field('channel').column)} = %s{_EXISTS_FENCE.get(vendor, '')})",
    ]
    if categories == 1:
        where.append(f"i.{col['category']} = %s")
    elif categories > 1:
        where.append(f"i.{col['category']} IN ({', '.join(['%s'] * categories)})")
    return (
        f"SELECT i.{col['id']}, i.{col['title']}, i.{col['document_number']}, i.{col['published_on']},"
        f" i.{col['validity']}",
        f"FROM {_q(item.db_table)} i WHERE " + " AND ".join(where),
        f"ORDER BY i.{col['published_on']} DESC, i.{col['id']} DESC",
    )


class ItemRows:
    """The visible items of one organization (optionally one column and its subcolumns) as a lazy list.

    The same rows and order as :func:`gongkai.apps.portal.selectors.portal_items`: published, on the
    organization's portal channel (*channel_id*), in *categories* when given, newest first. Slicing runs
    ``LIMIT … OFFSET …``; :meth:`count` a capped ``COUNT``.
    """

    def __init__(self, organization_id: int, channel_id: int | None, categories: tuple[int, ...] = ()) -> None:
        self.empty = channel_id is None
        self._params = [organization_id, ItemStatus.PUBLISHED.value, channel_id, *categories]
        self._select, self._from, self._order = list_sql(connection.vendor, len(categories))

    def __getitem__(self, window: slice) -> list[ListItem]:
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("ItemRows supports [start:stop] only")
        start = window.start or 0
        if self.empty or window.stop is None or window.stop <= start:
            return []
        sql = f"{self._select} {self._from} {self._order} LIMIT %s OFFSET %s"
        with _cursor() as cursor:
            cursor.execute(sql, [*self._params, window.stop - start, start])
            return [
                ListItem(pk, title, docno, _as_date(day), validity)
                for pk, title, docno, day, validity in cursor.fetchall()
            ]

    def count(self, cap: int) -> int:
        """The number of rows, counting no further than *cap*."""
        if self.empty:
            return 0
        sql = f"SELECT COUNT(*) FROM (SELECT 1 AS one {self._from} LIMIT %s) capped"
        with _cursor() as cursor:
            cursor.execute(sql, [*self._params, cap])
            return cursor.fetchone()[0]


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


#: The columns an item page shows or needs (the rest of the row — timestamps, workflow fields — is left unread).
ITEM_PAGE_FIELDS = (
    "id",
    "organization",
    "index_number",
    "title",
    "document_number",
    "publisher",
    "written_on",
    "published_on",
    "category",
    "topic",
    "validity",
    "kind",
    "keywords",
    "validity_changed_on",
    "replaced_by",
    "interprets",
    "summary",
    "body",
    "status",
)


@cache
def item_sql(vendor: str) -> tuple[str, tuple[str, ...]]:
    """The item page's SELECT (one row: the page's columns and whether the item has attachments) and the
    attribute names of its columns."""
    item, dist, att = Item._meta, Distribution._meta, Attachment._meta
    wanted = {item.get_field(name) for name in ITEM_PAGE_FIELDS}
    fields = [f for f in item.concrete_fields if f in wanted]  # model order, as Model.from_db reads them
    pk = _q(item.pk.column)
    sql = (
        f"SELECT {', '.join(f'i.{_q(f.column)}' for f in fields)},"
        f" EXISTS (SELECT 1 FROM {_q(att.db_table)} a WHERE a.{_q(att.get_field('item').column)} = i.{pk})"
        f" FROM {_q(item.db_table)} i WHERE i.{pk} = %s"
        f" AND i.{_q(item.get_field('organization').column)} = %s AND i.{_q(item.get_field('status').column)} = %s"
        f" AND EXISTS (SELECT 1 FROM {_q(dist.db_table)} d WHERE d.{_q(dist.get_field('item').column)} = i.{pk}"
        f" AND d.{_q(dist.get_field('channel').column)} = %s)"
    )
    return sql, tuple(f.attname for f in fields)


def item_row(item_id: int, organization_id: int, channel_id: int | None) -> Item | None:
    """The item *item_id* if it is a published item of the organization on its portal channel, else ``None``.

    Only the page's columns are read (:data:`ITEM_PAGE_FIELDS`; another field loads on first use, as with
    ``only()``); ``has_attachments`` tells whether :func:`attachment_rows` has anything to read.
    """
    if channel_id is None:
        return None
    sql, names = item_sql(connection.vendor)
    with _cursor() as cursor:
        cursor.execute(sql, [item_id, organization_id, ItemStatus.PUBLISHED.value, channel_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [_as_date(v) if name in _DATE_ATTRS else v for name, v in zip(names, row[:-1], strict=True)]
    found = Item.from_db(router.db_for_read(Item) or DEFAULT_DB_ALIAS, names, values)
    found.has_attachments = bool(row[-1])
    return found


_DATE_ATTRS = frozenset(("written_on", "published_on", "validity_changed_on"))


def attachment_rows(item_id: int) -> list[Attachment]:
    """The attachments of an item, in upload order."""
    meta = Attachment._meta
    sql = (
        f"SELECT * FROM {_q(meta.db_table)} WHERE {_q(meta.get_field('item').column)} = %s"
        f" ORDER BY {_q(meta.pk.column)}"
    )
    return list(Attachment.objects.raw(sql, [item_id]))
