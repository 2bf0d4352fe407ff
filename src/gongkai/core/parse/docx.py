"""DOCX files (python-docx): paragraphs and tables of the body in order, merged cells resolved.

Merged cells are read from the XML: ``w:gridSpan`` (horizontal) and ``w:vMerge`` (vertical) give
``None`` where a merged cell continues, so every grid row keeps its column positions.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.blocks import Block, Grid, Para
from gongkai.core.parse.limits import clamp
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


def _number(el, default: int) -> int:  # noqa: ANN001
    try:
        return int(el.get(f"{_W}val", default) or default)
    except ValueError:
        return default


def _width(tbl) -> int:  # noqa: ANN001
    """The table's real number of columns: its grid (``w:tblGrid``), else its widest row's cell count.
    A span a cell claims is clamped to it (``gridSpan="300000000"`` must not build a row that long)."""
    grid = tbl.find(f"{_W}tblGrid")
    columns = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
    return columns or max((len(tr.findall(_TC)) for tr in tbl.iterchildren(_TR)), default=1)


def _grid(tbl) -> list[list[str | None]]:  # noqa: ANN001
    rows: list[list[str | None]] = []
    width = _width(tbl)
    for tr in tbl.iterchildren(_TR):
        out: list[str | None] = []
        pr = tr.find(f"{_W}trPr")
        if pr is not None:
            before = pr.find(f"{_W}gridBefore")
            if before is not None:
                out.extend([""] * clamp(_number(before, 0), 0, width - 1))
        for tc in tr.iterchildren(_TC):
            props = tc.find(f"{_W}tcPr")
            span, continues = 1, False
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = clamp(_number(grid_span, 1), 1, width - len(out))
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
    except MemoryError:
        raise  # the sandbox's memory limit (gongkai.core.sandbox) says so in its own words
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken XML
        raise UnreadableInputError(f"{name}：DOCX 文件无法解析（{type(exc).__name__}）") from None
    blocks: list[Block] = []
    _walk(document.element.body, blocks)
    return blocks
