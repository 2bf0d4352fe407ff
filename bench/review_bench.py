"""Report checking (年报检查) benchmark: files per second for a whole upload, as a supervisor makes it.

Run: ``python bench/review_bench.py [--copies N]``. Builds a throw-away SQLite database, a county with
its townships and departments and a leader, then creates one check batch from the test corpus (every
shape plus the bad files) repeated *copies* times under distinct names, through
``review.services.batch_create`` (store, queue, audit: what the request does), then runs the queued reading
tasks in this process as a worker would (read in the limited child process, match, check, carry-over).
Prints the upload time, the reading time, files per second and the reading time per kind of file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="how many times the corpus is put in the batch")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="gongkai-review-bench-")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.apps.organizations.choices import OrganizationKind as K
    from gongkai.apps.organizations.choices import Role
    from gongkai.apps.organizations.testing import make_org, make_user
    from gongkai.apps.review import services

    county = make_org("柳河县人民政府", slug="liuhe", kind=K.COUNTY)
    for name, slug, kind in (
        ("青石镇人民政府", "qingshi", K.TOWNSHIP),
        ("白沙乡人民政府", "baisha", K.TOWNSHIP),
        ("城关街道办事处", "chengguan", K.SUBDISTRICT),
        ("交通运输局", "transport", K.DEPARTMENT),
    ):
        make_org(name, slug=slug, parent=county, kind=kind)
    leader = make_user("bench-leader", organization=county, roles=[Role.LEADER])

    paths = [
        p
        for p in sorted(CORPUS.rglob("*"))
        if p.is_file() and p.suffix.lower() in services.ALLOWED_SUFFIXES and not p.name.endswith(".golden.json")
    ]
    files = [
        SimpleUploadedFile(
            f"{copy}_{p.parent.name}_{p.name}",
            p.read_bytes() + (b"\n" * copy if p.suffix in (".txt", ".md", ".html") else b""),
        )
        for copy in range(args.copies)
        for p in paths
    ]
    # time the reader per kind on one copy, as the service calls it
    per_kind: dict[str, list[float]] = defaultdict(list)
    for p in paths:
        start = time.perf_counter()
        services.read_report_file(p, p.name)
        per_kind[p.suffix.lower()].append(time.perf_counter() - start)
    from gongkai.web.tasks_testing import run_queued_tasks

    start = time.perf_counter()
    result = services.batch_create(actor=leader, organization=county, year=2021, files=files)
    uploaded = time.perf_counter() - start
    run_queued_tasks()
    elapsed = time.perf_counter() - start
    added = len(result.added)
    unreadable = result.batch.reports.filter(status="unreadable").count()
    print(
        f"batch of {len(files)} files ({added} stored, {len(result.duplicates)} identical skipped, {unreadable} unreadable)"
    )
    print(f"upload (store, queue, audit: the request) {uploaded:.2f} s")
    print(f"wall time {elapsed:.2f} s  ->  {len(files) / elapsed:.1f} files/s (store, then read, match, check by one worker)")
    print(f"{'kind':8s} {'files':>5s} {'ms/file (read only)':>20s}")
    for kind, times in sorted(per_kind.items()):
        print(f"{kind:8s} {len(times):5d} {1000 * sum(times) / len(times):20.1f}")


if __name__ == "__main__":
    main()
