"""Builders for portal tests: a township with a seeded catalogue, published and unpublished items."""

from __future__ import annotations

import datetime as dt
import re

from gongkai.apps.annual.services import annual_report_edit, annual_report_generate, annual_report_publish
from gongkai.apps.organizations.services import organization_update
from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import CatalogueNode
from gongkai.apps.publishing.services import (
    catalogue_seed_township,
    item_create,
    item_import_published,
    item_review_approve,
    item_sign,
    item_submit,
)


def portal_staff(prefix: str = "p"):
    """An organization with staff and the standard township catalogue (and the same for the other one)."""
    staff = make_staff(prefix)
    staff.org = organization_update(
        actor=None,
        organization=staff.org,
        office_name="党政综合办公室",
        address="示例县思礼镇人民路1号",
        phone="0391-1234567",
        office_hours="工作日 上午8:30—12:00，下午14:30—18:00",
    )
    catalogue_seed_township(actor=None, organization=staff.org)
    catalogue_seed_township(actor=None, organization=staff.other_org)
    return staff


def node(org, code: str = "local.overview") -> CatalogueNode:
    return CatalogueNode.objects.get(organization=org, code=code)


def published(
    org, title: str = "关于开展春季植树活动的通知", *, code: str = "local.overview", category=None, day=None, **kw
):
    """An item published on the portal (imported as already published, the one-step service)."""
    return item_import_published(
        actor=None,
        organization=org,
        title=title,
        category=category or node(org, code),
        published_on=day or dt.date(2020, 3, 10),
        **kw,
    )


def draft(staff, title: str = "尚未发布的草稿"):
    return item_create(
        actor=staff.drafter,
        organization=staff.org,
        title=title,
        category=node(staff.org),
        formed_on=dt.date(2020, 3, 2),
    )


def publish_through_review(staff, item):
    """Take a draft through 待审核 and 待签发 to 已发布 (the real workflow)."""
    item = item_submit(actor=staff.drafter, item=item)
    item = item_review_approve(actor=staff.reviewer, item=item)
    return item_sign(actor=staff.leader, item=item, published_on=dt.date(2020, 3, 20))


def published_report(staff, year: int = 2021):
    annual = annual_report_generate(actor=staff.drafter, organization=staff.org, year=year)
    annual = annual_report_edit(
        actor=staff.drafter,
        annual=annual,
        overview=annual.report.sections["overview"],
        problems="宣传不够；下一步加强宣传。",
        other="本年度未收取信息处理费。",
    )
    return annual_report_publish(actor=staff.leader, annual=annual)


_TAG = re.compile(r"<(script|link|img|iframe|source|video|audio)\b[^>]*>", re.I)
_URL_ATTR = re.compile(r"""\b(?:src|href|srcset)\s*=\s*["']([^"']*)["']""", re.I)


def external_asset_urls(html: str) -> list[str]:
    """URLs of scripts, stylesheets, images and media in *html* that point off the site (or protocol-relative)."""
    found = []
    for tag in _TAG.finditer(html):
        for url in _URL_ATTR.findall(tag.group(0)):
            if url.lower().startswith(("http://", "https://", "//")):
                found.append(url)
    return found
