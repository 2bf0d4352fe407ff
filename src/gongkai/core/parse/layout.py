"""Laid-out pages (PDF, OFD) to blocks: characters and ruling lines in, paragraphs and grids out.

A reader gives each page as characters with their boxes (top-down coordinates, in points) and
ruling-line edges; :func:`page_blocks` finds the ruled tables with pdfplumber's lattice functions
(``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` → ``cells_to_tables``),
puts each cell's characters into a grid (merged cells as ``None``) and joins the text outside the
tables into paragraphs (a new paragraph at an indent or after a short line). :func:`join_page`
appends a page's blocks, continuing a paragraph broken by the page end.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.labels import match_heading
from gongkai.core.parse.normalize import clean_text

__all__ = ["Char", "edge", "join_page", "page_blocks"]

_PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:第\s*)?\d+\s*(?:页|/\s*\d+\s*页?)?(?:\s*共\s*\d+\s*页)?[-—－\s]*$")
_TOL = 3.0
_SENTENCE_END = frozenset("。！？；：!?;:")


def edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    """A ruling-line edge as pdfplumber's table functions want it (``h`` or ``v``)."""
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


class Char:
    __slots__ = ("bottom", "ch", "size", "top", "x0", "x1")

    def __init__(self, ch: str, x0: float, top: float, x1: float, bottom: float) -> None:
        self.ch, self.x0, self.top, self.x1, self.bottom = ch, x0, top, x1, bottom
        self.size = max(bottom - top, 1.0)



def _tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if not edges:
        return []
    merged = merge_edges(edges, _TOL, _TOL, _TOL, _TOL)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= _TOL]
    merged += _cut_edges(merged)
    cells = intersections_to_cells(edges_to_intersections(merged, 1, 1))
    return [t for t in cells_to_tables(cells) if len(t) >= 2]


def _cut_edges(edges: list[dict]) -> list[dict]:
    """The missing rule where a page break cuts a table: cells running on to the next page are not
    closed at the page bottom (nor, on the next page, at the top), so their row would be lost.
    Three or more vertical rules ending (or starting) at one height with no horizontal rule there
    get one, from the leftmost to the rightmost of them."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    out: list[dict] = []
    for end in ("bottom", "top"):
        groups: dict[int, list[dict]] = {}
        for e in vertical:
            groups.setdefault(round(e[end] / 2), []).append(e)
        for group in groups.values():
            if len(group) < 3:
                continue
            y = sum(e[end] for e in group) / len(group)
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            if any(abs(h["top"] - y) <= _TOL and h["x0"] <= x0 + _TOL and h["x1"] >= x1 - _TOL for h in horizontal):
                continue
            out.append(edge(x0, y, x1, y, "h"))
    return out


def _line_text(chars: list[Char]) -> str:
    """The text of one line; a gap wider than a character and a half becomes two spaces (a column gap)."""
    chars = sorted(chars, key=lambda c: c.x0)
    out: list[str] = []
    last: Char | None = None
    for c in chars:
        if c.ch == " ":
            if out and out[-1] not in (" ", "  "):
                out.append(" ")
            continue
        if last is not None and out and out[-1] not in (" ", "  "):
            gap = c.x0 - last.x1
            if gap > 1.5 * c.size:
                out.append("  ")
            elif gap > 0.3 * c.size:
                out.append(" ")
        out.append(c.ch)
        last = c
    return "".join(out)


_NUMBER_TOKEN = re.compile(r"(?:^|\s)[-+]?\d[\d,]*(?:\.\d+)?(?=\s|$)")


def _tabular(lines: list[tuple[float, float, float, str]]) -> bool:
    """Whether lines outside ruled tables hold a borderless table (several rows of numbers)."""
    rows = sum(1 for *_, text in lines if len(_NUMBER_TOKEN.findall(text)) >= 2 and "  " in text.strip())
    if rows >= 3:
        return True
    # A table printed with many blank cells: label, column gap, one number.
    return sum(1 for *_, text in lines if "  " in text.strip() and _NUMBER_TOKEN.search(text.strip())) >= 3


Word = tuple[float, float, str]  # x0, x1, text


def _words(line: list[Char]) -> list[Word]:
    """A line's words: characters closer than a column gap (1.5 × their size, as :func:`_line_text`)."""
    words: list[list] = []
    for c in sorted(line, key=lambda c: c.x0):
        if c.ch == " ":
            continue
        if words and c.x0 - words[-1][1] <= 1.5 * c.size:
            words[-1][1] = c.x1
            words[-1][2] += c.ch
        else:
            words.append([c.x0, c.x1, c.ch, c.size])
    return [(x0, x1, text) for x0, x1, text, _size in words]


