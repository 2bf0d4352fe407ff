"""Scanned PDFs: Tesseract (``chi_sim``) words placed into the cells the table's ruling lines draw.

Each page is rendered at 300 dpi. The ruling lines are found in the image (long runs of dark
pixels, horizontal and vertical, joined across the small steps a skewed scan makes) and become
edges; the lines are whitened before OCR so they are not read as ``|`` or ``1``. Tesseract's TSV
output gives every word with its box and confidence; each word becomes characters spread over its
box. Words and edges then go through :func:`.layout.page_blocks`, exactly like the characters and
rulings of a text PDF, so cells are placed by the lines, not by reading order.

A number Tesseract is not sure of (word confidence below :data:`MIN_CONFIDENCE`, or digits mixed
with other characters) is not read: it becomes ``⁇``, a "no value" mark, so its cell stays
``None`` and keeps its column. :func:`read_scan` reports how many.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.helpers import run_helper
from gongkai.core.parse.layout import Char, edge, join_page, page_blocks
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.parse.ocrcells import CellRead, cell_chars, place_by_order, read_cells, split_cells

__all__ = ["DPI", "MIN_CONFIDENCE", "UNSURE", "ScanRead", "read_scan"]

DPI = 300
#: Word confidence (0–100) below which a number is not read.
MIN_CONFIDENCE = 70
#: What an unsure number becomes: a "no value" mark (see ``normalize._NULL_MARKS``).
UNSURE = "⁇"
_MIN_H = 100  # pixels (8.5 mm at 300 dpi): longer than any stroke of a character
_MIN_V = 50  # a vertical rule spans at least one table row
_TIMEOUT = 300
_END_TOL = 14  # pixels: how near a horizontal rule a vertical rule's end must be
_DIGITS = frozenset("0123456789")
_NUMERIC = frozenset("0123456789.,-+%")
_ROW_NUMBER = re.compile(r"^\d{1,2}[.、．]$")


@dataclass
class ScanRead:
    blocks: list[Block]
    words: int = 0
    unsure: int = 0
    pages: int = 0
    corrected: int = 0
    cells: int = 0  # table cells read on their own (see .ocrcells)
    ordered: list[str] = field(default_factory=list)  # row labels given by the rows' place (see .ocrcells)


def _runs(mask, min_len: int) -> list[tuple[int, int, int]]:  # noqa: ANN001 - numpy array
    """Horizontal runs of True at least *min_len* long: (row, start, end)."""
    import numpy as np

    out: list[tuple[int, int, int]] = []
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    rows, cols = np.nonzero(diff)
    values = diff[rows, cols]
    starts = {}
    for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True):
        if v == 1:
            starts[r] = c
        elif r in starts:
            s = starts.pop(r)
            if c - s >= min_len:
                out.append((r, s, c))
    return out


def _lines(mask, min_len: int) -> list[tuple[float, int, int]]:  # noqa: ANN001
    """Horizontal ruling lines as (y, x0, x1): runs on neighbouring rows (a line's thickness, or
    the steps of a skewed scan) joined into one line."""
    lines: list[list[tuple[int, int, int]]] = []
    for seg in sorted(_runs(mask, min_len)):
        row, start, end = seg
        for line in reversed(lines[-40:]):
            last_row = line[-1][0]
            if row - last_row > 3:
                continue
            if start <= max(s[2] for s in line) + 12 and end >= min(s[1] for s in line) - 12:
                line.append(seg)
                break
        else:
            lines.append([seg])
    out: list[tuple[float, int, int]] = []
    for line in lines:
        y = sum(s[0] for s in line) / len(line)
        out.append((y, min(s[1] for s in line), max(s[2] for s in line)))
    return out


def _ends_on_rules(vertical: tuple[float, int, int], horizontal: list[tuple[float, int, int]]) -> bool:
    x, top, bottom = vertical

    def near(y: float) -> bool:
        return any(abs(h[0] - y) <= _END_TOL and h[1] - _END_TOL <= x <= h[2] + _END_TOL for h in horizontal)

    return near(top) or near(bottom)  # one end may be where a page break cuts the table


def _rulings(gray):  # noqa: ANN001, ANN202 - numpy array
    """Horizontal and vertical ruling lines of a page image, and the image without them."""
    dark = gray < 150
    horizontal = _lines(dark, _MIN_H)
    # A table's vertical rule starts or ends on a horizontal rule; the strokes of a large bold title
    # (or a stamp) do not, and would make a table of the title.
    vertical = [v for v in _lines(dark.T, _MIN_V) if _ends_on_rules(v, horizontal)]
    clean = gray.copy()
    for y, x0, x1 in horizontal:
        clean[max(0, int(y) - 3) : int(y) + 4, x0:x1] = 255
    for x, y0, y1 in vertical:
        clean[y0:y1, max(0, int(x) - 3) : int(x) + 4] = 255
    return horizontal, vertical, clean


def _edges(horizontal, vertical, scale: float) -> list[dict]:  # noqa: ANN001
    edges = [edge(x0 / scale, y / scale, x1 / scale, y / scale, "h") for y, x0, x1 in horizontal]
    edges += [edge(x / scale, y0 / scale, x / scale, y1 / scale, "v") for x, y0, y1 in vertical]
    return edges


def _words(tsv: str) -> list[tuple[int, int, int, int, float, str]]:
    out = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(v) for v in parts[6:10])
            conf = float(parts[10])
        except ValueError:
            continue
        out.append((left, top, width, height, conf, text))
    return out


def _unsure(text: str, conf: float) -> bool:
    """A number read with low confidence, or digits mixed with other marks (``(0)``, ``J91``).

    Words with Chinese characters are labels (``1.属于国家秘密``), and ``2.`` is a row number."""
    if not _DIGITS & set(text) or any("\u4e00" <= ch <= "\u9fff" for ch in text) or _ROW_NUMBER.match(text):
        return False
    return conf < MIN_CONFIDENCE or not set(text) <= _NUMERIC


def _chars(words, scale: float, labels: frozenset[int] = frozenset()) -> tuple[list[Char], int]:  # noqa: ANN001
    """Characters of *words*; the words at the indexes in *labels* lie in label cells, where digits
    mixed with other marks are numbering (``(三)`` read as ``(3)``), not an unsure number."""
    chars: list[Char] = []
    unsure = 0
    for n, (left, top, width, height, conf, text) in enumerate(words):
        if text in ("|", "[", "]", "丨", "｜", "_"):
            continue
        if n not in labels and _unsure(text, conf):
            unsure += 1
            text = UNSURE
        step = width / len(text)
        for n, ch in enumerate(text):
            x0 = (left + n * step) / scale
            chars.append(Char(ch, x0, top / scale, x0 + step / scale, (top + height) / scale))
    return chars, unsure


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, str], ...]:
    """Every label the templates print (rows, groups, columns, block headers, headings, notes):
    (its characters without numbering or punctuation, the printed label)."""
    from gongkai.core.formats import FORMATS

    printed: set[str] = set()
    for fmt in FORMATS.values():
        printed.add(fmt.table3_note)
        for table in fmt.tables:
            for row in table.rows:
                printed.add(row.full_label)
                if row.group:
                    printed.add(row.group)
            for column in table.columns:
                printed.add(column.label)
            for block in table.blocks:
                printed.add(block.header)
                printed.update(c.label for c in block.columns)
        printed.update(section.heading for section in fmt.sections)
    printed.update({"三、本年度办理结果", "申请人情况", "法人或其他组织", "信息内容", "行政复议", "行政诉讼",
                    "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结"})  # fmt: skip
    return tuple(sorted((_letters(p), p) for p in printed if len(_letters(p)) >= 2))


def _letters(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def _corrected(text: str) -> str | None:
    """The template label an OCR'd label is a misreading of, when one is clearly closest.

    Only the characters are compared (numbering and punctuation are what OCR garbles most); the
    best label must be similar (ratio ≥ 0.6) and clearly better than the next (by 0.15)."""
    letters = _letters(text)
    if len(letters) < 2:
        return None
    best_by_key: dict[str, tuple[float, str]] = {}
    for key, label in _vocabulary():
        if abs(len(key) - len(letters)) > max(3, len(key) // 2):
            continue
        ratio = SequenceMatcher(None, letters, key, autojunk=False).ratio()
        # Labels with the same characters (总计 / （七）总计): the printed numbering decides.
        tie = SequenceMatcher(None, text.replace("(", "（").replace(")", "）"), label, autojunk=False).ratio()
        if key not in best_by_key or tie > best_by_key[key][0]:
            best_by_key[key] = (tie, label)
        best_by_key[key] = (best_by_key[key][0], best_by_key[key][1])
        scores_key = (ratio, key)
        _SCORES.append(scores_key)
    scores = sorted(set(_SCORES), reverse=True)
    _SCORES.clear()
    if not scores:
        return None
    best, key = scores[0]
    second = scores[1][0] if len(scores) > 1 else 0.0
    if best >= 0.999 or (best >= 0.6 and best - second >= 0.1 - 1e-9):
        return best_by_key[key][1]
    return None


_SCORES: list[tuple[float, str]] = []


def _correct_labels(blocks: list[Block]) -> int:
    """Replace OCR'd table labels and headings by the template labels they misread; count them."""
    fixed = 0
    for block in blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                for n, cell in enumerate(row):
                    if cell and _letters(cell):
                        label = _corrected(cell)
                        if label is not None and label != cell:
                            row[n] = label
                            fixed += 1
        elif isinstance(block, Para) and len(block.text) <= 40:
            label = _corrected(block.text)
            if label is not None and label[:2] in _HEADING_STARTS and label != block.text:
                block.text = label
                fixed += 1
    return fixed


