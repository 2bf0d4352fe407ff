"""Renderers of the annual report (年度报告输出): Markdown, HTML, DOCX, XLSX and PDF.

``render(report, "html")`` returns the bytes of the chosen output. Every output prints the
title, the six sections and tables 2–4 in the template's merged-cell layout, computed once in
:mod:`gongkai.core.render.layout`. Empty cells (``None``) print as empty cells, never as 0.

The modules of the heavy outputs (python-docx, openpyxl, WeasyPrint) are imported only when
that output is asked for.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.exceptions import GongkaiError
from gongkai.core.report import Report

__all__ = [
    "RENDERERS",
    "RenderError",
    "Renderer",
    "get_renderer",
    "render",
    "render_to_file",
    "renderer_for_path",
    "write_output",
]


class RenderError(GongkaiError):
    """The report could not be rendered as asked (unknown output kind, unwritable target)."""


@dataclass(frozen=True)
class Renderer:
    """One output kind: its name (``--to``), file extension, media type and module."""

    name: str
    extension: str
    media_type: str
    module: str
    label: str

    def __call__(self, report: Report) -> bytes:
        """Render *report* to the bytes of this output."""
        module = importlib.import_module(f"gongkai.core.render.{self.module}")
        return module.render(report)


#: Every output kind by its ``--to`` name, in the order the CLI lists them.
RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("md", ".md", "text/markdown; charset=utf-8", "markdown", "Markdown"),
        Renderer("html", ".html", "text/html; charset=utf-8", "html", "HTML 网页"),
        Renderer(
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word 文档",
        ),
        Renderer(
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel 表格",
        ),
        Renderer("pdf", ".pdf", "application/pdf", "pdf", "PDF"),
    )
}

_ALIASES = {"markdown": "md", "htm": "html"}


def get_renderer(to: str) -> Renderer:
    """Return the renderer named *to* (``md``, ``html``, ``docx``, ``xlsx``, ``pdf``).

    Raises:
        RenderError: no such output kind.
    """
    name = _ALIASES.get(to.lower().lstrip("."), to.lower().lstrip("."))
    try:
        return RENDERERS[name]
    except KeyError:
        msg = f"不支持的输出格式 {to!r}，应为 {'、'.join(RENDERERS)} 之一"
        raise RenderError(msg) from None


def renderer_for_path(path: str) -> Renderer | None:
    """The renderer whose extension *path* ends with, or None."""
    lowered = str(path).lower()
    for alias, name in (*((r.extension, r.name) for r in RENDERERS.values()), (".markdown", "md"), (".htm", "html")):
        if lowered.endswith(alias):
            return RENDERERS[name]
    return None


def render(report: Report, to: str) -> bytes:
    """Render *report* as *to* (``md``, ``html``, ``docx``, ``xlsx`` or ``pdf``) and return the bytes.

    Raises:
        RenderError: *to* is not a known output kind.
    """
    return get_renderer(to)(report)


def render_to_file(report: Report, out: str | Path, to: str | None = None) -> Renderer:
    """Render *report* into the file *out* (``-`` for standard output) and return the renderer used.

    *to* names the output kind; without it the extension of *out* decides.

    Raises:
        RenderError: the kind is unknown or cannot be guessed, or *out* cannot be written.
    """
    if to:
        renderer = get_renderer(to)
    else:
        found = renderer_for_path(str(out)) if str(out) != "-" else None
        if found is None:
            msg = f"无法从输出文件名 {out} 判断格式，请用 --to 指定（{'、'.join(RENDERERS)}）"
            raise RenderError(msg)
        renderer = found
    target = _check_target(out)
    write_output(renderer(report), target)
    return renderer


def _check_target(out: str | Path) -> Path | None:
    if str(out) == "-":
        return None
    path = Path(out)
    if path.is_dir():
        raise RenderError(f"输出路径是一个目录，请给出文件名：{path}")
    parent = path.parent
    if not parent.is_dir():
        raise RenderError(f"输出目录不存在：{parent}")
    if not os.access(parent, os.W_OK):
        raise RenderError(f"输出目录不可写：{parent}")
    return path


def write_output(data: bytes, path: Path | None) -> None:
    """Write *data* to *path* atomically (a temporary file renamed into place), or to stdout if None.

    Raises:
        RenderError: the file cannot be written.
    """
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise RenderError(f"无法写入 {path}：{exc.strerror or exc}") from None
