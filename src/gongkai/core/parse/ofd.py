"""OFD (GB/T 33190-2016, 版式文档): the zip package of XML read with lxml, into laid-out pages.

``OFD.xml`` names the document (``DocBody/DocRoot``); its ``Document.xml`` lists the pages
(``Pages/Page@BaseLoc``) and the default page box. Each page's ``Content.xml`` holds layers of
``TextObject`` (``TextCode`` with ``X``/``Y`` baseline positions and ``DeltaX`` advances, in mm,
relative to the object's ``Boundary``, optionally through a ``CTM``) and ``PathObject``
(``AbbreviatedData``: ``M``/``L``/``Z`` … path commands). Characters become boxes and straight
path segments become ruling-line edges, so :mod:`.layout` finds the tables exactly as for a PDF.
Coordinates are converted to points (OFD's y axis already points down).

The package is checked before anything is inflated (:mod:`.ziplimits`) and the XML is parsed
without entities, DTDs or network access.
"""

from __future__ import annotations

import posixpath
import re

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block
from gongkai.core.parse.layout import Char, edge, join_page, page_blocks
from gongkai.core.parse.ziplimits import SafeZip

__all__ = ["MAX_PAGES", "is_ofd", "read_ofd"]

MAX_PAGES = 500
_MAX_OBJECTS = 200_000
_PT = 72 / 25.4  # points per millimetre
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"S": 0, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


def is_ofd(names: list[str]) -> bool:
    """Whether a zip's entry names are an OFD package (``OFD.xml`` at the root)."""
    return any(n.lstrip("/").lower() == "ofd.xml" for n in names)


def _parse_xml(data: bytes, name: str, part: str):  # noqa: ANN202 - lxml element
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        raise UnreadableInputError(f"{name}：OFD 包内 {part} 不是有效的 XML，无法读取") from None
    if root is None:
        raise UnreadableInputError(f"{name}：OFD 包内 {part} 为空")
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node, name: str) -> list:  # noqa: ANN001
    return [c for c in node if _local(c.tag) == name]


def _find(node, *path: str):  # noqa: ANN001, ANN202
    for name in path:
        found = _children(node, name) if node is not None else []
        node = found[0] if found else None
    return node


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text or "")]


