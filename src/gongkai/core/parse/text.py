"""Plain text and markdown: pipe tables, tab-separated rows, one cell per line, damaged extractions.

Lines starting with ``|`` form a positioned grid (a blank line ends it: the next grid is a new
fragment, as when a table is split across pages); so do lines of two or more ``|``-separated
cells without a leading ``|`` (the commonest shape of a page copied as text). Other short lines
that carry numbers and template labels are rebuilt into rows in reading order (labels first, then
the values after them), which covers text copied from web pages one cell per line and
``pdftotext`` output. When such lines are cells ended by ``|`` (``0 |`` per line, ``|`` on its own
line between cells), the ``|`` marks every cell, blank ones included: those rows keep their
blank cells in column order (``Grid.ordered``).
"""

from __future__ import annotations

import re

from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.labels import index_for, match_heading
from gongkai.core.parse.normalize import BLANK, NULL, NUMBER, clean_text, label_key, parse_value, strip_numbering

__all__ = ["read_text"]

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s*")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MAX_SHORT = 60
_COLUMNS = re.compile(r"\s{2,}")


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


def _tokens(line: str) -> list[str]:
    """Split a short line into cells: by tabs, or labels (split at runs of 2+ spaces, as layout
    text puts them) followed by space-separated values."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t") if c.strip()]
    parts = line.split()
    if len(parts) <= 1:
        return [line.strip()]
    tail = len(parts)
    while tail > 0 and parse_value(parts[tail - 1])[0] in (NUMBER, NULL):
        tail -= 1
    if tail == len(parts):
        return [c for c in _COLUMNS.split(line.strip()) if c]
    values = parts[tail:]
    head = line.strip()
    for _ in values:
        head = head[: head.rstrip().rfind(" ")].rstrip() if " " in head.rstrip() else ""
    return [c for c in _COLUMNS.split(head) if c] + values


def _bar_cells(line: str) -> list[str]:
    """Cells of a line whose cells are ended (or separated) by ``|``; the text after the last ``|``
    is a cell only when it is not empty."""
    pieces = [p.strip() for p in line.split("|")]
    if pieces and not pieces[-1]:
        pieces.pop()
    return pieces


def _is_row_line(line: str) -> bool:
    """A line holding a whole table row: two or more ``|``-separated cells, one of them filled."""
    if "|" not in line or "。" in line:
        return False
    cells = _bar_cells(line)
    return len(cells) >= 2 and bool(cells[0])


def _known_label(token: str) -> bool:
    for version in ("2019", "2021"):
        index = index_for(version)
        if index.match_row(token) or index.match_column(token) or index.is_group(token):
            return True
        if label_key(token) in index.block_headers:
            return True
    return False


def _flush_stream(run: list[str], blocks: list[Block]) -> bool:
    """Cells ended by ``|`` across lines (``0 |`` per line, ``|`` on its own line): rows rebuilt at
    each label, blank cells kept in order. False when the run is not such a stream."""
    if sum(1 for line in run if "|" in line) < max(3, len(run) // 3):
        return False
    # "0 |" per line (| ends each cell) and "|" on its own line (| between cells) both read as
    # the lines joined and split at "|".
    cells = _bar_cells(" ".join(run))
    kinds = [parse_value(c)[0] for c in cells]
    labels = sum(1 for c, k in zip(cells, kinds, strict=True) if k == "text" and _known_label(c))
    if labels < 2:
        return False
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    after_label = False
    for cell, kind in zip(cells, kinds, strict=True):
        if kind == "text":
            if after_label:
                rows.append(row)
                row, after_label = [], False
            row.append(cell)
        else:
            if row:
                after_label = True
            row.append(cell)
    if row:
        rows.append(row)
    blocks.append(Grid(rows, positioned=False, ordered=True))
    run.clear()
    return True


_MIN_BLANK_LABELS = 5


def _flush_run(run: list[str], blocks: list[Block]) -> None:
    """Turn a run of short lines into a grid when it holds values and template labels (or many
    template labels and no values: a report printing the tables with every cell blank)."""
    if not run:
        return
    if any("|" in line for line in run) and _flush_stream(run, blocks):
        return
    tokens = [t for line in run for t in _tokens(line)]
    kinds = [parse_value(t)[0] for t in tokens]
    has_value = any(k == NUMBER for k in kinds)
    labels = (t for t, k in zip(tokens, kinds, strict=True) if k == "text" and _known_label(t))
    if has_value:
        tabular = next(labels, None) is not None
    else:
        tabular = sum(1 for _ in zip(range(_MIN_BLANK_LABELS), labels, strict=False)) >= _MIN_BLANK_LABELS
    if tabular:
        rows: list[list[str | None]] = []
        row: list[str | None] = []
        seen_value = False
        for token, kind in zip(tokens, kinds, strict=True):
            if kind in (NUMBER, NULL):
                row.append(token)
                seen_value = True
            elif kind == BLANK:
                continue
            else:
                if seen_value:
                    rows.append(row)
                    row, seen_value = [], False
                row.append(token)
        if row:
            rows.append(row)
        blocks.append(Grid(rows, positioned=False))
    else:
        blocks.extend(Para(line) for line in run)
    run.clear()


def read_text(text: str) -> list[Block]:
    """Read plain text or markdown into paragraphs and grids."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    grid: list[list[str | None]] | None = None
    run: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith("|") and not (run and _bar_only(line)) or (not line.startswith("|") and _is_row_line(line)):
            _flush_run(run, blocks)
            if _SEPARATOR.match(line):
                continue
            if grid is None:
                grid = []
                blocks.append(Grid(grid))
            grid.append(_pipe_cells(line) if line.startswith("|") else _bar_cells(line))
            continue
        if grid is not None and _bar_only(line):
            continue  # the empty cells ending a row printed on the next line
        grid = None
        if not line:
            continue
        if line[0] == "#":
            line = _MD_HEADING.sub("", line)
        if "**" in line:
            line = _BOLD.sub(r"\1", line)
        line = line.strip()
        if not line:
            continue
        if match_heading(line) or "。" in line or len(line) - line.count(" ") > _MAX_SHORT:
            _flush_run(run, blocks)
            blocks.append(Para(line))
            continue
        run.append(line)
    _flush_run(run, blocks)
    return blocks


def _bar_only(line: str) -> bool:
    return bool(line) and set(line) <= {"|", " "}


def is_label_like(token: str) -> bool:
    """Whether a short token looks like a template label (used by readers of other shapes)."""
    return bool(strip_numbering(label_key(token))) and _known_label(token)
