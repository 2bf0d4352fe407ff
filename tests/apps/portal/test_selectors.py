"""Portal reads: cached trees and counts follow changes made through the services; few queries per page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.apps.portal import selectors
from gongkai.apps.publishing.services import catalogue_node_create, catalogue_node_update, item_withdraw

from .helpers import node, portal_staff, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return portal_staff("sel")


def test_catalogue_changes_show_at_once(client, staff):
    slug = staff.org.slug
    assert "本镇新设栏目" not in client.get(f"/{slug}/catalogue/").content.decode()
    column = catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="本镇新设栏目", sort_order=99)
    assert (
        f'href="/{slug}/catalogue/{column.pk}/">本镇新设栏目</a>' in client.get(f"/{slug}/catalogue/").content.decode()
    )
    catalogue_node_update(actor=staff.sysadmin, node=column, is_active=False)
    assert client.get(f"/{slug}/catalogue/{column.pk}/").status_code == 404


def test_rules_column_lists_the_bodys_own_rules_when_it_has_them(client, staff):
    slug = staff.org.slug
    standard = client.get(f"/{slug}/rules/").content.decode()
    assert "公开前审查（保密审查）" in standard
    rules = catalogue_node_create(actor=staff.sysadmin, organization=staff.org, name="政府信息公开制度")
    own = published(staff.org, "思礼镇依申请公开办理制度", category=rules)
    elsewhere = published(staff.org, "其他栏目的信息")
    html = client.get(f"/{slug}/rules/").content.decode()
    assert own.title in html and elsewhere.title not in html
    assert "公开前审查（保密审查）" not in html


def test_counts_follow_publishing_and_withdrawing(client, staff):
    org = selectors.portal_organization(staff.org.slug)
    first = published(staff.org, "一")
    published(staff.org, "二")
    assert selectors.item_count(org) == 2
    item_withdraw(actor=staff.leader, item=first, reason="重复")
    assert selectors.item_count(org) == 1
    assert "共 1 条" in client.get(f"/{staff.org.slug}/catalogue/").content.decode()


def test_list_and_item_pages_need_few_queries_once_cached(client, staff):
    for day in range(1, 6):
        published(staff.org, f"信息{day}", code="art20.7", day=dt.date(2020, 7, day))
    item = published(staff.org, "详情页信息", code="art20.7")
    category = node(staff.org, "art20.7")
    urls = [f"/{staff.org.slug}/catalogue/{category.pk}/", f"/{staff.org.slug}/items/{item.pk}/"]
    for url in urls:
        client.get(url)  # warm the cache
    for url, most in zip(urls, (1, 2), strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= most, [q["sql"] for q in queries]


def test_list_queries_load_no_body(staff):
    published(staff.org, "正文很长", body="<p>" + "长" * 5000 + "</p>")
    org = selectors.portal_organization(staff.org.slug)
    sql = str(selectors.portal_items(org).query)
    assert '"body"' not in sql and "EXISTS" in sql.upper()
