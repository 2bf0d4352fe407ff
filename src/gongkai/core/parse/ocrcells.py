"""Scanned tables cell by cell: every ruled cell that holds a figure is read again on its own, and a
number is taken only when two readings agree.

The page-wide OCR (:mod:`.ocr`, ``chi_sim``, one block of text) misreads lone digits in table cells
(``0`` as ``人``, ``(0``, ``O``) or drops them. So the cells the ruling lines draw (the same lattice
:mod:`.layout` uses) are taken one by one:

* a cell whose page-wide words hold two or more Chinese characters, or whose ink lies on two or more
  lines, is a label and keeps the page-wide reading;
* a cell with (almost) no ink is blank, whatever specks the page-wide OCR read in it;
* any other cell is cut out of the grey image (the ruling lines and their remnants whitened), scaled to
  a 48-pixel glyph height with a white margin, and read as one line by Tesseract's ``eng`` model; the
  cells where that reading and the page-wide one do not agree are read a third time by ``chi_sim``,
  those still undecided a fourth time by ``eng`` at a 32-pixel glyph height and a fifth by ``eng``
  allowed digits only (a forced reading: it counts only beside another reading of the same number)
  and a sixth by ``eng`` on the crop made black on white and softened (a faint ``3`` read as ``a``).
  A cell one reading finds two or more Chinese characters in is a label the page-wide OCR missed.

A number is taken when at least two readings (confidence ≥ :data:`VOTE_CONFIDENCE`) give it and no
reading of that confidence gives another number; otherwise the cell is marked unsure (``⁇``: it stays
``None`` and keeps its column). All crops of a document go through one Tesseract process per model
(a list of images), so the models are loaded once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.parse.helpers import run_helper
from gongkai.core.parse.layout import Char, _tables
from gongkai.core.parse.limits import ParseLimits

__all__ = ["INK_MIN", "VOTE_CONFIDENCE", "CellRead", "read_cells", "split_cells"]

#: Dark pixels (at 300 dpi) below which a cell is blank: a digit has several hundred, a speck a few.
INK_MIN = 60
#: Dark pixels below which a separate blot in a cell is a speck (see :func:`_despeck`).
SPECK = 20
#: Confidence (0–100) a reading needs to count as a vote.
VOTE_CONFIDENCE = 50
#: Confidence of a reading that outvotes a less confident dissent (see :func:`_vote`).
SURE = 90
_GLYPH = 48  # pixels: the height crops are scaled to
_DIGITS = "0123456789."
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TIMEOUT = 300
#: What an unsure number becomes (``normalize`` reads it as "no value"); the same as :data:`.ocr.UNSURE`.
UNSURE = "⁇"

Word = tuple[int, int, int, int, float, str]


@dataclass
class CellRead:
    """One cell to read on its own: where its ink is (pixels), the readings so far, the crop."""

    page: int
    box: tuple[int, int, int, int]
    votes: list[tuple[str, float]] = field(default_factory=list)
    image: object = None  # a PIL image
    text: str = UNSURE


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _runs(inked: list[bool], gap_min: int) -> list[tuple[int, int]]:
    """Runs of inked rows (or columns) at least *gap_min* blank ones apart: (start, end)."""
    runs: list[tuple[int, int]] = []
    gap = gap_min
    for n, on in enumerate(inked):
        if not on:
            gap += 1
            continue
        if runs and gap < gap_min:
            runs[-1] = (runs[-1][0], n + 1)
        else:
            runs.append((n, n + 1))
        gap = 0
    return runs


def _bands(rows) -> int:  # noqa: ANN001 - numpy bool array: rows holding ink
    """How many separate lines of ink (runs of inked rows at least 4 blank rows apart)."""
    return len(_runs(rows.tolist(), 4))


def _despeck(ink) -> None:  # noqa: ANN001 - numpy bool array, changed in place
    """Clear specks of scanner dust: a line of ink (rows at least 4 blank rows apart) with fewer than
    :data:`SPECK` dark pixels, and such a group of columns (8 blank columns apart) at either end of
    what is left. A digit has a hundred or more; a decimal point lies between digits and stays."""
    for start, end in _runs(ink.any(axis=1).tolist(), 4):
        if int(ink[start:end].sum()) < SPECK:
            ink[start:end] = False
    groups = _runs(ink.any(axis=0).tolist(), 8)
    for start, end in (groups[0], groups[-1]) if len(groups) > 1 else ():
        if int(ink[:, start:end].sum()) < SPECK:
            ink[:, start:end] = False


def split_cells(
    page: int, dark, gray, edges: list[dict], words: list[Word]
) -> tuple[list[CellRead], list[Word], frozenset[int]]:  # noqa: ANN001
    """The cells of one page to read on their own, the page-wide words left outside them, and which of
    those lie in label cells (indexes into the words returned). *dark* is the ink mask of the image the
    page-wide OCR read, *gray* the grey image without its ruling lines, *edges* the ruling lines in
    pixels."""
    import numpy as np
    from PIL import Image

    cells: list[CellRead] = []
    taken: set[int] = set()
    in_labels: set[int] = set()
    centres = [(left + width / 2, top + height / 2) for left, top, width, height, _, _ in words]
    for table in _tables(edges):
        for x0, y0, x1, y1 in table:
            x0, y0, x1, y1 = int(x0) + 4, int(y0) + 4, int(x1) - 3, int(y1) - 3
            if x1 - x0 < 12 or y1 - y0 < 12:
                continue
            inside = [n for n, (cx, cy) in enumerate(centres) if x0 - 4 <= cx <= x1 + 3 and y0 - 4 <= cy <= y1 + 3]
            if _cjk("".join(words[n][5] for n in inside)) >= 2:
                in_labels.update(inside)
                continue  # a label
            ink = dark[y0:y1, x0:x1].copy()
            ink[:, ink.sum(axis=0) > 0.6 * ink.shape[0]] = False  # remnants of the ruling lines
            ink[ink.sum(axis=1) > 0.6 * ink.shape[1], :] = False
            ink[:3, :] = ink[-3:, :] = False
            ink[:, :3] = ink[:, -3:] = False
            _despeck(ink)  # a dust speck below a 0 would make it a two-line label
            rows, cols = ink.any(axis=1), ink.any(axis=0)
            if int(ink.sum()) < INK_MIN:
                taken.update(inside)  # specks the page-wide OCR read: the cell is blank
                continue
            if _bands(rows) >= 2:
                in_labels.update(inside)
                continue  # text on two lines: a label the page-wide OCR did not read
            r, c = np.nonzero(rows)[0], np.nonzero(cols)[0]
            top, bottom, left, right = int(r[0]), int(r[-1]) + 1, int(c[0]), int(c[-1]) + 1
            crop = gray[y0 + max(0, top - 3) : y0 + bottom + 3, x0 + max(0, left - 3) : x0 + right + 3].copy()
            mask = ink[max(0, top - 3) : bottom + 3, max(0, left - 3) : right + 3]
            crop[~mask & (crop < 128)] = 255  # dark pixels outside the glyphs: line remnants, specks
            text = "".join(words[n][5] for n in sorted(inside, key=lambda n: words[n][0]))
            conf = min((words[n][4] for n in inside), default=0.0)
            votes = [(text, conf)] if inside else []
            cells.append(CellRead(page, (x0 + left, y0 + top, x0 + right, y0 + bottom), votes, Image.fromarray(crop)))
            taken.update(inside)
    kept = [n for n in range(len(words)) if n not in taken]
    return cells, [words[n] for n in kept], frozenset(k for k, n in enumerate(kept) if n in in_labels)


def _threshold(values) -> int:  # noqa: ANN001 - numpy uint8 array
    """The grey level that best splits *values* into ink and paper (Otsu: the largest variance
    between the two classes)."""
    import numpy as np

    hist = np.bincount(values.ravel(), minlength=256).astype(float)
    levels = np.arange(256, dtype=float)
    weight = np.cumsum(hist)  # pixels at or below each level
    mass = np.cumsum(hist * levels)
    total, total_mass = weight[-1], mass[-1]
    paper = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight - total * mass) ** 2 / (weight * paper)
    between[(weight == 0) | (paper == 0)] = -1
    return int(np.argmax(between))


def _framed(image, glyph: int, sharp: bool = False):  # noqa: ANN001, ANN202 - PIL images
    """*image* scaled to a *glyph*-pixel height on a white margin (Tesseract reads lone digits best so).

    *sharp*: the crop made black on white first (at :func:`_threshold`) and the scaled strokes softened
    by one pixel, which gives the grey halo of a faint scan (a ``3`` read as ``a``) firm edges."""
    from PIL import Image, ImageFilter

    if sharp:
        import numpy as np

        grey = np.asarray(image)
        image = Image.fromarray(np.where(grey > _threshold(grey), 255, 0).astype(np.uint8))
    factor = glyph / max(image.height, 1)
    scaled = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))), Image.LANCZOS)
    if sharp:
        scaled = scaled.filter(ImageFilter.GaussianBlur(1))
    margin = int(scaled.height * 0.8)
    framed = Image.new("L", (scaled.width + 2 * margin, scaled.height + 2 * margin), 255)
    framed.paste(scaled, (margin, margin))
    return framed


def _vote(votes: list[tuple[str, float]]) -> str | None:
    """The number at least two confident readings give, when no confident reading gives another.

    Two readings of :data:`SURE` confidence or more outvote a dissent below :data:`SURE` (the page-wide
    OCR reading ``0`` as ``1`` at 55 while both cell readings give ``0`` at 95)."""
    numbers = [(text, conf) for text, conf in votes if conf >= VOTE_CONFIDENCE and _NUMBER.fullmatch(text)]
    values = {text for text, _ in numbers}
    if len(values) == 1:
        return numbers[0][0] if len(numbers) >= 2 else None
    sure = [text for text, conf in numbers if conf >= SURE]
    if len(sure) >= 2 and len(set(sure)) == 1:
        return sure[0]
    return None


def _label(votes: list[tuple[str, float]]) -> str | None:
    """A label the page-wide OCR missed (``未经复议直接起诉`` in a header cell): a confident reading with
    two or more Chinese characters."""
    return next((text for text, conf in votes if conf >= VOTE_CONFIDENCE and _cjk(text) >= 2), None)


def _tsv(tsv: str) -> dict[int, tuple[str, float]]:
    """Each image's reading (by its place in the list): its words joined, the lowest confidence."""
    out: dict[int, list[tuple[str, float]]] = {}
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        try:
            out.setdefault(int(parts[1]) - 1, []).append((parts[11].strip(), float(parts[10])))
        except ValueError:
            continue
    return {n: ("".join(t for t, _ in ws), min(c for _, c in ws)) for n, ws in out.items()}


