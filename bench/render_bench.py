"""Renderer benchmark: seconds per report for each output, on the seed report (思礼镇 2020).

Run: ``python bench/render_bench.py [--repeat N]``. Single process, after one warm-up render
per output (imports and font loading excluded). Prints one line per output with the mean time
and the size of the file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.core.render import RENDERERS, render  # noqa: E402
from gongkai.core.report import Report  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "reports" / "silizhen_2020.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = Report.from_json(SEED.read_bytes())
    for name in RENDERERS:
        data = render(report, name)  # warm-up
        start = time.perf_counter()
        for _ in range(args.repeat):
            render(report, name)
        seconds = (time.perf_counter() - start) / args.repeat
        print(f"{name:5s} {seconds * 1000:8.1f} ms/report  {len(data) / 1024:7.1f} KiB")


if __name__ == "__main__":
    main()
