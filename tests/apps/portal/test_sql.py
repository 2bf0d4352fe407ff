"""The plain SQL of the hot paths returns what the equivalent ORM queries return."""

import datetime as dt

import pytest

from gongkai.apps.portal import selectors
from gongkai.apps.publishing.choices import ChannelKind
from gongkai.apps.publishing.services import channel_create, item_withdraw

from .helpers import draft, node, portal_staff, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff("sql")


def test_the_sql_list_agrees_with_the_orm_query(staff):
    """The plain-SQL rows (sql.ItemRows) are exactly the ORM query's (portal_items), in the same order."""
    wechat = channel_create(actor=None, organization=staff.org, kind=ChannelKind.WECHAT, name="文明思礼")
    for day in range(1, 15):
        published(staff.org, f"二十条{day}", code=f"art20.{day}", day=dt.date(2020, 8, day % 5 + 1))
        published(staff.org, f"概况{day}", day=dt.date(2020, 8, day % 3 + 1))
    published(staff.org, "仅公众号", code="art20.2", channels=[wechat])
    item_withdraw(actor=staff.leader, item=published(staff.org, "撤回", code="art20.3"), reason="错误")
    published(staff.other_org, "他镇信息", code="art20.3")
    org = selectors.portal_organization(staff.org.slug)
    tree = selectors.catalogue_tree(staff.org.pk)
    for target in (None, tree.get(node(staff.org, "art20").pk), tree.get(node(staff.org, "art20.3").pk)):
        expected = [tuple(row) for row in selectors.portal_items(org, target)]
        rows = selectors.portal_list(org, target)
        assert [tuple(row) for row in rows[0:100]] == expected
        assert [tuple(row) for row in rows[3:7]] == expected[3:7]
        assert rows.count(1000) == len(expected) and rows.count(5) == min(5, len(expected))
    assert len(selectors.portal_list(org, tree.get(node(staff.org, "art20").pk))[0:100]) == 14


def test_item_row_is_the_visible_item_or_nothing(staff):
    org = selectors.portal_organization(staff.org.slug)
    item = published(staff.org, "可见信息", written_on=dt.date(2020, 3, 1), topic="综合政务")
    found = selectors.portal_item(org, item.pk)
    assert found is not None and found.pk == item.pk
    for field in ("title", "index_number", "publisher", "written_on", "published_on", "topic", "category_id"):
        assert getattr(found, field) == getattr(item, field), field
    assert selectors.portal_item(org, draft(staff).pk) is None
    other = selectors.portal_organization(staff.other_org.slug)
    assert selectors.portal_item(other, item.pk) is None


def test_organization_row_carries_parent_and_portal_channel(staff):
    from gongkai.apps.organizations.testing import make_org

    county = make_org("示例县人民政府", slug="sqlx-county")
    town = make_org("示例县甲镇人民政府", slug="sqlx-town", parent=county)
    found = selectors.portal_organization("sqlx-town")
    assert found.organization.pk == town.pk and found.parent_slug == "sqlx-county"
    assert found.portal_channel_id is None  # no catalogue seeded, so no portal channel yet
    assert selectors.portal_list(found)[0:20] == [] and selectors.item_count(found) == 0
    assert selectors.portal_organization(staff.org.slug).portal_channel_id is not None
    assert selectors.portal_organization("no-such-slug") is None
