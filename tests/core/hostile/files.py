"""Hostile files, built small and fast inside the tests (nothing large is committed).

Sizes are those of issue 8's reports: a DOCX that unpacks to 300 MB from under 1 MB on disk, a 36 KB
DOCX whose one cell claims ``gridSpan="300000000"``, a 5,000-page PDF (0.6 MB), a PDF whose page tree
is broken, and JSON nested 100,000 deep.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MB = 1024 * 1024


def _base_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("x")
    document.add_table(rows=2, cols=3)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def gridspan_docx(path: Path, span: int = 300_000_000) -> Path:
    """A DOCX with a 2×3 table whose first cell claims *span* columns."""
    source = zipfile.ZipFile(io.BytesIO(_base_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>'.encode(), 1)
                assert b"gridSpan" in data
            out.writestr(item, data)
    return path


def zip_bomb_docx(path: Path, megabytes: int = 300) -> Path:
    """A DOCX whose document.xml holds *megabytes* MB of tiny paragraphs (a few million elements), deflated
    to well under 1 MB: parsed, it takes gigabytes."""
    source = zipfile.ZipFile(io.BytesIO(_base_docx()))
    para = "<w:p><w:r><w:t>年报</w:t></w:r></w:p>".encode()
    chunk = para * (MB // len(para))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "word/document.xml":
                out.writestr(item, data)
                continue
            head, tail = data.split(b"<w:t>x</w:t>", 1)
            with out.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head + b"<w:t>x</w:t></w:r></w:p>")
                for _ in range(megabytes):
                    member.write(chunk)
                member.write(b"<w:p><w:r><w:t>x</w:t>" + tail)
    return path


def many_pages_pdf(path: Path, pages: int = 5000) -> Path:
    """A PDF of *pages* empty pages (no text layer, so a reader would OCR every one)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    pdf.save(str(path))
    pdf.close()
    return path


def _pdf(objects: list[str]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def corrupt_pdf(path: Path) -> Path:
    """A PDF that opens but whose page tree promises 3 pages and holds none (PDFium: 'Failed to load page')."""
    path.write_bytes(_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 3 >>"]))
    return path


def nested_json(path: Path, depth: int = 100_000) -> Path:
    path.write_text("[" * depth + "]" * depth)
    return path


def spans_html(path: Path) -> Path:
    """An HTML report table of 3 rows whose cells claim rowspan and colspan far beyond it."""
    cells = "".join('<td rowspan="99999" colspan="99999">1</td>' for _ in range(40))
    rows = "".join(f"<tr>{cells}</tr>" for _ in range(3))
    path.write_text(f"<html><body><h1>某镇2024年政府信息公开工作年度报告</h1><table>{rows}</table></body></html>")
    return path
