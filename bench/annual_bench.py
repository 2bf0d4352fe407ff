"""Benchmark: annual report generation from records (issue: the disclosure platform).

Target: 1,000 organizations and 1,000,000 published items — one organization's annual report
generated in ≤ 100 ms, all 1,000 in ≤ 30 s — on SQLite and on PostgreSQL.

    python bench/annual_bench.py                       # both databases, full size
    python bench/annual_bench.py --orgs 100 --items 100000 --backend sqlite

Each backend runs in its own process (Django settings are per process). Prints median and p95
for one report and the total for all of them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_backend(backend: str, orgs: int, items: int) -> None:
    import dataset

    if backend == "sqlite":
        url = f"sqlite:////tmp/gongkai-bench-{orgs}-{items}.sqlite3"
    else:
        url = dataset.ensure_postgres_database(f"gongkai_bench_{orgs}_{items}")
    dataset.configure(url)
    dataset.build(orgs, items)

    from gongkai.apps.annual.records import build_report
    from gongkai.apps.organizations.models import Organization
    from gongkai.core import check

    towns = list(Organization.objects.filter(kind="township").order_by("id"))
    build_report(towns[0], dataset.YEAR)  # warm up connections and caches
    timings = []
    started = time.perf_counter()
    for town in towns:
        t0 = time.perf_counter()
        report = build_report(town, dataset.YEAR, problems="无。", other="无。")
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    errors = sum(1 for f in check(report) if f.severity == "error")
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{backend:<10} orgs={orgs} items={items}: one report median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms; all {len(towns)} in {total:.2f} s "
        f"(target ≤100 ms / ≤30 s); last report errors={errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if args.backend == "both":
        for backend in ("sqlite", "postgresql"):
            subprocess.run(
                [sys.executable, __file__, "--orgs", str(args.orgs), "--items", str(args.items), "--backend", backend],
                check=True,
            )
        return
    run_backend(args.backend, args.orgs, args.items)


if __name__ == "__main__":
    main()
