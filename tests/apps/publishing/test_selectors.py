import datetime as dt

import pytest

from gongkai.apps.publishing.choices import ChannelKind, ItemStatus
from gongkai.apps.publishing.selectors import (
    distribution_counts,
    item_counts_by_category,
    item_list_for_user,
    published_items,
    review_queue,
)
from gongkai.apps.publishing.services import (
    channel_create,
    item_import_published,
    item_review_return,
    item_submit,
    item_withdraw,
)

from .helpers import category, draft, staff_with_catalogue

pytestmark = pytest.mark.django_db


def _import(staff, code, day, channels=None):
    return item_import_published(
        actor=None,
        organization=staff.org,
        title=f"{code}-{day}",
        category=category(staff.org, code),
        published_on=day,
        channels=channels,
    )


def test_counts_by_category_and_channel():
    staff = staff_with_catalogue()
    wechat = channel_create(actor=None, organization=staff.org, kind=ChannelKind.WECHAT, name="文明思礼")
    for _ in range(3):
        _import(staff, "local.overview", dt.date(2020, 5, 1))
    _import(staff, "art20.9", dt.date(2020, 6, 1))  # a child column counts under its top-level column
    _import(staff, "local.villages", dt.date(2019, 6, 1))
    _import(staff, "local.villages", dt.date(2020, 6, 1), channels=[wechat])
    withdrawn = _import(staff, "local.villages", dt.date(2020, 6, 2))
    item_withdraw(actor=staff.leader, item=withdrawn, reason="重复")
    counts = dict(item_counts_by_category(organization=staff.org, year=2020))
    assert counts["概况信息"] == 3 and counts["村居信息"] == 1 and counts["综合管理信息"] == 0
    assert counts["法定主动公开内容（条例第二十条）"] == 1
    per_channel = {c.name: n for c, n in distribution_counts(organization=staff.org, year=2020)}
    assert per_channel == {"政府网站": 4, "文明思礼": 1}


def test_published_items_only_on_the_portal_and_not_withdrawn():
    staff = staff_with_catalogue()
    wechat = channel_create(actor=None, organization=staff.org, kind=ChannelKind.WECHAT, name="文明思礼")
    on_portal = _import(staff, "local.overview", dt.date(2020, 5, 1))
    _import(staff, "local.overview", dt.date(2020, 5, 1), channels=[wechat])
    gone = _import(staff, "local.overview", dt.date(2020, 5, 2))
    item_withdraw(actor=staff.leader, item=gone, reason="错误")
    draft(staff)
    assert list(published_items(organization=staff.org)) == [on_portal]
    parent = category(staff.org, "art20")
    child_item = _import(staff, "art20.1", dt.date(2020, 5, 3))
    assert list(published_items(organization=staff.org, category=parent)) == [child_item]


def test_staff_lists_are_restricted_and_queues_follow_roles():
    staff = staff_with_catalogue()
    mine = draft(staff)
    item_submit(actor=staff.drafter, item=mine)
    assert list(item_list_for_user(user=staff.outsider, organization=staff.org)) == []
    assert list(item_list_for_user(user=staff.drafter, status=ItemStatus.PENDING_REVIEW)) == [mine]
    assert list(item_list_for_user(user=staff.drafter, q="植树")) == [mine]
    assert list(review_queue(user=staff.reviewer, organization=staff.org)) == [mine]
    assert list(review_queue(user=staff.leader, organization=staff.org)) == []
    assert list(review_queue(user=staff.outsider, organization=staff.org)) == []
    item_review_return(actor=staff.reviewer, item=mine, comment="改")
    assert list(review_queue(user=staff.drafter, organization=staff.org)) == [mine]
