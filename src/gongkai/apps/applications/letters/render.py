"""Letters as DOCX (python-docx) and PDF (WeasyPrint), laid out after GB/T 9704 《党政机关公文格式》.

- Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm), 22 lines of
  28 characters, page numbers ``— 1 —`` (the annual report's page set-up, :mod:`gongkai.core.render.docx`).
- Title: 方正小标宋简体 2号 (22 pt), centred, not bold (小标宋 is a display face; the PDF falls back to the
  bold weight of Noto Serif CJK SC, which looks like it). 文号 under it, centred, 仿宋_GB2312 3号.
- 主送 (the applicant): one blank line under the 文号, flush left, ending in a full-width colon.
- Body: 仿宋_GB2312 3号 (16 pt), first line indented two characters. DOCX justifies (Word and LibreOffice
  spread CJK text between characters); the PDF is set flush left on a 28-character grid (a letter-spacing
  that makes 28 characters fill the 156 mm line), because WeasyPrint justifies only at spaces
  (``justify_line`` in its ``layout/inline.py``; ``text-justify`` is not implemented) and would open wide
  gaps at the one space of a line. Pango's line breaking (UAX #14) keeps 。，、 off the start of a line;
  ``text-justify`` and ``line-break`` are left out of this CSS, as WeasyPrint ignores them with a warning.
- 附件说明 (GB/T 9704 7.3.4): a blank line under the text, two characters in, ``附件：1.名称``, later items
  aligned with the first name, no punctuation after a name.
- 落款 with room for the seal (7.3.5.1): two blank lines under the text (the seal's top within a line of
  it), the 成文日期 four characters from the right, the body's name centred over the date; the last
  lines of the text, the name, the date and the 附注 are kept on one page (no page with the seal alone). 附注 (contact) under the date, two characters in,
  in parentheses (7.3.6).

Fonts are the GB/T 9704 names with fallbacks: in CSS as font-family lists ending in Noto Serif/Sans CJK SC
(Debian ``fonts-noto-cjk``), in DOCX as ``w:eastAsia`` names declared in the font table with a Word
substitute (``w:altName``), see :mod:`gongkai.core.render.docx`.
"""

from __future__ import annotations

import html
import io

from .compose import LetterParts

