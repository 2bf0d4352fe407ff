"""Build a large platform data set for benchmarks: N organizations and M published items.

Used by the benchmark scripts in this folder, never by tests. The target database is the one
``DATABASE_URL`` names (or ``--sqlite PATH``); it is migrated and must be empty or built by this
script before (``--reuse`` skips the build when the item count already matches).

    python bench/dataset.py --orgs 1000 --items 1000000 --sqlite /tmp/gongkai-bench.sqlite3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time

BATCH = 5000
YEAR = 2024
CATEGORIES = ("概况信息", "综合管理信息", "政策文件及解读", "村居信息")


def configure(database_url: str) -> None:
    """Point Django at *database_url* and set it up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench-data")
    import django

    django.setup()


def ensure_postgres_database(name: str) -> str:
    """Create the PostgreSQL database *name* on 127.0.0.1 if missing; return its URL."""
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{name}"'], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def default_url(backend: str, orgs: int, items: int) -> str:
    """The database a bench uses for a shape when given none: a SQLite file under /tmp, or a PostgreSQL
    database on 127.0.0.1 (created when missing)."""
    if backend == "sqlite":
        return f"sqlite:////tmp/gongkai-bench-{orgs}-{items}.sqlite3"
    return ensure_postgres_database(f"gongkai_bench_{orgs}_{items}")


def build(orgs: int, items: int, *, reuse: bool = True, quiet: bool = False, realistic: bool = False) -> None:
    """Create *orgs* townships under one county with *items* published items spread over them.

    *realistic* (search: the search bench) gives items varied titles and bodies of the kinds a township
    publishes (``gongkai.web.demo_texts``) instead of one fixed line, so full-text search has real text.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import CatalogueNode, Channel, Distribution, IndexSequence, Item

    call_command("migrate", interactive=False, verbosity=0)
    if reuse and Item.objects.count() == items and Organization.objects.filter(kind="township").count() == orgs:
        return
    if Item.objects.exists() or Organization.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    tz = dt.timezone(dt.timedelta(hours=8))
    with transaction.atomic():
        county = Organization.objects.create(name="基准县人民政府", slug="bench-county", kind="county")
        Organization.objects.bulk_create(
            [
                Organization(
                    name=f"基准{i:04d}镇人民政府", slug=f"town-{i:04d}", kind="township", parent=county, path=""
                )
                for i in range(orgs)
            ],
            batch_size=BATCH,
        )
        towns = list(Organization.objects.filter(kind="township").order_by("id"))
        for town in towns:  # materialized paths
            town.path = f"{county.path}{town.pk}/"
        Organization.objects.bulk_update(towns, ["path"], batch_size=BATCH)
        CatalogueNode.objects.bulk_create(
            [
                CatalogueNode(organization=t, name=name, code=f"local.{k}", sort_order=k)
                for t in towns
                for k, name in enumerate(CATEGORIES)
            ],
            batch_size=BATCH,
        )
        Channel.objects.bulk_create(
            [
                Channel(organization=t, kind=kind, name=name)
                for t in towns
                for kind, name in (("portal", "政府网站"), ("wechat", "微信公众号"))
            ],
            batch_size=BATCH,
        )
    categories: dict[int, list[int]] = {}
    for node_id, org_id in CatalogueNode.objects.values_list("id", "organization_id").order_by("id"):
        categories.setdefault(org_id, []).append(node_id)
    channels = {
        (org_id, kind): cid for cid, org_id, kind in Channel.objects.values_list("id", "organization_id", "kind")
    }
    per_org = items // orgs
    extra = items - per_org * orgs
    sequences = []
    for index, town in enumerate(towns):
        count = per_org + (1 if index < extra else 0)
        sequences.append(IndexSequence(organization=town, year=YEAR, last_value=count))
        batch: list[Item] = []
        for n in range(1, count + 1):
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=(n * 37) % 365)
            title, body = f"基准信息 {town.pk}-{n} 关于做好有关工作的通知", "<p>基准数据正文。</p>"
            if realistic:
                title, body = _realistic(town, n, day)
            batch.append(
                Item(
                    organization_id=town.pk,
                    index_number=f"TOWN{town.pk}/{YEAR}-{n:05d}",
                    index_year=YEAR,
                    index_sequence=n,
                    title=title,
                    publisher=town.name,
                    formed_on=day,
                    written_on=day,
                    published_on=day,
                    published_at=dt.datetime.combine(day, dt.time(9, n % 60), tzinfo=tz),
                    category_id=categories[town.pk][n % 4],
                    summary="基准数据",
                    body=body,
                    status="published",
                )
            )
        with transaction.atomic():
            Item.objects.bulk_create(batch, batch_size=BATCH)
            ids = list(
                Item.objects.filter(organization_id=town.pk)
                .order_by("index_sequence")
                .values_list("id", "published_at")
            )
            dists = [
                Distribution(item_id=i, channel_id=channels[(town.pk, "portal")], published_at=at) for i, at in ids
            ]
            dists += [
                Distribution(item_id=i, channel_id=channels[(town.pk, "wechat")], published_at=at)
                for k, (i, at) in enumerate(ids)
                if k % 20 == 0
            ]
            Distribution.objects.bulk_create(dists, batch_size=BATCH)
        if not quiet and index % 100 == 99:
            print(f"  {index + 1}/{orgs} organizations, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    IndexSequence.objects.bulk_create(sequences, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if not quiet:
        print(f"built {orgs} organizations, {items} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _realistic(town, n: int, day: dt.date) -> tuple[str, str]:
    """search: a varied title and body for item *n* of *town* (deterministic: the same data set every build)."""
    import random

    from gongkai.web.demo import TITLES, VILLAGES
    from gongkai.web.demo_texts import body_html

    rng = random.Random(town.pk * 1_000_003 + n)
    code = ("local.overview", "local.management", "local.policies", "local.villages")[n % 4]
    title = rng.choice(TITLES[code]).format(org=town.name, month=day.month, village=rng.choice(VILLAGES))
    return title, body_html(title, code=code, org=town.name, rng=rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--sqlite", help="SQLite file (default: DATABASE_URL)")
    parser.add_argument("--realistic", action="store_true", help="varied titles and real body text (search)")
    args = parser.parse_args()
    configure(f"sqlite:///{args.sqlite}" if args.sqlite else os.environ["DATABASE_URL"])
    build(args.orgs, args.items, realistic=args.realistic)


if __name__ == "__main__":
    main()