def _header_columns(words: list[Word] | None) -> list[Word] | None:
    """The column headings of a one-line table header (信息内容 / 本年制发件数 / 本年废止件数 /
    现行有效件数): two or more words that are template column headings, after at most one corner word."""
    from gongkai.core.parse.labels import index_for

    if not words or len(words) < 2:
        return None

    def column(text: str) -> bool:
        return any(index_for(v).match_column(text) for v in ("2021", "2019"))

    columns = words[1:] if not column(words[0][2]) else words
    if len(columns) < 2 or not all(column(w[2]) for w in columns):
        return None
    return columns


def _aligned_rows(lines: list[tuple[float, float, float, str]], words: list[list[Word] | None]) -> dict[int, str]:
    """Rows of a borderless table that print fewer numbers than their header has columns (规章 with one
    0 under 本年制发件数, its other cells blank): each number goes to the column heading it stands
    under, and the header and its rows become ``|`` rows that keep the blank cells. Only when every
    number of every row under that header stands under exactly one heading; else nothing changes.
    Returns the new text by line index."""
    from gongkai.core.parse.normalize import NUMBER, parse_value

    out: dict[int, str] = {}
    n = 0
    while n < len(lines):
        header = _header_columns(words[n])
        if header is None:
            n += 1
            continue
        rows: list[int] = []
        m = n + 1
        while m < len(lines) and words[m] and len(words[m]) >= 2:
            kinds = [parse_value(w[2])[0] for w in words[m]]
            if kinds[0] != "text" or any(k != NUMBER for k in kinds[1:]):
                break
            rows.append(m)
            m += 1
        if any(len(words[r]) - 1 < len(header) for r in rows):
            texts: dict[int, str] = {}
            for r in rows:
                cells = [""] * len(header)
                for x0, x1, text in words[r][1:]:
                    middle = (x0 + x1) / 2
                    under = [k for k, (h0, h1, _) in enumerate(header) if h0 - 6 <= middle <= h1 + 6]
                    if len(under) != 1 or cells[under[0]]:
                        texts = {}
                        break
                    cells[under[0]] = text
                else:
                    texts[r] = " | ".join([words[r][0][2], *cells]) + " |"
                    continue
                break
            if texts:
                corner = words[n][0][2] if words[n][0] is not header[0] else ""
                out[n] = " | ".join([corner, *(h[2] for h in header)]) + " |"
                out.update(texts)
        n = max(m, n + 1)
    return out


def _layout_blocks(
    lines: list[tuple[float, float, float, str]], left: float, right: float, words: list[list[Word] | None]
) -> list[Block]:
    """A borderless table page: prose lines are joined into paragraphs, the rest read as layout text.
    *words*: each line's words (None for a line of vertical headings), for :func:`_aligned_rows`."""
    from gongkai.core.parse.text import read_text

    out: list[str] = []
    prose: list[tuple[float, float, str]] = []
    aligned = _aligned_rows(lines, words)

    def flush() -> None:
        out.extend(_paragraphs(prose, left, right))
        prose.clear()

    for n, (x0, x1, _top, text) in enumerate(lines):
        if n in aligned:
            flush()
            out.append(aligned[n])
            continue
        compact = text.replace(" ", "")
        if "  " not in text.strip() and len(compact) >= 25 and not _NUMBER_TOKEN.search(text):
            prose.append((x0, x1, text))
        else:
            flush()
            out.append(text)
    flush()
    return read_text("\n".join(clean_text(t) for t in out))


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into lines by vertical overlap, top to bottom."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            line = lines[-1]
            ref = line[0]
            middle = (c.top + c.bottom) / 2
            if ref.top - 1 <= middle <= ref.bottom + 1:
                line.append(c)
                continue
        lines.append([c])
    return lines


