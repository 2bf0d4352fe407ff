"""The statistics as titled sections of charts and tables (the same for the page, XLSX, PDF and DOCX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.core.charts import ChartTable, Figure

from .selectors import REMEDY_RESULTS, Statistics

__all__ = ["Indicator", "Section", "percent", "sections_for", "title_for"]

MONTHS = tuple(f"{m}月" for m in range(1, 13))


@dataclass(frozen=True)
class Indicator:
    """One headline figure (no chart): label, value as printed, and the raw value for XLSX."""

    label: str
    text: str
    value: int | float | Decimal | None
    note: str = ""


@dataclass
class Section:
    key: str
    heading: str
    figures: list[Figure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def percent(share: float | None) -> str:
    """0.857 → ``85.7%``; no share → ``—``."""
    return "—" if share is None else f"{share * 100:.1f}%"


def _days(value) -> str:
    return "—" if value is None else f"{value} 个工作日"


def title_for(stats: Statistics) -> str:
    """“某镇人民政府 2025 年政府信息公开统计” (or “某县人民政府及下级机关 …” for a county)."""
    first = stats.organizations[0]
    who = first.name if len(stats.organizations) == 1 else f"{first.name}及下级机关（{len(stats.organizations)} 个）"
    return f"{who} {stats.year} 年政府信息公开统计"


def sections_for(stats: Statistics) -> list[Section]:
    """Every section of the statistics page, in reading order."""
    sections = [_publishing(stats), _applications(stats), _timeliness(stats), _remedies(stats), _registers(stats)]
    if len(stats.organizations) > 1:
        sections.append(_bodies(stats))
    return sections


def _count_table(rows, column: str, row_header: str, total: bool = True, unit: str = "件") -> ChartTable:
    return ChartTable(
        (column,), tuple((label, (n,)) for label, n in rows), row_header=row_header, unit=unit, total=total
    )


def _publishing(stats: Statistics) -> Section:
    monthly = stats.monthly_items or {"发布信息": [0] * 12}
    columns = tuple(monthly)
    section = Section("publishing", "主动公开")
    section.indicators = [Indicator("全年发布信息（各渠道合计）", f"{stats.items_total} 条", stats.items_total)]
    section.figures = [
        Figure(
            "items_monthly",
            "每月发布信息数（按渠道）",
            ChartTable(
                columns,
                tuple((month, tuple(monthly[c][i] for c in columns)) for i, month in enumerate(MONTHS)),
                row_header="月份",
                unit="条",
                total=True,
            ),
            "stacked",
        ),
        Figure(
            "items_channels",
            "各渠道发布信息数",
            _count_table(stats.per_channel or [("发布信息", 0)], "条数", "渠道", unit="条"),
            "bar",
        ),
        Figure(
            "items_categories",
            "政府网站发布信息数（按目录类别）",
            _count_table(stats.per_category or [("（无）", 0)], "条数", "目录类别", unit="条"),
            "hbar",
        ),
    ]
    return section


def _applications(stats: Statistics) -> Section:
    section = Section("applications", "依申请公开")
    section.indicators = [
        Indicator("本年收到申请", f"{stats.received} 件", stats.received),
        Indicator("本年办结申请", f"{stats.closed} 件", stats.closed),
    ]
    section.figures = [
        Figure(
            "applications_monthly",
            "每月收到申请数",
            ChartTable(
                ("收到申请",),
                tuple((month, (n,)) for month, n in zip(MONTHS, stats.monthly_applications, strict=True)),
                row_header="月份",
                total=True,
            ),
            "bar",
        ),
        Figure("applications_channels", "收到申请的渠道", _count_table(stats.app_channels, "件数", "申请渠道"), "bar"),
        Figure("applicant_types", "申请人类型", _count_table(stats.applicant_types, "件数", "申请人类型"), "bar"),
        Figure("outcomes", "本年办结申请的办理结果", _count_table(stats.outcomes, "件数", "办理结果"), "hbar"),
    ]
    return section


def _timeliness(stats: Statistics) -> Section:
    t = stats.timeliness
    section = Section("timeliness", "答复时间")
    section.indicators = [
        Indicator("本年作出答复", f"{t.answered} 件", t.answered, "不含逾期不补正、逾期未缴费而终止的申请"),
        Indicator("答复用时中位数", _days(t.median), t.median),
        Indicator("答复用时第 90 百分位", _days(t.p90), t.p90),
        Indicator("平均答复用时", "—" if t.mean is None else f"{t.mean:.1f} 个工作日", t.mean),
        Indicator("在答复期限内答复", f"{t.on_time} 件（{percent(t.on_time_share)}）", t.on_time_share),
        Indicator("逾期率（超过答复期限答复）", f"{t.late} 件（{percent(t.late_share)}）", t.late_share),
        Indicator("目前逾期未办结", f"{stats.overdue_open} 件", stats.overdue_open, "截至今日已超过答复期限、仍在办理"),
    ]
    section.figures = [
        Figure("days", "答复用时分布（工作日）", _count_table(t.histogram, "件数", "答复用时"), "bar"),
        Figure(
            "on_time",
            "按期答复与逾期答复",
            _count_table([("按期答复", t.on_time), ("逾期答复", t.late)], "件数", "答复"),
            "pie",
        ),
    ]
    return section


def _remedies(stats: Statistics) -> Section:
    labels = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
    section = Section("remedies", "行政复议、行政诉讼")
    section.figures = [
        Figure(
            "remedies",
            "行政复议、行政诉讼案件（按结果）",
            ChartTable(
                tuple(labels[r.value] for r in REMEDY_RESULTS), tuple(stats.remedies), row_header="类别", total=True
            ),
            "stacked",
        )
    ]
    return section


def _registers(stats: Statistics) -> Section:
    section = Section("registers", "第二十条登记")
    projects, amount = stats.procurement
    section.indicators = [
        Indicator("政府集中采购项目", f"{projects} 个，{amount} 万元", projects),
        Indicator("政府集中采购金额（万元）", f"{amount}", amount),
        Indicator("行政事业性收费金额（万元）", f"{stats.fees}", stats.fees),
    ]
    section.figures = [
        Figure(
            "documents",
            "规章和规范性文件",
            ChartTable(("本年制发", "本年公开", "本年废止"), tuple(stats.documents), row_header="类别"),
            "bar",
        ),
        Figure("decisions", "处理决定数量", _count_table(stats.decisions, "处理决定", "类别"), "bar"),
    ]
    return section


def _bodies(stats: Statistics) -> Section:
    section = Section("bodies", "各机关")
    rows = stats.bodies
    section.figures = [
        Figure(
            "bodies_items",
            "各机关发布信息数",
            _count_table([(b.organization.name, b.items) for b in rows], "条数", "机关", unit="条"),
            "hbar",
        ),
        Figure(
            "bodies_applications",
            "各机关收到和办结申请数",
            ChartTable(
                ("收到申请", "办结申请", "逾期答复", "目前逾期未办结"),
                tuple((b.organization.name, (b.received, b.closed, b.late, b.overdue_open)) for b in rows),
                row_header="机关",
                total=True,
            ),
            "hbar",
        ),
        Figure(
            "bodies_remedies",
            "各机关行政复议、行政诉讼案件",
            ChartTable(
                ("行政复议", "行政诉讼"),
                tuple((b.organization.name, (b.reconsideration, b.litigation)) for b in rows),
                row_header="机关",
                total=True,
            ),
            "hbar",
        ),
    ]
    return section
