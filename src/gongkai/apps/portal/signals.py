"""Cache invalidation for the portal (缓存失效).

The portal caches organizations, catalogue trees and list counts (:mod:`gongkai.apps.portal.selectors`).
Whenever a row they depend on is saved or deleted, the generation of the organization concerned (or of the
whole site for organizations) is bumped, so the next read builds fresh values. These receivers only touch
the cache: no business logic and no audit here. Bulk operations (``bulk_create``, ``update``) send no
signals; the cache then expires after :data:`~gongkai.apps.portal.caching.CACHE_SECONDS`.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .caching import bump_generation

__all__ = ["connect"]


def _organization_changed(sender, instance, **kwargs) -> None:
    bump_generation(None)
    bump_generation(instance.pk)


def _owned_changed(sender, instance, **kwargs) -> None:
    org_id = getattr(instance, "organization_id", None)
    if org_id is not None:
        bump_generation(org_id)


def _distribution_changed(sender, instance, **kwargs) -> None:
    try:
        org_id = instance.item.organization_id
    except Exception:  # the item is already gone (cascade delete): its own receiver bumped the generation
        return
    bump_generation(org_id)


def _channel_changed(sender, instance, **kwargs) -> None:
    bump_generation(None)
    bump_generation(instance.organization_id)


def connect() -> None:
    """Connect the receivers (called once from :meth:`PortalConfig.ready`)."""
    from gongkai.apps.annual.models import AnnualReport
    from gongkai.apps.organizations.models import Organization
    from gongkai.apps.publishing.models import CatalogueNode, Channel, Distribution, Item

    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_organization_changed, sender=Organization, dispatch_uid=f"portal-org-{name}")
        signal.connect(_channel_changed, sender=Channel, dispatch_uid=f"portal-channel-{name}")
        signal.connect(_distribution_changed, sender=Distribution, dispatch_uid=f"portal-dist-{name}")
        for model in (CatalogueNode, Item, AnnualReport):
            signal.connect(_owned_changed, sender=model, dispatch_uid=f"portal-{model.__name__}-{name}")
