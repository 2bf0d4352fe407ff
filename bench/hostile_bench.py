"""Hostile uploads do not slow the site: p95 of ordinary page views with and without hostile 年报检查
uploads being read, and what became of each hostile file.

Run: ``python bench/hostile_bench.py [--duration 20] [--clients 4] [--rounds 2]``. Builds a throw-away SQLite
database (or uses ``DATABASE_URL``, which must be an empty scratch database), a county and its leader,
serves it with gunicorn (2 sync workers, 30 s timeout) on a free port of 127.0.0.1 and runs one
``gongkai worker`` beside it. Phase 1: *clients* threads request public pages for *duration* seconds.
Phase 2: the same load while the leader uploads, *rounds* times, issue 8's hostile files (a DOCX zip bomb
unpacking to 300 MB, a DOCX with gridSpan="300000000", a 5,000-page PDF, a PDF with a broken page tree,
JSON nested 100,000 deep) plus one good report. Prints p50/p95/max and the 5xx count of each phase, the
ratio of phase 2's p95 to phase 1's (the quiet baseline of the same run: 1.0 means the hostile files cost the
other users nothing), the upload request times, and, once the worker is done, each file's state and reason and
the reading time. ``--database-url postgres://…/scratch`` runs it on PostgreSQL (an empty scratch database).
Only 127.0.0.1 is contacted; every loop is bounded in count and time; everything started is stopped.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.core.hostile builds the hostile files
SRC = str(ROOT / "src")

SETUP = """
import django, json
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from gongkai.apps.organizations.choices import OrganizationKind as K, Role
from gongkai.apps.organizations.testing import make_org, make_user
county = make_org("柳河县人民政府", slug="liuhe", kind=K.COUNTY)
make_org("青石镇人民政府", slug="qingshi", parent=county, kind=K.TOWNSHIP)
leader = make_user("bench-leader", organization=county, roles=[Role.LEADER])
s = SessionStore()
s[SESSION_KEY] = str(leader.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = leader.get_session_auth_hash()
import time
from gongkai.apps.accounts.signals import LOGIN_AT, SEEN_AT
s[LOGIN_AT] = s[SEEN_AT] = int(time.time())  # the session clock a real login starts (idle and absolute limits)
s.create()
print(json.dumps({"session": s.session_key}))
"""

STATUS = """
import django, json
django.setup()
from gongkai.apps.review.models import CheckedReport
rows = [
    (r.original_name, r.status, r.parse_error, (r.read_finished_at - r.read_started_at).total_seconds()
     if r.read_finished_at and r.read_started_at else None)
    for r in CheckedReport.objects.order_by("id")
]
print(json.dumps(rows, ensure_ascii=False))
"""

PAGES = ["/apply/", "/liuhe/", "/qingshi/"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(code: str, env: dict) -> str:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout.strip().splitlines()[-1]


def _load(base: str, seconds: float, clients: int, stop: threading.Event | None = None) -> tuple[list[float], int]:
    """GET the public pages from *clients* threads for *seconds* (or until *stop*); latencies and 5xx count."""
    import requests

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        session = requests.Session()
        i = n
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            page = PAGES[i % len(PAGES)]
            i += 1
            started = time.perf_counter()
            try:
                status = session.get(base + page, timeout=60).status_code
            except requests.RequestException:
                status = 599
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status >= 500:
                    errors[0] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")


def _summary(name: str, latencies: list[float], errors: int) -> str:
    if not latencies:
        return f"{name}: no requests"
    ordered = sorted(latencies)
    p95 = _p95(ordered)
    return (
        f"{name}: {len(ordered)} requests, p50 {1000 * statistics.median(ordered):.0f} ms, "
        f"p95 {1000 * p95:.0f} ms, max {1000 * ordered[-1]:.0f} ms, 5xx {errors}"
    )


def _hostile_files(folder: Path, round_no: int) -> list[Path]:
    from tests.core.hostile import files

    made = [
        files.zip_bomb_docx(folder / f"{round_no}_炸弹.docx"),
        files.gridspan_docx(folder / f"{round_no}_跨列.docx"),
        files.many_pages_pdf(folder / f"{round_no}_五千页.pdf"),
        files.corrupt_pdf(folder / f"{round_no}_坏.pdf"),
        files.nested_json(folder / f"{round_no}_深.json"),
    ]
    good = folder / f"{round_no}_思礼镇2020年报.txt"
    good.write_bytes((ROOT / "tests/fixtures/corpus/seed/silizhen_2020.txt").read_bytes() + b"\n" * round_no)
    return [*made, good]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per phase (at most 120)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (at most 16)")
    parser.add_argument("--rounds", type=int, default=2, help="uploads of the hostile set (at most 5)")
    parser.add_argument("--database-url", default="", help="an empty scratch database (default: DATABASE_URL, else SQLite)")
    args = parser.parse_args()
    duration, clients, rounds = min(args.duration, 120), min(args.clients, 16), min(args.rounds, 5)

    import requests

    data_dir = Path(tempfile.mkdtemp(prefix="gongkai-hostile-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "GONGKAI_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
        # the county's leader uploads with a plain session: no second factor asked of county staff here
        "GONGKAI_OTP_ORG_KINDS": "city",
        "GONGKAI_RATELIMIT": "0",
    }
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}")
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}")
    subprocess.run([sys.executable, "-m", "gongkai", "migrate", "-v0"], env=env, check=True, timeout=600)
    import json

    session_key = json.loads(_run(SETUP, env))["session"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30", "gongkai.web.wsgi"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(data_dir / "gunicorn.log").open("w"),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "worker", "--no-startup-delay", "--interval", "0.5"],
        env=env,
        stdout=(data_dir / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/apply/", timeout=2).status_code < 500:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        codes = {page: requests.get(base + page, timeout=10).status_code for page in PAGES}
        print(f"pages under load: {codes}; gunicorn 2 sync workers, 1 gongkai worker; {clients} clients")

        quiet = _load(base, duration, clients)
        print(_summary("phase 1, no uploads", *quiet))

        staff = requests.Session()
        staff.cookies.set("sessionid", session_key, domain="127.0.0.1")
        folder = data_dir / "hostile"
        folder.mkdir()
        uploads: list[float] = []
        upload_codes: list[int] = []
        stop = threading.Event()
        # built before phase 2, so that building them takes no CPU from the measuring clients
        prepared = [_hostile_files(folder, round_no) for round_no in range(rounds)]

        def uploader() -> None:
            for round_no in range(rounds):
                page = staff.get(base + "/staff/o/liuhe/review/", timeout=60)
                found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                if found is None:
                    print(f"the upload page did not open: HTTP {page.status_code} {page.url}")
                    return
                token = found.group(1)
                paths = prepared[round_no]
                handles = [p.open("rb") for p in paths]
                started = time.perf_counter()
                response = staff.post(
                    base + "/staff/o/liuhe/review/",
                    data={"year": "2021", "title": f"恶意文件第 {round_no + 1} 批", "csrfmiddlewaretoken": token},
                    files=[("files", (p.name, h)) for p, h in zip(paths, handles, strict=True)],
                    headers={"Referer": base + "/staff/o/liuhe/review/"},
                    allow_redirects=False,
                    timeout=120,
                )
                uploads.append(time.perf_counter() - started)
                upload_codes.append(response.status_code)
                if "/review/" not in response.headers.get("Location", ""):
                    print(f"upload refused: HTTP {response.status_code} → {response.headers.get('Location')}")
                for h in handles:
                    h.close()
                time.sleep(duration / max(rounds, 1) / 2)

        up = threading.Thread(target=uploader)
        up.start()
        loaded = _load(base, duration, clients, stop)
        up.join(180)
        print(_summary("phase 2, hostile uploads being read", *loaded))
        print(
            f"other users' p95 during hostile uploads: {1000 * _p95(loaded[0]):.0f} ms = "
            f"{_p95(loaded[0]) / _p95(quiet[0]):.2f}× the quiet p95 of this run ({1000 * _p95(quiet[0]):.0f} ms)"
        )
        print(
            f"upload requests: {len(uploads)} of {rounds} × 6 files, HTTP {upload_codes}, "
            f"{', '.join(f'{1000 * u:.0f} ms' for u in uploads)}"
        )

        started = time.monotonic()
        rows = []
        while time.monotonic() - started < 300:
            rows = json.loads(_run(STATUS, env))
            if rows and all(status in ("parsed", "unreadable") for _, status, _, _ in rows):
                break
            time.sleep(1)
        print(f"worker finished reading {len(rows)} files {time.monotonic() - started:.0f} s after phase 2 ended")
        for name, status, reason, seconds in rows:
            took = f"{seconds:.1f} s" if seconds is not None else "—"
            print(f"  {name}\t{status}\t{took}\t{reason}")
        gunicorn_errors = (data_dir / "gunicorn.log").read_text().count("WORKER TIMEOUT")
        print(f"gunicorn worker timeouts: {gunicorn_errors}")
    finally:
        for proc in (worker, server):
            proc.send_signal(signal.SIGTERM)
        for proc in (worker, server):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    main()
