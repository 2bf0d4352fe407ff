"""Loopback load bench: mixed portal reads and public application submissions against gunicorn (issue 8).

For each database (a fresh SQLite file, and/or a fresh PostgreSQL database) it migrates, builds a small
data set (3 townships with catalogues and 300 published items), starts ``gunicorn -w 2`` on a free port of
127.0.0.1 and runs ``--clients`` threads until ``--requests`` requests are done or ``--duration`` seconds
have passed, whichever comes first. Each client is one person:

- reads (``1 - --submit-share`` of the iterations): a portal list page (an organization's column, page 1
  or deeper) or an item page;
- submissions: the real flow of /apply/ — GET the form (CSRF cookie and token), POST it (the confirm
  page), POST the confirm step with the confirm page's own fields and read the query code in its answer
  (the done page). A submission that ends without a query code is counted as lost.

Every client talks from its own loopback address (127.0.0.2, 127.0.0.3, …: all of 127/8 reaches ``lo`` on
Linux), as separate applicants would, so per-address limits on /apply/ see many addresses; ``--sources 1``
puts every client on 127.0.0.1. ``--server-env KEY=VALUE`` passes settings to the server (e.g. a higher
rate limit for a bench run). Prints, per database and kind, the count, 5xx, other failures, p50 and p95;
then the applications stored against the query codes shown, and the server's logged tracebacks.

    python bench/load_bench.py                                   # SQLite and PostgreSQL, 16 clients
    python bench/load_bench.py --db sqlite --requests 3000 --duration 90
    python bench/load_bench.py --db postgres --database-url postgres://postgres@127.0.0.1:5432/my_bench

Only ever talks to 127.0.0.x; the server and every client stop at the end (or on Ctrl+C).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/gongkai_load_bench"

APPLICANT = {
    "applicant_type": "natural_person",
    "id_type": "id_card",
    "email": "bench@example.cn",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


# ---------------------------------------------------------------------------------------------- set-up (child)


def _setup_child() -> None:
    """Run inside a child process with the bench's DATABASE_URL: migrate, build data, print the URLs as JSON."""
    import datetime as dt

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.apps.organizations.testing import make_org
    from gongkai.apps.portal.pagination import PER_PAGE
    from gongkai.apps.publishing.models import CatalogueNode
    from gongkai.apps.publishing.services import catalogue_seed_township, item_import_published

    rng = random.Random(8)
    county = make_org("压测县人民政府", slug="bench-county")
    lists, items, orgs = [], [], []
    for n in range(3):
        org = make_org(f"压测第{n + 1}镇人民政府", slug=f"bench-town-{n + 1}", parent=county)
        catalogue_seed_township(actor=None, organization=org)
        orgs.append(org.pk)
        nodes = list(CatalogueNode.objects.filter(organization=org, is_active=True))
        leaves = [x for x in nodes if not any(y.parent_id == x.pk for y in nodes)] or nodes
        per_node: dict[int, int] = {}
        for i in range(100):
            node = rng.choice(leaves[:4])  # a few full columns, so that page 2 exists
            per_node[node.pk] = per_node.get(node.pk, 0) + 1
            item = item_import_published(
                actor=None,
                organization=org,
                title=f"关于第{i + 1}项工作的通知（{node.name}）",
                category=node,
                published_on=dt.date(2026, 1, 5) + dt.timedelta(days=i),
                body="各村（社区）：\n\n现将有关事项通知如下。" * 5,
            )
            items.append(f"/{org.slug}/items/{item.pk}/")
        for node in leaves:
            lists.append(f"/{org.slug}/catalogue/{node.pk}/")
            if per_node.get(node.pk, 0) > PER_PAGE:
                lists.append(f"/{org.slug}/catalogue/{node.pk}/?page=2")
        lists.append(f"/{org.slug}/")
    print(json.dumps({"lists": lists, "items": items, "orgs": orgs}))


def _count_child() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    django.setup()
    from gongkai.apps.applications.models import Application

    print(json.dumps({"applications": Application.objects.count()}))


# ---------------------------------------------------------------------------------------------- HTTP client


