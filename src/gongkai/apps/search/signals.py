"""Keeping the index current (索引同步): whenever a searchable row is saved or deleted.

Whatever writes the row (a workflow service, the admin, an import, the API), the search index follows:

* a row that can no longer be shown (an item withdrawn or back to draft, a report unpublished, a column switched
  off, a deleted row) loses its document **at once, in the same transaction** — a withdrawn item never shows in
  search after the withdrawal commits;
* a row that can be shown is indexed by the ``index_objects`` task after the transaction commits (its
  attachments' text is read there, not in the request).

Bulk writes (``bulk_create``, ``update``) send no signals: ``gongkai search reindex`` picks them up.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .models import Source
from .services import remove_objects, schedule

__all__ = ["connect"]


def _item_saved(sender, instance, **kwargs) -> None:
    from gongkai.apps.publishing.choices import ItemStatus

    if instance.status == ItemStatus.PUBLISHED:
        schedule(Source.ITEM, instance.pk)
    elif not kwargs.get("created"):
        remove_objects(Source.ITEM, [instance.pk])


def _distribution_changed(sender, instance, **kwargs) -> None:
    schedule(Source.ITEM, instance.item_id)


def _report_saved(sender, instance, **kwargs) -> None:
    from gongkai.apps.annual.choices import AnnualReportStatus

    if instance.status == AnnualReportStatus.PUBLISHED:
        schedule(Source.REPORT, instance.pk)
    else:
        remove_objects(Source.REPORT, [instance.pk])


def _node_saved(sender, instance, **kwargs) -> None:
    if instance.is_active:
        schedule(Source.CATALOGUE, instance.pk)
    else:
        remove_objects(Source.CATALOGUE, [instance.pk])


def _saved(source: int):
    def receiver(sender, instance, **kwargs) -> None:
        schedule(source, instance.pk)

    return receiver


def _deleted(source: int):
    def receiver(sender, instance, **kwargs) -> None:
        remove_objects(source, [instance.pk])

    return receiver


_RECEIVERS: list = []


def connect() -> None:
    """Connect the receivers (called once from :meth:`SearchConfig.ready`)."""
    from gongkai.apps.annual.models import AnnualReport
    from gongkai.apps.publishing.models import CatalogueNode, Distribution, Item
    from gongkai.apps.registers.models import ProcurementProject, RegulatoryDocument, ServiceMatter

    post_save.connect(_item_saved, sender=Item, dispatch_uid="search-item-save")
    post_save.connect(_distribution_changed, sender=Distribution, dispatch_uid="search-dist-save")
    post_delete.connect(_distribution_changed, sender=Distribution, dispatch_uid="search-dist-delete")
    post_save.connect(_report_saved, sender=AnnualReport, dispatch_uid="search-report-save")
    post_save.connect(_node_saved, sender=CatalogueNode, dispatch_uid="search-node-save")
    sources = (
        (Item, Source.ITEM),
        (AnnualReport, Source.REPORT),
        (CatalogueNode, Source.CATALOGUE),
        (RegulatoryDocument, Source.REGULATORY),
        (ServiceMatter, Source.MATTER),
        (ProcurementProject, Source.PROCUREMENT),
    )
    for model, source in sources:
        deleted = _deleted(source)
        _RECEIVERS.append(deleted)  # signals hold receivers weakly
        post_delete.connect(deleted, sender=model, dispatch_uid=f"search-{model.__name__}-delete")
        if model in (RegulatoryDocument, ServiceMatter, ProcurementProject):
            saved = _saved(source)
            _RECEIVERS.append(saved)
            post_save.connect(saved, sender=model, dispatch_uid=f"search-{model.__name__}-save")
