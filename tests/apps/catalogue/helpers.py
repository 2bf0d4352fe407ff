"""Build a township with its standard catalogue for the catalogue tests."""

from __future__ import annotations

import datetime as dt

from gongkai.apps.catalogue.models import Entry
from gongkai.apps.catalogue.services import catalogue_seed_body
from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import CatalogueNode, Channel, Distribution, Item


def seeded(prefix: str = "c"):
    """A township (make_staff) with the standard columns and the seeded entries."""
    staff = make_staff(prefix)
    catalogue_seed_body(actor=None, organization=staff.org)
    return staff


def area_node(org, name: str) -> CatalogueNode:
    return CatalogueNode.objects.get(organization=org, parent__code="area", name=name)


def entry(org, area: str, level1: str, level2: str) -> Entry:
    return Entry.objects.get(organization=org, area=area, level1=level1, level2=level2)


def publish(org, node, title: str, day: dt.date) -> Item:
    """A published item on the portal on *day* (written directly: its date is what the tests move)."""
    seq = Item.objects.filter(organization=org).count() + 1
    item = Item.objects.create(
        organization=org,
        index_number=f"T/{day.year}-{seq:05d}",
        index_year=day.year,
        index_sequence=seq,
        title=title,
        publisher=org.name,
        formed_on=day,
        published_on=day,
        published_at=dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC),
        category=node,
        status="published",
    )
    portal, _ = Channel.objects.get_or_create(organization=org, kind="portal", defaults={"name": "政府网站"})
    Distribution.objects.create(item=item, channel=portal, published_at=item.published_at)
    return item
