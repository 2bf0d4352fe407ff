"""Benchmark: the statistics (统计) of one body and of a county, from GROUP BY queries.

Builds a county with --orgs townships and --items published items (bench/dataset.py) and one more
township with --count applications and 3,000 复议/诉讼 cases (bench/applications_bench.py), then times
``statistics_for`` for that township alone and for the county with every body below it, and the whole
statistics page's work (charts drawn as SVG too).

    python bench/stats_bench.py                                   # SQLite and PostgreSQL
    python bench/stats_bench.py --backend sqlite --orgs 50 --items 50000 --count 20000

Each backend runs in its own process (Django settings are per process). Prints median and slowest run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_backend(backend: str, orgs: int, items: int, count: int) -> None:
    import applications_bench
    import dataset

    name = f"gongkai_bench_stats_{orgs}_{items}_{count}"
    url = f"sqlite:////tmp/{name}.sqlite3" if backend == "sqlite" else dataset.ensure_postgres_database(name)
    dataset.configure(url)
    t0 = time.perf_counter()
    dataset.build(orgs, items, quiet=True)
    town = applications_bench.build(count)
    from django.db import connection

    from gongkai.apps.organizations.models import Organization

    county = Organization.objects.get(slug="bench-county")
    if town.parent_id != county.pk:
        town.parent = county
        town.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_s = time.perf_counter() - t0

    from django.db import reset_queries

    from gongkai.apps.stats.figures import sections_for
    from gongkai.apps.stats.selectors import statistics_for
    from gongkai.core.charts import svg

    year = dataset.YEAR
    bodies = list(county.descendants(include_self=True).order_by("path"))

    def one():
        return statistics_for(organizations=[town], year=year)

    def whole():
        return statistics_for(organizations=bodies, year=year)

    def page():
        stats = statistics_for(organizations=[town], year=year)
        for section in sections_for(stats):
            for figure in section.figures:
                svg(figure, title=False)

    one_stats, county_stats = one(), whole()
    print(
        f"{backend:<10} data: {len(bodies)} bodies, {county_stats.items_total} items, "
        f"{one_stats.received} applications received in {year} (built in {build_s:.0f} s)"
    )
    for label, fn, runs in (
        (f"one body ({count} applications)", one, 7),
        (f"county ({len(bodies)} bodies)", whole, 5),
        ("one body's page: statistics + 12 SVG charts", page, 5),
    ):
        fn()
        samples = []
        for _ in range(runs):
            reset_queries()
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        print(f"{backend:<10} {label}: median {samples[len(samples) // 2]:.0f} ms, max {samples[-1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if args.backend == "both":
        for backend in ("sqlite", "postgresql"):
            subprocess.run(
                [sys.executable, __file__, "--orgs", str(args.orgs), "--items", str(args.items),
                 "--count", str(args.count), "--backend", backend],
                check=True,
            )  # fmt: skip
        return
    run_backend(args.backend, args.orgs, args.items, args.count)


if __name__ == "__main__":
    main()
