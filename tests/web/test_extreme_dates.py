"""Dates that cannot be computed (9999-12-31, 0001-01-01, …) are form errors in Chinese, never a 500.

Every form with a date is posted with each extreme date in each of its date fields: publishing (起草, 修改,
签发), the five 第二十条 registers, the staff application register and every workflow step of an
application, the 复议/诉讼 conclusion, and the annual report's year in forms and addresses.
"""

import datetime as dt

import pytest

from gongkai.apps.applications import services as app_services
from gongkai.apps.dates import OUT_OF_RANGE
from gongkai.apps.organizations.testing import make_staff
from gongkai.apps.publishing.models import CatalogueNode, Item
from gongkai.apps.publishing.services import catalogue_seed_township, item_create

pytestmark = pytest.mark.django_db

EXTREME = ["9999-12-31", "0001-01-01", "2100-01-01", "1899-12-31"]
APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "id_card",
    "id_number": "110101199001011234",
    "phone": "13800138000",
    "email": "zhangsan@example.cn",
    "address": "某市某区某路1号",
    "description": "2024年某镇农村道路建设项目的招标文件",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


@pytest.fixture
def world(db):
    staff = make_staff("dt")
    catalogue_seed_township(actor=None, organization=staff.org)
    node = CatalogueNode.objects.get(organization=staff.org, code="local.overview")
    return staff, node


def _assert_refused(response, *, what):
    assert response.status_code < 500, what
    page = response.content.decode()
    assert OUT_OF_RANGE in page, f"{what}: no Chinese range message"


@pytest.mark.parametrize("value", EXTREME)
@pytest.mark.parametrize("field", ["written_on", "formed_on"])
def test_item_create_and_edit(client, world, field, value):
    staff, node = world
    client.force_login(staff.drafter)
    data = {"title": "关于日期的通知", "category": node.pk, field: value}
    _assert_refused(client.post(f"/staff/o/{staff.org.slug}/items/new/", data), what=f"create {field}")
    assert not Item.objects.filter(title="关于日期的通知").exists()
    item = item_create(actor=staff.drafter, organization=staff.org, title="草稿", category=node)
    response = client.post(f"/staff/o/{staff.org.slug}/items/{item.pk}/edit/", data)
    _assert_refused(response, what=f"edit {field}")


@pytest.mark.parametrize("value", EXTREME)
def test_item_sign_published_on(client, world, value):
    from gongkai.apps.publishing.services import item_review_approve, item_submit

    staff, node = world
    item = item_create(
        actor=staff.drafter, organization=staff.org, title="待签发", category=node, formed_on=dt.date(2026, 1, 5)
    )
    item_submit(actor=staff.drafter, item=item)
    item_review_approve(actor=staff.reviewer, item=item)
    client.force_login(staff.leader)
    response = client.post(
        f"/staff/o/{staff.org.slug}/items/{item.pk}/do/sign/", {"published_on": value, "comment": ""}, follow=True
    )
    _assert_refused(response, what="sign published_on")
    item.refresh_from_db()
    assert item.status != "published"


REGISTERS = {
    "documents": ({"kind": "normative", "title": "规范性文件"}, ["made_on", "published_on", "repealed_on"]),
    "matters": ({"kind": "licensing", "name": "事项", "basis": "依据"}, ["listed_on", "delisted_on"]),
    "decisions": ({"kind": "licensing", "quantity": "1"}, ["decided_on"]),
    "fees": ({"amount": "1.00"}, ["received_on"]),
    "procurement": ({"name": "项目", "amount": "1.00"}, ["procured_on"]),
}


@pytest.mark.parametrize("value", EXTREME[:2])
@pytest.mark.parametrize("kind", list(REGISTERS))
def test_register_entries(client, world, kind, value):
    staff, _node = world
    client.force_login(staff.drafter)
    base, fields = REGISTERS[kind]
    for field in fields:
        data = {**base, **{f: "2024-05-06" for f in fields if f != field}, field: value}
        response = client.post(f"/staff/o/{staff.org.slug}/registers/{kind}/", data)
        _assert_refused(response, what=f"{kind}.{field}")


