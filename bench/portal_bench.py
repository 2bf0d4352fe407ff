"""Benchmark of the public portal's item and list pages against a bare-Django floor, same run, same database.

The data set is the shared builder's (bench/dataset.py: ``--orgs`` bodies, ``--items`` items, default 1,000 and
1,000,000), one database per shape, reused when it already has it (``--rebuild`` forces a new one). gongkai and
the floor (bench/portal_floor.py: the same SQL with a minimal template, no middleware) are served in turns by
gunicorn (``--workers``, default 2) on 127.0.0.1 and driven with ``wrk`` (a Python thread client otherwise).
Prints req/s, p50/p95/p99 and CPU per request of each, and gongkai's ratio to the floor (targets: item pages
≥ 0.6×, list pages ≥ 0.8×), on SQLite and PostgreSQL.

    python bench/portal_bench.py                              # full size, SQLite and PostgreSQL
    python bench/portal_bench.py --orgs 100 --items 100000    # quick run
    python bench/portal_bench.py --db sqlite --duration 10 --sqlite /tmp/x.sqlite3

Each item request picks a random published item; each list request a random organization and a random column
or the organization's full list, mostly page 1 and sometimes a deeper page.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

LUA = r"""
local paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.0f %.0f %.0f %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.status,
    summary.errors.connect, summary.errors.read + summary.errors.write, summary.errors.timeout))
