"""Creating and editing items: 索引号, validation, sanitizing, 第二十六条 due date, import."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.testing import check_access
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import Item
from gongkai.apps.publishing.services import item_create, item_import_published, item_update

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


def test_index_numbers_per_organization_and_year():
    staff = staff_with_catalogue()
    a = draft(staff, formed_on=dt.date(2020, 1, 5))
    b = draft(staff, formed_on=dt.date(2020, 6, 5))
    c = draft(staff, formed_on=dt.date(2021, 1, 5))
    other = item_create(
        actor=staff.outsider,
        organization=staff.other_org,
        title="x",
        category=category(staff.other_org),
        formed_on=dt.date(2020, 2, 2),
    )
    prefix = staff.org.index_prefix
    assert [a.index_number, b.index_number, c.index_number] == [
        f"{prefix}/2020-00001",
        f"{prefix}/2020-00002",
        f"{prefix}/2021-00001",
    ]
    assert other.index_number.endswith("/2020-00001")
    item_update(actor=staff.drafter, item=a, formed_on=dt.date(2019, 1, 1))
    a.refresh_from_db()
    assert a.index_number == f"{prefix}/2020-00001"  # never renumbered


def test_create_validates_in_chinese():
    staff = staff_with_catalogue()
    with pytest.raises(ValidationError) as exc:
        draft(staff, title="   ")
    assert exc.value.message_dict["title"] == ["请填写标题。"]
    with pytest.raises(ValidationError) as exc:
        item_create(actor=staff.drafter, organization=staff.org, title="x", category=category(staff.other_org))
    assert "不属于本机关" in exc.value.message_dict["category"][0]
    with pytest.raises(ValidationError):
        draft(staff, validity="forever")


def test_create_permissions():
    staff = staff_with_catalogue()

    def attempt(user):
        item_create(actor=user, organization=staff.org, title="通知", category=category(staff.org))

    check_access(staff, attempt, allowed_roles={"drafter"})


def test_body_is_sanitized_and_publisher_defaults():
    staff = staff_with_catalogue()
    item = draft(staff, body='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:evil()">链接</a>')
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body
    assert "<p>正文</p>" in item.body
    assert item.publisher == staff.org.name
    assert draft(staff, body="第一段\n\n第二段").body == "<p>第一段</p><p>第二段</p>"


def test_publish_due_is_twenty_working_days_after_formed_on():
    staff = staff_with_catalogue()
    item = draft(staff, formed_on=dt.date(2020, 9, 25))
    # 2020: 国庆、中秋 1–8 October off; Sunday 27 September and Saturday 10 October are 调休 working days:
    # 27–30 Sep = 4, 9–10 Oct = 6, 12–23 Oct = 16, 26–29 Oct = 20.
    assert item.publish_due == dt.date(2020, 10, 29)
    item_update(actor=staff.drafter, item=item, formed_on=dt.date(2020, 3, 2))
    assert item.publish_due == dt.date(2020, 3, 30)


def test_formed_on_defaults_to_written_on():
    staff = staff_with_catalogue()
    item = item_create(
        actor=staff.drafter,
        organization=staff.org,
        title="x",
        category=category(staff.org),
        written_on=dt.date(2020, 5, 6),
    )
    assert item.formed_on == dt.date(2020, 5, 6)
    assert item.index_year == 2020


def test_import_published_in_one_audited_step():
    staff = staff_with_catalogue()
    item = item_import_published(
        actor=staff.sysadmin,
        organization=staff.org,
        title="2020年村务公开",
        category=category(staff.org, "local.villages"),
        published_on=dt.date(2020, 7, 1),
    )
    assert item.status == ItemStatus.PUBLISHED and item.distributions.count() == 1
    assert AuditLog.objects.filter(action="publishing.item.import", object_id=str(item.pk)).exists()
    from gongkai.apps.organizations.permissions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        item_import_published(
            actor=staff.drafter,
            organization=staff.org,
            title="x",
            category=category(staff.org),
            published_on=dt.date(2020, 7, 1),
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gets_distinct_sequences():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL (SQLite serialises writers)")
    staff = staff_with_catalogue("conc")
    cat = category(staff.org)
    errors = []

    def worker(n):
        from django.db import connections

        try:
            for i in range(5):
                item_create(
                    actor=None, organization=staff.org, title=f"{n}-{i}", category=cat, formed_on=dt.date(2020, 1, 1)
                )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    sequences = sorted(Item.objects.filter(organization=staff.org).values_list("index_sequence", flat=True))
    assert sequences == list(range(1, 21))


def test_publish_due_follows_the_operator_holiday_table():
    from gongkai.apps.applications.models import Holiday

    staff = staff_with_catalogue()
    # A local day off inside the 20 working days of 2 March 2020 pushes the limit one working day on.
    Holiday.objects.create(date=dt.date(2020, 3, 10), kind="rest", name="本地调休")
    item = draft(staff, formed_on=dt.date(2020, 3, 2))
    assert item.publish_due == dt.date(2020, 3, 31)
