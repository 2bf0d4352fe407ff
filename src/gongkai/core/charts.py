"""Charts drawn on the server: a table of figures → an SVG chart (pygal), and the same chart as PNG.

A :class:`Figure` is a titled :class:`ChartTable` (row labels × value columns) and the kind of chart
drawn from it. The table is the chart's text alternative: pages print it beside the picture, the
XLSX export writes it, and the chart is drawn from it alone, so the two cannot disagree.

The SVG carries no script (pygal always writes a configuration ``<script>``; it is removed here),
no external reference and no comment; pages show it as ``<img src="data:image/svg+xml;base64,…">``,
which a strict Content-Security-Policy (``img-src 'self' data:``) allows and where no script could
ever run. Labels use the CJK fonts installed on the machine (``fonts-noto-cjk``). WeasyPrint draws
the same SVG in PDFs; :func:`png_images` rasterises charts (WeasyPrint → PDF → PDFium) for DOCX,
which takes no SVG. Everything runs offline.

This module imports no Django.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["CHART_HEIGHT", "CHART_WIDTH", "ChartTable", "Figure", "data_uri", "png_images", "svg"]

CHART_WIDTH = 800
CHART_HEIGHT = 400
#: The font stack of every label: the official fonts where installed, else Noto (Debian fonts-noto-cjk).
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", sans-serif'
#: Colours after the Okabe–Ito set (told apart by most colour-blind readers), darkened for white value labels.
COLORS = ("#0072B2", "#C0470A", "#00785A", "#A8508A", "#5E5E5E", "#8C564B", "#1F4E79", "#7A5C00", "#000000")
KINDS = ("bar", "stacked", "hbar", "line", "pie")

Number = int | float | Decimal


@dataclass(frozen=True)
class ChartTable:
    """Figures as a table: ``rows`` of (label, one value per column).

    ``total`` adds a 合计 row (sum of each column) when the table is printed; charts never draw it.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Number | None, ...]], ...]
    row_header: str = "项目"
    unit: str = "件"
    total: bool = False

    def __post_init__(self) -> None:
        for label, values in self.rows:
            if len(values) != len(self.columns):
                msg = f"row {label!r} has {len(values)} values for {len(self.columns)} columns"
                raise ValueError(msg)

    def total_row(self) -> tuple[Number, ...]:
        """The sum of each column (``None`` counts as 0)."""
        return tuple(sum((values[i] or 0 for _, values in self.rows), 0) for i in range(len(self.columns)))

    def printed_rows(self) -> list[tuple[str, tuple[Number | None, ...]]]:
        """The rows as printed: with the 合计 row when ``total`` is set."""
        rows = list(self.rows)
        if self.total:
            rows.append(("合计", self.total_row()))
        return rows

    @property
    def is_empty(self) -> bool:
        return not any(value for _, values in self.rows for value in values)


@dataclass(frozen=True)
class Figure:
    """One chart and its table.

    ``kind``: ``bar`` (grouped columns), ``stacked`` (stacked columns), ``hbar`` (horizontal bars, for long
    labels), ``line`` or ``pie`` (the first column's values). The x axis holds the rows; each column is a
    series (so a one-column table draws one series).
    """

    key: str
    title: str
    table: ChartTable
    kind: str = "bar"
    note: str = ""
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            msg = f"unknown chart kind {self.kind!r}; one of {', '.join(KINDS)}"
            raise ValueError(msg)

    @property
    def alt(self) -> str:
        """The picture's short text alternative (the table beside it holds the figures)."""
        return self.description or f"{self.title}（图表，数据见旁边的表格）"


def _style():
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#555555",
        font_family=FONT_FAMILY,
        label_font_size=15,
        major_label_font_size=15,
        value_font_size=15,
        value_label_font_size=15,
        title_font_size=18,
        legend_font_size=15,
        no_data_font_size=24,
        opacity=".9",
        opacity_hover=".9",
        colors=COLORS,
        value_colors=("white",) * len(COLORS),
    )


