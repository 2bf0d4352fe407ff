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
from typing import NamedTuple

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block
from gongkai.core.parse.layout import Char, edge, join_page, page_blocks
from gongkai.core.parse.limits import ParseLimits, check_pdf_pages

__all__ = ["PdfRead", "read_pdf"]

_TOL = 3.0


def _edges(page, height: float) -> list[dict]:  # noqa: ANN001 - pdfium page
    import pypdfium2.raw as pdfium_c

    edges: list[dict] = []

    def add(x0: float, top: float, x1: float, bottom: float, orientation: str) -> None:
        edges.append(edge(x0, top, x1, bottom, orientation))

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
    unsure: int = 0
    ordered: tuple[str, ...] = ()  # OCR: row labels given by the rows' place


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
    stacks: list[float] = []
    text_chars = 0
    page_number = 0
    try:
        for page_number in range(len(pdf)):
            page = pdf[page_number]
            width, height = page.get_size()
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count else ""
            chars: list[Char] = []
            for i, ch in enumerate(text[:count]):
                if ch.isspace() and (ch != " " or pdfium_c.FPDFText_IsGenerated(textpage.raw, i)):
                    continue
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                chars.append(Char(ch, left, height - top, right, height - bottom))
            text_chars += len(chars)
            join_page(blocks, page_blocks(chars, _edges(page, height), width, stacks))
    except pdfium.PdfiumError:
        raise UnreadableInputError(f"{name}：PDF 文件已损坏，第 {page_number + 1} 页无法读取") from None
    finally:
        pdf.close()
    if text_chars == 0:
        from gongkai.core.parse.ocr import read_scan

        scan = read_scan(data, name, limits)
        return PdfRead(scan.blocks, [], ocr=True, unsure=scan.unsure, ordered=tuple(scan.ordered))
    return PdfRead(blocks, [])
