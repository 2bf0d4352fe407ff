"""PDF output: the HTML page printed by WeasyPrint, CJK fonts embedded, text extractable.

Fonts are looked up by family name through fontconfig (no network): the official Chinese
fonts when the machine has them, else Noto Serif/Sans CJK SC (Debian ``fonts-noto-cjk``).
WeasyPrint embeds the subset of every font used, with a ToUnicode map, so the text can be
copied and extracted (pdfplumber, pdftotext).
"""

from __future__ import annotations

from gongkai.core.render.html import render_text
from gongkai.core.render.layout import report_title
from gongkai.core.report import Report

__all__ = ["render"]


def render(report: Report, *, figures: bool = True) -> bytes:
    """The report as PDF bytes, with the 图解 (charts of the year's figures) on its last pages."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = HTML(string=render_text(report, figures=figures)).render(font_config=font_config)
    document.metadata.title = report_title(report)
    if report.organization:
        document.metadata.authors = [report.organization]
    data = document.write_pdf()
    assert data is not None
    return data
