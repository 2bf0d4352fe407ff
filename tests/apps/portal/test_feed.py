"""The Atom feed of an organization: valid Atom 1.0 with the latest published portal items."""

import datetime as dt

import pytest
from lxml import etree

from gongkai.apps.portal.feeds import FEED_SIZE
from gongkai.apps.publishing.services import item_withdraw

from .helpers import draft, portal_staff, published

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_atom_with_the_latest_items_newest_first():
    from django.test import Client

    staff = portal_staff("feed")
    for day in range(1, FEED_SIZE + 6):  # more items than the feed holds
        published(staff.org, f"第{day:02d}号信息", day=dt.date(2020, 1, day), document_number=f"思政〔2020〕{day}号")
    gone = published(staff.org, "撤回的信息", day=dt.date(2020, 2, 1))
    item_withdraw(actor=staff.leader, item=gone, reason="错误")
    draft(staff, "草稿信息")
    response = Client().get(f"/{staff.org.slug}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    assert staff.org.name in root.findtext(f"{ATOM}title")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == FEED_SIZE
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [f"第{day:02d}号信息" for day in range(FEED_SIZE + 5, 5, -1)]
    first = entries[0]
    for required in ("id", "title", "updated", "link"):
        assert first.find(f"{ATOM}{required}") is not None
    link = first.find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/" + staff.org.slug + "/items/")
    assert Client().get(link.removeprefix("http://testserver")).status_code == 200
    assert "思政〔2020〕25号" in first.findtext(f"{ATOM}summary")
    assert "撤回的信息" not in response.content.decode() and "草稿信息" not in response.content.decode()


def test_feed_of_an_organization_without_items_is_an_empty_valid_feed(client):
    staff = portal_staff("feed0")
    response = client.get(f"/{staff.org.slug}/feed/")
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed" and root.findall(f"{ATOM}entry") == []
