"""The package entry point: ``render(report, to)``, ``RENDERERS`` and writing files."""

from __future__ import annotations

import pytest

from gongkai.core.exceptions import GongkaiError
from gongkai.core.render import RENDERERS, RenderError, render, render_to_file, renderer_for_path


def test_renderers():
    assert list(RENDERERS) == ["md", "html", "docx", "xlsx", "pdf"]
    assert RENDERERS["docx"].media_type.endswith("wordprocessingml.document")
    assert renderer_for_path("a/b.HTML").name == "html"
    assert renderer_for_path("x.markdown").name == "md"
    assert renderer_for_path("x.txt") is None


def test_unknown_kind(seed_report):
    with pytest.raises(RenderError, match="不支持的输出格式"):
        render(seed_report, "rtf")
    assert issubclass(RenderError, GongkaiError)


def test_aliases(seed_report):
    assert render(seed_report, "markdown") == render(seed_report, "md")


def test_render_to_file_replaces_atomically(seed_report, tmp_path):
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")
    assert render_to_file(seed_report, target).name == "md"
    assert target.read_bytes() == render(seed_report, "md")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]  # no temporary file left


def test_render_to_file_checks_the_target(seed_report, tmp_path):
    with pytest.raises(RenderError, match="输出目录不存在"):
        render_to_file(seed_report, tmp_path / "none" / "r.md")
    with pytest.raises(RenderError, match="是一个目录"):
        render_to_file(seed_report, tmp_path, "md")
    with pytest.raises(RenderError, match="请用 --to 指定"):
        render_to_file(seed_report, tmp_path / "r.txt")
