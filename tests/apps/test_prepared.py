"""gongkai.apps.prepared: a Statement compiled once returns what its ORM queryset returns, on either database,
with dates, decimals, aware datetimes, repeated and empty lists, several shapes and a shared cursor."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from gongkai.apps.organizations.testing import make_org
from gongkai.apps.prepared import Statement, shared_cursor
from gongkai.apps.publishing.models import Channel, Distribution
from gongkai.apps.registers.models import ProcurementProject, RegulatoryDocument

pytestmark = pytest.mark.django_db

D = dt.date
TZ = dt.timezone(dt.timedelta(hours=8))

SUMS = Statement(
    ProcurementProject,
    lambda ids, start, end: (
        ProcurementProject.objects.filter(organization_id__in=ids, procured_on__range=(start, end))
        .values("organization_id")
        .annotate(n=Count("id"), total=Sum("amount"), last=Count("id", filter=Q(procured_on__gte=end)))
        .order_by("organization_id")
    ),
)
DATES = Statement(
    RegulatoryDocument,
    lambda ids, end: (
        RegulatoryDocument.objects.filter(organization_id__in=ids, made_on__lte=end)
        .values_list("organization_id", "made_on", "repealed_on")
        .order_by("organization_id", "made_on", "id")
    ),
)
CHANNELS = Statement(
    Channel,
    lambda ids, kind: (
        Channel.objects.filter(organization_id__in=ids, kind=kind).values_list("id", "name").order_by("id")
    ),
)


def _orgs():
    a, b = make_org(name="甲镇人民政府"), make_org(name="乙镇人民政府")
    for org, amounts in ((a, ["322526.00", "0.50"]), (b, ["100.25"])):
        for k, amount in enumerate(amounts):
            ProcurementProject.objects.create(
                organization=org, name=f"项目{k}", procured_on=D(2020, 3 + k, 1), amount=Decimal(amount)
            )
    RegulatoryDocument.objects.create(
        organization=a, kind="normative", title="文件一", made_on=D(2020, 5, 6), published_on=D(2020, 5, 7)
    )
    RegulatoryDocument.objects.create(
        organization=b,
        kind="normative",
        title="文件二",
        made_on=D(2019, 1, 2),
        published_on=D(2019, 1, 3),
        repealed_on=D(2020, 2, 1),
    )
    return a, b


def test_compiled_rows_equal_the_orm_rows_with_dates_and_decimals():
    a, b = _orgs()
    for ids in ([a.pk], [b.pk], [a.pk, b.pk], [b.pk, a.pk, b.pk]):
        for year in (2019, 2020, 2021):
            values = {"ids": ids, "start": D(year, 1, 1), "end": D(year, 12, 31)}
            assert SUMS.rows(**values) == SUMS.rows(compiled=False, **values)
            assert DATES.tuples(ids=ids, end=D(year, 12, 31)) == DATES.tuples(
                ids=ids, end=D(year, 12, 31), compiled=False
            )
    both = SUMS.rows(ids=[a.pk, b.pk], start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert both == [
        {"organization_id": a.pk, "n": 2, "total": Decimal("322526.50"), "last": 0},
        {"organization_id": b.pk, "n": 1, "total": Decimal("100.25"), "last": 0},
    ]
    rows = DATES.tuples(ids=[b.pk], end=D(2020, 12, 31))
    assert rows == [(b.pk, D(2019, 1, 2), D(2020, 2, 1))]  # dates come back as dates on SQLite too


def test_a_repeated_id_counts_once_and_an_empty_list_runs_no_query():
    a, _ = _orgs()
    values = {"start": D(2020, 1, 1), "end": D(2020, 12, 31)}
    assert SUMS.rows(ids=[a.pk, a.pk], **values) == SUMS.rows(ids=[a.pk], **values)
    with CaptureQueriesContext(connection) as captured:
        assert SUMS.rows(ids=[], **values) == []
        assert SUMS.rows(ids=[], compiled=False, **values) == []
    assert len(captured) == 0


def test_each_shape_is_compiled_once_and_the_statement_is_seen_by_query_capture():
    a, b = _orgs()
    values = {"start": D(2020, 1, 1), "end": D(2020, 12, 31)}
    SUMS.rows(ids=[a.pk], **values)
    SUMS.rows(ids=[b.pk], **values)
    SUMS.rows(ids=[a.pk, b.pk], **values)
    shapes = [key for key in SUMS._cache if key[0] == "default"]
    assert sorted(key[2] for key in shapes) == [(1, D, D), (2, D, D)]
    with CaptureQueriesContext(connection) as captured:
        assert SUMS.rows(ids=[b.pk], **values)[0]["n"] == 1
    assert len(captured) == 1 and "GROUP BY" in captured[0]["sql"]


def test_aware_datetimes_and_a_string_parameter():
    a, b = _orgs()
    from gongkai.apps.publishing.models import CatalogueNode, Item

    portal = Channel.objects.create(organization=a, kind="portal", name="政府网站")
    Channel.objects.create(organization=b, kind="wechat", name="微信公众号")
    node = CatalogueNode.objects.create(organization=a, name="工作动态")
    for n, at in enumerate(
        (dt.datetime(2020, 1, 1, 0, 30, tzinfo=TZ), dt.datetime(2020, 12, 31, 23, 30, tzinfo=TZ)), 1
    ):
        item = Item.objects.create(
            organization=a,
            category=node,
            title="信息",
            status="published",
            index_number=f"X/2020-{n:05d}",
            index_year=2020,
            index_sequence=n,
            formed_on=D(2020, 1, 1),
        )
        # 1 January 00:30 in Beijing is still 31 December in UTC: the window must be compared as the ORM compares it
        Distribution.objects.create(item=item, channel=portal, published_at=at)
    counts = Statement(
        Distribution,
        lambda channels, start, end: (
            Distribution.objects.filter(channel_id__in=channels, published_at__gte=start, published_at__lt=end)
            .values("channel_id")
            .annotate(n=Count("id"))
            .order_by()
        ),
    )
    for start in (
        dt.datetime(2020, 1, 1, tzinfo=TZ),
        dt.datetime(2020, 1, 1, 1, tzinfo=TZ),
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    ):
        values = {"channels": [portal.pk], "start": start, "end": dt.datetime(2021, 1, 1, tzinfo=TZ)}
        assert counts.rows(**values) == counts.rows(compiled=False, **values)
    assert counts.rows(
        channels=[portal.pk], start=dt.datetime(2020, 1, 1, tzinfo=TZ), end=dt.datetime(2021, 1, 1, tzinfo=TZ)
    ) == [{"channel_id": portal.pk, "n": 2}]
    assert CHANNELS.tuples(ids=[a.pk, b.pk], kind="wechat") == CHANNELS.tuples(
        ids=[a.pk, b.pk], kind="wechat", compiled=False
    )
    assert [name for _, name in CHANNELS.tuples(ids=[a.pk, b.pk], kind="portal")] == ["政府网站"]


def test_a_shared_cursor_gives_the_same_rows():
    a, b = _orgs()
    values = {"ids": [a.pk, b.pk], "start": D(2020, 1, 1), "end": D(2020, 12, 31)}
    alone = (SUMS.rows(**values), DATES.tuples(ids=[a.pk, b.pk], end=D(2020, 12, 31)))
    with shared_cursor(), shared_cursor():
        together = (SUMS.rows(**values), DATES.tuples(ids=[a.pk, b.pk], end=D(2020, 12, 31)))
    assert together == alone


def test_a_statement_must_select_only_its_columns():
    make_org(name="丙镇人民政府")
    whole_rows = Statement(Channel, lambda ids: Channel.objects.filter(organization_id__in=ids))
    with pytest.raises((ValueError, TypeError)):
        whole_rows.rows(ids=[1])
