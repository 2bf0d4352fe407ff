"""Benchmark: 100,000 disclosure applications in one organization-year.

Targets (issue 5): tables 3 and 4 generated in ≤ 200 ms; the overdue list in ≤ 50 ms.

    python bench/applications_bench.py                    # SQLite and PostgreSQL
    python bench/applications_bench.py --backend sqlite --count 20000

Each backend runs in its own process (Django settings are per process). The data set is built
with bulk_create (not the services: this measures the reads), once per database, and reused.
Prints the median and the slowest of several runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time

YEAR = 2024
ORG_SLUG = "bench-applications"


def configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench-data")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_postgres(name: str) -> str:
    query = f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query], capture_output=True, text=True, check=True
    ).stdout.strip()
    if found != "1":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def build(count: int) -> object:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.apps.applications.choices import ApplicantType, CaseResult, Decision, LawsuitRoute, Status
    from gongkai.apps.applications.models import Application, LawsuitCase, ReviewCase
    from gongkai.apps.organizations.models import Organization

    org, created = Organization.objects.get_or_create(
        slug=ORG_SLUG, defaults={"name": "基准测试镇人民政府", "kind": "township"}
    )
    if not created and Application.objects.filter(organization=org).count() == count:
        return org
    Application.objects.filter(organization=org).delete()
    ReviewCase.objects.filter(organization=org).delete()
    LawsuitCase.objects.filter(organization=org).delete()
    rng = random.Random(5)
    types = [t.value for t in ApplicantType]
    decisions = [d.value for d in Decision]
    start = dt.date(YEAR - 1, 11, 1)
    span = (dt.date(YEAR, 12, 31) - start).days
    now = timezone.now()
    rows = []
    for i in range(count):
        received = start + dt.timedelta(days=rng.randrange(span + 1))
        closed = rng.random() < 0.9
        closed_on = received + dt.timedelta(days=rng.randrange(1, 40)) if closed else None
        due = received + dt.timedelta(days=28)
        rows.append(
            Application(
                organization=org,
                tracking_number=f"B{i:012d}",
                query_code_hash="x" * 64,
                applicant_type=rng.choice(types),
                applicant_name="申请人",
                id_type="id_card",
                id_number=f"{i:018d}",
                description="基准测试",
                delivery_form="electronic",
                delivery_method="email",
                channel="online",
                submitted_at=now,
                received_on=received,
                status=Status.CLOSED if closed else rng.choice([Status.IN_PROGRESS, Status.CONSULTING]),
                due_on=due,
                decision=rng.choice(decisions) if closed else "",
                decided_on=closed_on,
                closed_on=closed_on,
                received_year=received.year,  # bulk_create bypasses save(), which sets these
                closed_year=closed_on.year if closed_on else None,
            )
        )
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=5000)
        cases = [
            ReviewCase(
                organization=org,
                filed_on=dt.date(YEAR, 1, 1) + dt.timedelta(days=i % 360),
                result=rng.choice(list(CaseResult)).value,
            )
            for i in range(2000)
        ]
        ReviewCase.objects.bulk_create(cases)
        suits = [
            LawsuitCase(
                organization=org,
                filed_on=dt.date(YEAR, 1, 1) + dt.timedelta(days=i % 360),
                route=rng.choice(list(LawsuitRoute)).value,
                result=rng.choice(list(CaseResult)).value,
            )
            for i in range(1000)
        ]
        LawsuitCase.objects.bulk_create(suits)
    return org


def timed(fn, runs: int = 9) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def run_backend(backend: str, count: int) -> None:
    url = (
        f"sqlite:////tmp/gongkai-bench-applications-{count}.sqlite3"
        if backend == "sqlite"
        else ensure_postgres(f"gongkai_bench_applications_{count}")
    )
    configure(url)
    t0 = time.perf_counter()
    org = build(count)
    build_s = time.perf_counter() - t0
    # Statistics as autovacuum / a periodic ANALYZE would leave them in production.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE applications_application" if backend == "postgres" else "ANALYZE")

    from gongkai.apps.applications import selectors

    today = dt.date(YEAR, 12, 31)

    def tables() -> None:
        t3 = selectors.report_table3(organization=org, year=YEAR)
        selectors.report_table4(organization=org, year=YEAR)
        assert t3["new_received"]["total"] + t3["carried_over"]["total"] == (
            t3["total_processed"]["total"] + t3["carried_forward"]["total"]
        )

    def overdue_page() -> None:
        qs = selectors.applications_overdue(organization=org, today=today)
        list(qs[:50])
        qs.count()

    def overdue_all() -> None:
        list(
            selectors.applications_overdue(organization=org, today=today).values_list("id", "tracking_number", "due_on")
        )

    n_overdue = selectors.applications_overdue(organization=org, today=today).count()
    t_med, t_max = timed(tables)
    p_med, p_max = timed(overdue_page)
    a_med, a_max = timed(overdue_all)
    print(f"[{backend}] {count} applications (data ready in {build_s:.1f} s); {n_overdue} overdue on {today}")
    print(f"[{backend}] tables 3+4:                    median {t_med:7.1f} ms, max {t_max:7.1f} ms (target ≤ 200 ms)")
    print(f"[{backend}] overdue list, page of 50+count: median {p_med:7.1f} ms, max {p_max:7.1f} ms (target ≤ 50 ms)")
    print(f"[{backend}] overdue list, all {n_overdue} rows:   median {a_med:7.1f} ms, max {a_max:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    if args.backend == "both":
        for backend in ("sqlite", "postgres"):
            subprocess.run([sys.executable, __file__, "--backend", backend, "--count", str(args.count)], check=False)
        return
    run_backend(args.backend, args.count)


if __name__ == "__main__":
    main()
