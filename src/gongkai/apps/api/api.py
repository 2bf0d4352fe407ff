"""The open API (开放接口) at ``/api/``: django-ninja, its OpenAPI document at ``/api/openapi.json`` and the docs
page at ``/api/docs`` (Swagger UI from django-ninja's own static files: no CDN, the strict CSP holds).

Public reads need no token: bodies, catalogue, items, 第二十条 registers, annual reports in the report JSON, the
report's JSON Schema and the 依申请公开 status lookup (POST, the query code in the body, throttled with the web
form). A token (``Authorization: Bearer gk_…``, see :mod:`.tokens`) with the right scope submits report files for
checking, lists applications with personal data masked, and pulls or pushes items for synchronisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest
from ninja import File, NinjaAPI, Path, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.files import UploadedFile
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer

from gongkai.apps.applications import throttles
from gongkai.apps.applications.masking import mask_value
from gongkai.apps.applications.services import application_lookup
from gongkai.apps.organizations.permissions import restrict
from gongkai.apps.portal import selectors as portal
from gongkai.apps.portal.columns import column_content
from gongkai.apps.publishing.choices import ItemStatus
from gongkai.apps.publishing.models import Item
from gongkai.core.schema import report_json_schema
from gongkai.web.dbrouter import replica_reads

from . import schemas as s
from .models import ApiToken, ReportCheckJob, SyncedItem, TokenKind
from .selectors import visible_jobs
from .services import JobError, SyncError, items_push, job_submit, token_organizations
from .tokens import ScopeError, require_scope, token_authenticate

__all__ = ["api"]

PAGE_SIZE_MAX = 100


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_authenticate(token, method=request.method or "", path=request.path)


api = NinjaAPI(
    title="gongkai 政府信息公开开放接口",
    version="1",
    description=(
        "公开数据（机关、目录、公开信息、第二十条登记、年度报告、依申请公开查询）无需令牌；"
        "提交年报检查、查看依申请公开办理情况、同步公开信息需要安全管理员签发的接口令牌（Bearer）。"
    ),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class _NotFound(Exception):
    pass


@api.exception_handler(_NotFound)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "未找到。"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return api.create_response(
        request, {"detail": "缺少有效的接口令牌（Authorization: Bearer gk_…），或令牌已过期、已吊销。"}, status=401
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {"loc": [str(p) for p in e.get("loc", ())], "type": str(e.get("type", "")), "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": "请求参数有误，请对照接口文档检查。", "errors": errors}, status=422)


@api.exception_handler(SuspiciousOperation)
def _bad_request(request, exc):
    # a body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig), too many fields, a malformed upload …
    detail = (
        "请求正文过大，请分批提交。" if isinstance(exc, RequestDataTooBig) else "请求无法处理，请对照接口文档检查。"
    )
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(ScopeError)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


#: An organization's URL slug, as the portal's URLs take it.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]{1,60}$", description="机关网址标识")]


def _body(slug: str) -> portal.PortalOrg:
    found = portal.portal_organization(slug)
    if found is None:
        raise _NotFound("没有这个机关。")
    return found


def _abs(request: HttpRequest, path: str) -> str:
    return path  # site-relative: the same API serves every host name of the platform


# -- public reads ---------------------------------------------------------------------------------------------

public = Router(tags=["公开数据"])
INVALID = {400: s.Error, 422: s.ValidationErrorOut}
NOT_FOUND = {404: s.Error, **INVALID}


@public.get("/bodies", response=list[s.BodyOut], summary="机关列表")
def bodies(request):
    with replica_reads():
        return [
            {"slug": e.slug, "name": e.name, "kind": e.kind, "depth": e.depth, "url": f"/{e.slug}/"}
            for e in portal.organization_list()
        ]


@public.get("/bodies/{slug}", response={200: s.BodyDetail, **NOT_FOUND}, summary="机关信息")
def body(request, slug: Slug):
    with replica_reads():
        found = _body(slug)
        org = found.organization
        return {
            "slug": org.slug,
            "name": org.name,
            "kind": org.get_kind_display(),
            "parent": found.parent_slug or None,
            "code": org.code,
            **{
                f: getattr(org, f)
                for f in ("office_name", "address", "office_hours", "phone", "fax", "email", "postcode")
            },
            "url": found.urls["home"],
        }


@public.get("/bodies/{slug}/catalogue", response={200: list[s.CatalogueNodeOut], **NOT_FOUND}, summary="公开目录")
def catalogue(request, slug: Slug):
    with replica_reads():
        found = _body(slug)
        tree = portal.catalogue_tree(found.organization.pk)
        return [
            {
                "id": n.pk,
                "parent_id": n.parent_id,
                "name": n.name,
                "code": n.code,
                "basis": n.basis,
                "depth": n.depth,
                "url": found.category_url(n.pk),
            }
            for n in (tree.nodes[pk] for pk in tree.order)
        ]


class PageQuery(Schema):
    page: int = 1
    page_size: int = 20


def _window(query: PageQuery) -> tuple[int, int]:
    page = min(max(query.page, 1), 100_000)
    size = min(max(query.page_size, 1), PAGE_SIZE_MAX)
    return page, size


@public.get("/bodies/{slug}/items", response={200: s.ItemPage, **NOT_FOUND}, summary="公开信息列表（新的在前）")
def items(request, slug: Slug, query: Query[PageQuery], category: int | None = None):
    with replica_reads():
        found = _body(slug)
        node = None
        if category is not None:
            node = portal.catalogue_tree(found.organization.pk).get(category)
            if node is None:
                raise _NotFound("本机关目录中没有这个栏目。")
        page, size = _window(query)
        rows = portal.portal_list(found, node)[(page - 1) * size : page * size]
        return {
            "count": portal.item_count(found, node),
            "page": page,
            "page_size": size,
            "items": [
                {
                    "id": r.pk,
                    "title": r.title,
                    "document_number": r.document_number,
                    "published_on": r.published_on,
                    "validity": r.validity,
                    "url": found.item_url(r.pk),
                }
                for r in rows
            ],
        }


@public.get("/bodies/{slug}/items/{item_id}", response={200: s.ItemDetail, **NOT_FOUND}, summary="一条公开信息")
def item(request, slug: Slug, item_id: int):
    with replica_reads():
        found = _body(slug)
        if not 0 < item_id < 2**62:
            raise _NotFound("没有这条公开信息。")
        row = portal.portal_item(found, item_id)
        if row is None:
            raise _NotFound("没有这条公开信息。")
        attachments = portal.item_attachments(row)
        fields = ("index_number", "title", "document_number", "publisher", "written_on", "published_on")
        return {
            "id": row.pk,
            **{f: getattr(row, f) for f in fields},
            "category_id": row.category_id,
            **{f: getattr(row, f) or "" for f in ("topic", "kind", "validity", "keywords", "summary", "body")},
            "attachments": [
                {
                    "id": a.pk,
                    "name": a.original_name,
                    "size": a.size,
                    "content_type": a.content_type or "application/octet-stream",
                    "url": f"{found.item_url(row.pk)}attachments/{a.pk}/",
                }
                for a in attachments
            ],
            "url": found.item_url(row.pk),
        }


def _cells(cells) -> list[str]:  # noqa: ANN001
    return [str(c.text) for c in cells]


@public.get(
    "/bodies/{slug}/registers",
    response={200: list[s.RegisterColumnOut], **NOT_FOUND},
    summary="第二十条登记（各栏目表格）",
)
def registers(request, slug: Slug):
    with replica_reads():
        found = _body(slug)
        tree = portal.catalogue_tree(found.organization.pk)
        out = []
        for pk in tree.order:
            node = tree.nodes[pk]
            content = column_content(node.code, organization=found.organization, item_url=found.item_url)
            if content is None:
                continue
            out.append(
                {
                    "column_id": node.pk,
                    "column_code": node.code,
                    "column_name": str(node.name),
                    "tables": [
                        {
                            "caption": str(t.caption),
                            "headers": [str(h) for h in t.headers],
                            "rows": [_cells(r) for r in t.rows],
                            "footer": _cells(t.footer),
                        }
                        for t in content.tables
                    ],
                }
            )
        return out


@public.get(
    "/bodies/{slug}/reports", response={200: list[s.AnnualReportEntry], **NOT_FOUND}, summary="已发布的年度报告"
)
def reports(request, slug: Slug):
    with replica_reads():
        found = _body(slug)
        return [
            {
                "year": r.year,
                "format": r.format,
                "published_at": r.published_at,
                "url": f"/api/bodies/{slug}/reports/{r.year}",
                "page": f"{found.urls['reports']}{r.year}/",
            }
            for r in portal.report_years(found)
        ]


@public.get(
    "/bodies/{slug}/reports/{year}",
    response={200: dict, **NOT_FOUND},
    summary="一份年度报告（gongkai-annual-report/1，见 /api/schema/report.json）",
)
def report(request, slug: Slug, year: int):
    import json

    with replica_reads():
        found = _body(slug)
        row = portal.published_report(found, year) if 1900 <= year <= 9999 else None
        if row is None:
            raise _NotFound("这一年没有已发布的年度报告。")
        return json.loads(row.report.to_json())


@public.get("/schema/report.json", response=dict, summary="年度报告数据的 JSON Schema", tags=["公开数据"])
def report_schema(request):
    return report_json_schema()


@public.post(
    "/applications/status",
    response={200: s.StatusOut, 404: s.Error, 423: s.Error, 429: s.Error, **INVALID},
    summary="依申请公开办理情况查询（申请编号和查询码）",
)
def application_status(request, data: s.StatusIn):
    if throttles.limited(request, "status", "GONGKAI_STATUS_RATE"):
        return Status(429, {"detail": "查询过于频繁，请稍后再试。"})
    result = application_lookup(tracking_number=data.tracking_number, query_code=data.query_code)
    if result.locked_until is not None:
        return Status(423, {"detail": "该申请编号的查询码连续输错次数过多，已暂停查询，请稍后再试。"})
    app = result.application
    if app is None:
        return Status(404, {"detail": "申请编号或查询码不正确。"})
    return Status(
        200,
        {
            "tracking_number": app.tracking_number,
            "organization": app.organization.name,
            "status": app.status,
            "status_label": app.get_status_display(),
            "received_on": app.received_on,
            "due_on": app.due_on if app.status != "closed" else None,
            "due_provisional": app.due_provisional,
            "decision": app.decision,
            "decision_label": app.get_decision_display() if app.decision else "",
            "decided_on": app.decided_on,
            "reply_number": app.reply_number,
        },
    )


# -- token endpoints ------------------------------------------------------------------------------------------

private = Router(tags=["需令牌"], auth=TokenAuth())
AUTH_ERRORS = {401: s.Error, 403: s.Error, **INVALID}


def _job_out(job: ReportCheckJob) -> dict:
    return {
        "job_id": job.public_id,
        "status": job.status,
        "file_name": job.original_name,
        "submitted_at": job.created_at,
        "finished_at": job.finished_at,
        "poll": f"/api/reports/checks/{job.public_id}",
        "report": job.report,
        "findings": job.findings or [],
        "error": job.error,
    }


@private.post(
    "/reports/checks",
    response={202: s.CheckJobOut, **AUTH_ERRORS},
    summary="提交一份年报文件检查（后台读取，返回任务编号）",
)
def check_submit(request, file: File[UploadedFile]):
    require_scope(request.auth, "reports.check")
    try:
        job = job_submit(token=request.auth, upload=file)
    except JobError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, _job_out(job))


@private.get(
    "/reports/checks/{job_id}", response={200: s.CheckJobOut, **AUTH_ERRORS, **NOT_FOUND}, summary="年报检查任务的结果"
)
def check_result(request, job_id: str):
    require_scope(request.auth, "reports.check")
    job = visible_jobs(request.auth).filter(public_id=job_id[:32]).first()
    if job is None:
        raise _NotFound("没有这个任务。")
    return Status(200, _job_out(job))


def _applications(token: ApiToken):
    from gongkai.apps.applications.models import Application

    qs = Application.objects.select_related("organization").defer("deadline_explanation")
    if token.kind == TokenKind.STAFF:
        return restrict(qs, token.user, "applications.application.view")
    return qs.filter(organization__path__startswith=token.organization.path)


@private.get(
    "/applications", response={200: s.ApplicationPage, **AUTH_ERRORS}, summary="本机关的依申请公开（个人信息脱敏）"
)
def applications(request, query: Query[PageQuery]):
    require_scope(request.auth, "applications.read")
    page, size = _window(query)
    paginator = Paginator(_applications(request.auth).order_by("-submitted_at", "-id"), size)
    try:
        rows = paginator.page(page).object_list
    except EmptyPage:
        rows = []
    return Status(
        200,
        {
            "count": paginator.count,
            "page": page,
            "page_size": size,
            "applications": [
                {
                    "tracking_number": a.tracking_number,
                    "organization": a.organization.name,
                    "applicant_type": a.get_applicant_type_display(),
                    "applicant_name": mask_value("name", a.applicant_name),
                    "phone": mask_value("phone", a.phone),
                    "description": a.description,
                    "channel": a.get_channel_display(),
                    "status": a.status,
                    "status_label": a.get_status_display(),
                    "submitted_at": a.submitted_at,
                    "received_on": a.received_on,
                    "due_on": a.due_on,
                    "decision": a.decision,
                    "decided_on": a.decided_on,
                }
                for a in rows
            ],
        },
    )


def _clamp(since: dt.datetime | None) -> dt.datetime | None:
    """*since* as an aware time within what every database stores (years 1000–9000)."""
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    low = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
    high = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
    try:
        # in UTC: PostgreSQL refuses offsets past ±15:59 that Python accepts
        return min(max(since, low), high).astimezone(dt.UTC)
    except OverflowError:
        return low


@private.get("/sync/items", response={200: s.SyncPage, **AUTH_ERRORS}, summary="拉取公开信息的变更（自某一时间起）")
def sync_pull(request, since: dt.datetime | None = None, after_id: int | None = None, limit: int = 100):
    require_scope(request.auth, "items.pull")
    limit = min(max(limit, 1), 500)
    after_id = None if after_id is None else min(max(after_id, 0), 2**62)
    since = _clamp(since)
    qs = Item.objects.filter(
        organization__in=token_organizations(request.auth), status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN]
    )
    if since is not None:
        condition = qs.filter(updated_at__gt=since)
        if after_id is not None:
            condition = condition | qs.filter(updated_at=since, pk__gt=after_id)
        qs = condition
    rows = list(qs.select_related("organization", "category").order_by("updated_at", "id")[:limit])
    external = dict(SyncedItem.objects.filter(item__in=[r.pk for r in rows]).values_list("item_id", "external_id"))
    last = rows[-1] if len(rows) == limit else None
    return Status(
        200,
        {
            "items": [
                {
                    "id": r.pk,
                    "body": r.organization.slug,
                    "external_id": external.get(r.pk),
                    "index_number": r.index_number,
                    "title": r.title,
                    "document_number": r.document_number,
                    "status": r.status,
                    "category_code": r.category.code,
                    "category_name": r.category.name,
                    "published_on": r.published_on,
                    "summary": r.summary,
                    "content": r.body,
                    "updated_at": r.updated_at,
                }
                for r in rows
            ],
            "next_since": last.updated_at.isoformat() if last else None,
            "next_after_id": last.pk if last else None,
        },
    )


@private.post("/sync/items", response={200: s.PushOut, **AUTH_ERRORS}, summary="推送公开信息（按外部编号幂等）")
def sync_push(request, data: s.PushIn):
    require_scope(request.auth, "items.push")
    if not data.items and not data.withdraw:
        return Status(400, {"detail": "没有要推送或撤回的信息：items 和 withdraw 至少要有一条。"})
    try:
        results = items_push(
            token=request.auth,
            body_slug=data.body,
            items=[i.dict() for i in data.items],
            withdrawals=[w.dict() for w in data.withdraw],
        )
    except SyncError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, {"results": results})


api.add_router("/", public)
api.add_router("/", private)
