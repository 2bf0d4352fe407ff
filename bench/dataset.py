"""The benchmarks' shared data set: one county with N townships and M published items.

Used by the benchmark scripts in this folder (annual, search, stats, portal), never by tests. The target
database is the one ``DATABASE_URL`` names (or ``--sqlite PATH`` / ``--postgres-url URL``); it is migrated
and filled with bulk SQL — PostgreSQL ``COPY`` without per-row foreign-key triggers, SQLite ``executemany`` in large transactions with
``synchronous=OFF`` and ``journal_mode=OFF`` for the build only — so 1,000 bodies × 1,000,000 items build in
minutes. A database that already holds the asked shape is reused (``--reuse``, the default for benches);
:func:`default_url` names databases by shape, so every bench shares one copy per (orgs, items).

Each township gets the seeded catalogue's shape (本级 columns, 第二十条, 第二十一条, 基层政务公开 areas), a
政府网站 and a 微信公众号 channel, its items of :data:`YEAR` (every item on the portal, one in twenty also on
WeChat), index numbers and the year's index sequence. ``realistic`` items (the search bench) get varied
titles and bodies written for the demo instead of three fixed paragraphs.

    python bench/dataset.py --orgs 1000 --items 1000000 --sqlite /tmp/gongkai-bench.sqlite3
    python bench/dataset.py --orgs 100 --items 100000 --postgres-url postgres://postgres@127.0.0.1:5432/x
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time

BATCH = 20_000
YEAR = 2024
#: The 本级 columns of the seeded catalogue (``constants.LOCAL_CATEGORIES``' names).
CATEGORIES = ("概况信息", "综合管理信息", "政策文件及解读", "村居信息")
BODY_PARAGRAPHS = (
    "为进一步做好政府信息公开工作，根据《中华人民共和国政府信息公开条例》有关规定，结合本镇实际，现将有关事项通知如下。",
    "各村（社区）、镇直各单位要高度重视，明确责任人员，认真组织实施，确保各项工作按时保质完成。",
    "本次工作涉及农村土地承包经营权流转、宅基地使用情况审核、农田水利工程建设运营等事项，请按要求及时公开。",
    "对工作中发现的问题，要及时整改落实，并将整改情况于规定时间内报送镇党政综合办公室。",
    "联系人：张某某；联系电话：0391-1234567。特此通知。",
)
TOPICS = ("综合政务", "农业、林业、水利", "民政、扶贫、救灾", "城乡建设、环境保护", "财政、金融、审计")
TZ = dt.timezone(dt.timedelta(hours=8))


def configure(database_url: str) -> None:
    """Point Django at *database_url* and set it up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench-data")
    import django

    django.setup()


