"""Writes of the open API: report-check jobs (stored, queued, read in the sandbox by a worker) and the
synchronisation of items pushed by a platform (idempotent by external id). Each write is atomic and audited."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.models import Organization
from gongkai.apps.organizations.permissions import PermissionDeniedError, user_can
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import CatalogueNode, Item
from gongkai.apps.publishing.sanitize import sanitize_body
from gongkai.apps.publishing.services import item_import_published, item_withdraw, item_withdraw_synced

from .models import ApiToken, ReportCheckJob, SyncedItem, TokenKind

__all__ = ["JobError", "SyncError", "job_run", "job_submit", "token_organizations", "items_push"]

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A submitted file was refused (Chinese message)."""


class SyncError(Exception):
    """A push was refused as a whole (Chinese message)."""


def token_organizations(token: ApiToken):
    """The bodies a token speaks for: its organization and every body below it."""
    return Organization.objects.filter(path__startswith=token.organization.path, is_active=True)


# -- report checks --------------------------------------------------------------------------------------------


def job_submit(*, token: ApiToken, upload) -> ReportCheckJob:  # noqa: ANN001 - an UploadedFile
    """Store *upload* and queue it to be read and checked; return the job (poll it by ``public_id``)."""
    from gongkai.apps.review.services import validate_uploads

    from .tasks import run_check_job

    errors = validate_uploads([upload])
    if errors:
        raise JobError(errors[0])
    with transaction.atomic():
        job = ReportCheckJob(
            public_id=secrets.token_hex(12),
            token=token,
            original_name=(upload.name or "report")[-255:],
            size=upload.size or 0,
        )
        job.file.save(f"{job.public_id}-{job.original_name}"[-200:], upload, save=False)
        job.save()
        audit_log(
            actor=token.user,
            action="api.report_check.submit",
            obj=job,
            after={"file": job.original_name, "size": job.size, "token": token.prefix},
            organization=token.organization,
        )
        run_check_job.enqueue(job.pk)  # the queue is a table: queued in the same transaction as the job
    return job


def job_run(*, job_id: int) -> str:
    """Read and check one job's file in the sandbox (the worker's work); return the job's new status."""
    from gongkai.apps.review.reading import read_report_file
    from gongkai.core import Finding
    from gongkai.core.checks import absent_refs, check
    from gongkai.web.files import local_copy

    with transaction.atomic():
        job = ReportCheckJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ReportCheckJob.Status.QUEUED:
            return "skipped"
        job.status = ReportCheckJob.Status.RUNNING
        job.save(update_fields=["status"])
    try:
        with local_copy(job.file, job.original_name) as path:
            reading = read_report_file(path, job.original_name)
    except OSError as exc:
        logger.error("stored file of report check job %s cannot be opened: %s", job_id, exc)
        reading = None
    job.finished_at = timezone.now()
    if reading is None or reading.report is None:
        job.status = ReportCheckJob.Status.FAILED
        job.error = (reading.error if reading is not None else f"{job.original_name}：已保存的文件无法打开")[:2000]
    else:
        found = check(reading.report, absent=absent_refs(reading.findings))
        if reading.findings:
            from gongkai.core.parse import qualify

            found = qualify(found, [Finding.from_dict(f) for f in reading.findings])
        job.status = ReportCheckJob.Status.DONE
        job.report = json.loads(reading.report.to_json())
        job.findings = [*reading.findings, *(f.to_dict() for f in found)]
    job.save(update_fields=["status", "error", "report", "findings", "finished_at"])
    return job.status


# -- synchronisation -----------------------------------------------------------------------------------------

_SYNCED_FIELDS = ("title", "document_number", "published_on", "written_on", "summary", "body", "category_id")


def _content_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _may_push(token: ApiToken, organization: Organization) -> bool:
    if token.kind == TokenKind.PLATFORM:
        return organization.path.startswith(token.organization.path)
    return user_can(token.user, "publishing.item.import", organization)