end
"""

# ------------------------------------------------------------------------------------------- data set


def manifest(samples: int) -> dict:
    """Sample list and item URLs from the database (every URL answers 200)."""
    from django.db.models import Count, Exists, OuterRef

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import CatalogueNode, Distribution, Item

    rng = random.Random(7)
    slugs = dict(Organization.objects.values_list("pk", "slug"))
    visible = Item.objects.filter(status="published").filter(
        Exists(Distribution.objects.filter(item_id=OuterRef("pk"), channel__kind="portal"))
    )
    per_category = dict(
        visible.values("category_id").order_by().annotate(n=Count("id")).values_list("category_id", "n")
    )
    per_org = dict(
        visible.values("organization_id").order_by().annotate(n=Count("id")).values_list("organization_id", "n")
    )
    categories: dict[int, list[tuple[int, int]]] = {}
    for pk, org in CatalogueNode.objects.filter(pk__in=list(per_category)).values_list("pk", "organization_id"):
        categories.setdefault(org, []).append((pk, per_category[pk]))
    orgs = sorted(categories)
    lists = []
    while len(lists) < samples:
        org = rng.choice(orgs)
        roll = rng.random()
        if roll < 0.3:
            pages = -(-per_org[org] // 20)
            page = rng.randint(1, pages)
            lists.append(f"/{slugs[org]}/catalogue/" + (f"?page={page}" if page > 1 else ""))
        else:
            node, count = rng.choice(categories[org])
            page = 1 if roll < 0.8 else rng.randint(1, -(-count // 20))
            lists.append(f"/{slugs[org]}/catalogue/{node}/" + (f"?page={page}" if page > 1 else ""))
    top = Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    items = []
    while len(items) < samples:
        wanted = [rng.randint(1, top) for _ in range(samples)]
        found = visible.filter(pk__in=wanted).values_list("pk", "organization_id")
        items += [f"/{slugs[org]}/items/{pk}/" for pk, org in found]
    return {"list": lists[:samples], "item": items[:samples]}


def _child(args: argparse.Namespace) -> int:
    """Inside a subprocess with DATABASE_URL set: build the shared data set when needed, write the URL manifest."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import dataset

    dataset.configure(os.environ["DATABASE_URL"])
    dataset.build(args.orgs, args.items, reuse=not args.rebuild)
    Path(args.manifest).write_text(json.dumps(manifest(args.samples)), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------------- driving


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(kind: str, args: argparse.Namespace) -> tuple[str, str]:
    """The data set's DATABASE_URL and database name: the given one, or the shared builder's for the shape."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import dataset

    if kind == "sqlite":
        url = f"sqlite:///{args.sqlite}" if args.sqlite else dataset.default_url("sqlite", args.orgs, args.items)
        return url, ""
    if args.postgres_url:
        parts = urlsplit(args.postgres_url)
        name = parts.path.lstrip("/")
        return dataset.ensure_postgres_database(name, parts.hostname or "127.0.0.1", parts.port or 5432), name
    name = dataset.dataset_name(args.orgs, args.items)
    return dataset.ensure_postgres_database(name, port=args.pg_port), name


def _env(url: str, data_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        GONGKAI_DATA_DIR=data_dir,
        GONGKAI_DEBUG="0",
        GONGKAI_CONN_MAX_AGE="600",
        PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.pop("GONGKAI_TESTING", None)
    return env


def _get(url: str, timeout: float = 30) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def start_server(env: dict, port: int, workers: int, app: str = "gongkai.web.wsgi:application") -> subprocess.Popen:
    """Start gunicorn serving *app* and wait until it answers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--pythonpath",
        str(ROOT / "bench"),
        app,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--backlog",
        "512",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/", timeout=60) == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# ----------------------------------------------------------------------------- CPU accounting (Linux /proc)

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields after the command name


def _cpu_seconds(pids) -> float:
    total = 0.0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields:
            total += (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    return total


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def server_pids(master: int) -> list[int]:
    """gunicorn's master and its workers."""
    return [master, *(pid for pid in _all_pids() if (f := _stat_fields(pid)) and int(f[1]) == master)]


def database_pids(kind: str, name: str) -> list[int]:
    """PostgreSQL backends serving the benchmark database (none for SQLite, which runs inside the workers)."""
    if kind != "postgres":
        return []
    found = []
    for pid in _all_pids():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and f" {name} ".encode() in title:
            found.append(pid)
    return found


def _machine_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuMeter:
    """CPU seconds used by the server, the database and the load generator during one measurement."""

    def __init__(self, master: int, kind: str, name: str) -> None:
        self.master, self.kind, self.name = master, kind, name

    def __enter__(self) -> CpuMeter:
        self.servers = server_pids(self.master)
        self.databases = database_pids(self.kind, self.name)
        self.start = (
            _cpu_seconds(self.servers),
            _cpu_seconds(self.databases),
            os.times().children_user + os.times().children_system,
            _machine_jiffies(),
        )
        return self

    def __exit__(self, *exc) -> None:
        times = os.times()
        busy0, total0 = self.start[3]
        busy1, total1 = _machine_jiffies()
        self.app = _cpu_seconds(self.servers) - self.start[0]
        self.db = _cpu_seconds(self.databases) - self.start[1]
        self.client = times.children_user + times.children_system - self.start[2]
        cores = os.cpu_count() or 1
        self.busy = (busy1 - busy0) / max(1, total1 - total0)  # share of all cores
        self.elapsed_core_seconds = (total1 - total0) / _TICK
        self.others = max(0.0, (busy1 - busy0) / _TICK - self.app - self.db - self.client)
        self.cores = cores


def run_wrk(port: int, paths: list[str], *, seconds: int, connections: int, threads: int) -> dict:
    """Drive the server with wrk for *seconds*; return requests/s and latency percentiles (ms)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "paths.lua"
        script.write_text(LUA, encoding="utf-8")
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(path_file),
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    requests, micros, p50, p95, p99, bad_status, connect, io_errors, timeouts = (
        int(float(v)) for v in line.split()[1:]
    )
    return {
        "requests": requests,
        "rps": requests / (micros / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": bad_status + connect + timeouts,
        "io_errors": io_errors,
    }


def run_python_client(port: int, paths: list[str], *, seconds: int, connections: int, **_) -> dict:
    """The fallback load generator: *connections* threads, one request at a time each."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        mine, bad = [], 0
        while time.monotonic() < stop:
            begin = time.perf_counter()
            status = _get(f"http://127.0.0.1:{port}{rng.choice(paths)}")
            mine.append(time.perf_counter() - begin)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    begin = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begin
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0.0

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors,
        "io_errors": 0,
    }


def _measure(server: subprocess.Popen, kind: str, name: str, drive, port: int, paths: list[str], args) -> dict:
    with CpuMeter(server.pid, kind, name) as cpu:
        result = drive(port, paths, seconds=args.duration, connections=args.connections, threads=2)
    per = 1000 / max(1, result["requests"])
    result.update(app_ms=cpu.app * per, db_ms=cpu.db * per, client_ms=cpu.client * per)
    result.update(others=cpu.others / max(1e-9, cpu.elapsed_core_seconds) * cpu.cores, busy=cpu.busy)
    return result


def _line(label: str, r: dict) -> str:
    return (
        f"  {label:26} {r['rps']:7.0f} req/s   p50 {r['p50']:6.1f} ms   p95 {r['p95']:6.1f} ms   "
        f"p99 {r['p99']:6.1f} ms   ({r['requests']:,} requests, {r['errors']} errors)\n"
        f"  {'':26} CPU per request: server {r['app_ms']:.2f} ms, database {r['db_ms']:.2f} ms, "
        f"load generator {r['client_ms']:.2f} ms; machine busy {r['busy']:.0%}, "
        f"other processes {r['others']:.2f} cores"
    )


def bench_database(kind: str, args: argparse.Namespace) -> list[tuple]:
    """Build or reuse the data set, then measure gongkai and the floor (bench/portal_floor.py) on it, in turns."""
    print(f"\n== {kind}: {args.orgs:,} organizations, {args.items:,} items ==", flush=True)
    url, name = database_url(kind, args)
    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-")
    try:
        env = _env(url, data_dir)
        manifest_path = Path(data_dir) / "urls.json"
        child = [sys.executable, str(Path(__file__).resolve()), "_child", "--orgs", str(args.orgs), "--items"]
        child += [str(args.items), "--samples", str(args.samples), "--manifest", str(manifest_path)]
        if args.rebuild:
            child.append("--rebuild")
        if subprocess.run(child, env=env, cwd=ROOT).returncode != 0:
            raise SystemExit(f"building the {kind} data set failed")
        urls = json.loads(manifest_path.read_text(encoding="utf-8"))
        if args.build_only:
            return []
        drive = run_wrk if shutil.which("wrk") and not args.python_client else run_python_client
        results: dict[tuple[str, str], list[dict]] = {}
        apps = (
            ("gongkai", "gongkai.web.wsgi:application", args.port),
            ("floor", "portal_floor:application", args.floor_port),
        )
        for round_ in range(args.rounds):
            for app_name, app, fixed_port in apps:
                port = fixed_port or _free_port()
                server = start_server(env, port, args.workers, app)
                try:
                    for page_kind in ("list", "item"):
                        bad = [p for p in urls[page_kind][:40] if _get(f"http://127.0.0.1:{port}{p}") != 200]
                        if bad:
                            raise SystemExit(f"{app_name}: {page_kind} URLs do not answer 200: {bad[:5]}")
                    both = urls["list"] + urls["item"]
                    drive(port, both, seconds=args.warmup, connections=args.connections, threads=2)
                    for page_kind in ("list", "item"):
                        result = _measure(server, kind, name, drive, port, urls[page_kind], args)
                        results.setdefault((app_name, page_kind), []).append(result)
                        print(_line(f"{app_name} {page_kind} (round {round_ + 1})", result), flush=True)
                finally:
                    stop_server(server)
        rows = []
        for page_kind in ("list", "item"):
            mine = max(results[("gongkai", page_kind)], key=lambda r: r["rps"])
            floor = max(results[("floor", page_kind)], key=lambda r: r["rps"])
            rows.append((kind, page_kind, mine, floor))
        return rows
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


TARGETS = {"item": 0.6, "list": 0.8}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000, help="organizations (default 1000)")
    parser.add_argument("--items", type=int, default=1_000_000, help="items (default 1,000,000)")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--sqlite", help="SQLite file of the data set (default: the shared builder's for the shape)")
    parser.add_argument("--postgres-url", help="PostgreSQL database of the data set (default: the shared builder's)")
    parser.add_argument("--pg-port", type=int, default=5432, help="PostgreSQL port on 127.0.0.1 (default 5432)")
    parser.add_argument("--port", type=int, default=0, help="gongkai's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--floor-port", type=int, default=0, help="the floor's port (default: a free one)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement (default 20)")
    parser.add_argument(
        "--warmup", type=int, default=30, help="seconds of warm-up per server, caches filled (default 30)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="turns of gongkai then floor; best of each (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--samples", type=int, default=2000, help="distinct URLs per page kind (default 2000)")
    parser.add_argument("--reuse", action="store_true", default=True, help="reuse a built data set (the default)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even when it has the shape")
    parser.add_argument("--build-only", action="store_true", help="build the data sets, measure nothing")
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    parser.add_argument("--manifest", help=argparse.SUPPRESS)
    if argv[:1] == ["_child"]:
        return _child(parser.parse_args(argv[1:]))
    args = parser.parse_args(argv)
    if args.orgs < 1 or args.items < args.orgs:
        parser.error("need at least one organization and one item per organization")
    rows = []
    for kind in [k.strip() for k in args.db.split(",") if k.strip()]:
        if kind not in ("sqlite", "postgres"):
            parser.error(f"unknown database {kind!r}")
        rows += bench_database(kind, args)
    if not rows:
        return 0
    load = os.getloadavg()
    print(
        f"\nSummary: gongkai against the floor, best of {args.rounds} rounds, {args.workers} gunicorn workers, "
        f"{args.connections} connections (targets: item ≥ 0.6×, list ≥ 0.8×; load average "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores)"
    )
    for kind, page_kind, mine, floor in rows:
        ratio = mine["rps"] / max(floor["rps"], 1e-9)
        ok = "OK  " if ratio >= TARGETS[page_kind] and not mine["errors"] else "MISS"
        print(
            f"  {ok} {kind:8} {page_kind:5} gongkai {mine['rps']:7.0f} req/s (p95 {mine['p95']:5.1f} ms)  "
            f"floor {floor['rps']:7.0f} req/s (p95 {floor['p95']:5.1f} ms)  ratio {ratio:.2f}×  "
            f"server CPU {mine['app_ms']:.2f} vs {floor['app_ms']:.2f} ms/req"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
