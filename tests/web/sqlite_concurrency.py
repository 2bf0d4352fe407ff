"""Run N concurrent 起草 requests (each allocating a 索引号) against a SQLite *file* database.

Used by tests/web/test_sqlite_concurrency.py in a child process with its own DATABASE_URL, so that the
settings (WAL, busy_timeout, IMMEDIATE transactions) are the ones a real install gets. Prints one JSON
line: the status codes and the 索引号 sequences allocated. Each request runs in its own forked process
with its own connection, as under several gunicorn workers.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys


def main(n: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    from gongkai.apps.organizations.testing import make_staff
    from gongkai.apps.publishing.models import CatalogueNode, Item
    from gongkai.apps.publishing.services import catalogue_seed_township

    staff = make_staff("conc")
    catalogue_seed_township(actor=None, organization=staff.org)
    node = CatalogueNode.objects.get(organization=staff.org, code="local.overview")
    url = f"/staff/o/{staff.org.slug}/items/new/"
    user_pk = staff.drafter.pk
    connections.close_all()  # every child opens its own connection

    barrier = mp.Barrier(n)
    results = mp.Queue()
    procs = [mp.Process(target=_one, args=(i, url, user_pk, node.pk, barrier, results)) for i in range(n)]
    for p in procs:
        p.start()
    statuses = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    sequences = sorted(Item.objects.filter(organization=staff.org).values_list("index_sequence", flat=True))
    print(json.dumps({"statuses": sorted(statuses), "sequences": sequences}))


def _one(i, url, user_pk, node_pk, barrier, results) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(pk=user_pk))
    data = {"title": f"并发起草第{i}号", "category": node_pk, "written_on": "2026-03-02"}
    barrier.wait(timeout=60)
    try:
        status = client.post(url, data).status_code
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        status = f"{type(exc).__name__}: {exc}"
    results.put(status)


if __name__ == "__main__":
    mp.set_start_method("fork")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
