"""Benchmark of the public portal's catalogue list and item pages (issue 4 targets: p95 ≤ 50 ms, ≥ 300 req/s).

Builds a data set of ``--orgs`` organizations and ``--items`` items (default 1,000 and 1,000,000) with
``bulk_create`` in a separate database — a SQLite file under /tmp and the PostgreSQL database
``gongkai_bench`` (created with psql when missing; other sizes get the size appended to both names) — then serves it with gunicorn (2 sync workers) on a free
port of 127.0.0.1 and drives it with ``wrk`` (Debian package ``wrk``; a Python thread client otherwise).
Prints p50/p95/p99 latency and requests per second for list pages and item pages on each database.

    python bench/portal_bench.py                              # full size, SQLite and PostgreSQL
    python bench/portal_bench.py --orgs 100 --items 100000    # quick run
    python bench/portal_bench.py --db sqlite --duration 10

The data set is reused when it already has the asked size (``--rebuild`` forces a new one). Each item page
request picks a random published item; each list request a random organization and a random column or the
organization's full list, mostly page 1 and sometimes a deeper page.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

ROOT = Path(__file__).resolve().parent.parent
#: The data sets: the full size under these names, other sizes with the size appended (gongkai_bench_100x100000).
SQLITE_PATH = Path(tempfile.gettempdir()) / "gongkai_bench.sqlite3"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "gongkai_bench"

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

BODY_PARAGRAPHS = (
    "为进一步做好政府信息公开工作，根据《中华人民共和国政府信息公开条例》有关规定，结合本镇实际，现将有关事项通知如下。",
    "各村（社区）、镇直各单位要高度重视，明确责任人员，认真组织实施，确保各项工作按时保质完成。",
    "本次工作涉及农村土地承包经营权流转、宅基地使用情况审核、农田水利工程建设运营等事项，请按要求及时公开。",
    "对工作中发现的问题，要及时整改落实，并将整改情况于规定时间内报送镇党政综合办公室。",
    "联系人：张某某；联系电话：0391-1234567。特此通知。",
)
TOPICS = ("综合政务", "农业、林业、水利", "民政、扶贫、救灾", "城乡建设、环境保护", "财政、金融、审计")


def _catalogue_template():
    """The seeded township catalogue's shape: (key, parent key, name, code, kind, basis, order)."""
    from gongkai.apps.publishing import constants

    rows = []
    for order, (code, name) in enumerate(constants.LOCAL_CATEGORIES, start=1):
        rows.append((code, None, name, code, "local", "", order))
    code, name = constants.ARTICLE_20_ROOT
    rows.append((code, None, name, code, "art20", "条例第二十条", 10))
    for i, title in enumerate(constants.ARTICLE_20_ITEMS, start=1):
        rows.append((f"art20.{i}", code, title, f"art20.{i}", "art20", f"条例第二十条第（{i}）项", i))
    code, name = constants.ARTICLE_21_ROOT
    rows.append((code, None, name, code, "art21", "条例第二十一条", 20))
    for i, title in enumerate(constants.ARTICLE_21_TOWNSHIP_ITEMS, start=1):
        rows.append((f"art21.{i}", code, title, f"art21.{i}", "art21", "条例第二十一条", i))
    code, name = constants.AREAS_ROOT
    rows.append((code, None, name, code, "area", "国办发〔2019〕54号", 30))
    for i, title in enumerate(constants.TOWNSHIP_AREAS, start=1):
        rows.append((f"area.{i}", code, title, f"area.{i}", "area", "基层政务公开标准目录", i))
    return rows