_HEADING_STARTS = frozenset({"一、", "二、", "三、", "四、", "五、", "六、"})


def read_scan(data: bytes, name: str, limits: ParseLimits | None = None) -> ScanRead:
    """OCR every page of a scanned PDF.

    Raises:
        UnreadableInputError: tesseract or its Chinese model is missing, OCR failed, no text found.
    """
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise UnreadableInputError(
            f"{name}：扫描版 PDF（没有文字层），无法读取；安装 tesseract-ocr 与 tesseract-ocr-chi-sim 后可识别"
        )
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    scale = DPI / 72
    pdf = pdfium.PdfDocument(data)
    result = ScanRead([], pages=len(pdf))
    stacks: list[float] = []
    cjk = 0
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
            pages: list[tuple[list, list[dict], float, list[CellRead]]] = []
            for n in range(len(pdf)):
                page = pdf[n]
                width = page.get_width()
                gray = np.asarray(page.render(scale=scale, grayscale=True).to_pil().convert("L"))
                horizontal, vertical, clean = _rulings(gray)
                png = Path(tmp) / f"page{n}.png"
                image = Image.fromarray(clean)
                soft = clean
                background = clean[clean > 180]
                if background.size and float(background.std()) > 6:
                    # A noisy scan: sensor noise and specks out (median), then black on white.
                    image = image.filter(ImageFilter.MedianFilter(3))
                    soft = np.asarray(image)
                    image = image.point(lambda v: 255 if v > 150 else 0)
                image.save(png)
                done = run_helper(
                    [tesseract, str(png), "-", "-l", "chi_sim", "--psm", "6", "-c", "preserve_interword_spaces=1", "tsv"],
                    timeout=_TIMEOUT,
                    too_slow=f"{name}：OCR 识别第 {n + 1} 页超过 {{limit}} 秒仍未完成，已停止识别",
                    limits=limits,
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                )
                if done.returncode != 0:
                    reason = (done.stderr.strip().splitlines() or ["tesseract 出错"])[-1]
                    if "chi_sim" in reason:
                        raise UnreadableInputError(f"{name}：OCR 需要中文模型（安装 tesseract-ocr-chi-sim）")
                    raise UnreadableInputError(f"{name}：OCR 失败（{reason[:80]}）")
                words = _words(done.stdout)
                result.words += len(words)
                cjk += sum(1 for w in words for ch in w[5] if "\u4e00" <= ch <= "\u9fff")
                dark = np.asarray(image) < 128
                cells, words, labels = split_cells(n, dark, soft, _edges(horizontal, vertical, 1.0), words)
                pages.append((words, labels, _edges(horizontal, vertical, scale), width, cells))
            if cjk < 20:  # before the cells are read one by one: a page of no text is not worth it
                raise UnreadableInputError(f"{name}：扫描版 PDF（没有文字层），OCR 也未识别出文字")
            result.unsure += read_cells([c for p in pages for c in p[4]], tesseract, Path(tmp), name, limits)
            for words, labels, edges, width, cells in pages:
                chars, unsure = _chars(words, scale, labels)
                chars += cell_chars(cells, scale)
                result.unsure += unsure
                result.cells += len(cells)
                join_page(result.blocks, page_blocks(chars, edges, width, stacks))
    finally:
        pdf.close()
    result.corrected = _correct_labels(result.blocks)
    result.ordered = place_by_order(result.blocks)
    return result
