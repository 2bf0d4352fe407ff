"""Time the freshness watch (``watch_report``) and the 自查 report files for one body of an existing database.

Run against a demo database (``gongkai demo --no-serve`` first)::

    GONGKAI_DATA_DIR=var PYTHONPATH=src python bench/catalogue_watch_bench.py --org silizhen [--repeat 20]

Prints the median and p90 of one watch report (all queries included), of the XLSX and of the PDF report, and the
number of SQL queries of one watch report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def _time(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[int(0.9 * (len(runs) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--org", default="silizhen")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.apps.catalogue.report import to_pdf, to_xlsx
    from gongkai.apps.catalogue.watch import watch_report
    from gongkai.apps.organizations.models import Organization

    org = Organization.objects.get(slug=args.org)
    with CaptureQueriesContext(connection) as queries:
        report = watch_report(org, with_urls=False)
    print(f"{org.name}: {report.entries} entries, {len(report.columns)} columns, {len(report.lines)} lines, "
          f"{len(queries)} queries per watch report ({connection.vendor})")
    for name, fn, repeat in (
        ("watch_report", lambda: watch_report(org, with_urls=False), args.repeat),
        ("自查 XLSX", lambda: to_xlsx(report), args.repeat),
        ("自查 PDF", lambda: to_pdf(report), max(3, args.repeat // 5)),
    ):
        median, p90 = _time(fn, repeat)
        print(f"{name:14s} median {median:8.1f} ms   p90 {p90:8.1f} ms   ({repeat} runs)")


if __name__ == "__main__":
    main()
