"""Fuzzing the readers: a few hundred mutations of the corpus (fixed seed, so every run is the same) never
raise anything but UnreadableInputError with one Chinese line, and no single parse runs away.

The time bound is a safety bound (a reader that loops or explodes on a mutated file), not a benchmark: a
corpus file parses in well under a second. The whole test stays well under a minute.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.load import load_report

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
SEED = 20261201
#: mutations per kind of source (PDF and DOCX parse slower, so fewer of them)
PLAN = {".txt": 110, ".md": 50, ".html": 60, ".docx": 50, ".pdf": 40, ".json": 20}
# CPU seconds for one parse, this process and its children (a runaway parse, not a slow machine, must trip it)
SAFETY_BOUND = 5.0


def _sources() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(CORPUS.rglob("*")):
        # Scanned PDFs go through OCR (~25 s a report by design); their safety is the sandbox's time limit,
        # tested in test_sandbox_helpers.py, not this bound for text readers.
        scanned = "scan" in path.name or path.parent.name == "scan"
        if path.is_file() and path.suffix in PLAN and path.name != "make_corpus.py" and not scanned:
            found.setdefault(path.suffix, []).append(path)
    return found


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    if not buf:
        return bytes(rng.randbytes(rng.randint(1, 64)))
    how = rng.choice(("flip", "cut", "truncate", "repeat", "insert", "digits", "tags"))
    if how == "flip":
        for _ in range(rng.randint(1, 30)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif how == "cut":
        start = rng.randrange(len(buf))
        del buf[start : start + rng.randint(1, max(1, len(buf) // 4))]
    elif how == "truncate":
        del buf[rng.randrange(len(buf)) :]
    elif how == "repeat":
        start = rng.randrange(len(buf))
        piece = buf[start : start + rng.randint(1, 512)]
        buf[start:start] = piece * rng.randint(2, 50)
    elif how == "insert":
        start = rng.randrange(len(buf))
        buf[start:start] = rng.randbytes(rng.randint(1, 256))
    elif how == "digits":
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(buf))
            buf[at : at + 1] = str(rng.choice((0, -1, 10**12, 99999999999999999999))).encode()
    else:
        for _ in range(rng.randint(1, 10)):
            at = rng.randrange(len(buf))
            buf[at:at] = rng.choice(
                (b'<td colspan="300000000">', b'<td rowspan="99999">', b"<table><tr>", b"</tr>", b"|", b"\n")
            )
    return bytes(buf)


def _cpu_seconds() -> float:
    """CPU time used by this process and its finished children: unlike wall time, it does not grow when other
    work shares the machine."""
    own = time.process_time()
    children = os.times()
    return own + children.children_user + children.children_system


def test_mutated_corpus_files_never_crash_or_run_away(tmp_path, monkeypatch):
    # A mutation that leaves a PDF without text would go to OCR (seconds a page): here it is refused as
    # a scan at once; OCR's own bound is the sandbox's time limit (test_sandbox_helpers.py).
    from gongkai.core.parse import ocr

    real_which = ocr.shutil.which
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None if name == "tesseract" else real_which(name))
    rng = random.Random(SEED)
    sources = _sources()
    assert sources.keys() == PLAN.keys(), sorted(sources)
    outcomes = {"read": 0, "refused": 0}
    slowest = (0.0, "")
    for suffix, count in PLAN.items():
        for n in range(count):
            source = rng.choice(sources[suffix])
            target = tmp_path / f"m{n}{suffix}"
            target.write_bytes(_mutate(source.read_bytes(), rng))
            started = _cpu_seconds()
            try:
                load_report(target)
                outcomes["read"] += 1
            except UnreadableInputError as exc:
                message = str(exc)
                assert message and "\n" not in message and "Traceback" not in message, (source.name, message)
                outcomes["refused"] += 1
            except Exception as exc:  # noqa: BLE001
                pytest.fail(f"mutation {n} of {source.name} raised {type(exc).__name__}: {exc}")
            elapsed = _cpu_seconds() - started
            slowest = max(slowest, (elapsed, f"mutation {n} of {source.name}"))
            assert elapsed < SAFETY_BOUND, f"{slowest[1]} took {elapsed:.1f} CPU s"
            target.unlink()
    assert outcomes["read"] + outcomes["refused"] == sum(PLAN.values())
    assert outcomes["read"] > 0 and outcomes["refused"] > 0, outcomes
