"""The 第二十条 registers as the public sees them on the portal (法定主动公开内容的登记表).

Each statutory sub-column that a register feeds shows that register: 规章和规范性文件 (（一）), 行政许可 and
其他对外管理服务事项 with their yearly decisions (（五）), 行政处罚 and 行政强制 (（六）), 行政事业性收费
(（八）) and 政府集中采购 projects (（九）). Only what the 条例 asks to publish is shown: names, numbers, dates,
bases, standards, amounts and yearly counts; never the decisions' own summaries, which may name persons.
The providers are registered with the portal by :class:`~gongkai.apps.registers.apps.RegistersConfig`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Max, Q, Sum

from gongkai.apps.portal.columns import Cell, ColumnContent, ColumnTable

from .choices import DecisionKind, DocumentKind, MatterKind
from .models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter
from .selectors import to_wanyuan

__all__ = ["PROVIDERS", "decisions_content", "documents_content", "fees_content", "procurement_content"]

#: How many past years of yearly counts a column shows.
YEARS_SHOWN = 5

ItemUrl = Callable[[int], str]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _latest(*dates: dt.date | dt.datetime | None) -> dt.date | None:
    found = [d.date() if isinstance(d, dt.datetime) else d for d in dates if d is not None]
    return max(found) if found else None


def _money(value: Decimal | None) -> str:
    return f"{to_wanyuan(value)}"


def documents_content(*, organization, item_url: ItemUrl) -> ColumnContent:
    """（一）规章和规范性文件: every published document, with its 有效性, newest first."""
    documents = list(
        RegulatoryDocument.objects.filter(organization=organization, published_on__isnull=False)
        .select_related("item")
        .order_by("-made_on", "-id")
    )
    today = dt.date.today()
    tables = []
    for kind in (DocumentKind.NORMATIVE, DocumentKind.REGULATION):
        rows = []
        in_force = 0
        for doc in (d for d in documents if d.kind == kind):
            repealed = doc.repealed_on is not None and doc.repealed_on <= today
            in_force += not repealed
            url = item_url(doc.item_id) if doc.item_id and doc.item.status == "published" else ""
            rows.append(
                (
                    Cell(doc.title, url),
                    Cell(doc.document_number or "—"),
                    Cell(_date(doc.made_on), date=True),
                    Cell(_date(doc.published_on), date=True),
                    Cell(f"已废止（{doc.repealed_on.isoformat()}）" if repealed else "现行有效"),
                )
            )
        footer = (Cell(f"现行有效 {in_force} 件，共 {len(rows)} 件"),) if rows else ()
        tables.append(
            ColumnTable(
                caption=kind.label,
                headers=("名称", "文号", "制发日期", "公开日期", "有效性"),
                rows=rows,
                footer=footer,
                empty=f"暂无已公开的{kind.label}。",
            )
        )
    updated = RegulatoryDocument.objects.filter(organization=organization).aggregate(
        c=Max("created_at"), p=Max("published_on"), r=Max("repealed_on")
    )
    return ColumnContent(
        tables=tables,
        updated_on=_latest(updated["c"], updated["p"], updated["r"]),
    )


def _matter_table(organization, kind: str, *, with_standard: bool = False) -> ColumnTable:
    today = dt.date.today()
    matters = ServiceMatter.objects.filter(organization=organization, kind=kind, listed_on__lte=today).filter(
        Q(delisted_on__isnull=True) | Q(delisted_on__gt=today)
    )
    headers = ("事项名称", "依据", "收费标准", "列入日期") if with_standard else ("事项名称", "依据", "列入日期")
    rows = []
    for matter in matters.order_by("name", "id"):
        cells = [Cell(matter.name), Cell(matter.basis or "—")]
        if with_standard:
            cells.append(Cell(matter.standard or "—"))
        cells.append(Cell(_date(matter.listed_on), date=True))
        rows.append(tuple(cells))
    label = MatterKind(kind).label
    return ColumnTable(
        caption=f"{label}事项（现行 {len(rows)} 项）",
        headers=headers,
        rows=rows,
        empty=f"暂无{label}事项。",
    )


def _matters_updated(organization, kinds: tuple[str, ...]) -> dt.date | None:
    found = ServiceMatter.objects.filter(organization=organization, kind__in=kinds).aggregate(
        c=Max("created_at"), listed=Max("listed_on"), delisted=Max("delisted_on")
    )
    decided = Decision.objects.filter(organization=organization, kind__in=kinds).aggregate(
        c=Max("created_at"), d=Max("decided_on")
    )
    return _latest(found["c"], found["listed"], found["delisted"], decided["c"], decided["d"])


def decisions_content(kinds: tuple[str, ...]) -> Callable[..., ColumnContent]:
    """（五）/（六）: the listed matters of *kinds*, and the decisions made per year (处理决定数量)."""

    def provider(*, organization, item_url: ItemUrl) -> ColumnContent:
        tables = [_matter_table(organization, kind) for kind in kinds]
        this_year = dt.date.today().year
        years = list(range(this_year, this_year - YEARS_SHOWN, -1))
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for row in (
            Decision.objects.filter(organization=organization, kind__in=kinds, decided_on__year__in=years)
            .values("decided_on__year", "kind")
            .annotate(n=Sum("quantity"))
        ):
            counts[(row["decided_on__year"], row["kind"])] = row["n"] or 0
        rows = [
            (Cell(f"{year} 年"), *(Cell(str(counts[(year, kind)]), numeric=True) for kind in kinds))
            for year in years
            if any(counts[(year, kind)] for kind in kinds)
        ]
        tables.append(
            ColumnTable(
                caption="处理决定数量（按年度）",
                headers=("年度", *(DecisionKind(kind).label for kind in kinds)),
                rows=rows,
                empty=f"近 {YEARS_SHOWN} 年暂无处理决定。",
            )
        )
        return ColumnContent(tables=tables, updated_on=_matters_updated(organization, kinds))

    return provider


def fees_content(*, organization, item_url: ItemUrl) -> ColumnContent:
    """（八）行政事业性收费: the fee items with their basis and standard, and the amounts collected per year."""
    tables = [_matter_table(organization, MatterKind.FEES, with_standard=True)]
    this_year = dt.date.today().year
    totals = {
        row["received_on__year"]: row["total"]
        for row in FeeIncome.objects.filter(organization=organization, received_on__year__gt=this_year - YEARS_SHOWN)
        .values("received_on__year")
        .annotate(total=Sum("amount"))
    }
    rows = [
        (Cell(f"{year} 年"), Cell(_money(totals[year]), numeric=True))
        for year in sorted(totals, reverse=True)
        if totals[year]
    ]
    tables.append(
        ColumnTable(
            caption="收费金额（按年度）", headers=("年度", "金额（万元）"), rows=rows, empty="暂无收费金额登记。"
        )
    )
    income = FeeIncome.objects.filter(organization=organization).aggregate(c=Max("created_at"), r=Max("received_on"))
    return ColumnContent(
        tables=tables,
        updated_on=_latest(_matters_updated(organization, (MatterKind.FEES,)), income["c"], income["r"]),
    )


def procurement_content(*, organization, item_url: ItemUrl) -> ColumnContent:
    """（九）政府集中采购: the projects of each year with the year's count and total (万元), newest year first."""
    projects = list(ProcurementProject.objects.filter(organization=organization).order_by("-procured_on", "-id"))
    by_year: dict[int, list[ProcurementProject]] = defaultdict(list)
    for project in projects:
        by_year[project.procured_on.year].append(project)
    tables = []
    for year in sorted(by_year, reverse=True):
        rows = [
            (
                Cell(p.name),
                Cell(p.project_number or "—"),
                Cell(_date(p.procured_on), date=True),
                Cell(_money(p.amount), numeric=True),
            )
            for p in by_year[year]
        ]
        total = sum((p.amount for p in by_year[year]), Decimal(0))
        tables.append(
            ColumnTable(
                caption=f"{year} 年政府集中采购项目",
                headers=("项目名称", "项目编号", "采购日期", "采购金额（万元）"),
                rows=rows,
                footer=(Cell(f"合计 {len(rows)} 个项目"), Cell(""), Cell(""), Cell(_money(total), numeric=True)),
            )
        )
    if not tables:
        tables.append(
            ColumnTable(
                caption="政府集中采购项目",
                headers=("项目名称", "项目编号", "采购日期", "采购金额（万元）"),
                empty="暂无政府集中采购项目登记。",
            )
        )
    latest = ProcurementProject.objects.filter(organization=organization).aggregate(
        c=Max("created_at"), p=Max("procured_on")
    )
    return ColumnContent(
        tables=tables,
        updated_on=_latest(latest["c"], latest["p"]),
    )


#: Column code (as seeded by the catalogue: ``art20.N`` = 条例第二十条第 N 项) → provider.
PROVIDERS: dict[str, Callable[..., ColumnContent]] = {
    "art20.1": documents_content,
    "art20.5": decisions_content((MatterKind.LICENSING, MatterKind.OTHER_SERVICES)),
    "art20.6": decisions_content((MatterKind.PENALTY, MatterKind.COERCION)),
    "art20.8": fees_content,
    "art20.9": procurement_content,
}
