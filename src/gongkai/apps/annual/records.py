"""Read the year's records into the annual report (selectors; no writes).

* table 2 from the 第二十条 registers;
* tables 3 and 4 from the application and review/litigation case records (zeros where the
  applications app is not installed);
* 一、总体情况 drafted from the publication records: items per channel and per catalogue category,
  the way township reports write it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec

from django.db.models import Count
from django.utils import timezone

from gongkai.apps.prepared import Statement, shared_cursor
from gongkai.core import Report, format_for_year, get_format
from gongkai.core.report import TableData

__all__ = ["PublicationStats", "build_report", "build_reports", "draft_overview", "publication_stats", "publication_stats_many"]


@dataclass
class PublicationStats:
    """Counts of the items an organization published in a year."""

    per_channel: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, name, count)
    per_category: list[tuple[str, int]] = field(default_factory=list)  # (category, count) of portal items
    portal_name: str | None = None

    @property
    def total(self) -> int:
        """Items summed over channels (an item sent out on two channels counts on both, as reports do)."""
        return sum(count for _, _, count in self.per_channel)


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def publication_stats(organization, year: int) -> PublicationStats:
    """Count the year's distributions per channel, and the portal's items per top catalogue category."""
    return publication_stats_many([organization.pk], year)[organization.pk]


class _PublicationStatements:
    """The three reads of :func:`publication_stats_many`, compiled once (gongkai.apps.prepared)."""

    def __init__(self) -> None:
        from gongkai.apps.publishing.models import Channel, Distribution

        self.channels = Statement(
            Channel,
            lambda ids: Channel.objects.filter(organization_id__in=ids)
            .order_by("kind", "id")
            .values_list("id", "organization_id", "kind", "name"),
        )
        self.per_channel = Statement(
            Distribution,
            lambda channels, start, end: Distribution.objects.filter(
                channel_id__in=channels, published_at__gte=start, published_at__lt=end
            )
            .values("channel_id")
            .annotate(n=Count("id"))
            .order_by(),
        )
        self.per_category = Statement(
            Distribution,
            lambda channels, start, end: Distribution.objects.filter(
                channel_id__in=channels, published_at__gte=start, published_at__lt=end
            )
            .values("channel_id", "item__category_id", "item__category__name", "item__category__sort_order")
            .annotate(n=Count("id"))
            .order_by(),
        )


@cache
def _statements() -> _PublicationStatements:
    return _PublicationStatements()


def publication_stats_many(ids, year: int) -> dict[int, PublicationStats]:
    """:func:`publication_stats` of every organization in *ids*: three queries in all, whatever their number.

    The per-category count reads the portal channels' distributions of the year through
    ``distribution_chan_item_idx`` (channel, published_at, item): an index range per channel, then
    the item's category by primary key.
    """
    ids = list(ids)
    start, end = _year_range(year)
    channels = _statements().channels.tuples(ids=ids)
    channel_ids = [c[0] for c in channels]
    rows = _statements().per_channel.tuples(channels=channel_ids, start=start, end=end)
    counts = dict(rows)
    stats = {org_id: PublicationStats() for org_id in ids}
    portals: dict[int, int] = {}
    for channel_id, org_id, kind, name in channels:
        one = stats[org_id]
        if kind == "portal":
            portals[org_id], one.portal_name = channel_id, name
        if counts.get(channel_id):
            one.per_channel.append((kind, name, counts[channel_id]))
    for one in stats.values():  # portal first, as reports name the website before other platforms
        one.per_channel.sort(key=lambda row: (row[0] != "portal", row[1]))
    if portals:
        org_of = {channel_id: org_id for org_id, channel_id in portals.items()}
        by_category = _statements().per_category.rows(channels=list(org_of), start=start, end=end)
        found: dict[int, list[tuple]] = {}
        for row in by_category:
            found.setdefault(org_of[row["channel_id"]], []).append(
                (row["item__category__sort_order"], row["item__category_id"], row["item__category__name"], row["n"])
            )
        for org_id, categories in found.items():
            # ordered by sort order then id as before; NULLs (no category) last, as the databases sort them
            categories.sort(key=lambda c: (c[0] is None, c[0] or 0, c[1] is None, c[1] or 0))
            stats[org_id].per_category = [(name, n) for _, _, name, n in categories]
    return stats


def _subject(organization) -> str:
    """“我镇”, “我街道”, “我局” … as reports refer to themselves."""
    name = organization.name
    for suffix, word in (("镇人民政府", "镇"), ("乡人民政府", "乡"), ("街道办事处", "街道"), ("人民政府", "府")):
        if name.endswith(suffix):
            return f"我{word}"
    return "我单位"


def draft_overview(organization, year: int, stats: PublicationStats, table3: TableData, table4: TableData) -> str:
    """Draft 一、总体情况 from the data: channels, categories, applications, reviews and suits."""
    me = _subject(organization)
    paragraphs: list[str] = []
    if stats.per_channel:
        channels = "，".join(
            f"通过{'政府网站' if kind == 'portal' else name}发布信息 {count} 条"
            for kind, name, count in stats.per_channel
        )
        text = f"{year} 年{me}在各类公开平台发布信息共 {stats.total} 条，其中{channels}，均属于主动公开政府信息。"
        if stats.per_category:
            portal_count = next(count for kind, _, count in stats.per_channel if kind == "portal")
            categories = "，".join(f"{name} {count} 条" for name, count in stats.per_category)
            text += f"通过政府网站发布的 {portal_count} 条信息具体为：{categories}。"
        paragraphs.append(text)
    else:
        paragraphs.append(f"{year} 年{me}未通过公开平台发布主动公开政府信息。")
    received = table3["new_received"]["total"] or 0
    closed = table3["total_processed"]["total"] or 0
    if received:
        paragraphs.append(f"{year} 年{me}共收到政府信息公开申请 {received} 件，办结 {closed} 件。")
    else:
        paragraphs.append(f"{year} 年{me}未收到政府信息公开申请。")
    reconsideration = table4["reconsideration"]["total"] or 0
    litigation = (table4["litigation_direct"]["total"] or 0) + (
        table4["litigation_after_reconsideration"]["total"] or 0
    )
    if reconsideration or litigation:
        paragraphs.append(f"因政府信息公开工作被申请行政复议 {reconsideration} 件，被提起行政诉讼 {litigation} 件。")
    else:
        paragraphs.append("全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    return "\n\n".join(paragraphs)


def build_report(
    organization,
    year: int,
    format: str | None = None,
    *,
    problems: str | None = None,
    other: str | None = None,
    overview: str | None = None,
) -> Report:
    """Build the annual report of *organization* for *year* from its records.

    The format defaults by year (2019 format up to 2020, 2021 from 2021). Section 五 and 六 are
    written by staff and passed in; 一 is drafted from the data unless *overview* is given.
    """
    sections = {organization.pk: {"problems": problems, "other": other, "overview": overview}}
    return build_reports([organization], year, format, sections=sections)[organization.pk]


def build_reports(organizations, year: int, format: str | None = None, *, sections=None) -> dict[int, Report]:
    """The annual reports of all *organizations* for *year* in one pass: one GROUP BY per table over all of
    them (about fifteen queries whatever their number), each report equal to :func:`build_report`'s.

    *sections* maps an organization id to its staff-written ``problems`` / ``other`` (and optionally
    ``overview``, else drafted from the data).
    """
    organizations = list(organizations)
    ids = [o.pk for o in organizations]
    sections = sections or {}
    version = get_format(format).version if format else format_for_year(year).version
    need_stats = [o.pk for o in organizations if sections.get(o.pk, {}).get("overview") is None]
    with shared_cursor():  # one cursor for the dozen statements
        tables2 = _tables2(ids, year, version)
        tables34 = _tables_3_4(ids, year, version)
        stats = publication_stats_many(need_stats, year) if need_stats else {}
    reports = {}
    for organization in organizations:
        report = Report.blank(version, year, organization.name, fill=0)
        if tables2:
            for row, cells in tables2[organization.pk].items():
                report.table2[row].update(cells)
        if tables34:
            for row, cells in tables34[0][organization.pk].items():
                report.table3[row].update(cells)
            for row, cells in tables34[1][organization.pk].items():
                report.table4[row].update(cells)
        given = sections.get(organization.pk, {})
        overview = given.get("overview")
        if overview is None:
            overview = draft_overview(organization, year, stats[organization.pk], report.table3, report.table4)
        report.sections.update(overview=overview, problems=given.get("problems"), other=given.get("other"))
        reports[organization.pk] = report
    return reports


def _tables2(ids: list[int], year: int, version: str):  # noqa: ANN202
    if find_spec("gongkai.apps.registers") is None:
        return None
    from gongkai.apps.registers.selectors import table2_many

    return table2_many(ids, year, version)


def _tables_3_4(ids: list[int], year: int, version: str):  # noqa: ANN202
    if find_spec("gongkai.apps.applications") is None:
        return None
    from gongkai.apps.applications.selectors import report_table3_many, report_table4_many

    return report_table3_many(ids, year=year, format=version), report_table4_many(ids, year=year)
