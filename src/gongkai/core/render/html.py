"""HTML output: a standalone, printable page (inline CSS, no external asset).

The tables carry the template's real ``rowspan``/``colspan`` from
:mod:`gongkai.core.render.layout`, a ``caption``, ``th`` with ``scope`` for every label and a
``data-cell`` attribute naming the report cell (``table3.new_received.total``) on every figure.
The same page, printed by WeasyPrint, is the PDF output.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from gongkai.core.render.layout import Grid, GridCell, SectionView, document, title_parts
from gongkai.core.report import Report

__all__ = ["column_class", "column_css", "render", "render_text", "stylesheet", "table_html"]

_CSS = Path(__file__).with_name("report.css")


@cache
def stylesheet() -> str:
    """The page's CSS (A4 print styles after GB/T 9704)."""
    return _CSS.read_text(encoding="utf-8")


def render(report: Report, *, figures: bool = False) -> bytes:
    """The report as a UTF-8 HTML page (with the 图解 after the six sections when *figures* is set)."""
    return render_text(report, figures=figures).encode("utf-8")


def render_text(report: Report, *, figures: bool = False) -> str:
    """The report as an HTML document string; *figures* appends the 图解 (:mod:`.figures`)."""
    title, sections = document(report)
    fmt = report.fmt
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="gongkai">',
        f'<meta name="description" content="{_attr(f"{fmt.title}（{fmt.document}）")}">',
    ]
    if report.organization:
        head.append(f'<meta name="author" content="{_attr(report.organization)}">')
    head += [
        f"<title>{_text(title)}</title>",
        "<style>",
        stylesheet().rstrip("\n"),
        column_css().rstrip("\n"),
        *([_figures_css()] if figures else []),
        "</style>",
        "</head>",
        "<body>",
        f'<main class="report" data-format="{_attr(fmt.version)}">',
        "<h1>" + "".join(f'<span class="title-part">{_text(part)}</span>' for part in title_parts(report)) + "</h1>",
    ]
    body = [line for section in sections for line in _section(section)]
    if figures:
        from gongkai.core.render.figures import figures_html

        body += figures_html(report)
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"


def _percent(share: float) -> str:
    return f"{share * 100:.2f}"


def column_class(share: float) -> str:
    """The class of a ``<col>`` taking *share* (0–1) of its table's width, e.g. ``colw-11-22`` for 11.22 %.

    A class, not a ``style`` attribute: pages under a strict Content-Security-Policy (``style-src-attr``
    refused) show the widths from a stylesheet; :func:`column_css` lists every width the layouts use."""
    return "colw-" + _percent(share).replace(".", "-")


@cache
def column_css() -> str:
    """CSS rules for every column width of every table of every report format (see :func:`column_class`).

    The widths depend on the format only, never on the figures, so the list is complete; the portal's
    stylesheet carries the same rules (a test keeps them equal)."""
    from gongkai.core.formats import FORMATS
    from gongkai.core.render.layout import table_layout_widths

    shares = {_percent(share): share for fmt in FORMATS.values() for share in table_layout_widths(fmt)}
    rules = [f"col.{column_class(shares[p])} {{ width: {p}%; }}" for p in sorted(shares, key=float)]
    return "/* report table column widths (gongkai.core.render.html.column_css) */\n" + "\n".join(rules) + "\n"


def _figures_css() -> str:
    from gongkai.core.render.figures import FIGURES_CSS

    return FIGURES_CSS.strip("\n")


def _section(section: SectionView) -> list[str]:
    anchor = f"section-{section.number}"
    out = [f'<section aria-labelledby="{anchor}">', f'<h2 id="{anchor}">{_text(section.heading)}</h2>']
    out += [f"<p>{_text(paragraph)}</p>" for paragraph in section.paragraphs]
    if section.grid is not None:
        out += table_html(section.grid)
    out.append("</section>")
    return out


def table_html(grid: Grid) -> list[str]:
    """The lines of the ``<table>`` element for *grid*."""
    total = sum(grid.widths)
    out = [
        '<div class="table-wrap">',
        f'<table class="{grid.key}" id="{grid.key}">',
        f'<caption class="visually-hidden">{_text(grid.title)}</caption>',
        "<colgroup>",
        *(f'<col class="{column_class(w / total)}">' for w in grid.widths),
        "</colgroup>",
    ]
    part = None
    for row in grid.rows:
        wanted = ("thead", 0) if row.head else ("tbody", row.group)
        if wanted != part:
            if part is not None:
                out.append(f"</{part[0]}>")
            out.append(f"<{wanted[0]}>")
            part = wanted
        out.append("<tr>" + "".join(_cell(cell) for cell in row.cells) + "</tr>")
    if part is not None:
        out.append(f"</{part[0]}>")
    out += ["</table>", "</div>"]
    return out


def _cell(cell: GridCell) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.is_header:
        scope = cell.scope
        if scope:
            attrs.insert(0, f'scope="{scope}"')
        attrs.insert(0, f'class="{cell.kind}"')
        tag = "th"
    else:
        attrs.insert(0, f'data-cell="{_attr(cell.ref or "")}"')
        tag = "td"
    opening = " ".join([tag, *attrs])
    return f"<{opening}>{_text(cell.text)}</{tag}>"


def _text(text: str) -> str:
    return escape(text, quote=False)


def _attr(text: str) -> str:
    return escape(text, quote=True)