class _FormParser(HTMLParser):
    """The fields of the first form posting to /apply/ (inputs, selects with their selected option, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "checkbox", "radio"):
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "input" and a.get("name") and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.append((a["name"], a.get("value") or "on"))
        elif tag == "button" and a.get("name") and a.get("value") is not None and a.get("name") == "step":
            self.fields.append((a["name"], a["value"]))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self.done = False, True


@dataclass
class Result:
    kind: str
    status: int
    seconds: float


@dataclass
class Client:
    port: int
    source: str
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, body: dict | list | None = None) -> tuple[int, dict, str, float]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        headers = {"Host": "127.0.0.1", "User-Agent": "gongkai-load-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        start = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            status = response.status
            resp_headers = {k.lower(): v for k, v in response.getheaders()}
            for k, v in response.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException) as exc:
            status, resp_headers, text = 0, {}, f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()
        return status, resp_headers, text, time.perf_counter() - start


# ---------------------------------------------------------------------------------------------- the run


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:300]


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    codes_shown: int = 0
    submissions_lost: int = 0
    samples: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, seconds: float, text: str = "") -> None:
        with self.lock:
            self.results.append(Result(kind, status, seconds))
            if (status >= 500 or status == 0) and kind not in self.samples:
                self.samples[kind] = f"{status}: {_squash(text)}"


def _submit(client: Client, run: Run, org_pk: int, n: int) -> int:
    """One applicant's submission through /apply/; returns the number of requests made."""
    status, _h, text, t = client.request("GET", "/apply/")
    run.add("apply_form", status, t, text)
    if status != 200:
        return 1
    parser = _FormParser()
    parser.feed(text)
    fields = dict(parser.fields)
    fields.update(APPLICANT)
    fields.update(
        organization=str(org_pk),
        applicant_name=f"压测申请人{n}",
        id_number="11010119900101123X",
        description=f"第{n}号压测申请：2025年本镇财政预算执行情况",
    )
    fields.pop("step", None)
    status, _h, text, t = client.request("POST", "/apply/", fields)
    run.add("apply_preview", status, t, text)
    if status != 200 or "confirm" not in text:
        with run.lock:
            run.submissions_lost += 1
            run.samples.setdefault("preview_no_confirm", f"{status}: {_squash(text)}")
        return 2
    confirm = _FormParser()
    confirm.feed(text)
    data = list(confirm.fields)
    if not any(k == "step" for k, _ in data):
        data.append(("step", "confirm"))
    status, headers, text, t = client.request("POST", "/apply/", data)
    run.add("apply_confirm", status, t, text)
    made = 3
    if status == 302:  # an older server: the done page behind a redirect
        made = 4
        location = urlsplit(headers.get("location", "/apply/done/")).path
        status, _h, text, t = client.request("GET", location)
        run.add("apply_done", status, t, text)
    with run.lock:
        # The server answers the confirm step with the done page itself (no redirect, so the query code
        # never travels in a URL).
        if status == 200 and re.search(r"查询码", text):
            run.codes_shown += 1
        else:
            run.submissions_lost += 1
            run.samples.setdefault("confirm_no_code", f"{status}: {_squash(text)}")
    return made


def _client_loop(client: Client, run: Run, urls: dict, args, stop_at: float, budget: list, seed: int) -> None:
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < stop_at:
        with run.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        n += 1
        if rng.random() < args.submit_share:
            made = _submit(client, run, rng.choice(urls["orgs"]), seed * 100000 + n)
            with run.lock:
                budget[0] -= made - 1
        elif rng.random() < 0.5:
            status, _h, text, t = client.request("GET", rng.choice(urls["lists"]))
            run.add("list", status, t, text)
        else:
            status, _h, text, t = client.request("GET", rng.choice(urls["items"]))
            run.add("item", status, t, text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child(env: dict, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), mode], env=env, capture_output=True, text=True, timeout=900
    )
    if out.returncode != 0:
        sys.exit(f"bench set-up failed ({mode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_pg(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name or ""):
        sys.exit(f"bad database name in {url}")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def bench_one(label: str, database_url: str, args) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"gongkai-load-{label}-"))
    if label == "sqlite":
        database_url = f"sqlite:///{data_dir / 'gongkai.sqlite3'}"
    else:
        _fresh_pg(database_url)
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "DATABASE_URL": database_url,
        "GONGKAI_DATA_DIR": str(data_dir),
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Each bench client stands for many applicants in turn: the per-address captcha and submission
        # limits (tested in tests/apps/applications/test_throttling.py) would otherwise stop it after a few.
        "GONGKAI_APPLY_CAPTCHA_AFTER": "1000000",
        "GONGKAI_APPLY_RATE": "100000/h",
        "GONGKAI_APPLY_FORM_RATE": "100000/h",
    }
    env.pop("GONGKAI_TESTING", None)
    for item in args.server_env:
        key, _, value = item.partition("=")
        env[key] = value
    print(f"[{label}] building the data set …", flush=True)
    urls = _child(env, "_setup")
    port = _free_port()
    server_log = open(data_dir / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "30", "gongkai.web.wsgi"],
        env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    run = Run()
    try:
        probe = Client(port, "127.0.0.1")
        deadline = time.monotonic() + 60
        while probe.request("GET", "/healthz")[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit(f"[{label}] the server did not start; see {data_dir / 'gunicorn.log'}")
            time.sleep(0.3)
        # warm both workers' caches a little, outside the measurement
        for url in urls["lists"][:10] + urls["items"][:10]:
            probe.request("GET", url)
        sources = max(1, min(args.sources if args.sources else args.clients, 250))
        clients = [Client(port, f"127.0.0.{2 + (i % sources)}" if sources > 1 else "127.0.0.1") for i in range(args.clients)]
        budget = [args.requests]
        start = time.monotonic()
        stop_at = start + args.duration
        threads = [
            threading.Thread(target=_client_loop, args=(c, run, urls, args, stop_at, budget, i + 1), daemon=True)
            for i, c in enumerate(clients)
        ]
        print(f"[{label}] {args.clients} clients from {sources} address(es), "
              f"{args.submit_share:.0%} submissions, ≤ {args.requests} requests, ≤ {args.duration} s …", flush=True)  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.duration + 120)
        elapsed = time.monotonic() - start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        server_log.close()
    stored = _child(env, "_count")["applications"]
    logs = "\n".join(p.read_text(errors="replace") for p in (data_dir / "logs").glob("*.log"))
    return {
        "label": label,
        "run": run,
        "elapsed": elapsed,
        "stored": stored,
        "tracebacks": logs.count("Traceback (most recent call last)"),
        "locked": logs.count("database is locked"),
        "data_dir": data_dir,
    }


