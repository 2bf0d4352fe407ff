"""Renderers of the annual report (年度报告输出): Markdown, HTML, DOCX, XLSX and PDF.

``render(report, "html")`` returns the bytes of the chosen output. Every output prints the
title, the six sections and tables 2–4 in the template's merged-cell layout, computed once in
:mod:`gongkai.core.render.layout`. Empty cells (``None``) print as empty cells, never as 0.

The modules of the heavy outputs (python-docx, openpyxl, WeasyPrint) are imported only when
that output is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from gongkai.core.exceptions import GongkaiError
from gongkai.core.report import Report

__all__ = ["RENDERERS", "RenderError", "Renderer", "get_renderer", "render", "renderer_for_path"]


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
        Renderer("html", ".html", "text/html; charset=utf-8", "html", "网页（HTML）"),
        Renderer(
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "Word 文档（DOCX）",
        ),
        Renderer(
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Excel 表格（XLSX）",
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
