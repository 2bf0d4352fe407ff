"""A small OFD (GB/T 33190-2016) writer for tests: a PDF's text and ruling lines as an OFD package.

Each line of a PDF page (characters on one baseline with one font size, read with PDFium) becomes
a ``TextObject`` with one ``TextCode`` and its ``DeltaX`` advances; each thin path rectangle (a
table rule as WeasyPrint draws it) becomes a ``PathObject`` line, and a larger stroked rectangle
its four sides. Coordinates are millimetres, y downwards, as OFD wants. The package has
``OFD.xml``, ``Doc_0/Document.xml``, ``Doc_0/PublicRes.xml`` and ``Doc_0/Pages/Page_N/Content.xml``.
Options make the variants real OFD producers write: a ``CTM`` on text objects, ``g`` runs in
``DeltaX``, text split into one object per character.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _page_objects(page, *, ctm: bool, per_char: bool, use_g: bool) -> tuple[list[str], int]:  # noqa: ANN001, C901
    import pypdfium2.raw as pdfium_c

    _width, height = page.get_size()
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    chars = []
    for i, ch in enumerate(text[:count]):
        if ch.isspace() or pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        left, _bottom, right, _top = textpage.get_charbox(i, loose=False)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        x_origin, y_origin = ctypes_origin(textpage, i)
        chars.append((ch, x_origin * MM, (height - y_origin) * MM, size * MM, (right - left) * MM))
    # group into runs: same baseline, same size, increasing x
    runs: list[list[tuple]] = []
    for c in chars:
        if per_char or not runs:
            runs.append([c])
            continue
        last = runs[-1][-1]
        if abs(c[2] - last[2]) < 0.2 and abs(c[3] - last[3]) < 0.05 and 0 <= c[1] - last[1] < 3 * c[3]:
            runs[-1].append(c)
        else:
            runs.append([c])
    objects: list[str] = []
    oid = 100
    for run in runs:
        oid += 1
        size = run[0][3]
        x0, base = run[0][1], run[0][2]
        x1 = run[-1][1] + run[-1][4]
        box = f"{_fmt(x0)} {_fmt(base - size)} {_fmt(x1 - x0 + size)} {_fmt(size * 1.4)}"
        deltas = [run[k + 1][1] - run[k][1] for k in range(len(run) - 1)]
        parts: list[str] = []
        k = 0
        while k < len(deltas):
            j = k
            while use_g and j + 1 < len(deltas) and abs(deltas[j + 1] - deltas[k]) < 1e-3:
                j += 1
            if use_g and j - k >= 2:
                parts.append(f"g {j - k + 1} {_fmt(deltas[k])}")
            else:
                parts.extend(_fmt(d) for d in deltas[k : j + 1])
            k = j + 1
        string = escape("".join(c[0] for c in run))
        delta = f" DeltaX={quoteattr(' '.join(parts))}" if parts else ""
        if ctm:
            # Text drawn at half size in object space, scaled back by the CTM.
            objects.append(
                f'<ofd:TextObject ID="{oid}" Boundary="{box}" Font="3" Size="{_fmt(size * 2)}" CTM="0.5 0 0 0.5 0 0">'
                f'<ofd:TextCode X="0" Y="{_fmt(size * 2)}"'
                f"{' DeltaX=' + quoteattr(' '.join(_fmt(d * 2) for d in deltas)) if deltas else ''}>"
                f"{string}</ofd:TextCode></ofd:TextObject>"
            )
        else:
            objects.append(
                f'<ofd:TextObject ID="{oid}" Boundary="{box}" Font="3" Size="{_fmt(size)}">'
                f'<ofd:TextCode X="0" Y="{_fmt(size)}"{delta}>{string}</ofd:TextCode></ofd:TextObject>'
            )
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w, h = (right - left) * MM, (top - bottom) * MM
        x, y = left * MM, (height - top) * MM
        if w < 0.2 and h < 0.2:
            continue
        oid += 1
        if h <= 0.9:
            path = f"M 0 {_fmt(h / 2)} L {_fmt(w)} {_fmt(h / 2)}"
        elif w <= 0.9:
            path = f"M {_fmt(w / 2)} 0 L {_fmt(w / 2)} {_fmt(h)}"
        else:
            r, g, b, a = _fill(obj)
            if a == 0 or min(r, g, b) >= 240:
                continue  # a white background, not a rule
            path = f"M 0 0 L {_fmt(w)} 0 L {_fmt(w)} {_fmt(h)} L 0 {_fmt(h)} Z"
        objects.append(
            f'<ofd:PathObject ID="{oid}" Boundary="{_fmt(x)} {_fmt(y)} {_fmt(max(w, 0.1))} {_fmt(max(h, 0.1))}"'
            f' LineWidth="0.25"><ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>'
        )
    return objects, oid


def ctypes_origin(textpage, i: int) -> tuple[float, float]:  # noqa: ANN001
    import ctypes

    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def _fill(obj) -> tuple[int, int, int, int]:  # noqa: ANN001
    import ctypes

    import pypdfium2.raw as pdfium_c

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(v) for v in (r, g, b, a))):
        return 0, 0, 0, 255
    return r.value, g.value, b.value, a.value


def pdf_to_ofd(pdf_bytes: bytes, *, ctm: bool = False, per_char: bool = False, use_g: bool = False) -> bytes:
    """An OFD package with the text and rules of *pdf_bytes*."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    files: dict[str, str] = {}
    pages: list[str] = []
    max_id = 0
    try:
        width, height = pdf[0].get_size()
        for n in range(len(pdf)):
            objects, max_id = _page_objects(pdf[n], ctm=ctm, per_char=per_char, use_g=use_g)
            files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="{n + 10}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
            )
            pages.append(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>')
    finally:
        pdf.close()
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" DocType="OFD" Version="1.0">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0f1e2d3c4b5a69788796a5b4c3d2e1f0</ofd:DocID>"
        "<ofd:Creator>gongkai tests</ofd:Creator></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{max_id + 1}</ofd:MaxUnitID><ofd:PageArea>"
        f"<ofd:PhysicalBox>0 0 {_fmt(width * MM)} {_fmt(height * MM)}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{''.join(pages)}</ofd:Pages></ofd:Document>"
    )
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path, text in files.items():
            package.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()
