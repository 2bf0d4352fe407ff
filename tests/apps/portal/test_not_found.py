"""Only published items on the portal are visible; bad slugs, ids and page numbers give the Chinese 404."""

import datetime as dt

import pytest

from gongkai.apps.organizations.services import organization_update
from gongkai.apps.publishing.choices import ChannelKind
from gongkai.apps.publishing.services import channel_create, item_submit, item_withdraw

from .helpers import draft, node, portal_staff, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff("nf")


def _assert_chinese_404(response):
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and '<html lang="zh-CN">' in html
    assert "Traceback" not in html and "Not Found" not in html


def test_draft_under_review_and_withdrawn_items_are_404(client, staff):
    slug = staff.org.slug
    unpublished = draft(staff, "草稿标题")
    in_review = item_submit(actor=staff.drafter, item=draft(staff, "审核中标题"))
    gone = published(staff.org, "已撤回标题")
    item_withdraw(actor=staff.leader, item=gone, reason="内容有误")
    for item in (unpublished, in_review, gone):
        _assert_chinese_404(client.get(f"/{slug}/items/{item.pk}/"))
    listing = client.get(f"/{slug}/catalogue/").content.decode()
    feed = client.get(f"/{slug}/feed/").content.decode()
    search = client.get(f"/{slug}/search/?q=标题").content.decode()
    for title in ("草稿标题", "审核中标题", "已撤回标题"):
        assert title not in listing and title not in feed and title not in search


def test_items_published_only_on_another_channel_are_not_on_the_portal(client, staff):
    wechat = channel_create(actor=None, organization=staff.org, kind=ChannelKind.WECHAT, name="文明思礼")
    only_wechat = published(staff.org, "仅在公众号发布", channels=[wechat])
    _assert_chinese_404(client.get(f"/{staff.org.slug}/items/{only_wechat.pk}/"))
    assert "仅在公众号发布" not in client.get(f"/{staff.org.slug}/catalogue/").content.decode()


def test_an_item_is_only_found_under_its_own_organization(client, staff):
    item = published(staff.org, "本机关信息")
    _assert_chinese_404(client.get(f"/{staff.other_org.slug}/items/{item.pk}/"))
    other_node = node(staff.other_org)
    _assert_chinese_404(client.get(f"/{staff.org.slug}/catalogue/{other_node.pk}/"))


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-body/",
        "/no-such-body/catalogue/",
        "/no-such-body/feed/",
        "/{slug}/items/999999/",
        "/{slug}/items/99999999999999999/",
        "/{slug}/items/abc/",
        "/{slug}/catalogue/999999/",
        "/{slug}/reports/2020/",
        "/{slug}/reports/0/",
        "/{slug}/reports/2020/doc/",
        "/{slug}/items/{item}/attachments/1/",
        "/{slug}/nothing-here/",
        "/%E4%B8%AD%E6%96%87/",
    ],
)
def test_bad_urls_give_the_chinese_404(client, staff, path):
    item = published(staff.org)
    _assert_chinese_404(client.get(path.format(slug=staff.org.slug, item=item.pk)))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "２", "99999999", "3"])
def test_bad_page_numbers(client, staff, page):
    for day in range(1, 23):  # 22 items: two pages of 20
        published(staff.org, f"信息{day:02d}", day=dt.date(2020, 5, day))
    response = client.get(f"/{staff.org.slug}/catalogue/?page={page}")
    if page == "":
        assert response.status_code == 200  # an empty page parameter is page 1
    else:
        _assert_chinese_404(response)


def test_pages_are_stable_newest_first_twenty_per_page(client, staff):
    # Several items on the same day: the 索引号 sequence breaks the tie, so pages never overlap.
    titles = [f"同日信息{i:02d}" for i in range(45)]
    for title in titles:
        published(staff.org, title, day=dt.date(2020, 6, 1))
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/{staff.org.slug}/catalogue/?page={page}").content.decode()
        on_page = sorted((t for t in titles if f">{t}<" in html), key=lambda t: html.index(f">{t}<"))
        assert len(on_page) == (20 if page < 3 else 5)
        seen += on_page
    assert sorted(seen) == sorted(titles) and len(set(seen)) == 45
    assert seen == sorted(titles, reverse=True)  # later 索引号 first within a day
    first = client.get(f"/{staff.org.slug}/catalogue/?page=1").content.decode()
    assert "共 45 条" in first and 'href="?page=2"' in first and 'href="?page=3"' in first


def test_an_inactive_organization_is_404(client, staff):
    published(staff.org)
    organization_update(actor=None, organization=staff.org, is_active=False)
    _assert_chinese_404(client.get(f"/{staff.org.slug}/"))
    assert staff.org.name not in client.get("/").content.decode()