def _psql(sql: str, db: str = "postgres", host: str = "127.0.0.1", port: int = 5432) -> str:
    command = ["psql", "-h", host, "-p", str(port), "-U", "postgres", "-d", db, "-tAc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def ensure_postgres_database(name: str, host: str = "127.0.0.1", port: int = 5432, *, drop: bool = False) -> str:
    """Create the PostgreSQL database *name* on *host*:*port* if missing (recreate it with *drop*); return its URL."""
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname='{name}'", host=host, port=port) == "1"
    if exists and drop:
        _psql(f'DROP DATABASE "{name}" WITH (FORCE)', host=host, port=port)
        exists = False
    if not exists:
        _psql(f'CREATE DATABASE "{name}"', host=host, port=port)
    return f"postgres://postgres@{host}:{port}/{name}"


def dataset_name(orgs: int, items: int, realistic: bool = False) -> str:
    """The cache name of a shape: ``gongkai_bench_<orgs>_<items>`` (``…_realistic`` with realistic text)."""
    return f"gongkai_bench_{orgs}_{items}" + ("_realistic" if realistic else "")


def default_url(backend: str, orgs: int, items: int, *, realistic: bool = False, pg_port: int = 5432) -> str:
    """The database a bench uses for a shape when given none: a SQLite file under /tmp, or a PostgreSQL
    database on 127.0.0.1 (created when missing). One per (orgs, items), shared by every bench."""
    name = dataset_name(orgs, items, realistic)
    if backend == "sqlite":
        return f"sqlite:////tmp/{name}.sqlite3"
    return ensure_postgres_database(name, port=pg_port)


def _catalogue_template() -> list[tuple]:
    """The seeded township catalogue's shape: (key, parent key, name, code, kind, basis, order)."""
    from gongkai.apps.publishing import constants

    rows = [(code, None, name, code, "local", "", k) for k, (code, name) in enumerate(constants.LOCAL_CATEGORIES)]
    for root, items, basis, order in (
        (constants.ARTICLE_20_ROOT, constants.ARTICLE_20_ITEMS, "条例第二十条", 10),
        (constants.ARTICLE_21_ROOT, constants.ARTICLE_21_TOWNSHIP_ITEMS, "条例第二十一条", 20),
        (constants.AREAS_ROOT, constants.TOWNSHIP_AREAS, "基层政务公开标准目录", 30),
    ):
        code, name = root
        rows.append((code, None, name, code, code, basis, order))
        rows += [(f"{code}.{i}", code, title, f"{code}.{i}", code, basis, i) for i, title in enumerate(items, 1)]
    return rows


class _Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite. Missing columns get the model's
    defaults (the database has none of Django's defaults)."""

    def __init__(self, connection, model, columns: list[str]) -> None:
        self.connection, self.vendor = connection, connection.vendor
        meta = model._meta
        self.table = meta.db_table
        now = dt.datetime.now(dt.UTC)
        fixed = {}
        for field in meta.concrete_fields:
            if field.column in columns or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.null and not field.has_default():
                value = None
            else:
                value = field.get_default()
                value = getattr(value, "value", value)  # choices enums
            fixed[field.column] = value
        self.columns = list(columns) + list(fixed)
        self.tail = tuple(self.prepare(v) for v in fixed.values())
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        if self.vendor == "postgresql":
            self.sql = f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN"
        else:
            marks = ", ".join(["?"] * len(self.columns))
            self.sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({quoted}) VALUES ({marks})"

    def prepare(self, value):
        """*value* as this database takes it in bulk (SQLite: Django's text forms for dates and times)."""
        if self.vendor == "sqlite":
            if isinstance(value, dt.datetime):
                return str(value.astimezone(dt.UTC).replace(tzinfo=None))
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, bool):
                return int(value)
        return value

    def write(self, rows: list[tuple]) -> None:
        tail = self.tail
        raw = self.connection.connection  # the DB-API connection (psycopg 3 or sqlite3)
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(self.sql) as copy:
                for row in rows:
                    copy.write_row(row + tail)
        else:
            raw.executemany(self.sql, [row + tail for row in rows])


def _is_built(orgs: int, items: int) -> bool:
    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import Distribution, Item

    return (
        Organization.objects.filter(kind="township").count() == orgs
        and Item.objects.count() == items
        and Distribution.objects.filter(channel__kind="portal").count() == items
    )


def build(orgs: int, items: int, *, reuse: bool = True, quiet: bool = False, realistic: bool = False) -> None:
    """Create *orgs* townships under one county with *items* published items of :data:`YEAR` spread over them.

    With *reuse*, a database that already holds this shape is kept as it is; any other content is flushed.
    *realistic* (the search bench) gives items varied titles and bodies of the kinds a township publishes
    (``gongkai.web.demo_texts``) instead of three fixed paragraphs, so full-text search has real text.
    """
    from django.core.management import call_command
    from django.db import connection

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import Item

    def say(text: str) -> None:
        if not quiet:
            print(text, file=sys.stderr, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    if reuse and _is_built(orgs, items):
        say(f"reusing the data set of {orgs:,} bodies and {items:,} items ({connection.settings_dict['NAME']})")
        return
    if Item.objects.exists() or Organization.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # for the build only: the next connection is in WAL mode again
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-200000")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
            # for the build only: no per-row foreign-key triggers (the rows are consistent by construction)
            cursor.execute("SET session_replication_role = replica")
    try:
        _fill(connection, orgs, items, realistic, say, started)
    finally:
        if connection.vendor == "sqlite":
            connection.close()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("SET synchronous_commit TO DEFAULT")
    seconds = time.perf_counter() - started
    say(f"built {orgs:,} bodies, {items:,} items in {seconds:.1f} s = {items / max(seconds, 1e-9):,.0f} items/s")


def _fill(connection, orgs: int, items: int, realistic: bool, say, started: float) -> None:
    from django.db import transaction

    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import CatalogueNode, Channel, Distribution, IndexSequence, Item

    county_name = "基准县人民政府"
    names = [county_name] + [f"基准{i:04d}镇人民政府" for i in range(orgs)]
    with transaction.atomic():
        writer = _Writer(
            connection,
            Organization,
            [
                "id",
                "name",
                "kind",
                "parent_id",
                "path",
                "slug",
                "office_name",
                "address",
                "office_hours",
                "phone",
                "sort_order",
            ],
        )
        rows = [
            (
                1,
                county_name,
                "county",
                None,
                "/1/",
                "bench-county",
                "县政府办公室",
                "基准县人民路1号",
                "工作日 8:30—12:00，14:30—18:00",
                "0391-1234567",
                0,
            )
        ]
        rows += [
            (
                pk,
                names[pk - 1],
                "township",
                1,
                f"/1/{pk}/",
                f"town-{pk - 2:04d}",
                "党政综合办公室",
                f"基准县基准路{pk}号",
                "工作日 8:30—12:00，14:30—18:00",
                "0391-1234567",
                pk,
            )
            for pk in range(2, orgs + 2)
        ]
        writer.write([tuple(writer.prepare(v) for v in row) for row in rows])
        template = _catalogue_template()
        width = len(template)
        keys = {row[0]: i for i, row in enumerate(template)}
        writer = _Writer(
            connection,
            CatalogueNode,
            ["id", "organization_id", "parent_id", "name", "kind", "code", "basis", "sort_order"],
        )
        nodes = []
        for town in range(orgs):
            base = town * width
            for i, (_key, parent, name, code, kind, basis, order) in enumerate(template):
                nodes.append(
                    (
                        base + i + 1,
                        town + 2,
                        base + keys[parent] + 1 if parent else None,
                        name,
                        kind,
                        code,
                        basis,
                        order,
                    )
                )
        writer.write(nodes)
        writer = _Writer(connection, Channel, ["id", "organization_id", "kind", "name"])
        writer.write(
            [(2 * t + 1, t + 2, "portal", "政府网站") for t in range(orgs)]
            + [(2 * t + 2, t + 2, "wechat", "微信公众号") for t in range(orgs)]
        )
    say(f"  bodies, catalogues, channels: {time.perf_counter() - started:.1f} s")

    leaves = [i for i, row in enumerate(template) if not any(r[1] == row[0] for r in template)]
    villages = keys["local.villages"]
    weights = [40 if i == villages else 60 / (len(leaves) - 1) for i in leaves]
    leaf_codes = {i: template[i][3] for i in leaves}
    item_writer = _Writer(
        connection,
        Item,
        [
            "id",
            "organization_id",
            "index_number",
            "index_year",
            "index_sequence",
            "title",
            "document_number",
            "publisher",
            "written_on",
            "formed_on",
            "publish_due",
            "published_on",
            "published_at",
            "category_id",
            "topic",
            "validity",
            "summary",
            "body",
            "status",
        ],
    )
    dist_writer = _Writer(connection, Distribution, ["id", "item_id", "channel_id", "published_at"])
    prep = item_writer.prepare
    first = dt.date(YEAR, 1, 1).toordinal()
    days = [dt.date.fromordinal(first + k) for k in range(365)]
    day_text = [prep(d) for d in days]
    due_text = [prep(d + dt.timedelta(days=28)) for d in days]
    moment_text: dict[tuple[int, int], object] = {}
    per_org, extra = divmod(items, orgs)
    rng = random.Random(20261126)
    bodies = ["".join(f"<p>{p}</p>" for p in rng.sample(BODY_PARAGRAPHS, 3)) for _ in range(16)]
    item_pk = dist_pk = 0
    batch_items: list[tuple] = []
    batch_dists: list[tuple] = []
    sequences = []

    def flush() -> None:
        with transaction.atomic():
            item_writer.write(batch_items)
            dist_writer.write(batch_dists)
        batch_items.clear()
        batch_dists.clear()

    next_report = 0.1
    for town in range(orgs):
        org = town + 2
        count = per_org + (1 if town < extra else 0)
        sequences.append((org, YEAR, count))
        base = town * width
        portal, wechat = 2 * town + 1, 2 * town + 2
        publisher = names[org - 1]
        picks = rng.choices(leaves, weights, k=count)
        for n in range(1, count + 1):
            item_pk += 1
            k = (n * 365) // (count + 1)  # spread over the year, oldest first
            minute = n % 60
            at = moment_text.get((k, minute))
            if at is None:
                at = moment_text[(k, minute)] = prep(dt.datetime.combine(days[k], dt.time(9, minute), TZ))
            leaf = picks[n - 1]
            formed = day_text[max(0, k - n % 10)]
            if realistic:
                title, body = _realistic(org, publisher, n, days[k], leaf_codes[leaf])
            else:
                title = f"关于{template[leaf][2][:12]}有关事项的公告（{YEAR}年第{n}号）"
                body = bodies[n % 16]
            batch_items.append(
                (
                    item_pk,
                    org,
                    f"TOWN{org}/{YEAR}-{n:05d}",
                    YEAR,
                    n,
                    title,
                    f"基政〔{YEAR}〕{n}号" if n % 3 == 0 else "",
                    publisher,
                    formed,
                    formed,
                    due_text[k],
                    day_text[k],
                    at,
                    base + leaf + 1,
                    TOPICS[n % 5],
                    "valid" if n % 4 == 0 else "",
                    "基准数据",
                    body,
                    "published",
                )
            )
            dist_pk += 1
            batch_dists.append((dist_pk, item_pk, portal, at))
            if n % 20 == 1:
                dist_pk += 1
                batch_dists.append((dist_pk, item_pk, wechat, at))
            if len(batch_items) >= BATCH:
                flush()
                if item_pk / items >= next_report:
                    next_report += 0.1
                    elapsed = time.perf_counter() - started
                    say(
                        f"  {item_pk:,} items ({item_pk / items:.0%}), {elapsed:.0f} s, {item_pk / elapsed:,.0f} items/s"
                    )
    flush()
    with transaction.atomic():
        writer = _Writer(connection, IndexSequence, ["organization_id", "year", "last_value"])
        writer.write(sequences)
    say(f"  items and distributions: {time.perf_counter() - started:.1f} s; analysing")
    _finish(connection)


def _finish(connection) -> None:
    """Reset PostgreSQL's sequences after explicit primary keys; refresh the planner statistics."""
    from io import StringIO

    from django.core.management import call_command

    if connection.vendor == "postgresql":
        out = StringIO()
        call_command("sqlsequencereset", "organizations", "publishing", stdout=out, no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(out.getvalue())
        raw = connection.connection
        old = raw.autocommit
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        raw.autocommit = old
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _realistic(org: int, name: str, n: int, day: dt.date, code: str) -> tuple[str, str]:
    """search: a varied title and body for item *n* of body *org* (deterministic: the same data set every build)."""
    from gongkai.web.demo import TITLES, VILLAGES
    from gongkai.web.demo_texts import body_html

    rng = random.Random(org * 1_000_003 + n)
    kind = code if code in TITLES else ("local.overview", "local.management", "local.policies", "local.villages")[n % 4]
    title = rng.choice(TITLES[kind]).format(org=name, month=day.month, village=rng.choice(VILLAGES))
    return title, body_html(title, code=kind, org=name, rng=rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database when no URL is given (named by shape: see default_url)",
    )
    parser.add_argument("--sqlite", help="SQLite file")
    parser.add_argument("--postgres-url", help="PostgreSQL URL")
    parser.add_argument("--pg-port", type=int, default=5432, help="PostgreSQL port on 127.0.0.1 (default 5432)")
    parser.add_argument("--realistic", action="store_true", help="varied titles and real body text (search)")
    parser.add_argument(
        "--reuse",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep a database that already holds the shape (default; --no-reuse rebuilds)",
    )
    args = parser.parse_args()
    if args.orgs < 1 or args.items < args.orgs:
        parser.error("需要至少一个机关，且每个机关至少一条信息")
    if args.sqlite:
        url = f"sqlite:///{args.sqlite}"
    elif args.postgres_url:
        from urllib.parse import urlsplit

        parts = urlsplit(args.postgres_url)
        url = ensure_postgres_database(parts.path.lstrip("/"), parts.hostname or "127.0.0.1", parts.port or 5432)
    else:
        url = default_url(args.backend, args.orgs, args.items, realistic=args.realistic, pg_port=args.pg_port)
    configure(url)
    build(args.orgs, args.items, reuse=args.reuse, realistic=args.realistic)


if __name__ == "__main__":
    main()
