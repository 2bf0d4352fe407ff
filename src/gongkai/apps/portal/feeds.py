"""Atom feed of an organization's latest published items (订阅)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from . import selectors

__all__ = ["FEED_SIZE", "OrganizationFeed"]

#: Entries in the feed.
FEED_SIZE = 20


class OrganizationFeed(Feed):
    """The newest :data:`FEED_SIZE` items an organization published on its portal (Atom 1.0)."""

    feed_type = Atom1Feed

    def get_object(self, request, org_slug: str) -> selectors.PortalOrg:
        org = selectors.portal_organization(org_slug)
        if org is None:
            raise Http404("未找到该机关，可能网址有误或该机关已停用。")
        return org

    def title(self, obj: selectors.PortalOrg) -> str:
        return f"{obj.organization.name} · 政府信息公开"

    def subtitle(self, obj: selectors.PortalOrg) -> str:
        return f"{obj.organization.name}最新主动公开的政府信息"

    def link(self, obj: selectors.PortalOrg) -> str:
        return reverse("portal:catalogue", kwargs={"org_slug": obj.organization.slug})

    def feed_url(self, obj: selectors.PortalOrg) -> str:
        return reverse("portal:feed", kwargs={"org_slug": obj.organization.slug})

    def author_name(self, obj: selectors.PortalOrg) -> str:
        return obj.organization.name

    def items(self, obj: selectors.PortalOrg):
        items = selectors.latest_items(obj, limit=FEED_SIZE)
        for entry in items:  # the feed object is shared between requests: keep per-request data on the items
            entry.portal_slug = obj.organization.slug
        return items

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        parts = [f"索引号：{item.index_number}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        if item.summary:
            parts.append(item.summary)
        return "；".join(parts)

    def item_link(self, item) -> str:
        return reverse("portal:item", kwargs={"org_slug": item.portal_slug, "item_id": item.pk})

    def item_guid(self, item) -> str:
        return self.item_link(item)

    def item_pubdate(self, item) -> dt.datetime:
        if item.published_at is not None:
            return item.published_at
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(0, 0)))

    def item_updateddate(self, item) -> dt.datetime:
        return max(item.updated_at, self.item_pubdate(item)) if item.updated_at else self.item_pubdate(item)
