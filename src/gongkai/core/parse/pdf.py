"""Text PDFs: characters and ruling lines, tables found with pdfplumber's lattice algorithm.

Reading a page through pdfminer (pdfplumber's own char extraction) costs about 300 ms per page
on CJK reports, so characters and path outlines come from PDFium (``pypdfium2``, which pdfplumber
itself depends on) and the ruling lines go through pdfplumber's table finder functions
(``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` → ``cells_to_tables``).
Cells become grids with merged cells as ``None``; text outside tables becomes paragraphs (lines
joined, a new paragraph at an indent or after a short line). A PDF without a text layer (a scan)
goes through ``tesseract`` when it is installed, otherwise it is refused with a clear message.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import tempfile
from bisect import bisect_left
from pathlib import Path
from typing import NamedTuple

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.labels import match_heading
from gongkai.core.parse.limits import ParseLimits, check_pdf_pages
from gongkai.core.parse.normalize import clean_text

__all__ = ["PdfRead", "read_pdf"]

_PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:第\s*)?\d+\s*(?:页|/\s*\d+\s*页?)?(?:\s*共\s*\d+\s*页)?[-—－\s]*$")
_TOL = 3.0
_SENTENCE_END = frozenset("。！？；：!?;:")


class _Char:
    __slots__ = ("bottom", "ch", "size", "top", "x0", "x1")

    def __init__(self, ch: str, x0: float, top: float, x1: float, bottom: float) -> None:
        self.ch, self.x0, self.top, self.x1, self.bottom = ch, x0, top, x1, bottom
        self.size = max(bottom - top, 1.0)


def _edges(page, height: float) -> list[dict]:  # noqa: ANN001 - pdfium page
    import pypdfium2.raw as pdfium_c

    edges: list[dict] = []

    def add(x0: float, top: float, x1: float, bottom: float, orientation: str) -> None:
        edges.append(
            {
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
        )

    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=4):
        if _invisible(obj):
            continue
        left, bottom_pdf, right, top_pdf = obj.get_bounds()
        top, bottom = height - top_pdf, height - bottom_pdf
        w, h = right - left, bottom - top
        if h <= 2.5 and w > _TOL:
            y = (top + bottom) / 2
            add(left, y, right, y, "h")
        elif w <= 2.5 and h > _TOL:
            x = (left + right) / 2
            add(x, top, x, bottom, "v")
        elif w > _TOL and h > _TOL:
            add(left, top, right, top, "h")
            add(left, bottom, right, bottom, "h")
            add(left, top, left, bottom, "v")
            add(right, top, right, bottom, "v")
    return edges


def _invisible(obj) -> bool:  # noqa: ANN001 - pdfium page object
    """A path that draws nothing a reader sees as a line: a white (page background) fill without stroke."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    if stroke.value:
        return False
    if not fill.value:
        return True
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(v) for v in (r, g, b, a))):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 240


def _tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if not edges:
        return []
    merged = merge_edges(edges, _TOL, _TOL, _TOL, _TOL)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= _TOL]
    cells = intersections_to_cells(edges_to_intersections(merged, 1, 1))
    return [t for t in cells_to_tables(cells) if len(t) >= 2]


def _line_text(chars: list[_Char]) -> str:
    """The text of one line; a gap wider than a character and a half becomes two spaces (a column gap)."""
    chars = sorted(chars, key=lambda c: c.x0)
    out: list[str] = []
    last: _Char | None = None
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
    return rows >= 3