def _number(value: Number | None) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _format(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _chart(figure: Figure, width: int, height: int, titled: bool = True):
    import pygal

    table = figure.table
    config = {
        "js": [],
        "css": ["file://style.css", "file://graph.css"],
        "style": _style(),
        "width": width,
        "height": height,
        "title": figure.title if titled else None,
        "disable_xml_declaration": True,
        "print_values": figure.kind != "line",
        "value_formatter": _format,
        "legend_at_bottom": True,
        "show_legend": len(table.columns) > 1 or figure.kind == "pie",
        "no_data_text": "无数据",
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 16,
        "print_zeroes": False,
    }
    if figure.kind == "pie":
        chart = pygal.Pie(inner_radius=0.4, **config)
        for label, values in table.rows:
            if values and values[0]:
                chart.add(label, [_number(values[0])])
        return chart
    many_labels = len(table.rows) > 8 and figure.kind != "hbar"
    classes = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "hbar": pygal.HorizontalBar, "line": pygal.Line}
    extra = {}
    if figure.kind == "hbar" and table.rows:
        # pygal sizes the label margin for Latin glyphs; a CJK glyph is about twice as wide
        extra["margin_left"] = 16 + int(max(len(label) for label, _ in table.rows) * 15 * 0.5)
    chart = classes[figure.kind](
        x_label_rotation=30 if many_labels and max(len(r[0]) for r in table.rows) > 3 else 0,
        **extra,
        **config,
    )
    ticks = _integer_ticks(figure)
    if ticks:
        chart.y_labels = ticks
    # horizontal bars are drawn bottom up: reverse them so the table's first row is on top
    rows = list(reversed(table.rows)) if figure.kind == "hbar" else list(table.rows)
    chart.x_labels = [label for label, _ in rows]
    for index, column in enumerate(table.columns):
        chart.add(column, [_number(values[index]) for _, values in rows])
    return chart


def _integer_ticks(figure: Figure) -> list[int] | None:
    """Whole-number axis ticks for counts (pygal would label an axis of zeros or ones 0.2, 0.4 …)."""
    values = [v for _, values in figure.table.rows for v in values if v is not None]
    if any(not isinstance(v, int) for v in values):
        return None
    if figure.kind == "stacked":
        top = max((sum(v or 0 for v in values) for _, values in figure.table.rows), default=0)
    else:
        top = max(values, default=0)
    top = max(top, 1)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        step = candidate
        if top / candidate <= 8:
            break
    else:
        step = 10 ** len(str(top // 8))
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def svg(figure: Figure, *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT, title: bool = True) -> str:
    """The chart of *figure* as a standalone SVG document: no script, no comment, no external reference.

    ``title=False`` leaves the title out of the picture, for pages that print it as the figure's caption.
    """
    from lxml import etree

    data = _chart(figure, width, height, title).render(is_unicode=True)
    root = etree.fromstring(data.encode("utf-8"), etree.XMLParser(remove_comments=True, resolve_entities=False))
    for script in root.iter("{http://www.w3.org/2000/svg}script"):
        script.getparent().remove(script)
    root.set("width", str(width))
    root.set("height", str(height))
    root.set("role", "img")
    root.set("aria-label", figure.alt)
    return etree.tostring(root, encoding="unicode")


def data_uri(svg_text: str) -> str:
    """*svg_text* as a ``data:image/svg+xml;base64,…`` URI (for ``<img src>`` in pages and PDFs)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode("ascii")


def png_images(svgs: Sequence[str], *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT, scale: float = 2.0):
    """Each SVG of *svgs* (all *width* × *height*) as PNG bytes, in order.

    WeasyPrint lays the charts out one per page of exactly their size and PDFium rasterises the pages
    at *scale* (2: 1600 × 800 pixels, sharp in a printed DOCX). One PDF for all charts keeps it fast.
    """
    if not svgs:
        return []
    import pypdfium2
    from weasyprint import HTML

    pages = "".join(
        f'<div class="chart"><img src="{data_uri(text)}" width="{width}" height="{height}" alt=""></div>'
        for text in svgs
    )
    document = (
        "<!DOCTYPE html><html><head><style>"
        f"@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}"
        f" .chart {{ width: {width}px; height: {height}px; page-break-after: always; overflow: hidden }}"
        f" img {{ display: block; width: {width}px; height: {height}px }}"
        f"</style></head><body>{pages}</body></html>"
    )
    pdf = HTML(string=document).write_pdf()
    out = []
    doc = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(svgs)):
            page = doc[index]
            image = page.render(scale=scale * 96 / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            out.append(buffer.getvalue())
            page.close()
    finally:
        doc.close()
    return out
