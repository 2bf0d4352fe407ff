"""Word (.docx) documents as item bodies: headings, paragraphs, bold/italic, lists and tables as HTML, and the
images and files embedded in the document as separate files (they become the item's 附件).

:func:`import_docx` is the entry point for untrusted files: the package is checked from its zip directory first
(:func:`gongkai.core.parse.limits.check_zip`: zip bombs, too many entries) and the conversion runs in a child
process with the memory and time limits of :mod:`gongkai.core.sandbox`. A table cell's ``w:gridSpan`` is clamped
to the table's real width, and a table that claims more than :data:`MAX_COLUMNS` columns is refused, so that
``gridSpan="300000000"`` builds nothing. Every failure is :class:`UnreadableInputError` with one Chinese line.

The HTML is only a proposal: the caller runs it through the platform's sanitizer (publishing/sanitize.py), which
keeps the small set of tags used here. Images are not inlined into the body; where one stood the body says
``［图：见附件“…”］``.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.limits import ParseLimits, check_zip, clamp

__all__ = ["MAX_COLUMNS", "EmbeddedFile", "WordDocument", "docx_to_html", "import_docx"]

#: Word's own tables have at most 63 columns; more than this is a broken or hostile file.
MAX_COLUMNS = 100

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: Content types of images by extension, for the files handed back.
_IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}

TOO_MANY_COLUMNS = "{name}：表格声称有 {columns} 列（w:gridSpan 跨列），超过 {limit} 列的上限，疑似恶意文件，拒绝导入"
_TAG = re.compile(r"<[^>]+>")
_LIST_STYLE = re.compile(r"list (?:bullet|number|continue|paragraph)? ?(\d)")
NOT_DOCX = "{name}：不是有效的 Word（.docx）文件，或文件已损坏，无法导入"


@dataclass(frozen=True)
class EmbeddedFile:
    """An image or file embedded in the document."""

    name: str
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class WordDocument:
    """A converted document: the body's HTML, its title (the first heading or Title paragraph, else the core
    properties' title), and the embedded files in document order."""

    html: str
    title: str = ""
    files: tuple[EmbeddedFile, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)


def _val(el, default: str = "") -> str:  # noqa: ANN001 - lxml element
    return el.get(f"{_W}val", default) if el is not None else default