def _grid(
    bboxes: list[tuple[float, float, float, float]], chars: list[Char]
) -> tuple[list[list[str | None]], list[Char]]:
    """Cells (bounding boxes) of one table to a grid; characters outside the table are returned."""
    xs = sorted({round(v, 1) for b in bboxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in bboxes for v in (b[1], b[3])})

    def index(values: list[float], v: float) -> int:
        i = bisect_left(values, round(v, 1) - 0.05)
        return min(i, len(values) - 1)

    ncols, nrows = len(xs) - 1, len(ys) - 1
    grid: list[list[str | None]] = [[None] * ncols for _ in range(nrows)]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    buckets: dict[tuple[int, int], list[Char]] = {}
    for b in bboxes:
        r0, c0, r1, c1 = index(ys, b[1]), index(xs, b[0]), index(ys, b[3]), index(xs, b[2])
        buckets[(r0, c0)] = []
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                owner[(r, c)] = (r0, c0)
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    rest: list[Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if left <= cx <= right and top <= cy <= bottom:
            key = owner.get((bisect_left(ys, cy) - 1, bisect_left(xs, cx) - 1))
            if key is not None:
                buckets[key].append(ch)
                continue
        rest.append(ch)
    for (r, c), cell_chars in buckets.items():
        text = "".join(_line_text(line) for line in _lines(cell_chars))
        grid[r][c] = clean_text(" ".join(text.split()))
    return grid, rest


def _paragraphs(lines: list[tuple[float, float, str]], left: float, right: float) -> list[str]:
    paras: list[str] = []
    current = ""
    prev_end = right
    for x0, x1, text in lines:
        stripped = text.strip()
        if not stripped or _PAGE_NUMBER.match(stripped):
            continue
        indented = x0 - left > 8
        heading = match_heading(stripped) is not None
        # Justified CJK lines may end a character short; a paragraph's last line ends well short
        # or with a full stop. Reports indent their paragraphs, which is the surest sign.
        ended = current[-1:] in ("。", "！", "？") and prev_end < right - 8
        if current and (indented or heading or ended or prev_end < right - 40):
            paras.append(current)
            current = ""
        current += stripped if not current else ("" if _cjk(current[-1]) else " ") + stripped
        prev_end = x1
        # A heading, or a title line (…年度报告) that fills the line, ends its paragraph.
        if heading or (len(current) <= 60 and current.replace(" ", "").endswith("报告")):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return paras


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


_BRACKETS = frozenset("（）()〔〕")


def _stackable(ch: str) -> bool:
    return not ch.isascii() and not ch.isdigit() and not ch.isspace()


def _without_vertical_labels(
    chars: list[Char], known: list[float] | None = None
) -> tuple[list[Char], list[tuple[float, float, float, str]]]:
    """Characters without the labels printed one character per line in a borderless table.

    WPS and Word print group cells (（三）不予公开, 三、本年度办理结果) and table 4's headings
    (结/果/维/持) vertically; in page text each character then sits on a row's line and runs into
    the row label beside it (``理（ 1.申请人…``). A stack is two or more single-character words
    (non-ASCII, set apart by a column gap) at one x position on successive lines. The rows are
    matched by their own labels, so the stacks are left out. *known* holds the x positions of the
    previous page's stacks (a stack broken by the page end leaves one character on the next page);
    it is updated with this page's.
    """
    singles: list[Char] = []
    ends: list[Char] = []  # the first and last characters of words (a stack's character run into a label)
    for line in _lines(chars):
        line.sort(key=lambda c: c.x0)
        words: list[list[Char]] = []
        for c in line:
            if c.ch == " ":
                continue
            if words and c.x0 - words[-1][-1].x1 <= 0.6 * c.size:
                words[-1].append(c)
            else:
                words.append([c])
        singles += [w[0] for w in words if len(w) == 1 and _stackable(w[0].ch)]
        ends += [c for w in words if len(w) > 1 for c in (w[0], w[-1])]
    if not singles:
        return chars, []
    drop: set[int] = set()
    singles.sort(key=lambda c: ((c.x0 + c.x1) / 2, c.top))
    columns: list[list[Char]] = []
    for c in singles:
        middle = (c.x0 + c.x1) / 2
        if columns and abs(middle - (columns[-1][0].x0 + columns[-1][0].x1) / 2) <= 0.6 * c.size:
            columns[-1].append(c)
        else:
            columns.append([c])
    runs: list[list[Char]] = []
    for column in columns:
        column.sort(key=lambda c: c.top)
        run = [column[0]]
        for c in [*column[1:], None]:
            if c is not None and c.top - run[-1].top <= 2.5 * c.size and c.top > run[-1].top + 0.5 * c.size:
                run.append(c)
                continue
            middle = (run[0].x0 + run[0].x1) / 2
            if len(run) >= 2 or any(abs(middle - x) <= 0.3 * run[0].size for x in known or ()):
                runs.append(run)
                drop.update(id(x) for x in run)
            if c is not None:
                run = [c]
    if known is not None:
        known[:] = [(r[0].x0 + r[0].x1) / 2 for r in runs]
    if not drop:
        return chars, []
    # A stack's bracket printed close to the row label beside it (（ 1.申请人…) is part of the stack:
    # a character at the stack's x, within it or one line above or below it. Only a bracket, a
    # character standing alone or one at either end of a word (理1.申请人…): a character inside a word
    # (the 、 of a heading under table 4's stacks, 五、存在的…) belongs to its line, and taking it would
    # let the stack grow down into the text.
    alone = {id(c) for c in singles} | {id(c) for c in ends}
    for run in runs:
        middle = (run[0].x0 + run[0].x1) / 2
        size = run[0].size
        near = sorted(
            (
                c
                for c in chars
                if id(c) not in drop
                and _stackable(c.ch)
                and (id(c) in alone or c.ch in _BRACKETS)
                and abs((c.x0 + c.x1) / 2 - middle) <= 0.3 * size
            ),
            key=lambda c: c.top,
        )
        grown = True
        while grown:
            grown = False
            for c in near:
                if id(c) in drop:
                    continue
                if not run[0].top - 2.5 * size <= c.top <= run[-1].top + 2.5 * size:
                    continue
                run.append(c)
                run.sort(key=lambda x: x.top)
                drop.add(id(c))
                grown = True
    kept = [c for c in chars if id(c) not in drop]
    extra: list[tuple[float, float, float, str]] = []
    # Headings of one row printed vertically side by side (table 4's 结果维持 / 结果纠正 / …) are
    # kept as one line of headings, placed where the longest stack ends (above the values).
    runs.sort(key=lambda r: r[0].top)
    rows: list[list[list[Char]]] = []
    for run in runs:
        if rows and abs(run[0].top - rows[-1][0][0].top) <= run[0].size:
            rows[-1].append(run)
        else:
            rows.append([run])
    for row in rows:
        if len(row) < 3:
            continue
        row.sort(key=lambda r: r[0].x0)
        top = max(r[-1].top for r in row) + 0.01
        text = "  ".join("".join(c.ch for c in r) for r in row)
        extra.append((row[0][0].x0, row[-1][-1].x1, top, text))
    return kept, extra


def page_blocks(chars: list[Char], edges: list[dict], width: float, stacks: list[float] | None = None) -> list[Block]:
    """One page's blocks in reading order: ruled tables as grids, the other text as paragraphs.

    *stacks*: kept by the caller from page to page (see :func:`_without_vertical_labels`)."""
    items: list[tuple[float, Block]] = []
    rest = chars
    for bboxes in _tables(edges):
        grid, rest = _grid(bboxes, rest)
        items.append((min(b[1] for b in bboxes), Grid(grid)))
    extra: list[tuple[float, float, float, str]] = []
    if not items:
        rest, extra = _without_vertical_labels(rest, stacks)
    elif rest:
        # Vertical labels of a cell cut open by the page break are outside every cell.
        rest, _ = _without_vertical_labels(rest, None)
    # Each line with its words (a line of vertical headings from *extra* has none).
    worded: list[tuple[tuple[float, float, float, str], list[Word] | None]] = [
        ((min(c.x0 for c in line), max(c.x1 for c in line), line[0].top, _line_text(line)), line)
        for line in _lines(rest)
    ]
    if extra:
        worded = sorted([*worded, *((line, None) for line in extra)], key=lambda item: item[0][2])
    lines = [line for line, _chars in worded]
    left = min((x0 for x0, *_ in lines), default=0.0)
    right = max((x1 for _, x1, *_ in lines), default=width)
    if not items and _tabular(lines):
        return _layout_blocks(lines, left, right, [None if chars is None else _words(chars) for _, chars in worded])
    # Paragraphs between tables: split the lines at each table's top.
    tops = sorted(t for t, _ in items)
    groups: dict[int, list[tuple[float, float, str]]] = {}
    for x0, x1, top, line in lines:
        groups.setdefault(bisect_left(tops, top), []).append((x0, x1, line))
    for slot, group in groups.items():
        anchor = tops[slot - 1] + 0.5 if slot else -1.0
        for n, para in enumerate(_paragraphs(group, left, right)):
            items.append((anchor + n * 1e-3, Para(clean_text(para))))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


_NUMERIC = re.compile(r"^[-+]?[\d,，.]+$")


def _continues_row(grid: Grid, first: list[str | None]) -> bool:
    """Whether *first* (a page's first table row) is the rest of *grid*'s last row, split by the
    page break (Word and LibreOffice split a row whose label wraps): the same columns, only label
    text, and nothing where the row above has its values."""
    if not grid.rows or len(grid.rows[-1]) != len(first):
        return False
    last = grid.rows[-1]
    if not any(c and _NUMERIC.match(c.strip()) for c in last):
        return False
    texts = [(n, c.strip()) for n, c in enumerate(first) if c and c.strip()]
    if not texts or any(_NUMERIC.match(t) for _, t in texts):
        return False
    return all(last[n] is None or not _NUMERIC.match(last[n].strip()) for n, _ in texts) and all(
        not (first[n] or "").strip() for n, c in enumerate(last) if c and _NUMERIC.match(c.strip())
    )


def _join_rows(grid: Grid, first: list[str | None]) -> None:
    for n, cell in enumerate(first):
        text = (cell or "").strip()
        if not text:
            continue
        for row in reversed(grid.rows):  # a merged cell continues from a row above: its owner
            if row[n] is not None:
                row[n] = row[n] + text
                break


def join_page(blocks: list[Block], page: list[Block]) -> None:
    """Append *page* to *blocks*, joining a paragraph that runs on from the previous page and a
    table row split by the page break."""
    if blocks and page and isinstance(blocks[-1], Grid) and isinstance(page[0], Grid) and page[0].rows:
        if _continues_row(blocks[-1], page[0].rows[0]):
            _join_rows(blocks[-1], page[0].rows[0])
            page = [Grid(page[0].rows[1:], page[0].positioned), *page[1:]] if len(page[0].rows) > 1 else page[1:]
    if blocks and page and isinstance(blocks[-1], Para) and isinstance(page[0], Para):
        last, first = blocks[-1].text, page[0].text
        if last and last[-1] not in _SENTENCE_END and match_heading(first) is None and match_heading(last) is None:
            blocks[-1] = Para(last + first)
            page = page[1:]
    blocks.extend(page)
