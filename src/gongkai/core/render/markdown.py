"""Markdown output: the title, six headings, paragraphs and one pipe table per table.

Markdown cannot merge cells. Each table keeps the template's grid (same number of columns,
same rows, the first grid row as the pipe table's header row) and prints a merged cell once,
in its top-left position; the positions it covers stay empty. In the header rows a label that
spans rows in a single column (自然人、总计; the result columns of 行政复议) is repeated in the
rows below, so the last header row names every data column.
"""

from __future__ import annotations

import re

from gongkai.core.render.layout import Grid, document
from gongkai.core.report import Report

__all__ = ["render", "render_text", "table_markdown"]

_LIST_NUMBER = re.compile(r"^(\d+)([.)])(\s|$)")
_BLOCK_MARK = re.compile(r"^([#>+*=-])")


def render(report: Report) -> bytes:
    """The report as UTF-8 Markdown."""
    return render_text(report).encode("utf-8")


def render_text(report: Report) -> str:
    """The report as Markdown text."""
    title, sections = document(report)
    out = [f"# {_escape_inline(title)}", ""]
    for section in sections:
        out += [f"## {_escape_inline(section.heading)}", ""]
        if section.grid is not None:
            out += [*table_markdown(section.grid), ""]
        for paragraph in section.paragraphs:
            out += [_escape_paragraph(paragraph), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def table_markdown(grid: Grid) -> list[str]:
    """The lines of a pipe table for *grid* (header row, separator, body rows)."""
    matrix = grid.matrix()
    lines = []
    for r, positions in enumerate(matrix):
        head = grid.rows[r].head
        texts = []
        for cell, anchor in positions:
            repeat = head and cell.colspan == 1 and cell.rowspan > 1
            texts.append(_escape_cell(cell.text) if anchor or repeat else "")
        lines.append("| " + " | ".join(texts) + " |")
        if r == 0:
            lines.append("|" + "|".join(["---"] * grid.n_cols) + "|")
    return lines


def _escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _escape_inline(text: str) -> str:
    return text.replace("\n", " ").strip()


def _escape_paragraph(text: str) -> str:
    """Keep a paragraph a paragraph: escape a start that Markdown would read as a block."""
    number = _LIST_NUMBER.match(text)
    if number:
        return f"{number.group(1)}\\{text[len(number.group(1)) :]}"
    return _BLOCK_MARK.sub(r"\\\1", text, count=1)