def _layout_blocks(lines: list[tuple[float, float, float, str]], left: float, right: float) -> list[Block]:
    """A borderless table page: prose lines are joined into paragraphs, the rest read as layout text."""
    from gongkai.core.parse.text import read_text

    out: list[str] = []
    prose: list[tuple[float, float, str]] = []

    def flush() -> None:
        out.extend(_paragraphs(prose, left, right))
        prose.clear()

    for x0, x1, _top, text in lines:
        compact = text.replace(" ", "")
        if "  " not in text.strip() and len(compact) >= 25 and not _NUMBER_TOKEN.search(text):
            prose.append((x0, x1, text))
        else:
            flush()
            out.append(text)
    flush()
    return read_text("\n".join(clean_text(t) for t in out))


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Group characters into lines by vertical overlap, top to bottom."""
    lines: list[list[_Char]] = []
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
    bboxes: list[tuple[float, float, float, float]], chars: list[_Char]
) -> tuple[list[list[str | None]], list[_Char]]:
    """Cells (bounding boxes) of one table to a grid; characters outside the table are returned."""
    xs = sorted({round(v, 1) for b in bboxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in bboxes for v in (b[1], b[3])})

    def index(values: list[float], v: float) -> int:
        i = bisect_left(values, round(v, 1) - 0.05)
        return min(i, len(values) - 1)

    ncols, nrows = len(xs) - 1, len(ys) - 1
    grid: list[list[str | None]] = [[None] * ncols for _ in range(nrows)]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    buckets: dict[tuple[int, int], list[_Char]] = {}
    for b in bboxes:
        r0, c0, r1, c1 = index(ys, b[1]), index(xs, b[0]), index(ys, b[3]), index(xs, b[2])
        buckets[(r0, c0)] = []
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                owner[(r, c)] = (r0, c0)
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    rest: list[_Char] = []
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
        if heading:
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return paras


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _open(data: bytes, name: str):  # noqa: ANN202
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise UnreadableInputError(f"{name}：PDF 已加密（需要密码），无法读取") from None
        raise UnreadableInputError(f"{name}：PDF 文件已损坏或不完整，无法打开") from None


class PdfRead(NamedTuple):
    """What :func:`read_pdf` found: blocks, title hints, and whether the text came from OCR."""

    blocks: list[Block]
    hints: list[str]
    ocr: bool = False


def read_pdf(data: bytes, name: str = "PDF", limits: ParseLimits | None = None) -> PdfRead:
    """Read a text PDF into blocks; a scan goes through OCR when tesseract is installed.

    Raises:
        UnreadableInputError: damaged, encrypted, or more pages than ``limits.max_pages``.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = _open(data, name)
    try:
        check_pdf_pages(len(pdf), name, limits or ParseLimits.from_env())
    except UnreadableInputError:
        pdf.close()
        raise
    blocks: list[Block] = []
    text_chars = 0
    page_number = 0
    try:
        for page_number in range(len(pdf)):
            page = pdf[page_number]
            width, height = page.get_size()
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count else ""
            chars: list[_Char] = []
            for i, ch in enumerate(text[:count]):
                if ch.isspace() and (ch != " " or pdfium_c.FPDFText_IsGenerated(textpage.raw, i)):
                    continue
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                chars.append(_Char(ch, left, height - top, right, height - bottom))
            text_chars += len(chars)
            items: list[tuple[float, Block]] = []
            rest = chars
            for bboxes in _tables(_edges(page, height)):
                grid, rest = _grid(bboxes, rest)
                items.append((min(b[1] for b in bboxes), Grid(grid)))
            lines = [
                (min(c.x0 for c in line), max(c.x1 for c in line), line[0].top, _line_text(line))
                for line in _lines(rest)
            ]
            left = min((x0 for x0, *_ in lines), default=0.0)
            right = max((x1 for _, x1, *_ in lines), default=width)
            if not items and _tabular(lines):
                blocks.extend(_layout_blocks(lines, left, right))
                continue
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
            page_blocks = [block for _, block in items]
            if blocks and page_blocks and isinstance(blocks[-1], Para) and isinstance(page_blocks[0], Para):
                # A paragraph running on from the previous page.
                last, first = blocks[-1].text, page_blocks[0].text
                if (
                    last
                    and last[-1] not in _SENTENCE_END
                    and match_heading(first) is None
                    and match_heading(last) is None
                ):
                    blocks[-1] = Para(last + first)
                    page_blocks = page_blocks[1:]
            blocks.extend(page_blocks)
    except pdfium.PdfiumError:
        raise UnreadableInputError(f"{name}：PDF 文件已损坏，第 {page_number + 1} 页无法读取") from None
    finally:
        pdf.close()
    if text_chars == 0:
        return PdfRead(_ocr(data, name), [], ocr=True)
    return PdfRead(blocks, [])


def _without_rules(image):  # noqa: ANN001, ANN202 - PIL image
    """Whiten long horizontal and vertical dark runs (table rulings), which OCR reads as ``|`` and
    noise. Needs numpy; without it the page goes to OCR as it is."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is optional
        return image
    from PIL import Image

    pixels = np.asarray(image.convert("L")) < 128
    out = np.asarray(image.convert("L")).copy()
    for axis in (0, 1):
        runs = pixels if axis == 1 else pixels.T
        target = out if axis == 1 else out.T
        for i, line in enumerate(runs):
            padded = np.concatenate(([0], line.view(np.int8), [0]))
            edges = np.flatnonzero(np.diff(padded))
            for start, end in zip(edges[::2], edges[1::2], strict=True):
                if end - start > 80:
                    target[i, start:end] = 255
    return Image.fromarray(out)


def _ocr(data: bytes, name: str) -> list[Block]:
    """OCR a scanned PDF with tesseract (chi_sim) when installed; the text goes to the text reader."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise UnreadableInputError(
            f"{name}：扫描版 PDF（没有文字层），无法读取；安装 tesseract-ocr 与 tesseract-ocr-chi-sim 后可识别"
        )
    import pypdfium2 as pdfium

    from gongkai.core.parse.text import read_text

    pdf = pdfium.PdfDocument(data)
    texts: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(len(pdf)):
                image = _without_rules(pdf[n].render(scale=300 / 72).to_pil())
                png = Path(tmp) / f"page{n}.png"
                image.save(png)
                done = subprocess.run(
                    [tesseract, str(png), "-", "-l", "chi_sim", "--psm", "6"],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                if done.returncode != 0:
                    raise UnreadableInputError(f"{name}：OCR 失败（{done.stderr.strip().splitlines()[-1:]}）")
                texts.append(done.stdout)
    finally:
        pdf.close()
    text = "\n".join(texts).replace("|", " ").replace("[", " ").replace("]", " ")
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 20:
        raise UnreadableInputError(f"{name}：扫描版 PDF（没有文字层），OCR 也未识别出文字")
    return read_text(text)
