"""Benchmark: the cost of encrypted personal data (SM4-GCM, HMAC-SM3) and of the chained audit log (SM3).

    python bench/pii_audit_bench.py                       # core figures, then SQLite and PostgreSQL
    python bench/pii_audit_bench.py --backend sqlite --rows 2000 --appends 2000

Prints: per-value SM4-GCM encrypt/decrypt and blind-index time (no database); per application
row with its seven encrypted fields: insert, read (decrypt), rotation (rows/s); audit appends per
second with the hash chain (one transaction each, as a service step writes one), one writer and
four concurrent writers (PostgreSQL), and ``audit verify`` rows per second. Each backend runs in its
own process on a fresh database (SQLite file in a temporary directory; PostgreSQL database
``gongkai_pii_bench``, dropped and recreated). Bounded by the counts given.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time

PG_DB = "gongkai_pii_bench"
KEY_A = "00112233445566778899aabbccddeeff"
KEY_B = "ffeeddccbbaa99887766554433221100"


def per_op(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def core_figures(n: int) -> None:
    from gongkai.core.fieldcrypt import Keyring

    ring = Keyring([bytes.fromhex(KEY_A)])
    value = "某省某市某区某街道某路100号3单元402室"
    token = ring.encrypt(value, context="t.address")
    enc = per_op(lambda: ring.encrypt(value, context="t.address"), n)
    dec = per_op(lambda: ring.decrypt(token, context="t.address"), n)
    idx = per_op(lambda: ring.blind_index("110101199001011234"), n)
    print(f"core: SM4-GCM encrypt {enc * 1e6:.1f} µs, decrypt {dec * 1e6:.1f} µs, HMAC-SM3 blind index {idx * 1e6:.1f} µs per value ({n} values)")


def backend(name: str, url: str, rows: int, appends: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    os.environ["GONGKAI_DATA_KEY"] = KEY_A
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.test.utils import override_settings
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from gongkai.apps.applications.models import Application
    from gongkai.apps.audit.chain import verify
    from gongkai.apps.audit.services import audit_log
    from gongkai.apps.organizations.models import Organization

    org = Organization.objects.create(name="基准镇人民政府", slug="bench", kind="township")
    now = timezone.now()

    def make(i: int) -> Application:
        return Application(
            organization=org,
            tracking_number=f"GKB{i:010d}",
            query_code_hash="x",
            applicant_type="natural_person",
            applicant_name="张三丰",
            contact_person="李四",
            id_type="id_card",
            id_number=f"1101011990{i:08d}",
            phone="13800138000",
            email="zhangsan@example.cn",
            address="某省某市某区某街道某路100号3单元402室",
            postcode="100000",
            description="某项目的招标文件",
            delivery_form="electronic",
            delivery_method="email",
            channel="counter",
            submitted_at=now,
        )

    start = time.perf_counter()
    with transaction.atomic():
        for i in range(rows):
            make(i).save()
    insert = (time.perf_counter() - start) / rows
    start = time.perf_counter()
    loaded = list(Application.objects.all())
    read = (time.perf_counter() - start) / len(loaded)
    assert loaded[0].id_number.startswith("1101011990")
    start = time.perf_counter()
    list(Application.objects.defer("applicant_name", "contact_person", "id_number", "phone", "email", "address", "postcode"))
    read_plain = (time.perf_counter() - start) / len(loaded)
    print(
        f"{name}: application row (7 encrypted fields) insert {insert * 1e3:.2f} ms, read {read * 1e3:.3f} ms "
        f"(same rows without the encrypted columns {read_plain * 1e3:.3f} ms)"
    )
    with override_settings(GONGKAI_DATA_KEY=f"{KEY_B},{KEY_A}"):
        start = time.perf_counter()
        call_command("rotate_data_key", "--batch-size", "500", stdout=open(os.devnull, "w"))
        took = time.perf_counter() - start
    print(f"{name}: rotate_data_key {rows / took:,.0f} rows/s ({rows} rows, batches of 500)")

    import datetime as dt

    from gongkai.apps.applications.models import Holiday

    start = time.perf_counter()
    for i in range(appends):  # the floor: one small plain row per transaction (commit cost)
        with transaction.atomic():
            Holiday.objects.create(date=dt.date(2000, 1, 1) + dt.timedelta(days=i), kind="holiday", name="基准")
    floor = appends / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(appends):
        with transaction.atomic():
            audit_log(actor=None, action="bench.audit.append", obj=org, after={"i": i, "status": "in_progress"})
    single = appends / (time.perf_counter() - start)
    line = (
        f"{name}: audit append with SM3 chain {single:,.0f} rows/s (one writer, one transaction each; "
        f"a plain one-row transaction: {floor:,.0f}/s)"
    )
    if connections["default"].vendor == "postgresql":
        per_thread = max(appends // 4, 1)

        def writer() -> None:
            for i in range(per_thread):
                with transaction.atomic():
                    audit_log(actor=None, action="bench.audit.concurrent", obj=None, after={"i": i})
            connections.close_all()

        threads = [threading.Thread(target=writer) for _ in range(4)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        line += f"; four concurrent writers {4 * per_thread / (time.perf_counter() - start):,.0f} rows/s in total"
    print(line)
    start = time.perf_counter()
    result = verify()
    took = time.perf_counter() - start
    assert result.broken is None, result.broken
    print(f"{name}: audit verify {result.rows / took:,.0f} rows/s ({result.rows} rows, chain intact)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, url = args.child.split("=", 1)
        backend(name, url, args.rows, args.appends)
        return 0
    core_figures(5000)
    with tempfile.TemporaryDirectory() as tmp:
        todo = []
        if args.backend in ("sqlite", "all"):
            todo.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3"))
        if args.backend in ("postgresql", "all"):
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
            subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{PG_DB}"'], check=True)
            subprocess.run([*psql, f'CREATE DATABASE "{PG_DB}"'], check=True)
            todo.append(("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{PG_DB}"))
        env = {**os.environ, "GONGKAI_DATA_DIR": tmp}
        for name, url in todo:
            cmd = [sys.executable, __file__, "--child", f"{name}={url}", "--rows", str(args.rows)]
            subprocess.run([*cmd, "--appends", str(args.appends)], env=env, check=True, timeout=1800)
        if args.backend in ("postgresql", "all"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f'DROP DATABASE IF EXISTS "{PG_DB}"'])
    return 0


if __name__ == "__main__":
    sys.exit(main())