def _read(
    cells: list[CellRead],
    model: str,
    glyph: int,
    tesseract: str,
    tmp: Path,
    name: str,
    limits: ParseLimits | None,
    only: str = "",
    sharp: bool = False,
) -> None:
    tag = f"{model}-{glyph}-{len(only)}-{int(sharp)}"
    listing = tmp / f"cells-{tag}.txt"
    paths = []
    for n, cell in enumerate(cells):
        path = tmp / f"cell-{tag}-{n}.png"
        _framed(cell.image, glyph, sharp).save(path)
        paths.append(str(path))
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    done = run_helper(
        [tesseract, str(listing), "-", "-l", model, "--psm", "7", *(["-c", f"tessedit_char_whitelist={only}"] if only else []), "tsv"],
        timeout=_TIMEOUT,
        too_slow=f"{name}：OCR 逐格识别表格超过 {{limit}} 秒仍未完成，已停止识别",
        limits=limits,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    readings = _tsv(done.stdout) if done.returncode == 0 else {}
    for n, cell in enumerate(cells):
        cell.votes.append(readings.get(n, ("", 0.0)))


def read_cells(cells: list[CellRead], tesseract: str, tmp: Path, name: str, limits: ParseLimits | None = None) -> int:
    """Read *cells* (``eng``; then ``chi_sim``, then ``eng`` at a smaller scale where still undecided)
    and set each one's text: the agreed number or :data:`UNSURE`. Returns how many stay unsure."""
    if not cells:
        return 0
    passes = (
        ("eng", _GLYPH, "", False),
        ("chi_sim", _GLYPH, "", False),
        ("eng", _GLYPH * 2 // 3, "", False),
        ("eng", _GLYPH, _DIGITS, False),
        ("eng", _GLYPH, "", True),
    )
    for n, (model, glyph, only, sharp) in enumerate(passes):
        todo = cells if n == 0 else [c for c in cells if _vote(c.votes) is None and _label(c.votes) is None]
        if todo:
            _read(todo, model, glyph, tesseract, tmp, name, limits, only, sharp)
    unsure = 0
    for cell in cells:
        cell.image = None
        value = _vote(cell.votes)
        label = _label(cell.votes) if value is None else None
        cell.text = value if value is not None else label or UNSURE
        unsure += value is None and label is None
    return unsure


def cell_chars(cells: list[CellRead], scale: float) -> list[Char]:
    """The characters of read cells, spread over each cell's ink (in points)."""
    chars: list[Char] = []
    for cell in cells:
        x0, top, x1, bottom = cell.box
        step = (x1 - x0) / len(cell.text)
        for n, ch in enumerate(cell.text):
            left = x0 + n * step
            chars.append(Char(ch, left / scale, top / scale, (left + step) / scale, bottom / scale))
    return chars


# ------------------------------------------------------------------ rows placed by their order


def _letters(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def _sequences(version: str) -> list[tuple[str, list]]:
    """The template's rows in printed order: each block of table 2, table 3 whole."""
    from gongkai.core.formats import FORMATS

    fmt = FORMATS[version]
    out: list[tuple[str, list]] = [("table2", list(block.rows)) for block in fmt.table2.blocks]
    out.append(("table3", list(fmt.table3.rows)))
    return out


def _where(text: str, sequences: list[tuple[str, list]]) -> tuple[int, int] | None:
    """(sequence, position) of the one template row whose label *text* is (by its characters)."""
    letters = _letters(text)
    if len(letters) < 2:
        return None
    hits = {
        (s, p)
        for s, (_, rows) in enumerate(sequences)
        for p, row in enumerate(rows)
        if letters in (_letters(row.full_label), _letters(row.label)) and _letters(row.full_label) != "总计"
    }
    return hits.pop() if len(hits) == 1 else None


def _is_value(cell: str | None) -> bool:
    return bool(cell) and (cell == UNSURE or _NUMBER.fullmatch(cell) is not None)


def place_by_order(blocks: list) -> list[str]:
    """Give a row whose label OCR garbled (``舰阐`` for 规章) the template label its place proves: the
    labelled rows around it (or the table's header rows before it) leave exactly that many template
    rows between them. Returns the labels given (the caller marks those rows as uncertain)."""
    from gongkai.core.parse.blocks import Grid

    streams: list[list[tuple[list, int | None]]] = [[]]
    for block in blocks:
        if not isinstance(block, Grid):
            if streams[-1]:
                streams.append([])
            continue
        for row in block.rows:
            if not any(c and c.strip() for c in row):
                continue  # an empty row (a table's part cut by the page end): no boundary
            # The first value cell: a number, an unsure one or a blank ('' — a merged cell is None).
            first = next((n for n, c in enumerate(row) if c == "" or _is_value(c)), None)
            if first is not None and any(c and _letters(c) for c in row[first:]):
                first = None  # a header row (column names after a blank corner)
            if first is None:
                streams[-1].append((row, None))  # a header row: a boundary
                continue
            label = next((n for n in range(first - 1, -1, -1) if row[n] and _letters(row[n])), None)
            streams[-1].append((row, label))
    plans = {}
    letters = {v: {_letters(r.full_label) for _, rows in _sequences(v) for r in rows} for v in ("2021", "2019")}
    for version, other in (("2021", "2019"), ("2019", "2021")):
        sequences = _sequences(version)
        own = letters[version] - letters[other]  # labels only this template prints
        score = sum(1 for stream in streams for row, label in stream if label is not None and _letters(row[label]) in own)
        plans[version] = (score, _align(streams, sequences))
    (score21, plan21), (score19, plan19) = plans["2021"], plans["2019"]
    if score21 != score19:
        plan = plan21 if score21 > score19 else plan19
    else:  # both templates fit as well: only what both would give
        plan = [step for step in plan21 if step in plan19]
    given: list[str] = []
    for row_cells, label_at, text, by_order in plan:
        row_cells[label_at] = text
        if by_order:
            given.append(text)
    return given


def _align(streams: list, sequences: list[tuple[str, list]]) -> list[tuple[list, int, str, bool]]:
    """(row, label cell, template label, placed by order) for each row OCR read a template label of
    (by its characters) and for each unlabelled run whose place fixes its rows."""
    plan: list[tuple[list, int, str, bool]] = []
    for stream in streams:
        places = [None if label is None else _where(row[label], sequences) for row, label in stream]
        for (row, label), place in zip(stream, places, strict=True):
            if place is not None:
                template = sequences[place[0]][1][place[1]]
                if row[label] != template.full_label:  # e.g. 总计 alone: the column's name too, here the row's
                    plan.append((row, label, template.full_label, False))
        n = 0
        while n < len(stream):
            row, label = stream[n]
            if label is None or places[n] is not None:
                n += 1
                continue
            end = n
            while end < len(stream) and stream[end][1] is not None and places[end] is None:
                end += 1
            run = end - n
            after = places[end] if end < len(stream) else None
            before = places[n - 1] if n > 0 else None
            start_boundary = n == 0 or stream[n - 1][1] is None
            chosen: list = []
            if after is not None:
                s, p = after
                rows = sequences[s][1]
                if before is not None and before[0] == s and p - before[1] - 1 == run:
                    chosen = rows[before[1] + 1 : p]
                elif before is None and start_boundary and p == run:
                    chosen = rows[:p]
                for k, template in enumerate(chosen):
                    plan.append((stream[n + k][0], stream[n + k][1], template.full_label, True))
                    places[n + k] = (s, rows.index(template))
            n = end
    return plan
