"""Reports read and checked per second by 1 and by 2 real ``gongkai worker`` processes (issue 12: 2 ≥ 1.7× 1).

Run: ``python bench/worker_parse_bench.py [--jobs N] [--db sqlite|postgresql|both] [--pg-url URL]``.

Per database it builds a fresh one (SQLite: a temporary file; PostgreSQL: ``--pg-url``, created with
``createdb`` if missing, migrated), then for 1 and then 2 workers: starts the workers on an empty queue, waits
until each says it is ready, submits N report-check jobs through the API's service (``job_submit``: the file is
stored and ``run_check_job`` is queued on the ``reports`` queue of django-tasks-db, as ``POST
/api/reports/checks`` does) in one transaction, and times from its commit until every job is done (each file
read in the sandbox and checked). It prints jobs/s, the ratio 2 : 1 and ``os.getloadavg()`` beside each figure:
the machine may be shared, and a second worker only helps when a second core is free.

The file is ``--file`` (default: the seed text report, tests/fixtures/corpus/seed/silizhen_2020.txt).
Beside the rate it prints the workers' CPU per report (their own and their waited-for sandbox children's, from
/proc) and how many jobs each worker ran: equal CPU per report in both rounds with a low ratio means the
second worker found no free core, not that it waited on the queue.

Found on 2026-12-02 (2 cores, load average 6–8 from other work): claims take 10–25 ms between two jobs, two
workers' jobs overlap in the logs (no lock wait, SQLite WAL or PostgreSQL SKIP LOCKED), and a text report costs
about 65 ms of CPU, of which the parse is 2 ms and the sandbox's fork of the Django process about 25 ms
(child) + 7 ms (parent); ``gc.disable()`` in the child changed nothing measurable. Wall time per report was
about 4× its CPU: the machine, not the queue, set the ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DEFAULT_FILE = ROOT / "tests" / "fixtures" / "corpus" / "seed" / "silizhen_2020.txt"
DEADLINE = 600  # seconds for one round: only so that a broken worker cannot hang the bench


def _env(url: str, data_dir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "GONGKAI_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
    }


def _gongkai(env: dict, *args: str) -> None:
    out = subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"gongkai {' '.join(args)} failed: {out.stderr.strip()[-500:]}")


def _prepare(db: str, pg_url: str, data_dir: Path) -> dict:
    if db == "sqlite":
        url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    else:
        url = pg_url
        name = url.rsplit("/", 1)[1]
        server = url.rsplit("/", 1)[0]
        probe = subprocess.run(["psql", f"{server}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                               capture_output=True, text=True)  # fmt: skip
        if probe.returncode != 0:
            sys.exit(f"PostgreSQL not reachable at {server}: {probe.stderr.strip()}")
        if probe.stdout.strip() != "1":
            subprocess.run(["psql", f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'], check=True,
                           capture_output=True)  # fmt: skip
    env = _env(url, data_dir)
    _gongkai(env, "migrate", "--no-input", "-v", "0")
    return env


def _start_workers(env: dict, count: int, log_dir: Path) -> list[tuple[subprocess.Popen, Path]]:
    workers = []
    for n in range(count):
        log = log_dir / f"worker-{count}-{n}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "worker", "--queue-name", "reports", "--interval", "0.1",
             "--no-startup-delay", "--worker-id", f"bench-{count}-{n}"],
            env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append((proc, log))
    deadline = time.monotonic() + 120
    for proc, log in workers:
        while "Starting worker" not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"a worker did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
    return workers


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of process *pid* and of its waited-for children (the sandbox's forks), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _stop(workers) -> None:
    for proc, _log in workers:
        proc.send_signal(signal.SIGTERM)
    for proc, _log in workers:
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _round(env: dict, count: int, jobs: int, path: Path, log_dir: Path) -> dict:
    workers = _start_workers(env, count, log_dir)
    try:
        before = sum(_cpu_seconds(proc.pid) for proc, _ in workers)
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--jobs", str(jobs), "--file", str(path)],
            env=env, capture_output=True, text=True, timeout=DEADLINE,
        )  # fmt: skip
        cpu = sum(_cpu_seconds(proc.pid) for proc, _ in workers) - before
        runs = [log.read_text().count("state=SUCCESSFUL") for _, log in workers]
    finally:
        _stop(workers)
    if out.returncode != 0:
        sys.exit(f"the submitting process failed: {out.stderr.strip()[-2000:]}")
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "cpu": cpu, "runs": runs}


def child(jobs: int, path: Path) -> None:
    """In a process of its own (settings from the environment): submit *jobs* checks of *path* in one
    transaction, then wait until each is done; print the seconds from the commit and the outcome."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import timezone

    from gongkai.apps.api.models import ApiToken, ReportCheckJob
    from gongkai.apps.api.services import job_submit
    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.organizations.services import organization_create

    org = Organization.objects.filter(slug="bench-worker").first() or organization_create(
        actor=None, name="基准测试镇人民政府", kind="township", slug="bench-worker", parent=None
    )
    token, _ = ApiToken.objects.get_or_create(
        prefix="benchworker",
        defaults={"name": "基准测试", "kind": "platform", "organization": org, "scopes": ["reports.check"],
                  "secret_hash": "0" * 64, "expires_at": timezone.now() + timezone.timedelta(days=1)},
    )  # fmt: skip
    data = path.read_bytes()
    with transaction.atomic():
        ids = [job_submit(token=token, upload=SimpleUploadedFile(path.name, data)).pk for _ in range(jobs)]
    start = time.perf_counter()
    deadline = time.monotonic() + DEADLINE
    finished = (ReportCheckJob.Status.DONE, ReportCheckJob.Status.FAILED)
    while ReportCheckJob.objects.filter(pk__in=ids).exclude(status__in=finished).exists():
        if time.monotonic() > deadline:
            sys.exit(f"jobs not done in {DEADLINE} s")
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    done = ReportCheckJob.objects.filter(pk__in=ids, status=ReportCheckJob.Status.DONE).count()
    print(json.dumps({"seconds": seconds, "done": done, "jobs": jobs}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=60, help="report-check jobs per round (default 60)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_worker")
    )
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the report file each job checks")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (worker logs) and print its path")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.jobs, args.file)
        return
    if not args.file.is_file():
        sys.exit(f"no such file: {args.file}")
    print(
        f"{args.jobs} report-check jobs of {args.file.name} ({args.file.stat().st_size} bytes); cores: {os.cpu_count()}"
    )
    for db in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        folder = tempfile.mkdtemp(prefix="gk-worker-bench-") if args.keep else None
        with (
            contextlib.nullcontext(folder) if folder else tempfile.TemporaryDirectory(prefix="gk-worker-bench-") as tmp
        ):
            data_dir = Path(tmp)
            if args.keep:
                print(f"{db:10} data and worker logs in {data_dir}")
            env = _prepare(db, args.pg_url, data_dir)
            rates = {}
            for count in (1, 2):
                load = os.getloadavg()[0]
                result = _round(env, count, args.jobs, args.file, data_dir)
                rates[count] = result["jobs"] / result["seconds"]
                print(f"{db:10} {count} worker{'s' if count > 1 else ' '}: {rates[count]:6.1f} reports/s "
                      f"({result['done']}/{result['jobs']} done in {result['seconds']:.2f} s; "
                      f"workers' CPU {result['cpu'] / result['jobs'] * 1000:.0f} ms/report, "
                      f"runs per worker {result['runs']}; load {load:.1f} → {os.getloadavg()[0]:.1f})")  # fmt: skip
            print(f"{db:10} ratio 2 : 1 = {rates[2] / rates[1]:.2f}× (target ≥ 1.7×)")


if __name__ == "__main__":
    main()
