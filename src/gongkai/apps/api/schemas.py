"""Request and response shapes of the open API (pydantic, through django-ninja); they make the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field
from ninja import Schema as _Schema
from pydantic import field_validator

__all__ = [
    "AnnualReportEntry",
    "ApplicationOut",
    "ValidationErrorOut",
    "ApplicationPage",
    "AttachmentOut",
    "BodyDetail",
    "BodyOut",
    "CatalogueNodeOut",
    "CheckJobOut",
    "ColumnTableOut",
    "Error",
    "ItemDetail",
    "ItemPage",
    "ItemSummary",
    "PushIn",
    "PushItemIn",
    "PushOut",
    "PushResult",
    "RegisterColumnOut",
    "StatusIn",
    "StatusOut",
    "SyncItem",
    "SyncPage",
]


def _no_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_nul(v) for k, v in value.items()}
    return value


class Schema(_Schema):
    """A request or response shape; NUL characters (which PostgreSQL text refuses) are dropped from input."""

    @field_validator("*", mode="before")
    @classmethod
    def _drop_nul(cls, value: Any) -> Any:
        return _no_nul(value)


class ValidationErrorOut(_Schema):
    detail: str = Field(description="原因（中文）")
    errors: list[dict[str, Any]] = Field(description="逐项说明（字段位置、类型）")


class Error(Schema):
    detail: str = Field(description="原因（中文）")


class BodyOut(Schema):
    slug: str = Field(description="网址标识")
    name: str
    kind: str = Field(description="机关类型")
    depth: int = Field(description="在机关树中的层级（0 为最上级）")
    url: str = Field(description="门户首页")


class BodyDetail(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None = Field(description="上级机关的网址标识")
    code: str = Field(description="机关代码（索引号前缀）")
    office_name: str
    address: str
    office_hours: str
    phone: str
    fax: str
    email: str
    postcode: str
    url: str


class CatalogueNodeOut(Schema):
    id: int
    parent_id: int | None
    name: str
    code: str = Field(description="标准条目编码（art20.1 等），本地栏目为空")
    basis: str
    depth: int
    url: str


class ItemSummary(Schema):
    id: int
    title: str
    document_number: str
    published_on: dt.date | None
    validity: str
    url: str


class ItemPage(Schema):
    count: int = Field(description="总条数（超过 10000 时为 10001）")
    page: int
    page_size: int
    items: list[ItemSummary]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


class ItemDetail(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str
    document_number: str = Field(description="文号")
    publisher: str
    written_on: dt.date | None
    published_on: dt.date | None
    category_id: int
    topic: str
    kind: str
    validity: str
    keywords: str
    summary: str
    body: str = Field(description="正文（已清理的 HTML）")
    attachments: list[AttachmentOut]
    url: str


class ColumnTableOut(Schema):
    caption: str
    headers: list[str]
    rows: list[list[str]]
    footer: list[str]


class RegisterColumnOut(Schema):
    column_id: int
    column_code: str
    column_name: str
    tables: list[ColumnTableOut]


class AnnualReportEntry(Schema):
    year: int
    format: str
    published_at: dt.datetime | None
    url: str = Field(description="年报的 JSON（本接口）")
    page: str = Field(description="门户网页")


class StatusIn(Schema):
    tracking_number: str = Field(max_length=40, description="申请编号")
    query_code: str = Field(max_length=40, description="查询码（只在请求正文中提交，不出现在网址里）")


class StatusOut(Schema):
    tracking_number: str
    organization: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    decision: str
    decision_label: str
    decided_on: dt.date | None
    reply_number: str


class CheckJobOut(Schema):
    job_id: str
    status: str = Field(description="queued 排队、running 读取中、done 已完成、failed 无法读取")
    file_name: str
    submitted_at: dt.datetime
    finished_at: dt.datetime | None
    poll: str = Field(description="查询结果的地址")
    report: dict[str, Any] | None = Field(description="读出的年报（gongkai-annual-report/1），未完成时为 null")
    findings: list[dict[str, Any]] = Field(description="读取和检查发现")
    error: str = Field(description="无法读取的原因")


class ApplicationOut(Schema):
    tracking_number: str
    organization: str
    applicant_type: str
    applicant_name: str = Field(description="已脱敏")
    phone: str = Field(description="已脱敏")
    description: str
    channel: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    received_on: dt.date | None
    due_on: dt.date | None
    decision: str
    decided_on: dt.date | None


class ApplicationPage(Schema):
    count: int
    page: int
    page_size: int
    applications: list[ApplicationOut]


class SyncItem(Schema):
    id: int
    body: str = Field(description="机关网址标识")
    external_id: str | None = Field(description="推送时给出的外部编号")
    index_number: str
    title: str
    document_number: str
    status: str = Field(description="published 已发布；withdrawn 已撤回（对方应下线）")
    category_code: str
    category_name: str
    published_on: dt.date | None
    summary: str
    content: str = Field(description="正文 HTML")
    updated_at: dt.datetime


class SyncPage(Schema):
    items: list[SyncItem]
    next_since: str | None = Field(
        description="下一页：把它作为 since、next_after_id 作为 after_id 再取（ISO 8601，精确到微秒）"
    )
    next_after_id: int | None


class PushItemIn(Schema):
    external_id: str = Field(min_length=1, max_length=100, description="对方系统中的编号：同一编号重复推送不会重复入库")
    title: str = Field(min_length=1, max_length=300)
    category_code: str = Field(min_length=1, max_length=40, description="栏目编码（art20.1 等）")
    published_on: dt.date
    written_on: dt.date | None = None
    document_number: str = Field("", max_length=100)
    summary: str = Field("", max_length=5000)
    content: str = Field("", max_length=500_000, description="正文 HTML（入库前清理）")


class WithdrawIn(Schema):
    external_id: str = Field(min_length=1, max_length=100, description="推送时给出的外部编号")
    reason: str = Field(min_length=1, max_length=500, description="撤回原因（记入审计日志）")


class PushIn(Schema):
    body: str = Field(min_length=1, max_length=60, description="机关网址标识（令牌所属机关或其下级）")
    items: list[PushItemIn] = Field([], max_length=100, description="新建或更新的信息")
    withdraw: list[WithdrawIn] = Field(
        [], max_length=100, description="撤回的信息（按外部编号；已撤回的再次撤回为 unchanged）"
    )


class PushResult(Schema):
    external_id: str
    result: str = Field(description="created 新建、updated 已更新、withdrawn 已撤回、unchanged 未变、rejected 拒绝")
    item_id: int | None
    detail: str


class PushOut(Schema):
    results: list[PushResult]