def items_push(*, token: ApiToken, body_slug: str, items: list[dict], withdrawals: list[dict] = ()) -> list[dict]:
    """Create or update the pushed items of one body, then withdraw the listed ones; return one result per
    entry, items first, each list in its order.

    An item is keyed by (body, external id): pushed again unchanged it is ``unchanged``; with other content its
    fields are updated (``updated``); a new id is published as a new item (``created``, 历史信息导入 with the
    platform named). A withdrawal takes the item off the portal through the publishing service's 撤回 step
    (``withdrawn``); asked again it is ``unchanged``. Each entry is its own transaction and audit row; a refused
    one says why (``rejected``).
    """
    organization = token_organizations(token).filter(slug=body_slug).first()
    if organization is None or not _may_push(token, organization):
        raise SyncError("该令牌不能向这个机关推送信息。")
    nodes = {
        n.code: n for n in CatalogueNode.objects.filter(organization=organization, is_active=True).exclude(code="")
    }
    results = []
    for data in items:
        external_id = data["external_id"].strip()
        node = nodes.get(data["category_code"])
        if node is None:
            results.append(
                _result(external_id, "rejected", None, f"本机关目录中没有编码为 {data['category_code']} 的栏目。")
            )
            continue
        values = {
            "title": data["title"].strip(),
            "document_number": data.get("document_number", "").strip(),
            "published_on": data["published_on"],
            "written_on": data.get("written_on"),
            "summary": data.get("summary", ""),
            "body": sanitize_body(data.get("content", "")),
            "category_id": node.pk,
        }
        try:
            results.append(_push_one(token, organization, external_id, values, node))
        except ValidationError as exc:
            results.append(_result(external_id, "rejected", None, _messages(exc)))
    for data in withdrawals:
        external_id = data["external_id"].strip()
        try:
            results.append(_withdraw_one(token, organization, external_id, data["reason"]))
        except (ValidationError, PermissionDeniedError) as exc:
            results.append(_result(external_id, "rejected", None, _messages(exc)))
    return results


def _messages(exc: Exception) -> str:
    if not isinstance(exc, ValidationError):
        return str(exc)
    return "；".join(m for ms in getattr(exc, "message_dict", {"": exc.messages}).values() for m in ms)


def _result(external_id: str, result: str, item_id: int | None, detail: str = "") -> dict:
    return {"external_id": external_id, "result": result, "item_id": item_id, "detail": detail}


@transaction.atomic
def _withdraw_one(token: ApiToken, organization: Organization, external_id: str, reason: str) -> dict:
    synced = (
        SyncedItem.objects.select_for_update()
        .filter(organization=organization, external_id=external_id)
        .select_related("item")
        .first()
    )
    if synced is None:
        return _result(external_id, "rejected", None, f"本机关没有外部编号为 {external_id} 的同步信息。")
    item = synced.item
    if item.status == ItemStatus.WITHDRAWN:
        return _result(external_id, "unchanged", item.pk)
    if item.status != ItemStatus.PUBLISHED:
        return _result(external_id, "rejected", item.pk, "该信息不在已发布状态，不能撤回。")
    reason = reason.strip()
    if reason:
        reason = f"{reason}（接口同步：{token.name}（{token.prefix}），外部编号 {external_id}）"
    if token.kind == TokenKind.PLATFORM:
        item_withdraw_synced(item=item, reason=reason)
    else:  # a staff token withdraws as its user, who must hold publishing.item.withdraw there
        item_withdraw(actor=token.user, item=item, reason=reason)
    synced.token = token
    synced.save(update_fields=["token", "updated_at"])
    return _result(external_id, "withdrawn", item.pk)


@transaction.atomic
def _push_one(token: ApiToken, organization: Organization, external_id: str, values: dict, node) -> dict:  # noqa: ANN001
    digest = _content_hash(values)
    synced = (
        SyncedItem.objects.select_for_update()
        .select_related("item")
        .filter(organization=organization, external_id=external_id)
        .first()
    )
    reason = f"接口同步：{token.name}（{token.prefix}），外部编号 {external_id}"
    if synced is None:
        fields = {k: v for k, v in values.items() if k not in ("published_on", "category_id") and v not in (None,)}
        item = item_import_published(
            actor=None,
            organization=organization,
            title=fields.pop("title"),
            category=node,
            published_on=values["published_on"],
            reason=reason,
            **fields,
        )
        SyncedItem.objects.create(
            organization=organization, external_id=external_id, item=item, content_hash=digest, token=token
        )
        return _result(external_id, "created", item.pk)
    if synced.content_hash == digest:
        return _result(external_id, "unchanged", synced.item_id)
    item = Item.objects.select_for_update().get(pk=synced.item_id)
    if item.status != ItemStatus.PUBLISHED:
        return _result(external_id, "rejected", item.pk, "该信息已撤回，不再接受更新。")
    before = {f: getattr(item, f) for f in _SYNCED_FIELDS}
    for field, value in values.items():
        setattr(item, field, value)
    if not item.title:
        raise ValidationError({"title": "标题不能为空。"})
    item.save(update_fields=[*_SYNCED_FIELDS, "updated_at"])
    synced.content_hash = digest
    synced.token = token
    synced.save(update_fields=["content_hash", "token", "updated_at"])
    audit_log(
        actor=token.user,
        action="api.item.sync_update",
        obj=item,
        before={k: str(v) for k, v in before.items() if k != "body"},
        after={k: str(v) for k, v in values.items() if k != "body"},
        reason=reason,
        organization=organization,
    )
    return _result(external_id, "updated", item.pk)
