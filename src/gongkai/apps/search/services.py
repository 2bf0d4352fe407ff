"""Writing the search index (索引维护): index or remove documents, enqueue indexing, rebuild with a checkpoint.

* :func:`index_objects` (re)builds the documents of some source rows — what the ``index_objects`` task runs;
* :func:`remove_objects` removes documents at once, inside the caller's transaction (a withdrawn item is gone
  from search when the withdrawal commits, never later);
* :func:`schedule` enqueues :func:`index_objects` once the caller's transaction commits (one task per source
  and transaction, whatever the number of saves);
* :func:`reindex` rebuilds the whole index in batches, skipping documents already up to date unless ``full``,
  and records its place in a :class:`~gongkai.apps.search.models.ReindexCheckpoint` after every batch, so an
  interrupted run resumes where it stopped.

The index is derived data: no audit rows are written here (the changes that cause indexing are audited).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import backends, documents
from .models import ReindexCheckpoint, SearchDocument, Source

__all__ = ["ReindexResult", "SOURCES", "index_objects", "reindex", "remove_objects", "schedule"]


@dataclass(frozen=True)
class SourceSpec:
    """How to read one source: the visible rows, their change time field, and the document builder."""

    visible: Callable[[], QuerySet]
    build: Callable[[Iterable], list[SearchDocument]]
    changed_field: str | None = None
    #: The builder takes a ``pool`` (its segmentation spread over processes).
    parallel: bool = False


def _items() -> QuerySet:
    return documents.visible_items().only(*documents._ITEM_FIELDS)


def _regulatory() -> QuerySet:
    from gongkai.apps.registers.models import RegulatoryDocument

    return RegulatoryDocument.objects.filter(organization__is_active=True)


def _matters() -> QuerySet:
    from gongkai.apps.registers.models import ServiceMatter

    return ServiceMatter.objects.filter(organization__is_active=True, delisted_on__isnull=True)


def _procurement() -> QuerySet:
    from gongkai.apps.registers.models import ProcurementProject

    return ProcurementProject.objects.filter(organization__is_active=True)


def _reports() -> QuerySet:
    from gongkai.apps.annual.selectors import published_reports

    return published_reports().filter(organization__is_active=True).order_by()


def _catalogue() -> QuerySet:
    from gongkai.apps.publishing.models import CatalogueNode

    return CatalogueNode.objects.filter(is_active=True, organization__is_active=True)


SOURCES: dict[int, SourceSpec] = {
    Source.ITEM: SourceSpec(_items, documents.item_documents, "updated_at", parallel=True),
    Source.REGULATORY: SourceSpec(_regulatory, documents.regulatory_documents),
    Source.MATTER: SourceSpec(_matters, documents.matter_documents),
    Source.PROCUREMENT: SourceSpec(_procurement, documents.procurement_documents),
    Source.REPORT: SourceSpec(_reports, documents.report_documents, "updated_at"),
    Source.CATALOGUE: SourceSpec(_catalogue, documents.catalogue_documents),
}


def _replace(source: int, ids: list[int], docs: list[SearchDocument]) -> None:
    backends.delete_documents(source, ids)
    backends.write_documents(docs)


@transaction.atomic
def index_objects(source: int, ids: Iterable[int]) -> int:
    """(Re)build the documents of the rows *ids* of *source*; rows no longer visible lose theirs. Returns how many
    documents were written. Safe to run twice."""
    source = Source(int(source))
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    spec = SOURCES[source]
    docs = spec.build(spec.visible().filter(pk__in=ids))
    _replace(source, ids, docs)
    return len(docs)


def remove_objects(source: int, ids: Iterable[int]) -> int:
    """Remove the documents of *ids* of *source* now (in the caller's transaction). Returns how many."""
    with transaction.atomic(savepoint=False):
        return backends.delete_documents(int(source), [int(i) for i in ids])


@dataclass(frozen=True)
class _Enqueue:
    """A commit hook that enqueues the indexing of one row (comparable, so a row is enqueued once per commit)."""

    source: int
    object_id: int

    def __call__(self) -> None:
        from .tasks import index_objects_task

        index_objects_task.enqueue(self.source, [self.object_id])


def schedule(source: int, object_id: int) -> None:
    """Index the row *object_id* of *source* in the background, once the current transaction commits.

    A row saved several times in one transaction (an item, then its distribution) is enqueued once.
    """
    hook = _Enqueue(int(source), int(object_id))
    if connection.in_atomic_block and any(entry[1] == hook for entry in connection.run_on_commit):
        return
    transaction.on_commit(hook)


# ------------------------------------------------------------------------------------------------ reindex


@dataclass
class ReindexResult:
    """What one reindex run did."""

    indexed: int = 0
    skipped: int = 0
    removed: int = 0
    seconds: float = 0.0
    resumed: bool = False
    complete: bool = True

    @property
    def rate(self) -> float:
        return self.indexed / self.seconds if self.seconds else 0.0


CHECKPOINT = "reindex"


def _up_to_date(source: int, rows: list) -> set[int]:
    field = SOURCES[source].changed_field
    if field is None:
        return set()
    indexed = dict(
        SearchDocument.objects.filter(source=source, object_id__in=[r.pk for r in rows]).values_list(
            "object_id", "indexed_at"
        )
    )
    return {r.pk for r in rows if r.pk in indexed and getattr(r, field) <= indexed[r.pk]}


def _remove_stale(source: int) -> int:
    """Remove documents of *source* whose row is gone or no longer visible."""
    removed = 0
    visible = SOURCES[source].visible()
    last = 0
    while True:
        ids = list(
            SearchDocument.objects.filter(source=source, object_id__gt=last)
            .order_by("object_id")
            .values_list("object_id", flat=True)[:5000]
        )
        if not ids:
            return removed
        last = ids[-1]
        keep = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
        gone = [i for i in ids if i not in keep]
        if gone:
            removed += remove_objects(source, gone)


def reindex(
    *,
    full: bool = False,
    batch_size: int = 1000,
    sources: Iterable[int] | None = None,
    stop_after: int | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
) -> ReindexResult:
    """Bring the index up to date with every source, in batches of *batch_size* rows, resuming a stopped run.

    Unless *full*, rows whose document is newer than the row's last change are skipped. After every batch the
    checkpoint records the last row done (one transaction with the batch's documents); a run that is stopped
    (Ctrl+C, a killed process, or *stop_after* batches, for tests) starts again from there. When every source
    is done, documents of rows that are gone or hidden are removed and the checkpoint is deleted.

    With *workers* > 1, items are segmented by that many forked processes (which only segment: reading and
    writing stay in this process, in the same transactions).
    """
    pool = _Pool(workers) if workers > 1 else None
    try:
        return _reindex(full, batch_size, sources, stop_after, progress, pool)
    finally:
        if pool is not None:
            pool.close()


class _Pool:
    """Forked segmenting processes, started at the first batch large enough to share out. They never use the
    database connections they inherit, and leave with ``os._exit`` (so they close none of them)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = None

    def map(self, function, chunks) -> list:
        if self._pool is None:
            import multiprocessing

            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self._pool.map(function, chunks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def _reindex(full, batch_size, sources, stop_after, progress, pool) -> ReindexResult:
    order = [Source(int(s)) for s in (sources or SOURCES)]
    started = time.perf_counter()
    result = ReindexResult()
    checkpoint = ReindexCheckpoint.objects.filter(name=CHECKPOINT).first()
    if checkpoint is not None and checkpoint.source in order:
        result.resumed = True
        full = checkpoint.full
        order = order[order.index(Source(checkpoint.source)) :]
    else:
        now = timezone.now()
        checkpoint = ReindexCheckpoint.objects.create(
            name=CHECKPOINT, source=order[0], last_id=0, full=full, started_at=now, updated_at=now
        )
    batches = 0
    for source in order:
        spec = SOURCES[source]
        last = checkpoint.last_id if checkpoint.source == source else 0
        while True:
            rows = list(spec.visible().filter(pk__gt=last).order_by("pk")[:batch_size])
            if not rows:
                break
            fresh = set() if full else _up_to_date(source, rows)
            todo = [r for r in rows if r.pk not in fresh]
            with transaction.atomic():
                if not todo:
                    docs = []
                else:
                    docs = spec.build(todo, pool=pool) if spec.parallel and pool else spec.build(todo)
                _replace(source, [r.pk for r in todo], docs)
                last = rows[-1].pk
                checkpoint.source, checkpoint.last_id = source, last
                checkpoint.done += len(docs)
                checkpoint.skipped += len(fresh)
                checkpoint.updated_at = timezone.now()
                checkpoint.save()
            result.indexed += len(docs)
            result.skipped += len(fresh)
            batches += 1
            if progress:
                progress(f"{Source(source).label} 至 #{last}：已索引 {result.indexed}，未变跳过 {result.skipped}")
            if stop_after is not None and batches >= stop_after:
                result.complete = False
                result.seconds = time.perf_counter() - started
                return result
        checkpoint.last_id = 0
    for source in order:
        result.removed += _remove_stale(source)
    backends.rebuilt()
    checkpoint.delete()
    result.seconds = time.perf_counter() - started
    return result
