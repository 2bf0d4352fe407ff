"""Background indexing (后台索引): the task the services enqueue after a publication, change or withdrawal."""

from __future__ import annotations

from django_tasks import task

__all__ = ["index_objects_task"]


@task()
def index_objects_task(source: int, ids: list[int]) -> int:
    """(Re)index the rows *ids* of *source* (reading attachments' text); returns how many documents were written."""
    from .services import index_objects

    return index_objects(source, ids)
