"""Benchmark: annual reports generated from the records, one body and a whole county (issue 12 item 6).

    python bench/annual_bench.py                                   # both databases, 1,000 bodies / 1M items
    python bench/annual_bench.py --orgs 100 --items 100000 --backend sqlite
    python bench/annual_bench.py --backend postgresql --database-url postgres://postgres@127.0.0.1:5432/scratch

Targets: one body's report ≤ 3× its SQL floor (the same statements sent by a bare cursor, results fetched);
1,000 bodies' reports ≤ 2 s (``build_reports``: one GROUP BY per table over all of them); the per-category
GROUP BY read through an index at every shape (PostgreSQL: EXPLAIN printed). The data set comes from
``bench/dataset.py``. Each backend runs in its own process. Prints every figure; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPEAT = 30


def run_backend(backend: str, orgs: int, items: int, url: str) -> None:
    import dataset

    if not url:
        url = dataset.default_url(backend, orgs, items)
    dataset.configure(url)
    dataset.build(orgs, items)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.apps.annual.records import build_report, build_reports
    from gongkai.apps.organizations.models import Organization

    year = dataset.YEAR
    towns = list(Organization.objects.filter(kind="township").order_by("id"))
    town = towns[len(towns) // 2]
    build_report(town, year)  # warm up connections and caches
    with CaptureQueriesContext(connection) as captured:
        build_report(town, year, problems="无。", other="无。")
    statements = [q["sql"] for q in captured.captured_queries]

    def floor() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    # the report and its floor alternate, so that the load of a shared machine weighs on both alike
    report_times, floor_times, report_cpu, floor_cpu = [], [], [], []
    for _ in range(REPEAT * 10):
        t0, c0 = time.perf_counter(), time.thread_time()
        build_report(town, year, problems="无。", other="无。")
        t1, c1 = time.perf_counter(), time.thread_time()
        floor()
        report_times.append(t1 - t0)
        floor_times.append(time.perf_counter() - t1)
        report_cpu.append(c1 - c0)
        floor_cpu.append(time.thread_time() - c1)
    one, sql = statistics.median(report_times) * 1000, statistics.median(floor_times) * 1000
    if backend == "sqlite":  # all of SQLite's work is this thread's: its CPU time leaves out the waits of a busy machine
        cpu_one, cpu_sql = statistics.mean(report_cpu) * 1000, statistics.mean(floor_cpu) * 1000
        print(f"{backend:<10} CPU time of this thread, mean: report {cpu_one:.2f} ms, floor {cpu_sql:.2f} ms = {cpu_one / cpu_sql:.1f}×")
    print(
        f"{backend:<10} orgs={orgs} items={items}: one body's report {one:.2f} ms, its SQL floor "
        f"({len(statements)} statements) {sql:.2f} ms = {one / sql:.1f}× (target ≤ 3×); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    sections = {t.pk: {"problems": "无。", "other": "无。"} for t in towns}
    passes = []
    for _ in range(3):
        t0 = time.perf_counter()
        reports = build_reports(towns, year, sections=sections)
        passes.append(time.perf_counter() - t0)
    together = statistics.median(passes)
    t0 = time.perf_counter()
    sample = towns[:: max(1, len(towns) // 50)]
    for t in sample:
        build_report(t, year, problems="无。", other="无。")
    per_body = (time.perf_counter() - t0) / len(sample) * len(towns)
    same = all(reports[t.pk].to_json() == build_report(t, year, problems="无。", other="无。").to_json() for t in sample[:10])
    print(
        f"{backend:<10} all {len(towns)} bodies in one pass: {together:.2f} s, median of 3 (target ≤ 2 s); body by body "
        f"≈ {per_body:.2f} s (measured on {len(sample)}); equal to body by body: {same}"
    )
    category = next((s for s in statements if "category" in s and "GROUP BY" in s), None)
    if category:
        _explain(connection, category, "one body")
    with CaptureQueriesContext(connection) as county:
        build_reports(towns, year, sections=sections)
    category = next((q["sql"] for q in county.captured_queries if "category" in q["sql"] and "GROUP BY" in q["sql"]), None)
    if category:
        _explain(connection, category, f"{len(towns)} bodies")


def _explain(connection, sql: str, what: str) -> None:  # noqa: ANN001
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        lines = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    # indexed: the distributions are read through an index (the covering one, or on PostgreSQL the channel's
    # foreign-key index) and neither they nor the items are scanned whole
    big = ("publishing_distribution", "publishing_item")
    scanned = sorted({t for line in lines for t in big if f"Seq Scan on {t}" in line or f"SCAN {t}" in line})
    through = [name for name in ("distribution_chan_item_idx", "publishing_distribution_channel_id") if any(name in line for line in lines)]
    verdict = "indexed" if through and not scanned else "NOT INDEXED"
    details = f"distributions through {', '.join(through) or 'no index'}" + (f"; whole scan of {', '.join(scanned)}" if scanned else "")
    print(f"  per-category GROUP BY plan ({what}): {verdict} ({details})")
    for line in lines:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--database-url", default="", help="the database to build into or reuse (one backend)")
    args = parser.parse_args()
    if args.backend == "both":
        for backend in ("sqlite", "postgresql"):
            subprocess.run(
                [sys.executable, __file__, "--orgs", str(args.orgs), "--items", str(args.items), "--backend", backend],
                check=True,
            )
        return
    run_backend(args.backend, args.orgs, args.items, args.database_url)


if __name__ == "__main__":
    main()