def report(outcome: dict) -> int:
    run: Run = outcome["run"]
    label = outcome["label"]
    kinds = ["list", "item", "apply_form", "apply_preview", "apply_confirm", "apply_done"]
    total = len(run.results)
    print(f"\n== {label}: {total} requests in {outcome['elapsed']:.1f} s ({total / outcome['elapsed']:.0f} req/s)")
    print(f"{'kind':<15}{'count':>7}{'5xx':>6}{'other':>7}{'p50 ms':>9}{'p95 ms':>9}")
    server_errors = 0
    for kind in kinds:
        rows = [r for r in run.results if r.kind == kind]
        if not rows:
            continue
        fivexx = sum(1 for r in rows if r.status >= 500)
        expected = {"apply_confirm": (200, 302)}.get(kind, (200,))
        other = sum(1 for r in rows if r.status < 500 and r.status not in expected)
        server_errors += fivexx
        times = [r.seconds for r in rows]
        print(f"{kind:<15}{len(rows):>7}{fivexx:>6}{other:>7}{_p(times, 50):>9.1f}{_p(times, 95):>9.1f}")
    reads = [r.seconds for r in run.results if r.kind in ("list", "item")]
    subs = [r.seconds for r in run.results if r.kind.startswith("apply")]
    print(f"{'reads':<15}{len(reads):>7}{'':>6}{'':>7}{_p(reads, 50):>9.1f}{_p(reads, 95):>9.1f}")
    print(f"{'submission req':<15}{len(subs):>7}{'':>6}{'':>7}{_p(subs, 50):>9.1f}{_p(subs, 95):>9.1f}")
    print(f"5xx total: {server_errors}; connection failures: {sum(1 for r in run.results if r.status == 0)}")
    print(f"submissions: {run.codes_shown} query codes shown, {run.submissions_lost} lost; "
          f"applications stored: {outcome['stored']}")  # fmt: skip
    print(f"server log: {outcome['tracebacks']} tracebacks, {outcome['locked']} 'database is locked'")
    for kind, sample in run.samples.items():
        print(f"  first failure of {kind}: {sample}")
    return server_errors + run.submissions_lost + abs(outcome["stored"] - run.codes_shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--database-url", default=DEFAULT_PG, help=f"PostgreSQL database, dropped and created (default {DEFAULT_PG})")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--requests", type=int, default=2000, help="stop after this many requests (default 2000)")
    parser.add_argument("--duration", type=float, default=60, help="stop after this many seconds (default 60)")
    parser.add_argument("--submit-share", type=float, default=0.2, help="share of iterations that submit (default 0.2)")
    parser.add_argument("--sources", type=int, default=0, help="loopback source addresses (default: one per client)")
    parser.add_argument("--keep", action="store_true", help="keep the data directories (database, logs) afterwards")
    parser.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE", help="setting for the server")
    args = parser.parse_args(argv)
    if args.requests > 100_000 or args.duration > 1800 or args.clients > 200:
        parser.error("bounded bench: at most 100000 requests, 1800 s and 200 clients")
    labels = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    bad = 0
    for label in labels:
        outcome = bench_one(label, args.database_url, args)
        bad += report(outcome)
        if not args.keep:
            shutil.rmtree(outcome["data_dir"], ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        _setup_child()
    elif len(sys.argv) > 1 and sys.argv[1] == "_count":
        _count_child()
    else:
        sys.exit(main())
