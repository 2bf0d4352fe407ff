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
from importlib.util import find_spec

from django.db.models import Count
from django.utils import timezone

from gongkai.core import Report, format_for_year, get_format
from gongkai.core.report import TableData

__all__ = ["PublicationStats", "build_report", "draft_overview", "publication_stats"]


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
    from gongkai.apps.publishing.models import Channel, Distribution

    start, end = _year_range(year)
    rows = (
        Distribution.objects.filter(channel__organization=organization, published_at__gte=start, published_at__lt=end)
        .values("channel_id")
        .annotate(n=Count("id"))
    )
    counts = {row["channel_id"]: row["n"] for row in rows}
    stats = PublicationStats()
    portal_id = None
    for channel in Channel.objects.filter(organization=organization).order_by("kind", "id"):
        if channel.kind == "portal":
            portal_id, stats.portal_name = channel.pk, channel.name
        if counts.get(channel.pk):
            stats.per_channel.append((channel.kind, channel.name, counts[channel.pk]))
    # portal first, as reports name the website before other platforms
    stats.per_channel.sort(key=lambda row: (row[0] != "portal", row[1]))
    if portal_id is not None:
        by_category = (
            Distribution.objects.filter(channel_id=portal_id, published_at__gte=start, published_at__lt=end)
            .values("item__category_id", "item__category__name", "item__category__sort_order")
            .annotate(n=Count("id"))
            .order_by("item__category__sort_order", "item__category_id")
        )
        stats.per_category = [(row["item__category__name"], row["n"]) for row in by_category]
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


def _table2(organization, year: int, version: str) -> TableData | None:
    if find_spec("gongkai.apps.registers") is None:
        return None
    from gongkai.apps.registers.selectors import table2_for

    return table2_for(organization, year, version)


def _tables_3_4(organization, year: int, version: str) -> tuple[TableData, TableData] | None:
    if find_spec("gongkai.apps.applications") is None:
        return None
    from gongkai.apps.applications.selectors import report_table3, report_table4

    return (
        report_table3(organization=organization, year=year, format=version),
        report_table4(organization=organization, year=year),
    )


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
    version = get_format(format).version if format else format_for_year(year).version
    report = Report.blank(version, year, organization.name, fill=0)
    table2 = _table2(organization, year, version)
    if table2:
        for row, cells in table2.items():
            report.table2[row].update(cells)
    tables = _tables_3_4(organization, year, version)
    if tables:
        for row, cells in tables[0].items():
            report.table3[row].update(cells)
        for row, cells in tables[1].items():
            report.table4[row].update(cells)
    if overview is None:
        overview = draft_overview(
            organization, year, publication_stats(organization, year), report.table3, report.table4
        )
    report.sections.update(overview=overview, problems=problems, other=other)
    return report
