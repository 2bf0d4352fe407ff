"""Shared helpers for the parser tests: the corpus and its golden reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from gongkai.core.report import Report

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
SHAPES = ("markdown", "cells", "html", "docx", "pdf", "seed")


def golden_path(path: Path) -> Path:
    """``x.md`` → ``x.golden.json`` (``x.tsv.txt`` → ``x.tsv.golden.json``)."""
    return path.with_name(path.name.rsplit(".", 1)[0] + ".golden.json")


def corpus_files(*shapes: str) -> list[Path]:
    """Every report file of the given shapes (all shapes when none given)."""
    out = []
    for shape in shapes or SHAPES:
        out += [p for p in sorted((CORPUS / shape).iterdir()) if not p.name.endswith(".golden.json")]
    return out


def golden(path: Path) -> Report:
    """The report a correct parse of *path* yields."""
    data = json.loads(golden_path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    return Report.from_dict(data["report"])
