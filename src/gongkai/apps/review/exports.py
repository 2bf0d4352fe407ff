"""A batch's total (县级汇总) rendered in the background: the PDF takes about a second per file (the heaviest
render of the platform, measured by ``bench/render_bench.py``), so the page enqueues
:func:`gongkai.apps.review.tasks.render_total` and shows its progress instead of waiting."""

from __future__ import annotations

from gongkai.core.render import get_renderer
from gongkai.web.exports import save_export

from . import selectors
from .models import CheckBatch

__all__ = ["BACKGROUND_FORMATS", "TotalGone", "render_total_file", "total_filename"]

#: Formats rendered on the queue; the others are quick enough for the request.
BACKGROUND_FORMATS = ("pdf",)


class TotalGone(Exception):
    """The total asked for no longer exists (the batch changed)."""


def total_filename(org_name: str, group, to: str) -> str:  # noqa: ANN001 - a TotalGroup
    return f"{org_name}{group.year}年政府信息公开工作年度报告合计（{group.format}年格式）.{to}"


def render_total_file(*, org_id: int, batch_id: int, key: str, kinds: list[str] | None, to: str) -> dict:
    batch = CheckBatch.objects.select_related("organization").get(pk=batch_id, organization_id=org_id)
    groups, _ = selectors.batch_totals(batch=batch, kinds=kinds)
    group = next((g for g in groups if g.key == key and g.result is not None), None)
    if group is None:
        raise TotalGone(f"没有合计 {key}")
    renderer = get_renderer(to)
    filename = total_filename(batch.organization.name, group, to)
    name = save_export(renderer(group.result.report), filename, "review")
    return {"name": name, "filename": filename, "media_type": renderer.media_type}