__all__ = ["DOCX_MEDIA_TYPE", "PDF_MEDIA_TYPE", "render_docx", "render_html", "render_pdf"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"

#: Characters from the right edge to the 成文日期 (GB/T 9704 7.3.5.1: 右空四字).
_DATE_RIGHT = 4
#: Blank lines between the text and the 发文机关署名, for the seal.
_SEAL_LINES = 2


def _width(text: str) -> float:
    """Width of *text* in em: Chinese characters 1, digits and Latin letters ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def signature_indent(signature: str, date: str) -> float:
    """Right indent (em) of the 署名 that centres it over the date set four characters from the right."""
    return max(0.0, _DATE_RIGHT + (_width(date) - _width(signature)) / 2)


def _attachment_lines(names: list[str]) -> list[tuple[str, bool]]:
    """(text, continuation) lines of the 附件说明: ``附件：1.名称`` then ``2.名称`` aligned under it."""
    if not names:
        return []
    if len(names) == 1:
        return [(f"附件：{names[0]}", False)]
    return [(("附件：" if i == 1 else "") + f"{i}.{name}", i > 1) for i, name in enumerate(names, start=1)]


# -- DOCX ----------------------------------------------------------------------------------------


def render_docx(parts: LetterParts) -> bytes:
    """The letter as DOCX bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from gongkai.core.render import docx as gb

    doc = Document()
    gb.page_setup(doc)
    gb.declare_fonts(doc)
    size = gb.BODY_SIZE
    pitch = gb.LINE_PITCH

    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    gb.set_run_fonts(rpr, gb.BODY_FONT)
    normal.font.size = Pt(size)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    # No extra space between Chinese and Latin text or digits (Word's default adds it): the text keeps the
    # 28-character grid, and the 署名 stays centred over the date.
    ppr = normal.element.get_or_add_pPr()
    later = (
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # in schema order (CT_PPr is a sequence)
        ppr.insert_element_before(ppr.makeelement(qn(tag), {qn("w:val"): "0"}), *later)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")

    def para(text: str = "", *, align=None, first_indent: float = 0, left: float = 0, right: float = 0):
        p = doc.add_paragraph()
        if text:
            p.add_run(text)
        pf = p.paragraph_format
        if align is not None:
            p.alignment = align
        if first_indent:
            ind = p._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:firstLineChars"), str(int(first_indent * 100)))
            ind.set(qn("w:firstLine"), str(int(first_indent * size * 20)))
        if left:
            pf.left_indent = Pt(left * size)
        if right:
            pf.right_indent = Pt(right * size)
        return p

    title = para(align=WD_ALIGN_PARAGRAPH.CENTER)
    run = title.add_run(parts.title)
    gb.set_run_fonts(run._element.get_or_add_rPr(), gb.TITLE_FONT)
    run.font.size = Pt(gb.TITLE_SIZE)
    run.bold = False
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.keep_with_next = True
    number = para(parts.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.keep_with_next = True
    para().paragraph_format.keep_with_next = True  # 标题下空一行编排主送机关
    para(parts.addressee)
    body = [para(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=2) for text in parts.paragraphs]
    lines = _attachment_lines(parts.attachments)
    if lines:
        para()
        for text, continuation in lines:
            body.append(para(text, left=5 if continuation else 2))
    if body:
        body[-1].paragraph_format.keep_with_next = True
    signature = para(
        parts.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, right=signature_indent(parts.signature, parts.date)
    )
    signature.paragraph_format.space_before = Pt(pitch.pt * _SEAL_LINES)
    signature.paragraph_format.keep_with_next = True
    signature.paragraph_format.keep_together = True
    date = para(parts.date, align=WD_ALIGN_PARAGRAPH.RIGHT, right=_DATE_RIGHT)
    if parts.contact:
        date.paragraph_format.keep_with_next = True
        para(f"（{parts.contact}）", left=2)
    gb.page_numbers(doc)
    props = doc.core_properties
    props.title = parts.title
    props.author = parts.signature
    props.language = "zh-CN"
    props.comments = "gongkai"
    props.last_modified_by = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- HTML and PDF --------------------------------------------------------------------------------

_CSS = """
@font-face { font-family: "Gongkai Title";
  src: local("方正小标宋简体"), local("FZXiaoBiaoSong-B05S"), local("方正小标宋_GBK"), local("华文中宋"),
    local("STZhongsong"), local("Noto Serif CJK SC Bold"), local("NotoSerifCJKsc-Bold"); }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font-family: "宋体", "SimSun",
  "Noto Serif CJK SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-right: 14pt; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font-family: "宋体", "SimSun",
  "Noto Serif CJK SC", serif; font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-left: 14pt; } }
html { color: #000; background: #fff; }
body { margin: 0; font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong",
  "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28.95pt; }
.letter p { margin: 0; text-align: left; word-break: normal; overflow-wrap: anywhere; orphans: 2; widows: 2;
  /* 28 characters a line in the 156 mm 版心 (GB/T 9704 7.1): 156 mm / 28 = 15.79 pt a character. */
  letter-spacing: -0.21pt; }
.letter h1 { font-family: "Gongkai Title", "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong",
  "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; line-height: 35pt; text-align: center;
  margin: 0; break-after: avoid; }
.letter .number { text-align: center; margin-bottom: 28.95pt; break-after: avoid; }
.letter .indent { text-indent: 31.58pt; }
.letter .attachments { margin-top: 28.95pt; }
.letter .attachments p { padding-left: 31.58pt; }
.letter .attachments p.more { padding-left: 78.95pt; }
.letter .last { break-after: avoid; page-break-after: avoid; }
.letter .closing { break-inside: avoid; page-break-inside: avoid; }
.letter .signature { text-align: right; margin-top: 57.9pt; }
.letter .date { text-align: right; padding-right: 63.16pt; }
.letter .note { padding-left: 31.58pt; }
"""


def render_html(parts: LetterParts) -> str:
    """The letter as a standalone HTML page (the PDF, and the template editor's preview)."""
    esc = html.escape
    paragraphs = [f'<p class="indent">{esc(text)}</p>' for text in parts.paragraphs]
    # The last lines of the text go with the 落款 (no page break after the last paragraph, whose last two
    # lines may move), so that the seal never stands alone on a page.
    if paragraphs:
        paragraphs[-1] = paragraphs[-1].replace('class="indent"', 'class="indent last"', 1)
    lines = _attachment_lines(parts.attachments)
    attachments = ""
    if lines:
        attachments = (
            '<div class="attachments">'
            + "".join(f'<p class="{"more" if more else ""}">{esc(text)}</p>' for text, more in lines)
            + "</div>"
        )
    right = signature_indent(parts.signature, parts.date) * 15.79
    note = f'<p class="note">（{esc(parts.contact)}）</p>' if parts.contact else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<title>{esc(parts.title)}</title><style>{_CSS}</style></head><body><article class="letter">'
        f'<h1>{esc(parts.title)}</h1><p class="number">{esc(parts.number)}</p>'
        f"<p>{esc(parts.addressee)}</p>{''.join(paragraphs)}"
        f'<div class="closing">{attachments}'
        f'<p class="signature" style="padding-right:{right:.2f}pt">{esc(parts.signature)}</p>'
        f'<p class="date">{esc(parts.date)}</p>{note}</div></article></body></html>'
    )


def render_pdf(parts: LetterParts) -> bytes:
    """The letter as PDF bytes (fonts embedded, text extractable)."""
    from weasyprint import HTML

    document = HTML(string=render_html(parts)).render()
    document.metadata.title = parts.title
    document.metadata.authors = [parts.signature]
    data = document.write_pdf()
    assert data is not None
    return data
