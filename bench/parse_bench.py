"""Parser benchmark on the test corpus: cell accuracy per input shape and reports per second.

Run: ``python bench/parse_bench.py [--seconds N]``. Accuracy compares every table cell with the
golden report (``*.golden.json``): a cell is right when the parsed value equals the golden one
(``null`` included); an *invented* number is a cell that is ``null`` in the golden report but a
number in the parse. Speed is single-process: reports per CPU second of the process (one core;
unaffected by other load on the machine) and per wall-clock second, after one warm-up parse per file.
Per shape it prints: numbers right, wrong (another number), missed (left empty), invented (a
number where the truth has none: must be 0), blank cells kept blank, false errors (an error rule
the golden file's ``faults`` does not list, after parsing and checking) and faults found (the
listed rules that fired). Targets (issue 10): ≥ 99.5 % numbers right, 0 invented, 0 false
errors; ≥ 500 text/HTML reports per CPU second, ≥ 20 PDF.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.core.checks import absent_refs, check  # noqa: E402
from gongkai.core.exceptions import UnreadableInputError  # noqa: E402
from gongkai.core.findings import ERROR  # noqa: E402
from gongkai.core.parse import parse_path, qualify  # noqa: E402
from gongkai.core.report import Report  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
#: Generated shapes (folder → label). Real cases are found by folder: ``real/<group>/<shape>/``
#: (``real/text/…`` text and HTML shapes, ``real/files/…`` PDF/OFD/DOC shapes): adding a folder
#: there adds a line here, with no change to this script.
SHAPES = {
    "markdown": "markdown (pipe tables)",
    "cells": "one cell per line / tab text",
    "html": "HTML",
    "docx": "DOCX",
    "pdf": "text PDF",
    "seed": "seed (damaged extraction)",
}
#: Which speed group a file belongs to, by suffix.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def real_shapes() -> dict[str, str]:
    base = CORPUS / "real"
    if not base.is_dir():
        return {}
    return {
        str(folder.relative_to(CORPUS)): f"real {folder.parent.name}/{folder.name}"
        for folder in sorted(base.glob("*/*"))
        if folder.is_dir() and any(folder.glob("*.golden.json"))
    }


#: Shapes left out (``--no-ocr``).
SKIP: set[str] = set()


def all_shapes() -> dict[str, str]:
    return {k: v for k, v in {**SHAPES, **real_shapes()}.items() if k not in SKIP}


def _files(shape: str) -> list[Path]:
    return [
        p
        for p in sorted((CORPUS / shape).iterdir())
        if p.is_file() and not p.name.endswith(".golden.json") and p.suffix not in (".py", ".md") or (
            p.suffix == ".md" and (p.parent / (p.name.rsplit(".", 1)[0] + ".golden.json")).exists()
        )
    ]


def _golden(path: Path) -> tuple[Report, list[str] | None]:
    """The truth and the error rules a correct check raises (None: the golden file does not say)."""
    name = path.name.rsplit(".", 1)[0] + ".golden.json"
    data = json.loads((path.parent / name).read_text(encoding="utf-8"), parse_float=Decimal)
    return Report.from_dict(data["report"]), data.get("faults")


@dataclass
class Tally:
    files: int = 0
    numbers: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    invented: int = 0
    blanks: int = 0
    blanks_kept: int = 0
    meta: int = 0
    false_errors: int = 0
    faults: int = 0
    faults_found: int = 0
    judged: bool = False
    unreadable: int = 0
    notes: list[str] = field(default_factory=list)


def measure(path: Path, tally: Tally) -> None:
    truth, faults = _golden(path)
    tally.files += 1
    try:
        result = parse_path(path)
    except UnreadableInputError as exc:
        tally.unreadable += 1
        tally.notes.append(f"{path.name}: {exc}")
        result = None
    parsed = result.report if result else None
    if parsed is not None:
        tally.meta += (parsed.format, parsed.year, parsed.organization) == (
            truth.format,
            truth.year,
            truth.organization,
        )
    got = dict(parsed.cells()) if parsed is not None and parsed.format == truth.format else {}
    for ref, value in truth.cells():
        mine = got.get(ref)
        if value is None:
            tally.blanks += 1
            tally.blanks_kept += mine is None
            tally.invented += mine is not None
            continue
        tally.numbers += 1
        if mine is None:
            tally.missed += 1
        elif mine == value:
            tally.right += 1
        else:
            tally.wrong += 1
    if faults is None:
        return
    tally.judged = True
    tally.faults += len(faults)
    if result is None:
        return
    findings = qualify([*result.findings, *check(result.report, absent=absent_refs(result.findings))], result)
    errors = {f.rule for f in findings if f.severity == ERROR}
    tally.faults_found += len(set(faults) & errors)
    wrong = errors - set(faults)
    tally.false_errors += len(wrong)
    tally.notes += [f"{path.name}: false error {rule}" for rule in sorted(wrong)]


def _rate(shape: str, seconds: float) -> float:
    """Reports per CPU second for one shape (a short loop: a guide, not the group figures below)."""
    files = [p for p in _files(shape) if _readable(p)]
    if not files:
        return 0.0
    done, cpu = 0, time.process_time()
    while time.process_time() - cpu < seconds:
        for path in files:
            parse_path(path)
            done += 1
    return done / (time.process_time() - cpu)


def accuracy(verbose: bool = False, per_shape: float = 0.2) -> bool:
    ok = True
    head = (
        f"{'shape':36s} {'files':>5s} {'numbers':>7s} {'right':>6s} {'wrong':>5s} {'missed':>6s} {'invented':>8s} "
        f"{'blank kept':>10s} {'false err':>9s} {'faults':>7s} {'meta':>6s} {'rep/CPU-s':>9s}"
    )
    print(head)
    totals = Tally()
    for shape, label in all_shapes().items():
        tally = Tally()
        for path in _files(shape):
            measure(path, tally)
        for name in ("files", "numbers", "right", "wrong", "missed", "invented", "blanks", "blanks_kept",
                     "meta", "false_errors", "faults", "faults_found", "unreadable"):
            setattr(totals, name, getattr(totals, name) + getattr(tally, name))
        totals.judged |= tally.judged
        share = tally.right / tally.numbers if tally.numbers else 1.0
        ok &= share >= 0.995 and tally.invented == 0 and tally.false_errors == 0
        print(_line(label, tally) + f" {_rate(shape, per_shape):9.0f}")
        if verbose:
            for note in tally.notes:
                print(f"    {note}")
    print(_line("all", totals))
    share = totals.right / totals.numbers if totals.numbers else 1.0
    print(f"numbers right overall {share:.2%}, invented {totals.invented}, false errors {totals.false_errors}")
    return ok


def _line(label: str, t: Tally) -> str:
    share = f"{t.right / t.numbers:.2%}" if t.numbers else "-"
    kept = f"{t.blanks_kept}/{t.blanks}"
    false = str(t.false_errors) if t.judged else "-"
    faults = f"{t.faults_found}/{t.faults}" if t.judged else "-"
    return (
        f"{label:36s} {t.files:5d} {t.numbers:7d} {t.right:6d} {t.wrong:5d} {t.missed:6d} {t.invented:8d} "
        f"{kept:>10s} {false:>9s} {faults:>7s} {t.meta:3d}/{t.files:<2d} right {share}"
    )


def speed(shapes: tuple[str, ...], seconds: float) -> tuple[float, float, int]:
    """Reports per CPU second of this process (one core) and per wall-clock second."""
    files = [p for shape in shapes for p in _files(shape)]
    files = [p for p in files if _readable(p)]
    for path in files:
        parse_path(path)
    done = 0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        for path in files:
            parse_path(path)
            done += 1
    return done / (time.process_time() - cpu), done / (time.perf_counter() - wall), len(files)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def file_speed(shape: str, rounds: int) -> tuple[float, float, int]:
    """Reports per CPU second counting child processes (LibreOffice for .doc/.wps, Tesseract for
    scans), and per wall-clock second, over *rounds* passes after a warm-up."""
    files = [p for p in _files(shape) if _readable(p)]
    wall, cpu = time.perf_counter(), _cpu()
    for _ in range(rounds):
        for path in files:
            parse_path(path)
    done = rounds * len(files)
    return done / max(_cpu() - cpu, 1e-9), done / (time.perf_counter() - wall), len(files)


def _readable(path: Path) -> bool:
    try:
        parse_path(path)
    except UnreadableInputError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per speed measurement")
    parser.add_argument("-v", "--verbose", action="store_true", help="name each false error and unreadable file")
    parser.add_argument("--no-ocr", action="store_true", help="leave out the scanned-PDF cases (≈25 s a report)")
    args = parser.parse_args()
    if args.no_ocr:
        SKIP.add("real/files/scan")
    ok = accuracy(args.verbose)
    print()
    real = tuple(s for s in real_shapes() if s not in SKIP)
    real_text = tuple(s for s in real if all(p.suffix in TEXT_SUFFIXES for p in _files(s)))
    for shapes, label, target in (
        (("markdown", "cells", "html"), "text/HTML (generated)", 500),
        (real_text, "text/HTML (real)", 500),
        (("docx",), "DOCX", None),
        (("pdf",), "PDF", 20),
    ):
        if not shapes:
            continue
        rate, wall, count = speed(shapes, args.seconds)
        verdict = "" if target is None else f"  (target ≥ {target}: {'met' if rate >= target else 'NOT met'})"
        ok &= target is None or rate >= target
        print(
            f"{label:22s} {rate:8.1f} reports per CPU second ({wall:.1f} per wall second) over {count} files{verdict}"
        )
    real_pdf = tuple(s for s in real if s.startswith("real/files/") and all(p.suffix == ".pdf" for p in _files(s)))
    real_pdf = tuple(s for s in real_pdf if s != "real/files/scan")
    if real_pdf:
        rate, wall, count = speed(real_pdf, args.seconds)
        verdict = f"  (target ≥ 20: {'met' if rate >= 20 else 'NOT met'})"
        ok &= rate >= 20
        print(f"{'PDF (real files)':22s} {rate:8.1f} reports per CPU second ({wall:.1f} per wall second) over {count} files{verdict}")
    print()
    print("per file shape, child processes' CPU included (LibreOffice, Tesseract):")
    for shape in (s for s in real if s.startswith("real/files/")):
        rate, wall, count = file_speed(shape, 1 if shape.endswith("scan") else 3)
        print(f"  {shape:28s} {rate:8.2f} reports per CPU second ({wall:.2f} per wall second) over {count} files")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