def _on(el) -> bool:  # noqa: ANN001
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on unless its value says off."""
    return el is not None and _val(el, "true").lower() not in ("0", "false", "off", "none")


class _Converter:
    def __init__(self, document, name: str) -> None:  # noqa: ANN001 - docx.Document
        self.document = document
        self.name = name
        self.part = document.part
        self.files: list[EmbeddedFile] = []
        self.seen_parts: dict[str, str] = {}  # partname -> file name (an image used twice is one file)
        self.counts = {"paragraphs": 0, "headings": 0, "tables": 0, "lists": 0, "images": 0, "files": 0}
        self.title = ""
        self.styles = self._styles()
        self.numbering = self._numbering()

    # ---------------------------------------------------------------------------------------- styles

    def _styles(self) -> dict[str, tuple[str, int | None, tuple[str, str] | None]]:
        """style id -> (lower-case name, outline level, numbering (numId, ilvl) the style gives)."""
        out: dict[str, tuple[str, int | None, tuple[str, str] | None]] = {}
        try:
            root = self.document.styles.element
        except Exception:  # noqa: BLE001 - a document without a styles part
            return out
        for style in root.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId", "")
            name_el = style.find(f"{_W}name")
            name = _val(name_el).lower()
            ppr = style.find(f"{_W}pPr")
            level = None
            numbering = None
            if ppr is not None:
                outline = ppr.find(f"{_W}outlineLvl")
                if outline is not None and _val(outline).isdigit():
                    level = int(_val(outline))
                num = ppr.find(f"{_W}numPr")
                if num is not None:
                    numbering = (_val(num.find(f"{_W}numId")), _val(num.find(f"{_W}ilvl"), "0"))
            out[sid] = (name, level, numbering)
        return out

    def _numbering(self) -> dict[tuple[str, str], str]:
        """(numId, ilvl) -> "ul" or "ol", from the numbering part (bullets are ``w:numFmt="bullet"``)."""
        out: dict[tuple[str, str], str] = {}
        try:
            root = self.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: no lists
            return out
        abstract: dict[str, dict[str, str]] = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iterchildren(f"{_W}lvl"):
                fmt = _val(lvl.find(f"{_W}numFmt"), "decimal")
                levels[lvl.get(f"{_W}ilvl", "0")] = "ul" if fmt in ("bullet", "none") else "ol"
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iterchildren(f"{_W}num"):
            levels = abstract.get(_val(num.find(f"{_W}abstractNumId")), {})
            for ilvl, kind in levels.items():
                out[(num.get(f"{_W}numId", ""), ilvl)] = kind
        return out

    def _heading_level(self, ppr) -> int | None:  # noqa: ANN001
        """1 for a Title or 标题 1 paragraph, 2, 3 … for lower headings; None for body text."""
        sid = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else ""
        name, level, _num = self.styles.get(sid, ("", None, None))
        own = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        if own is not None and _val(own).isdigit():
            level = int(_val(own))
        if name in ("title", "标题") or sid.lower() == "title":
            return 1
        for prefix in ("heading ", "标题 "):
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                return int(name[len(prefix) :])
        if level is not None and level < 9:  # outline level 0 is 标题 1
            return level + 1
        return None

    def _list_of(self, ppr) -> tuple[str, int] | None:  # noqa: ANN001
        """("ul"/"ol", depth) for a list paragraph, else None."""
        if ppr is None:
            return None
        num = ppr.find(f"{_W}numPr")
        style_name, _level, style_key = self.styles.get(_val(ppr.find(f"{_W}pStyle")), ("", None, None))
        key = None
        if num is not None:
            key = (_val(num.find(f"{_W}numId")), _val(num.find(f"{_W}ilvl"), "0"))
        else:
            key = style_key
        if not key or key[0] in ("", "0"):  # numId 0 switches numbering off
            return None
        kind = self.numbering.get(key) or self.numbering.get((key[0], "0"))
        if kind is None:
            return None
        depth = int(key[1]) if key[1].isdigit() else 0
        # Word's "List Bullet 2", "List Number 3" … styles are lower levels through their indent alone
        level = _LIST_STYLE.fullmatch(style_name)
        if depth == 0 and level:
            depth = int(level.group(1)) - 1
        return kind, clamp(depth, 0, 8)

    # ------------------------------------------------------------------------------------- embedded

    def _related(self, rid: str):  # noqa: ANN202 - a docx Part or None
        rel = self.part.rels.get(rid)
        if rel is None or rel.is_external:
            return None
        return rel.target_part

    def _keep(self, part, kind: str) -> str:  # noqa: ANN001
        partname = str(part.partname)
        if partname in self.seen_parts:
            return self.seen_parts[partname]
        ext = posixpath.splitext(partname)[1].lstrip(".").lower() or "bin"
        stem = posixpath.splitext(posixpath.basename(self.name))[0] or "文档"
        if kind == "image":
            self.counts["images"] += 1
            file_name = f"{stem}-图{self.counts['images']}.{ext}"
            content_type = _IMAGE_TYPES.get(ext, part.content_type or "application/octet-stream")
        else:
            self.counts["files"] += 1
            file_name = f"{stem}-附件{self.counts['files']}-{posixpath.basename(partname)}"
            content_type = part.content_type or "application/octet-stream"
        self.files.append(EmbeddedFile(name=file_name, data=part.blob, content_type=content_type))
        self.seen_parts[partname] = file_name
        return file_name

    def _drawing(self, node) -> str:  # noqa: ANN001 - w:drawing or w:pict
        names = []
        for blip in node.iter(f"{_A}blip"):
            part = self._related(blip.get(f"{_R}embed", ""))
            if part is not None:
                names.append(self._keep(part, "image"))
        for image in node.iter(f"{_V}imagedata"):
            part = self._related(image.get(f"{_R}id", ""))
            if part is not None:
                names.append(self._keep(part, "image"))
        return "".join(f"［图：见附件“{html.escape(n)}”］" for n in names)

    def _object(self, node) -> str:  # noqa: ANN001 - w:object (an embedded Excel sheet, PDF, …)
        names = []
        for ole in node.iter(f"{_O}OLEObject"):
            part = self._related(ole.get(f"{_R}id", ""))
            if part is not None:
                names.append(self._keep(part, "file"))
        if not names:  # an object with a picture only
            return self._drawing(node)
        return "".join(f"［附件：“{html.escape(n)}”］" for n in names)

    # ----------------------------------------------------------------------------------------- text

    def _run(self, run) -> str:  # noqa: ANN001 - w:r
        rpr = run.find(f"{_W}rPr")
        parts: list[str] = []
        for child in run.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(html.escape(child.text or "", quote=False))
            elif tag == f"{_W}tab":
                parts.append(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("<br>")
            elif tag in (f"{_W}drawing", f"{_W}pict"):
                parts.append(self._drawing(child))
            elif tag == f"{_W}object":
                parts.append(self._object(child))
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                chosen = choice if choice is not None else child.find(f"{_MC}Fallback")
                if chosen is not None:
                    parts.append(self._drawing(chosen))
        text = "".join(parts)
        if not text or rpr is None:
            return text
        if _on(rpr.find(f"{_W}b")):
            text = f"<strong>{text}</strong>"
        if _on(rpr.find(f"{_W}i")):
            text = f"<em>{text}</em>"
        underline = rpr.find(f"{_W}u")
        if underline is not None and _val(underline, "single") != "none":
            text = f"<u>{text}</u>"
        if _on(rpr.find(f"{_W}strike")) or _on(rpr.find(f"{_W}dstrike")):
            text = f"<s>{text}</s>"
        vert = _val(rpr.find(f"{_W}vertAlign"))
        if vert == "superscript":
            text = f"<sup>{text}</sup>"
        elif vert == "subscript":
            text = f"<sub>{text}</sub>"
        return text

    def _inline(self, parent) -> str:  # noqa: ANN001 - w:p, w:hyperlink, w:ins, w:smartTag …
        out: list[str] = []
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{_W}r":
                out.append(self._run(child))
            elif tag == f"{_W}hyperlink":
                inner = self._inline(child)
                rel = self.part.rels.get(child.get(f"{_R}id", ""))
                if rel is not None and rel.is_external and inner:
                    href = html.escape(rel.target_ref, quote=True)
                    out.append(f'<a href="{href}">{inner}</a>')
                else:
                    out.append(inner)
            elif tag in (f"{_W}ins", f"{_W}smartTag", f"{_W}fldSimple", f"{_W}customXml", f"{_W}sdt"):
                content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
                if content is not None:
                    out.append(self._inline(content))
            # w:del (deleted text of tracked changes), bookmarks, comments: left out
        return "".join(out)

    def _paragraph(self, p) -> tuple[str, str, tuple[str, int] | None]:  # noqa: ANN001
        """(tag, inner HTML, list info) of one paragraph."""
        ppr = p.find(f"{_W}pPr")
        inner = self._inline(p).strip()
        level = self._heading_level(ppr)
        if level is not None and inner:
            self.counts["headings"] += 1
            if not self.title:
                self.title = html.unescape(_strip_tags(inner)).strip()
            return f"h{clamp(level + 1, 2, 4)}", inner, None
        listed = self._list_of(ppr)
        if listed is not None and inner:
            return "li", inner, listed
        align = _val(ppr.find(f"{_W}jc")) if ppr is not None else ""
        style = {"center": "center", "right": "right", "end": "right", "both": "justify"}.get(align)
        tag = f'p style="text-align:{style}"' if style else "p"
        if inner:
            self.counts["paragraphs"] += 1
        return tag, inner, None

    # --------------------------------------------------------------------------------------- blocks

    def blocks(self, parent) -> str:  # noqa: ANN001 - w:body, w:tc, w:sdtContent
        out: list[str] = []
        stack: list[str] = []  # open list tags, one per depth

        def close_to(depth: int) -> None:
            while len(stack) > depth:
                out.append(f"</li></{stack.pop()}>")

        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                tag, inner, listed = self._paragraph(child)
                if listed is not None:
                    kind, depth = listed
                    depth = min(depth, len(stack))  # a list never skips a level
                    if len(stack) > depth + 1:
                        close_to(depth + 1)
                    if len(stack) == depth + 1 and stack[-1] != kind:
                        close_to(depth)
                    if len(stack) == depth + 1:
                        out.append(f"</li><li>{inner}")
                    else:
                        if not stack:
                            self.counts["lists"] += 1
                        stack.append(kind)
                        out.append(f"<{kind}><li>{inner}")
                    continue
                close_to(0)
                if inner:
                    out.append(f"<{tag}>{inner}</{tag.split()[0]}>")
            elif child.tag == f"{_W}tbl":
                close_to(0)
                out.append(self._table(child))
            elif child.tag == f"{_W}sdt":
                close_to(0)
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    out.append(self.blocks(content))
        close_to(0)
        return "".join(out)

    def _table(self, tbl) -> str:  # noqa: ANN001
        grid = tbl.find(f"{_W}tblGrid")
        width = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
        rows = list(tbl.iterchildren(f"{_W}tr"))
        widest = 0
        for tr in rows:  # what the rows claim, before anything is built
            claimed = 0
            for tc in tr.iterchildren(f"{_W}tc"):
                span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                claimed += max(_int(_val(span, "1"), 1), 1) if span is not None else 1
            if max(claimed, width) > MAX_COLUMNS:
                columns = max(claimed, width)
                raise UnreadableInputError(TOO_MANY_COLUMNS.format(name=self.name, columns=columns, limit=MAX_COLUMNS))
            widest = max(widest, len(tr.findall(f"{_W}tc")))
        # the grid is the table's real width; a span a cell claims beyond it is clamped (parse/docx.py does too)
        width = clamp(width or widest or 1, 1, MAX_COLUMNS)
        self.counts["tables"] += 1
        # cells as (row, column, span, vmerge, tc); then the row spans of vertically merged cells
        layout: list[list[tuple[int, int, str, object]]] = []
        for tr in rows:
            column, cells = 0, []
            trpr = tr.find(f"{_W}trPr")
            if trpr is not None:
                column = clamp(_int(_val(trpr.find(f"{_W}gridBefore"), "0"), 0), 0, width - 1)
            for tc in tr.iterchildren(f"{_W}tc"):
                if column >= width:
                    break
                tcpr = tc.find(f"{_W}tcPr")
                span, merge = 1, ""
                if tcpr is not None:
                    grid_span = tcpr.find(f"{_W}gridSpan")
                    if grid_span is not None:
                        span = clamp(_int(_val(grid_span, "1"), 1), 1, width - column)
                    vmerge = tcpr.find(f"{_W}vMerge")
                    if vmerge is not None:
                        merge = _val(vmerge, "continue")
                cells.append((column, span, merge, tc))
                column += span
            layout.append(cells)
        header_rows = 0
        for tr in rows:
            trpr = tr.find(f"{_W}trPr")
            if trpr is not None and _on(trpr.find(f"{_W}tblHeader")):
                header_rows += 1
            else:
                break
        out = ["<table>"]
        for r, cells in enumerate(layout):
            if r == 0 and header_rows:
                out.append("<thead>")
            if r == header_rows:
                out.append("<tbody>")
            out.append("<tr>")
            for column, span, merge, tc in cells:
                if merge == "continue":
                    continue
                rowspan = 1
                if merge == "restart":
                    for below in layout[r + 1 :]:
                        if any(c == column and m == "continue" for c, _s, m, _t in below):
                            rowspan += 1
                        else:
                            break
                cell_tag = "th" if r < header_rows else "td"
                attrs = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
                if cell_tag == "th":
                    attrs += ' scope="col"'
                out.append(f"<{cell_tag}{attrs}>{self._cell(tc)}</{cell_tag}>")
            out.append("</tr>")
            if r == header_rows - 1:
                out.append("</thead>")
        if len(layout) > header_rows:
            out.append("</tbody>")
        out.append("</table>")
        return "".join(out)

    def _cell(self, tc) -> str:  # noqa: ANN001
        """A cell's content: one paragraph inline, several as paragraphs (lists and tables kept)."""
        content = self.blocks(tc)
        if content.startswith("<p>") and content.endswith("</p>") and content.count("<p>") == 1:
            return content[3:-4]
        return content


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _strip_tags(text: str) -> str:
    return _TAG.sub("", text)


