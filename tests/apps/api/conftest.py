"""Fixtures of the open API tests: a township on the portal with published items, a register entry, a published
annual report, an application, and tokens (a staff token, a platform token of the county above)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.api.tokens import token_issue
from gongkai.apps.applications import services as applications
from gongkai.apps.organizations.choices import OrganizationKind, Role
from gongkai.apps.organizations.testing import make_org, make_user
from gongkai.apps.publishing.services import attachment_add
from tests.apps.applications.conftest import APPLICANT
from tests.apps.portal.helpers import draft, portal_staff, publish_through_review, published, published_report


def _docx(name: str, text: str) -> SimpleUploadedFile:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@dataclass
class World:
    staff: object
    county: object
    item: object
    draft: object
    attachment: object
    application: object
    query_code: str
    staff_token: str
    platform_token: str
    county_secadmin: object


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    county = make_org("示例县人民政府", slug="api-county", kind=OrganizationKind.COUNTY)
    staff = portal_staff("api")
    staff.org.parent = county
    staff.org.save()
    item = published(
        staff.org,
        "关于做好2025年秋冬季森林防火工作的通知",
        document_number="示政〔2025〕12号",
        body="<p>各村（居）委会：森林防火期自11月1日起。</p>",
    )
    with_attachment = draft(staff, "防汛应急预案")
    attachment = attachment_add(
        actor=staff.drafter, item=with_attachment, upload=_docx("预案.docx", "防汛应急预案全文。")
    )
    with_attachment = publish_through_review(staff, with_attachment)
    still_draft = draft(staff, "尚未发布的草稿")
    published_report(staff, 2021)
    application, code = applications.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    secadmin = make_user("api-county-secadmin", organization=county, roles=[Role.SECADMIN])
    _, staff_secret = token_issue(
        actor=staff.secadmin,
        organization=staff.org,
        name="经办人接口",
        kind="staff",
        user=staff.drafter,
        scopes=["reports.check", "applications.read"],
    )
    _, platform_secret = token_issue(
        actor=secadmin,
        organization=county,
        name="省政务公开平台同步",
        kind="platform",
        scopes=["items.pull", "items.push", "applications.read"],
    )
    return World(
        staff=staff,
        county=county,
        item=item,
        draft=still_draft,
        attachment=(with_attachment, attachment),
        application=application,
        query_code=code,
        staff_token=staff_secret,
        platform_token=platform_secret,
        county_secadmin=secadmin,
    )


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