def build(orgs: int, items: int) -> None:
    """Fill the (empty, migrated) database of this process's settings with the data set."""
    from django.db import connection, transaction

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import CatalogueNode, Channel, Distribution, Item

    rng = random.Random(20261126)
    vendor = connection.vendor
    with connection.cursor() as cur:
        if vendor == "sqlite":
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=OFF")
        else:
            cur.execute("SET synchronous_commit TO OFF")

    started = time.perf_counter()
    counties = 0 if orgs < 3 else max(1, min(10, orgs // 50))
    org_rows = []
    for pk in range(1, orgs + 1):
        if pk == 1:
            parent, kind, name, path = None, "city", "示例市人民政府", "/1/"
        elif pk <= 1 + counties:
            parent, kind, name, path = 1, "county", f"示例市第{pk - 1}县人民政府", f"/1/{pk}/"
        else:
            county = 2 + (pk % counties) if counties else 1
            parent, kind = county, "township"
            name = f"示例{pk}镇人民政府"
            path = f"/1/{county}/{pk}/" if counties else f"/1/{pk}/"
        org_rows.append(
            Organization(
                pk=pk,
                name=name,
                kind=kind,
                parent_id=parent,
                path=path,
                slug=f"org{pk}",
                office_name="党政综合办公室",
                address=f"示例市示例路{pk}号",
                office_hours="工作日 8:30—12:00，14:30—18:00",
                phone="0391-1234567",
                sort_order=pk,
            )
        )
    Organization.objects.bulk_create(org_rows, batch_size=2000)
    template = _catalogue_template()
    width = len(template)
    keys = {row[0]: i for i, row in enumerate(template)}
    leaves = [i for i, row in enumerate(template) if not any(r[1] == row[0] for r in template)]
    villages = keys["local.villages"]
    weights = [40 if i == villages else 60 / (len(leaves) - 1) for i in leaves]
    nodes = []
    for org in range(1, orgs + 1):
        base = (org - 1) * width
        for i, (_key, parent, name, code, kind, basis, order) in enumerate(template):
            nodes.append(
                CatalogueNode(
                    pk=base + i + 1,
                    organization_id=org,
                    parent_id=base + keys[parent] + 1 if parent else None,
                    name=name,
                    kind=kind,
                    code=code,
                    basis=basis,
                    sort_order=order,
                )
            )
    CatalogueNode.objects.bulk_create(nodes, batch_size=5000)
    Channel.objects.bulk_create(
        [Channel(pk=org, organization_id=org, kind="portal", name="政府网站") for org in range(1, orgs + 1)],
        batch_size=5000,
    )
    print(f"  organizations, catalogues, channels: {time.perf_counter() - started:.1f} s", flush=True)

    first_day = dt.date(2019, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - first_day
    tz = dt.timezone(dt.timedelta(hours=8))
    per_org, extra = divmod(items, orgs)
    item_pk = 0
    batch_items, batch_dist = [], []

    def flush() -> None:
        with transaction.atomic():
            Item.objects.bulk_create(batch_items, batch_size=2000)
            Distribution.objects.bulk_create(batch_dist, batch_size=5000)
        batch_items.clear()
        batch_dist.clear()

    for org in range(1, orgs + 1):
        count = per_org + (1 if org <= extra else 0)
        days = sorted(first_day + rng.randrange(span + 1) for _ in range(count))
        sequence: dict[int, int] = {}
        base = (org - 1) * width
        for ordinal in days:
            item_pk += 1
            day = dt.date.fromordinal(ordinal)
            sequence[day.year] = sequence.get(day.year, 0) + 1
            seq = sequence[day.year]
            leaf = rng.choices(leaves, weights)[0]
            roll = rng.random()
            status = "draft" if roll < 0.01 else "withdrawn" if roll < 0.03 else "published"
            formed = day - dt.timedelta(days=rng.randrange(10))
            published_at = dt.datetime.combine(day, dt.time(9, rng.randrange(60)), tz)
            body = "".join(f"<p>{p}</p>" for p in rng.sample(BODY_PARAGRAPHS, 3))
            batch_items.append(
                Item(
                    pk=item_pk,
                    organization_id=org,
                    index_number=f"ORG{org}/{day.year}-{seq:05d}",
                    index_year=day.year,
                    index_sequence=seq,
                    title=f"关于{template[leaf][2][:12]}有关事项的公告（{day.year}年第{seq}号）",
                    document_number=f"示政〔{day.year}〕{seq}号" if seq % 3 == 0 else "",
                    publisher=org_rows[org - 1].name,
                    written_on=formed,
                    formed_on=formed,
                    publish_due=formed + dt.timedelta(days=28),
                    published_on=None if status == "draft" else day,
                    published_at=None if status == "draft" else published_at,
                    category_id=base + leaf + 1,
                    topic=TOPICS[seq % len(TOPICS)],
                    validity="valid" if seq % 4 == 0 else "",
                    summary="",
                    body=body,
                    status=status,
                    withdrawn_at=published_at if status == "withdrawn" else None,
                )
            )
            if status != "draft":
                batch_dist.append(Distribution(pk=item_pk, item_id=item_pk, channel_id=org, published_at=published_at))
        if len(batch_items) >= 20000:
            flush()
            done = item_pk / max(items, 1)
            print(f"  items: {item_pk:,} ({done:.0%}) {time.perf_counter() - started:.0f} s", flush=True)
    flush()
    _finish_load()
    print(f"  data set built in {time.perf_counter() - started:.0f} s", flush=True)


def _finish_load() -> None:
    """Reset sequences after explicit primary keys and refresh the planner statistics."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        out = StringIO()
        call_command("sqlsequencereset", "organizations", "publishing", stdout=out, no_color=True)
        with connection.cursor() as cur:
            cur.execute(out.getvalue())
        old = connection.connection.autocommit
        connection.connection.autocommit = True
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        connection.connection.autocommit = old
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def manifest(samples: int) -> dict:
    """Sample list and item URLs from the database (every URL answers 200)."""
    from django.db.models import Count, Exists, OuterRef

    from gongkai.apps.publishing.models import CatalogueNode, Distribution, Item

    rng = random.Random(7)
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
            lists.append(f"/org{org}/catalogue/" + (f"?page={page}" if page > 1 else ""))
        else:
            node, count = rng.choice(categories[org])
            page = 1 if roll < 0.8 else rng.randint(1, -(-count // 20))
            lists.append(f"/org{org}/catalogue/{node}/" + (f"?page={page}" if page > 1 else ""))
    top = Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    items = []
    while len(items) < samples:
        wanted = [rng.randint(1, top) for _ in range(samples)]
        found = visible.filter(pk__in=wanted).values_list("pk", "organization_id")
        items += [f"/org{org}/items/{pk}/" for pk, org in found]
    return {"list": lists[:samples], "item": items[:samples]}


def _child(args: argparse.Namespace) -> int:
    """Inside a subprocess with DATABASE_URL set: migrate, build when needed, write the URL manifest."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    django.setup()
    from django.core.management import call_command

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import Item

    call_command("migrate", verbosity=0, interactive=False)
    have = (Organization.objects.count(), Item.objects.count())
    if have != (args.orgs, args.items):
        if have != (0, 0):
            print(f"  database holds {have[0]} organizations / {have[1]} items; rebuild it", file=sys.stderr)
            return 3
        build(args.orgs, args.items)
    else:
        print(f"  reusing the data set ({have[0]:,} organizations, {have[1]:,} items)")
    Path(args.manifest).write_text(json.dumps(manifest(args.samples)), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------------- driving


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(sql: str, db: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def dataset_name(orgs: int, items: int) -> str:
    """``gongkai_bench`` for the full size, ``gongkai_bench_<orgs>x<items>`` otherwise."""
    return PG_DB if (orgs, items) == (1000, 1_000_000) else f"{PG_DB}_{orgs}x{items}"


def prepare_database(kind: str, rebuild: bool, name: str = PG_DB) -> str:
    """Create (or recreate) the benchmark database *name* and return its DATABASE_URL."""
    if kind == "sqlite":
        path = SQLITE_PATH.with_name(f"{name}.sqlite3")
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    if exists and rebuild:
        _psql(f'DROP DATABASE "{name}"')
        exists = False
    if not exists:
        _psql(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


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


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn and wait until it answers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.web.wsgi:application",
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


def database_pids(kind: str, name: str = PG_DB) -> list[int]:
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

    def __init__(self, master: int, kind: str, name: str = PG_DB) -> None:
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


def bench_database(kind: str, args: argparse.Namespace) -> list[tuple]:
    print(f"\n== {kind}: {args.orgs:,} organizations, {args.items:,} items ==", flush=True)
    name = dataset_name(args.orgs, args.items)
    url = prepare_database(kind, args.rebuild, name)
    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-")
    try:
        env = _env(url, data_dir)
        manifest_path = Path(data_dir) / "urls.json"
        child = [
            sys.executable,
            str(Path(__file__).resolve()),
            "_child",
            "--orgs",
            str(args.orgs),
            "--items",
            str(args.items),
            "--samples",
            str(args.samples),
            "--manifest",
            str(manifest_path),
        ]
        code = subprocess.run(child, env=env, cwd=ROOT).returncode
        if code == 3:
            print("  rebuilding", flush=True)
            url = prepare_database(kind, True, name)
            env = _env(url, data_dir)
            code = subprocess.run(child, env=env, cwd=ROOT).returncode
        if code != 0:
            raise SystemExit(f"building the {kind} data set failed ({code})")
        urls = json.loads(manifest_path.read_text(encoding="utf-8"))
        if args.build_only:
            return []
        port = _free_port()
        server = start_server(env, port, args.workers)
        try:
            for page_kind in ("list", "item"):
                bad = [p for p in urls[page_kind][:40] if _get(f"http://127.0.0.1:{port}{p}") != 200]
                if bad:
                    raise SystemExit(f"{page_kind} URLs do not answer 200: {bad[:5]}")
            drive = run_wrk if shutil.which("wrk") and not args.python_client else run_python_client
            drive(port, urls["list"] + urls["item"], seconds=args.warmup, connections=args.connections, threads=2)
            rows = []
            for page_kind, label in (("list", "catalogue list pages"), ("item", "item pages")):
                with CpuMeter(server.pid, kind, name) as cpu:
                    result = drive(
                        port, urls[page_kind], seconds=args.duration, connections=args.connections, threads=2
                    )
                per = 1000 / max(1, result["requests"])
                result.update(app_ms=cpu.app * per, db_ms=cpu.db * per, client_ms=cpu.client * per)
                result.update(others=cpu.others / max(1e-9, cpu.elapsed_core_seconds) * cpu.cores, busy=cpu.busy)
                rows.append((kind, label, result))
                print(
                    f"  {label:22} {result['rps']:7.0f} req/s   p50 {result['p50']:6.1f} ms   "
                    f"p95 {result['p95']:6.1f} ms   p99 {result['p99']:6.1f} ms   "
                    f"({result['requests']:,} requests, {result['errors']} errors)\n"
                    f"  {'':22} CPU per request: server {result['app_ms']:.2f} ms, database {result['db_ms']:.2f} ms, "
                    f"load generator {result['client_ms']:.2f} ms; machine busy {result['busy']:.0%}, "
                    f"other processes {result['others']:.2f} of {cpu.cores} cores",
                    flush=True,
                )
            return rows
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000, help="organizations (default 1000)")
    parser.add_argument("--items", type=int, default=1_000_000, help="items (default 1,000,000)")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement (default 20)")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of warm-up (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--samples", type=int, default=5000, help="distinct URLs per page kind (default 5000)")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data set")
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
    print("\nSummary (target: p95 ≤ 50 ms and ≥ 300 req/s with 2 gunicorn workers)")
    for kind, label, r in rows:
        ok = "OK  " if r["p95"] <= 50 and r["rps"] >= 300 and not r["errors"] else "MISS"
        print(
            f"  {ok} {kind:8} {label:22} {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms"
            f"  server+db CPU {r['app_ms'] + r['db_ms']:.2f} ms/req  (other processes used {r['others']:.2f} cores)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
