"""The 自查 report (政务公开自查报告) of one body on one day, as XLSX (openpyxl) and PDF (WeasyPrint).

The same facts as the watch page: the 单项否决 risk, overdue and due-soon lines with owners, stale and blank
columns, each column's last update, and the source of the thresholds.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from .watch import WatchReport

__all__ = ["ReportUnavailable", "to_pdf", "to_xlsx"]


class ReportUnavailable(Exception):
    """The PDF renderer (WeasyPrint) is not installed on this machine."""


def title(report: WatchReport) -> str:
    return f"{report.organization.name}政务公开自查报告（{report.today:%Y年%m月%d日}）"


def to_xlsx(report: WatchReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "自查结论"
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([title(report)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"检查依据：{report.thresholds.source}"])
    ws.append([])
    ws.append(["单项否决风险"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for sentence in report.risk_statements:
        ws.append([sentence])
    ws.append([])
    ws.append(["状态", "类别", "事项或栏目", "情况", "期限", "责任人"])
    for c in range(1, 7):
        ws.cell(ws.max_row, c).font = Font(bold=True)
    what = {"entry": "标准目录事项", "item": "公开信息", "column": "栏目", "home": "首页"}
    for line in report.lines:
        ws.append(
            [line.state_label, what[line.what], line.title, line.detail, line.due.isoformat() if line.due else "",
             line.owner_text]
        )
        for c in range(1, 7):
            ws.cell(ws.max_row, c).alignment = wrap
    for col, width in zip("ABCDEF", (12, 12, 36, 56, 12, 24), strict=True):
        ws.column_dimensions[col].width = width
    cols = wb.create_sheet("栏目更新情况")
    cols.append(["栏目", "类别", "信息条数", "最近更新", "超期未更新", "空白", "责任人"])
    for c in range(1, 8):
        cols.cell(1, c).font = Font(bold=True)
    for c in report.columns:
        cols.append(
            [c.path, c.cls.label if c.cls else "", c.items, c.last_update.isoformat() if c.last_update else "",
             "是" if c.stale else "", "是" if c.blank else "", c.owner_text]
        )
    for col, width in zip("ABCDEFG", (40, 12, 10, 12, 10, 8, 24), strict=True):
        cols.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_html(report: WatchReport) -> str:
    return render_to_string("catalogue/selfcheck.html", {"report": report, "title": title(report)})


def to_pdf(report: WatchReport) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError):
        raise ReportUnavailable("本机未安装 PDF 生成组件（WeasyPrint），请下载 XLSX 版自查报告。") from None
    document = HTML(string=to_html(report)).render(font_config=FontConfiguration())
    document.metadata.title = title(report)
    data = document.write_pdf()
    assert data is not None
    return data
