"""Parser benchmark on the test corpus: cell accuracy per input shape and reports per second.

Run: ``python bench/parse_bench.py [--seconds N]``. Accuracy compares every table cell with the
golden report (``*.golden.json``): a cell is right when the parsed value equals the golden one
(``null`` included); an *invented* number is a cell that is ``null`` in the golden report but a
number in the parse. Speed is single-process: reports per CPU second of the process (one core;
unaffected by other load on the machine) and per wall-clock second, after one warm-up parse per file.
Targets (issue 3): ≥ 99.5 % cells right per shape, 0 invented numbers, ≥ 200 text/HTML reports/s,
≥ 5 PDF reports/s.

The real-report file cases (``tests/fixtures/corpus/real/files/<shape>/``, issue 10: LibreOffice and
WPS PDFs, flip-book pages, OFD, DOC/WPS, scans) are scored per shape: numbers right, wrong (a
different number, or no number where the truth has one), invented (a number where the truth has
none: must be 0), blank cells kept blank, false errors (error rules the truth's ``faults`` do not
list), faults found, and reports per CPU second — the CPU of child processes included (LibreOffice
for .doc/.wps, Tesseract for scans). ``--no-ocr`` skips the scans (≈20 s a page).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.core.parse import parse_path  # noqa: E402
from gongkai.core.report import Report  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SHAPES = {
    "markdown": "markdown (pipe tables)",
    "cells": "one cell per line / tab text",
    "html": "HTML",
    "docx": "DOCX",
    "pdf": "text PDF",
    "seed": "seed (damaged extraction)",
}


def _files(shape: str) -> list[Path]:
    return [p for p in sorted((CORPUS / shape).iterdir()) if not p.name.endswith(".golden.json")]


def _golden(path: Path) -> Report:
    name = path.name.rsplit(".", 1)[0] + ".golden.json"
    data = json.loads((path.parent / name).read_text(encoding="utf-8"), parse_float=Decimal)
    return Report.from_dict(data["report"])


def accuracy() -> bool:
    ok = True
    print(f"{'shape':32s} {'files':>5s} {'cells':>6s} {'right':>6s} {'accuracy':>9s} {'invented':>8s} {'meta':>5s}")
    for shape, label in SHAPES.items():
        cells = right = invented = meta = 0
        files = _files(shape)
        for path in files:
            truth, parsed = _golden(path), parse_path(path).report
            meta += (parsed.format, parsed.year, parsed.organization) == (truth.format, truth.year, truth.organization)
            got = dict(parsed.cells()) if parsed.format == truth.format else {}
            for ref, value in truth.cells():
                cells += 1
                mine = got.get(ref)
                right += mine == value and (mine is None) == (value is None)
                invented += value is None and mine is not None
        share = right / cells if cells else 0.0
        ok &= share >= 0.995 and invented == 0
        print(f"{label:32s} {len(files):5d} {cells:6d} {right:6d} {share:9.2%} {invented:8d} {meta:3d}/{len(files)}")
    return ok


def speed(shapes: tuple[str, ...], seconds: float) -> tuple[float, float, int]:
    """Reports per CPU second of this process (one core) and per wall-clock second."""
    files = [p for shape in shapes for p in _files(shape)]
    for path in files:
        parse_path(path)
    done = 0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        for path in files:
            parse_path(path)
            done += 1
    return done / (time.process_time() - cpu), done / (time.perf_counter() - wall), len(files)


REAL_FILES = CORPUS / "real" / "files"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def real_files(*, ocr: bool = True, rounds: int = 3) -> bool:
    """Per-shape figures of the real-report file cases; True when every target is met."""
    from gongkai.core.checks import absent_refs, check

    ok = True
    print(f"{'real files: shape':26s} {'files':>5s} {'right':>6s} {'wrong':>6s} {'invented':>8s} {'blank':>6s} "
          f"{'false err':>9s} {'faults':>7s} {'rep/CPU-s':>9s}")  # fmt: skip
    for folder in sorted(p for p in REAL_FILES.iterdir() if p.is_dir()):
        if folder.name == "scan" and not ocr:
            continue
        files = _files_in(folder)
        right = wrong = invented = blank = false_errors = faults = wanted = cells = 0
        for path in files:
            data = json.loads(_golden_path(path).read_text(encoding="utf-8"), parse_float=Decimal)
            truth = Report.from_dict(data["report"])
            result = parse_path(path)
            parsed = result.report
            got = dict(parsed.cells()) if parsed.format == truth.format else {}
            for ref, value in truth.cells():
                cells += 1
                mine = got.get(ref)
                if mine == value and (mine is None) == (value is None):
                    right += 1
                    blank += value is None
                elif value is None:
                    invented += 1
                else:
                    wrong += 1
            found = {f.rule for f in [*result.findings, *check(parsed, absent=absent_refs(result.findings))]
                     if f.severity == "error"}  # fmt: skip
            expected = set(data.get("faults", []))
            false_errors += len(found - expected)
            faults += len(found & expected)
            wanted += len(expected)
        repeat = 1 if folder.name == "scan" else rounds
        start = _cpu()
        for _ in range(repeat):
            for path in files:
                parse_path(path)
        rate = repeat * len(files) / max(_cpu() - start, 1e-9)
        share = right / cells if cells else 0.0
        ok &= invented == 0 and false_errors == 0 and (folder.name == "scan" or share >= 0.995)
        print(f"{folder.name:26s} {len(files):5d} {right:6d} {wrong:6d} {invented:8d} {blank:6d} "
              f"{false_errors:9d} {faults:3d}/{wanted:<3d} {rate:9.1f}   ({share:.2%} right)")  # fmt: skip
    return ok


def _files_in(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if not p.name.endswith(".golden.json")]


def _golden_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + ".golden.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per speed measurement")
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned-PDF cases (slow)")
    args = parser.parse_args()
    ok = accuracy()
    print()
    if REAL_FILES.is_dir():
        ok &= real_files(ocr=not args.no_ocr)
        print()
    for shapes, label, target in (
        (("markdown", "cells", "html"), "text/HTML", 200),
        (("docx",), "DOCX", None),
        (("pdf",), "PDF", 5),
    ):
        rate, wall, count = speed(shapes, args.seconds)
        verdict = "" if target is None else f"  (target ≥ {target}: {'met' if rate >= target else 'NOT met'})"
        ok &= target is None or rate >= target
        print(
            f"{label:10s} {rate:8.1f} reports per CPU second ({wall:.1f} per wall second) over {count} files{verdict}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