def docx_to_html(data: bytes, name: str = "Word 文件", limits: ParseLimits | None = None) -> WordDocument:
    """Convert a .docx file's body to HTML and collect its embedded images and files (in this process).

    Raises:
        UnreadableInputError: over a limit of :mod:`gongkai.core.parse.limits`, a table claiming more than
            :data:`MAX_COLUMNS` columns, or not a readable .docx.
    """
    limits = limits or ParseLimits.from_env()
    if not data.startswith(b"PK"):
        raise UnreadableInputError(NOT_DOCX.format(name=name))
    check_zip(data, name, limits)
    try:
        from docx import Document
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UnreadableInputError(f"{name}：读取 Word 文件需要 python-docx") from None
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, EOFError):
        raise UnreadableInputError(NOT_DOCX.format(name=name)) from None
    except MemoryError:
        raise  # the sandbox's memory limit says so in its own words
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on broken XML
        raise UnreadableInputError(NOT_DOCX.format(name=name)) from None
    converter = _Converter(document, name)
    body = converter.blocks(document.element.body)
    title = converter.title
    if not title:
        try:
            title = (document.core_properties.title or "").strip()
        except Exception:  # noqa: BLE001 - a broken core properties part
            title = ""
    return WordDocument(html=body, title=title[:300], files=tuple(converter.files), counts=dict(converter.counts))


def _convert(data: bytes, name: str, limits: ParseLimits) -> WordDocument:  # runs in the sandbox's child
    return docx_to_html(data, name, limits)


def import_docx(data: bytes, name: str = "Word 文件", limits: ParseLimits | None = None) -> WordDocument:
    """:func:`docx_to_html` on an untrusted file: in a child process with memory and time limits.

    Raises:
        UnreadableInputError: as :func:`docx_to_html`, or the conversion ran out of memory or time.
    """
    from gongkai.core.sandbox import run_limited

    limits = limits or ParseLimits.from_env()
    return run_limited(_convert, data, name, limits, name=name, limits=limits)