def _deltas(text: str | None) -> list[float]:
    """``DeltaX``: advances, where ``g N v`` stands for N times v."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "g" and i + 2 < len(tokens):
            try:
                count, value = int(float(tokens[i + 1])), float(tokens[i + 2])
            except ValueError:
                break
            out.extend([value] * max(0, min(count, 10000)))
            i += 3
            continue
        try:
            out.append(float(token))
        except ValueError:
            break
        i += 1
    return out


def _resolve(base: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc)).lstrip("/")


class _Page:
    """Characters and edges of one page, in points, top-down."""

    def __init__(self) -> None:
        self.chars: list[Char] = []
        self.edges: list[dict] = []
        self.objects = 0

    def text(self, obj) -> None:  # noqa: ANN001 - lxml element
        box = _numbers(obj.get("Boundary"))
        if len(box) < 4:
            return
        ox, oy = box[0], box[1]
        size = (_numbers(obj.get("Size")) or [3.5])[0]
        ctm = _numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = max(abs(d), abs(a), 1e-6) if len(ctm) == 6 else 1.0
        glyph = size * scale
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if code.get("X") is not None:
                x = (_numbers(code.get("X")) or [0.0])[0]
            if code.get("Y") is not None:
                y = (_numbers(code.get("Y")) or [0.0])[0]
            dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
            for n, ch in enumerate(text):
                px, py = a * x + c * y + e + ox, b * x + d * y + f + oy
                wide = ord(ch) > 0x2E7F
                width = glyph if wide else glyph * 0.5
                if not ch.isspace() or ch == " ":
                    self.chars.append(
                        Char(ch, px * _PT, (py - glyph * 0.88) * _PT, (px + width) * _PT, (py + glyph * 0.12) * _PT)
                    )
                x += dx[n] if n < len(dx) else width
                y += dy[n] if n < len(dy) else 0.0

    def path(self, obj) -> None:  # noqa: ANN001
        if obj.get("Stroke", "true").lower() == "false" and obj.get("Fill", "false").lower() != "true":
            return
        box = _numbers(obj.get("Boundary"))
        if len(box) < 4:
            return
        ox, oy = box[0], box[1]
        data = _find(obj, "AbbreviatedData")
        tokens = _PATH_TOKEN.findall(data.text or "") if data is not None else []
        start = current = None
        i = 0
        while i < len(tokens):
            op = tokens[i]
            if op not in _ARGS:
                i += 1
                continue
            count = _ARGS[op]
            try:
                args = [float(t) for t in tokens[i + 1 : i + 1 + count]]
            except ValueError:
                return
            i += 1 + count
            if len(args) < count:
                return
            if op in ("M", "S") and args:
                start = current = (args[0], args[1])
            elif op == "L" and current is not None:
                self._segment(current, (args[0], args[1]), ox, oy)
                current = (args[0], args[1])
            elif op == "Z" and current is not None and start is not None:
                self._segment(current, start, ox, oy)
                current = start
            elif count >= 2:
                current = (args[-2], args[-1])

    def _segment(self, p: tuple[float, float], q: tuple[float, float], ox: float, oy: float) -> None:
        (x0, y0), (x1, y1) = p, q
        x0, x1, y0, y1 = (x0 + ox) * _PT, (x1 + ox) * _PT, (y0 + oy) * _PT, (y1 + oy) * _PT
        if abs(y1 - y0) <= 1.0 and abs(x1 - x0) > 3.0:
            y = (y0 + y1) / 2
            self.edges.append(edge(min(x0, x1), y, max(x0, x1), y, "h"))
        elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) > 3.0:
            x = (x0 + x1) / 2
            self.edges.append(edge(x, min(y0, y1), x, max(y0, y1), "v"))

    def walk(self, node, name: str) -> None:  # noqa: ANN001
        for child in node:
            self.objects += 1
            if self.objects > _MAX_OBJECTS:
                raise UnreadableInputError(f"{name}：OFD 页面对象过多，拒绝读取")
            kind = _local(child.tag)
            if kind == "TextObject":
                self.text(child)
            elif kind == "PathObject":
                self.path(child)
            elif kind in ("Layer", "PageBlock", "Content"):
                self.walk(child, name)


def read_ofd(data: bytes, name: str = "OFD") -> list[Block]:
    """Read an OFD file's first document into blocks.

    Raises:
        UnreadableInputError: not a complete OFD package, encrypted, too large, only images.
    """
    package = SafeZip(data, name, "OFD")
    root_name = next((n for n in package.names if n.lower() == "ofd.xml"), None)
    if root_name is None:
        raise UnreadableInputError(f"{name}：不是 OFD 文件（包内没有 OFD.xml）")
    root = _parse_xml(package.read(root_name), name, "OFD.xml")
    if any(_local(n.tag) == "Encryptions" for n in root.iter()):
        raise UnreadableInputError(f"{name}：OFD 文件已加密，无法读取")
    doc_root = _find(root, "DocBody", "DocRoot")
    if doc_root is None or not (doc_root.text or "").strip():
        raise UnreadableInputError(f"{name}：OFD 文件不完整（OFD.xml 没有 DocRoot）")
    doc_path = _resolve("", doc_root.text)
    document = _parse_xml(package.read(doc_path), name, doc_path)
    physical = _find(document, "CommonData", "PageArea", "PhysicalBox")
    box = _numbers(physical.text if physical is not None else None)
    width = (box[2] if len(box) >= 3 else 210.0) * _PT
    listing = _find(document, "Pages")
    pages = _children(listing, "Page") if listing is not None else []
    if not pages:
        raise UnreadableInputError(f"{name}：OFD 文件没有页面")
    if len(pages) > MAX_PAGES:
        raise UnreadableInputError(f"{name}：OFD 页数过多（{len(pages)} 页，上限 {MAX_PAGES}），拒绝读取")
    blocks: list[Block] = []
    stacks: list[float] = []
    images = chars = 0
    for page_ref in pages:
        loc = page_ref.get("BaseLoc")
        if not loc:
            continue
        page_path = _resolve(doc_path, loc)
        content = _parse_xml(package.read(page_path), name, page_path)
        page = _Page()
        body = _find(content, "Content")
        if body is not None:
            page.walk(body, name)
        images += sum(1 for n in content.iter() if _local(n.tag) == "ImageObject")
        chars += len(page.chars)
        join_page(blocks, page_blocks(page.chars, page.edges, width, stacks))
    if chars == 0:
        if images:
            raise UnreadableInputError(f"{name}：OFD 只有图像（扫描件），没有文字，无法读取")
        raise UnreadableInputError(f"{name}：OFD 文件没有文字内容")
    return blocks
