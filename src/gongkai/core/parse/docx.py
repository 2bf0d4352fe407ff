"""DOCX files (python-docx): paragraphs and tables of the body in order, merged cells resolved.

Merged cells are read from the XML: ``w:gridSpan`` (horizontal) and ``w:vMerge`` (vertical) give
``None`` where a merged cell continues, so every grid row keeps its column positions.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.normalize import clean_text

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _T, _TAB, _BR = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "t", "tab", "br"))
_SDT = f"{_W}sdt"


def _para_text(p) -> str:  # noqa: ANN001 - lxml element
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return clean_text("".join(parts))


def _cell_text(tc) -> str:  # noqa: ANN001
    return " ".join(" ".join(_para_text(p).split()) for p in tc.iter(_P)).strip()


def _grid(tbl) -> list[list[str | None]]:  # noqa: ANN001
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(_TR):
        out: list[str | None] = []
        pr = tr.find(f"{_W}trPr")
        if pr is not None:
            before = pr.find(f"{_W}gridBefore")
            if before is not None:
                out.extend([""] * int(before.get(f"{_W}val", "0") or 0))
        for tc in tr.iterchildren(_TC):
            props = tc.find(f"{_W}tcPr")
            span, continues = 1, False
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = max(1, int(grid_span.get(f"{_W}val", "1") or 1))
                merge = props.find(f"{_W}vMerge")
                if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                    continues = True
            out.append(None if continues else _cell_text(tc))
            out.extend([None] * (span - 1))
        rows.append(out)
    return rows


def _walk(parent, blocks: list[Block]) -> None:  # noqa: ANN001
    for child in parent.iterchildren():
        if child.tag == _P:
            for line in _para_text(child).split("\n"):
                line = " ".join(line.split())
                if line:
                    blocks.append(Para(line))
        elif child.tag == _TBL:
            blocks.append(Grid(_grid(child)))
        elif child.tag == _SDT:
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _walk(content, blocks)


def read_docx(data: bytes, name: str = "DOCX") -> list[Block]:
    """Read a DOCX file's body.

    Raises:
        UnreadableInputError: the file is not a complete DOCX (truncated, another zip, encrypted).
    """
    try:
        from docx import Document
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UnreadableInputError(f"{name}：读取 DOCX 需要 python-docx") from None
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError, EOFError):
        raise UnreadableInputError(f"{name}：DOCX 文件已损坏或不完整，无法打开") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken XML
        raise UnreadableInputError(f"{name}：DOCX 文件无法解析（{type(exc).__name__}）") from None
    blocks: list[Block] = []
    _walk(document.element.body, blocks)
    return blocks
