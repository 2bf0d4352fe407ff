"""Staff pages of the statistics: the page of charts and tables, and its XLSX, PDF and DOCX files."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.apps.staff.decorators import org_page, staff_context
from gongkai.core.charts import data_uri, svg
from gongkai.core.render.figures import figure_table_html

from .exports import EXPORTS, body_rows, export
from .figures import percent, sections_for, title_for
from .selectors import VIEW, latest_year_with_data, scope_organizations, statistics_for

FIRST_YEAR = 2019
YEAR_INVALID = "年度应为 {first} 年至 {last} 年之间的四位数字，已显示 {shown} 年。"


def _year(request, organizations) -> tuple[int, str]:
    """The year asked for (``?year=``), or else the latest year with data in scope (the last complete year
    when there is none); with a Chinese message when the input was unusable."""
    this_year = timezone.localdate().year
    raw = (request.GET.get("year") or "").strip()
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year:
        return int(raw), ""
    shown = max(FIRST_YEAR, latest_year_with_data(organizations))
    if not raw:
        return shown, ""
    return shown, YEAR_INVALID.format(first=FIRST_YEAR, last=this_year, shown=shown)


def _scope(request, org):
    """The bodies in scope: the body alone (``?scope=self``) or with those below it that the user may see."""
    bodies = scope_organizations(request.user, org)
    if request.GET.get("scope") == "self":
        return [org], len(bodies) > 1, "self"
    return bodies, len(bodies) > 1, "all" if len(bodies) > 1 else "self"


@org_page(VIEW)
def index(request, org):
    """统计: charts with their tables, per body or for the body and those below it, for one year."""
    organizations, can_widen, scope = _scope(request, org)
    year, warning = _year(request, organizations)
    stats = statistics_for(organizations=organizations, year=year)
    sections = [
        {
            "key": section.key,
            "heading": section.heading,
            "indicators": section.indicators,
            "figures": [
                {
                    "key": figure.key,
                    "title": figure.title,
                    "alt": figure.alt,
                    "src": data_uri(svg(figure, title=False)),
                    # safe: the core escapes every label and value
                    "table": "\n".join(figure_table_html(figure, caption=False)),
                }
                for figure in section.figures
            ],
        }
        for section in sections_for(stats)
    ]
    context = staff_context(
        request,
        org,
        "stats",
        title=title_for(stats),
        stats=stats,
        sections=sections,
        year=year,
        years=list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
        scope=scope,
        can_widen=can_widen,
        bodies=[(row, percent(row[4])) for row in body_rows(stats)] if len(organizations) > 1 else [],
        warning=warning,
        exports=list(EXPORTS),
    )
    return render(request, "stats/index.html", context)


@org_page(VIEW)
def download(request, org, to: str):
    """The statistics as XLSX (the tables), PDF or DOCX (charts and tables)."""
    if to not in EXPORTS:
        raise Http404("不支持的格式。")
    organizations, _can_widen, _scope_key = _scope(request, org)
    year, _warning = _year(request, organizations)
    stats = statistics_for(organizations=organizations, year=year)
    response = HttpResponse(export(stats, to), content_type=EXPORTS[to])
    filename = f"{title_for(stats).replace(' ', '')}.{to}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