@pytest.mark.parametrize("value", EXTREME[:2])
@pytest.mark.parametrize("field", ["submitted_on", "signed_on", "confirmed_on"])
def test_staff_register_application(client, world, field, value):
    staff, _node = world
    client.force_login(staff.drafter)
    data = {**APPLICANT, "organization": staff.org.pk, "channel": "counter", field: value}
    response = client.post("/staff/applications/new/", data)
    _assert_refused(response, what=f"register {field}")


def _application(staff):
    app, _code = app_services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    return app


STEPS = {
    "confirm_receipt": ({}, ["date"]),
    "request_correction": ({"deadline": "2025-03-20"}, ["date", "deadline"]),
    "receive_correction": ({}, ["date"]),
    "start_consultation": ({"party": "某公司"}, ["date"]),
    "end_consultation": ({}, ["date"]),
    "extend": ({"days": "10"}, ["date"]),
    "issue_fee_notice": ({"method": "pages", "units": "200", "delivered_on": "2025-03-11"}, ["sent_on", "delivered_on"]),
    "record_fee_notice_delivery": ({}, ["date"]),
    "record_payment": ({}, ["date"]),
    "close_abandoned": ({}, ["date"]),
    "decide": ({"decision": "granted"}, ["decided_on"]),
    "review_case": ({}, ["filed_on"]),
    "lawsuit_case": ({"route": "direct"}, ["filed_on"]),
}


@pytest.mark.parametrize("value", EXTREME[:2])
@pytest.mark.parametrize("step", list(STEPS))
def test_application_steps(client, world, step, value):
    staff, _node = world
    app = _application(staff)
    client.force_login(staff.drafter)
    base, fields = STEPS[step]
    for field in fields:
        data = {**base, **{f: "2025-03-10" for f in fields if f != field}, field: value}
        response = client.post(f"/staff/applications/{app.pk}/action/{step}/", data, follow=True)
        _assert_refused(response, what=f"{step}.{field}")


@pytest.mark.parametrize("value", EXTREME[:2])
def test_case_conclusion(client, world, value):
    staff, _node = world
    app = _application(staff)
    case = app_services.review_case_record(
        actor=staff.drafter, organization=staff.org, application=app, filed_on=dt.date(2025, 5, 6)
    )
    client.force_login(staff.drafter)
    response = client.post(
        f"/staff/applications/cases/review/{case.pk}/conclude/",
        {"result": "upheld", "concluded_on": value},
        follow=True,
    )
    _assert_refused(response, what="conclude")


@pytest.mark.parametrize("year", ["9999", "99999", "0", "-1", "10000000000000000000"])
def test_annual_report_years(client, world, year):
    staff, _node = world
    client.force_login(staff.drafter)
    response = client.post(f"/staff/o/{staff.org.slug}/reports/", {"year": year})
    assert response.status_code < 500
    assert "年度" in response.content.decode()
    for suffix in ("", "edit/", "file.pdf"):
        response = client.get(f"/staff/o/{staff.org.slug}/reports/{year}/{suffix}")
        assert response.status_code in (200, 302, 404, 405), (year, suffix, response.status_code)


@pytest.mark.parametrize("year", ["9999", "0", "-5", "99999999999999999999", "二〇二〇"])
def test_year_filters_in_addresses(client, world, year):
    staff, _node = world
    client.force_login(staff.sysadmin)
    urls = [
        f"/staff/o/{staff.org.slug}/registers/?year={year}",
        f"/staff/o/{staff.org.slug}/channels/?year={year}",
        f"/staff/o/{staff.org.slug}/review/?year={year}",
        f"/staff/o/{staff.org.slug}/reports/{year}/file.xlsx",
        f"/{staff.org.slug}/",
    ]
    for url in urls:
        assert client.get(url).status_code < 500, url
