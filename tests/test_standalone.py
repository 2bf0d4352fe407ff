"""The repository stands alone: a clone in any folder runs its tests with nothing beside it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, SEED

# A path that climbs out of the checkout to a sibling folder of the workspace (its shared specs folder).
OUTSIDE = re.compile(r"""(\.\./shared|parent\s*/\s*["']shared["']|parents\[\d\]\s*/\s*["']shared["'])""")


def test_seed_report_is_inside_the_repository():
    assert SEED.is_file()
    assert ROOT in SEED.resolve().parents


def test_no_code_reads_outside_the_checkout():
    offenders = []
    for folder in ("src", "tests", "scripts", "bench", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".sh", ""} or not path.is_file() or path == Path(__file__):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert offenders == []
