"""HTML pages: the report's paragraphs and tables in document order, page chrome left out.

Tables are expanded into grids with ``rowspan``/``colspan`` resolved (the merged cell's text at its
first position, ``None`` where it continues). Layout tables (tables holding tables) are walked
into, not read as data. Navigation, headers, footers, scripts and elements whose class or id
names them as chrome (nav, menu, breadcrumb, footer, share …) are skipped.
"""

from __future__ import annotations

import re

from lxml import etree

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.normalize import clean_text

__all__ = ["read_html", "table_grid"]

_PARSER = etree.HTMLParser(remove_comments=True)

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "aside",
        "select",
        "button",
        "iframe",
        "svg",
        "head",
        "template",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "blockquote",
        "pre",
        "header",
        "main",
        "center",
        "dd",
        "dt",
        "dl",
        "hr",
        "body",
        "address",
        "figure",
        "caption",
    }
)
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|topnav|breadcrumbs?|crumbs?|footer|foot|sidebar|side|leftnav|share|copyright|toolbar|login|search|topbar|friendlink|links?)(?:$|[\s_-])",
    re.I,
)


def _is_chrome(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() in _SKIP_TAGS:
        return True
    if tag.lower() == "header" and el.find(".//h1") is None:
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(names.strip()) and bool(_CHROME.search(names))


def _cell_text(el: etree._Element) -> str:
    if len(el) == 0:
        return clean_text(" ".join((el.text or "").split()))
    parts: list[str] = []
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and node.tag.lower() == "br":
            parts.append(" ")
        if node.text and isinstance(node.tag, str) and node.tag.lower() not in ("script", "style"):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return clean_text(" ".join("".join(parts).split()))


def _span(el: etree._Element, name: str, high: int) -> int:
    """A cell's rowspan/colspan, within 1..*high* (what the table really has) and never past 200."""
    raw = el.get(name)
    if raw is None:
        return 1
    try:
        return max(1, min(int(str(raw).strip() or 1), 200, high))
    except ValueError:
        return 1


_CELL_TAGS = frozenset({"td", "th"})


def table_grid(table: etree._Element) -> list[list[str | None]]:
    """Expand an HTML table into a grid: merged cells continue as ``None``."""
    grid: list[list[str | None]] = []
    carry: set[tuple[int, int]] = set()
    rows = [
        [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in _CELL_TAGS]
        for tr in table.iter("tr")
        if _owning_table(tr) is table
    ]
    # Spans are clamped to the table's real size: rowspan to the rows left, colspan to the widest row's
    # cell count (a cell claiming colspan=200 rowspan=200 in a small table must not build 40,000 cells).
    width = max(map(len, rows), default=1)
    for r, cells in enumerate(rows):
        out: list[str | None] = []
        col = 0
        left = len(rows) - r
        for cell in cells:
            while (r, col) in carry:
                out.append(None)
                col += 1
            rowspan = _span(cell, "rowspan", left)
            colspan = _span(cell, "colspan", width)
            out.append(_cell_text(cell))
            if colspan > 1:
                out.extend([None] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    carry.add((r + dr, col + dc))
            col += colspan
        while (r, col) in carry:
            out.append(None)
            col += 1
        grid.append(out)
    return grid


def _owning_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = clean_text("".join(self.buffer))
        self.buffer.clear()
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                self.blocks.append(Para(line))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag:
            if el.tail:
                self.buffer.append(el.tail)
            return
        if _is_chrome(el):
            if el.tail:
                self.buffer.append(el.tail)
            return
        if tag == "table":
            self.flush()
            if el.find(".//table") is not None:
                for child in el.iter("td", "th"):
                    if _owning_table(child) is el and not _is_chrome(child):
                        self._children(child)
                        self.flush()
            else:
                grid = table_grid(el)
                if any(any(c for c in row) for row in grid):
                    self.blocks.append(Grid(grid))
            if el.tail:
                self.buffer.append(el.tail)
            return
        if tag == "br":
            self.buffer.append("\n")
            if el.tail:
                self.buffer.append(el.tail)
            return
        block = tag in _BLOCK_TAGS or tag == "tr"
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text)
        self._children(el)
        if block:
            self.flush()
        if el.tail:
            self.buffer.append(el.tail)

    def _children(self, el: etree._Element) -> None:
        for child in el:
            self.walk(child)


def read_html(text: str) -> tuple[list[Block], list[str]]:
    """Read an HTML page: blocks in document order and title hints (``<title>``, ``<h1>``)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableInputError(f"HTML 无法解析：{exc}") from None
    if root is None:
        raise UnreadableInputError("HTML 内容为空")
    hints = [_cell_text(h) for h in root.iter("h1", "h2", "title")]
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks, [h for h in hints if h]
