"""The open API's public reads: bodies, catalogue, items, registers, annual reports in the report JSON with its
JSON Schema, the 依申请公开 status lookup; the OpenAPI document and its docs page served offline under the CSP."""

from __future__ import annotations

import json
import re

import jsonschema_rs
import pytest
from django.test import override_settings

from gongkai.apps.audit.models import AuditLog
from gongkai.core import Report
from tests.apps.portal.helpers import external_asset_urls

pytestmark = pytest.mark.django_db


def _json(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_openapi_document_lists_every_operation(client):
    doc = _json(client.get("/api/openapi.json"))
    assert doc["openapi"].startswith("3.")
    assert {"/api/bodies", "/api/bodies/{slug}/items/{item_id}", "/api/applications/status", "/api/sync/items"} <= set(
        doc["paths"]
    )
    assert doc["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert "security" not in doc["paths"]["/api/bodies"]["get"]
    assert doc["paths"]["/api/applications"]["get"]["security"] == [{"TokenAuth": []}]


def test_the_docs_page_is_served_offline_under_the_strict_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "no CDN or other outside address on the page"
    assert external_asset_urls(html) == []
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # the page's only inline <script> is JSON data, which a browser does not run
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for asset in (
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ):
        served = client.get(asset)
        assert served.status_code == 200, asset
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert len(body) > 100


def test_bodies_catalogue_items_and_one_item(client, world):
    slug = world.staff.org.slug
    bodies = _json(client.get("/api/bodies"))
    assert {"slug": slug, "name": world.staff.org.name} == {
        k: bodies[[b["slug"] for b in bodies].index(slug)][k] for k in ("slug", "name")
    }
    detail = _json(client.get(f"/api/bodies/{slug}"))
    assert detail["parent"] == "api-county" and detail["phone"] == "0391-1234567"
    nodes = _json(client.get(f"/api/bodies/{slug}/catalogue"))
    assert any(n["code"] == "local.overview" for n in nodes) and all(
        n["url"].startswith(f"/{slug}/catalogue/") for n in nodes
    )
    page = _json(client.get(f"/api/bodies/{slug}/items?page_size=1"))
    assert page["count"] == 2 and len(page["items"]) == 1 and page["page_size"] == 1
    second = _json(client.get(f"/api/bodies/{slug}/items?page_size=1&page=2"))
    titles = {page["items"][0]["title"], second["items"][0]["title"]}
    assert titles == {world.item.title, "防汛应急预案"}
    one = _json(client.get(f"/api/bodies/{slug}/items/{world.item.pk}"))
    assert one["document_number"] == "示政〔2025〕12号" and "森林防火期" in one["body"] and one["index_number"]
    item, attachment = world.attachment
    with_file = _json(client.get(f"/api/bodies/{slug}/items/{item.pk}"))
    [entry] = with_file["attachments"]
    assert entry["name"] == "预案.docx" and client.get(entry["url"]).status_code == 200


@pytest.mark.parametrize("path", ["/api/bodies/nobody", "/api/bodies/nobody/items", "/api/bodies/nobody/reports/2021"])
def test_unknown_bodies_are_404_in_chinese(client, world, path):
    assert "没有这个机关" in _json(client.get(path), 404)["detail"]


def test_a_draft_is_not_readable(client, world):
    slug = world.staff.org.slug
    assert "没有这条公开信息" in _json(client.get(f"/api/bodies/{slug}/items/{world.draft.pk}"), 404)["detail"]
    listed = _json(client.get(f"/api/bodies/{slug}/items?page_size=100"))
    assert world.draft.pk not in [i["id"] for i in listed["items"]]


def test_bad_parameters_are_422_with_a_chinese_reason(client, world):
    body = _json(client.get(f"/api/bodies/{world.staff.org.slug}/items?page=abc"), 422)
    assert "请求参数有误" in body["detail"] and body["errors"][0]["loc"] == ["query", "page"]


def test_annual_reports_in_the_report_json_valid_against_the_published_schema(client, world):
    slug = world.staff.org.slug
    [entry] = _json(client.get(f"/api/bodies/{slug}/reports"))
    assert entry["year"] == 2021 and entry["format"] == "2021"
    data = _json(client.get(entry["url"]))
    assert data["schema"] == "gongkai-annual-report/1" and data["organization"] == world.staff.org.name
    assert Report.from_dict(data).to_dict() == data
    schema = _json(client.get("/api/schema/report.json"))
    validator = jsonschema_rs.validator_for(schema)
    assert validator.is_valid(data)
    data["table3"]["new_received"]["unknown_column"] = 1
    assert not validator.is_valid(data)


def test_registers_are_the_portal_columns_tables(client, world):
    import datetime as dt

    from gongkai.apps.registers.models import RegulatoryDocument
    from gongkai.apps.registers.services import register_entry_create

    register_entry_create(
        actor=world.staff.drafter,
        organization=world.staff.org,
        model=RegulatoryDocument,
        kind="normative",
        title="示例镇村庄规划管理办法",
        document_number="示政规〔2025〕1号",
        made_on=dt.date(2025, 1, 10),
        published_on=dt.date(2025, 1, 15),
    )
    columns = _json(client.get(f"/api/bodies/{world.staff.org.slug}/registers"))
    text = json.dumps(columns, ensure_ascii=False)
    assert "示例镇村庄规划管理办法" in text
    assert all(c["column_code"] for c in columns)


def test_the_status_lookup_takes_the_code_in_the_body(client, world):
    app = world.application
    ok = _json(
        client.post(
            "/api/applications/status",
            {"tracking_number": app.tracking_number, "query_code": world.query_code},
            content_type="application/json",
        )
    )
    assert ok["tracking_number"] == app.tracking_number and ok["status"] == app.status and ok["status_label"]
    assert "申请人" not in json.dumps(ok, ensure_ascii=False) and "张三" not in json.dumps(ok, ensure_ascii=False)
    wrong = client.post(
        "/api/applications/status",
        {"tracking_number": app.tracking_number, "query_code": "WRONG1"},
        content_type="application/json",
    )
    assert "不正确" in _json(wrong, 404)["detail"]
    # the code never travels in the address: there is no GET lookup
    assert client.get(f"/api/applications/status?tracking_number={app.tracking_number}&query_code=x").status_code == 405


@override_settings(GONGKAI_QUERY_MAX_FAILURES=3)
def test_wrong_codes_lock_the_number_as_on_the_web(client, world):
    app = world.application
    for _ in range(3):
        client.post(
            "/api/applications/status",
            {"tracking_number": app.tracking_number, "query_code": "WRONG1"},
            content_type="application/json",
        )
    locked = client.post(
        "/api/applications/status",
        {"tracking_number": app.tracking_number, "query_code": world.query_code},
        content_type="application/json",
    )
    assert "暂停查询" in _json(locked, 423)["detail"]
    assert AuditLog.objects.filter(action="applications.application.query_lock").count() == 1


@override_settings(GONGKAI_STATUS_RATE="3/m")
def test_the_lookup_shares_the_web_forms_rate_limit(client, world):
    app = world.application
    data = {"tracking_number": app.tracking_number, "query_code": world.query_code}
    client.post("/apply/status/", data)  # the web form counts in the same throttle
    codes = [
        client.post("/api/applications/status", data, content_type="application/json").status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert "过于频繁" in client.post("/api/applications/status", data, content_type="application/json").json()["detail"]
