"""Tokens: scoped, stored hashed, audited (issue, use, revoke), revocable, with expiry; and what they open:
report checks through the queue and the sandbox, applications with personal data masked, item synchronisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.apps.api.models import ApiToken, SyncedItem
from gongkai.apps.api.tokens import token_issue, token_revoke
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.permissions import PermissionDeniedError
from gongkai.apps.publishing.models import Item
from tests.conftest import SEED

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_secret_is_stored(world):
    token = ApiToken.objects.get(name="经办人接口")
    secret = world.staff_token.rsplit("_", 1)[1]
    assert world.staff_token.startswith(f"gk_{token.prefix}_")
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert len(token.secret_hash) == 64
    issued = AuditLog.objects.get(action="api.token.issue", object_id=str(token.pk))
    assert issued.after["scopes"] == ["reports.check", "applications.read"] and secret not in str(issued.after)


def test_each_use_is_audited_and_a_revoked_or_expired_token_is_refused(client, world):
    assert client.get("/api/applications", **bearer(world.staff_token)).status_code == 200
    token = ApiToken.objects.get(name="经办人接口")
    use = AuditLog.objects.filter(action="api.token.use", object_id=str(token.pk)).latest("id")
    assert use.reason == "GET /api/applications" and use.actor_id == world.staff.drafter.pk
    token_revoke(actor=world.staff.secadmin, token=token, reason="人员调离")
    refused = client.get("/api/applications", **bearer(world.staff_token))
    assert refused.status_code == 401 and "令牌" in refused.json()["detail"]
    assert AuditLog.objects.filter(action="api.token.revoke", object_id=str(token.pk)).get().reason == "人员调离"
    platform = ApiToken.objects.get(name="省政务公开平台同步")
    ApiToken.objects.filter(pk=platform.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/sync/items", **bearer(world.platform_token)).status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer gk_nothing", "Bearer gk_abc_def", "Basic eDp5"])
def test_missing_or_forged_tokens_are_401(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get("/api/applications", **extra).status_code == 401
    forged = world.staff_token[:-2] + ("aa" if not world.staff_token.endswith("aa") else "bb")
    assert client.get("/api/applications", **bearer(forged)).status_code == 401


def test_a_token_without_the_scope_is_403(client, world):
    response = client.get("/api/sync/items", **bearer(world.staff_token))
    assert response.status_code == 403 and "拉取公开信息" in response.json()["detail"]


def test_only_the_security_administrator_issues_tokens(world):
    with pytest.raises(PermissionDeniedError):
        token_issue(
            actor=world.staff.leader, organization=world.staff.org, name="x", kind="platform", scopes=["items.pull"]
        )
    with pytest.raises(PermissionDeniedError):  # a township's 安全管理员 does not reach the county
        token_issue(
            actor=world.staff.secadmin, organization=world.county, name="x", kind="platform", scopes=["items.pull"]
        )
    with pytest.raises(ValidationError) as bad:
        token_issue(
            actor=world.staff.secadmin, organization=world.staff.org, name="", kind="staff", scopes=["nope"], days=999
        )
    assert set(bad.value.message_dict) == {"name", "scopes", "days", "user"}
    with pytest.raises(ValidationError) as outsider:
        token_issue(
            actor=world.staff.secadmin,
            organization=world.staff.org,
            name="x",
            kind="staff",
            user=world.staff.outsider,
            scopes=["applications.read"],
        )
    assert "不在本机关" in outsider.value.message_dict["user"][0]


def test_applications_are_listed_with_personal_data_masked(client, world):
    for secret in (world.staff_token, world.platform_token):
        page = client.get("/api/applications", **bearer(secret)).json()
        [row] = page["applications"]
        assert row["tracking_number"] == world.application.tracking_number
        assert row["applicant_name"] == "张*" and row["phone"] == "138******00"
        text = str(page)
        assert "110101199001011234" not in text and "13800138000" not in text and "zhangsan@" not in text


def test_a_report_file_is_checked_through_the_queue(client, world, run_tasks):
    upload = SimpleUploadedFile("思礼镇2020年报.txt", SEED.read_bytes(), content_type="text/plain")
    submitted = client.post("/api/reports/checks", {"file": upload}, **bearer(world.staff_token))
    assert submitted.status_code == 202, submitted.content
    job = submitted.json()
    assert job["status"] == "queued" and job["report"] is None
    assert run_tasks() == 1
    done = client.get(job["poll"], **bearer(world.staff_token)).json()
    assert done["status"] == "done", done["error"]
    assert done["report"]["organization"] == "思礼镇人民政府" and done["report"]["year"] == 2020
    assert all({"rule", "severity", "message"} <= set(f) for f in done["findings"])
    # another body's token does not see the job
    other, secret = token_issue(
        actor=world.county_secadmin, organization=world.county, name="另一", kind="platform", scopes=["reports.check"]
    )
    ApiToken.objects.filter(pk=other.pk).update(organization=world.staff.other_org)
    assert client.get(job["poll"], **bearer(secret)).status_code == 404


def test_a_job_is_seen_only_by_its_token_or_the_same_user(client, world, run_tasks):
    upload = SimpleUploadedFile("思礼镇2020年报.txt", SEED.read_bytes(), content_type="text/plain")
    job = client.post("/api/reports/checks", {"file": upload}, **bearer(world.staff_token)).json()
    run_tasks()

    def issue(name, kind, user=None):
        return token_issue(
            actor=world.staff.secadmin,
            organization=world.staff.org,
            name=name,
            kind=kind,
            user=user,
            scopes=["reports.check"],
        )[1]

    same_user = issue("经办人的第二个令牌", "staff", world.staff.drafter)
    colleague = issue("同机关另一人", "staff", world.staff.reviewer)
    platform = issue("同机关平台令牌", "platform")
    assert client.get(job["poll"], **bearer(world.staff_token)).json()["status"] == "done"
    assert client.get(job["poll"], **bearer(same_user)).json()["job_id"] == job["job_id"]
    for secret in (colleague, platform):
        refused = client.get(job["poll"], **bearer(secret))
        assert refused.status_code == 404 and refused.json()["detail"]
    # and the platform's own job is not the staff token's
    mine = client.post(
        "/api/reports/checks",
        {"file": SimpleUploadedFile("r.txt", SEED.read_bytes(), content_type="text/plain")},
        **bearer(platform),
    ).json()
    assert client.get(mine["poll"], **bearer(platform)).status_code == 200
    assert client.get(mine["poll"], **bearer(world.staff_token)).status_code == 404


def test_an_unreadable_file_ends_failed_with_a_chinese_reason(client, world, run_tasks):
    upload = SimpleUploadedFile("坏.pdf", b"%PDF-1.7\nnot really a pdf", content_type="application/pdf")
    job = client.post("/api/reports/checks", {"file": upload}, **bearer(world.staff_token)).json()
    run_tasks()
    done = client.get(job["poll"], **bearer(world.staff_token)).json()
    assert done["status"] == "failed" and "坏.pdf" in done["error"]
    wrong = client.post(
        "/api/reports/checks", {"file": SimpleUploadedFile("run.exe", b"MZ")}, **bearer(world.staff_token)
    )
    assert wrong.status_code == 400 and "run.exe" in wrong.json()["detail"]


def _push(client, world, items, body=None):
    return client.post(
        "/api/sync/items",
        {"body": body or world.staff.org.slug, "items": items},
        content_type="application/json",
        **bearer(world.platform_token),
    )


ONE = {
    "external_id": "GD-2025-0001",
    "title": "关于2025年度城乡居民医疗保险参保缴费的通告",
    "category_code": "local.overview",
    "published_on": "2025-10-20",
    "content": "<p>参保缴费期为2025年9月1日至12月31日。</p><script>alert(1)</script>",
}


def test_pushing_an_item_is_idempotent_by_external_id(client, world):
    first = _push(client, world, [ONE]).json()["results"]
    assert first[0]["result"] == "created"
    item = Item.objects.get(pk=first[0]["item_id"])
    assert item.status == "published" and "<script>" not in item.body and "参保缴费期" in item.body
    again = _push(client, world, [ONE]).json()["results"]
    assert again == [{**first[0], "result": "unchanged"}]
    assert SyncedItem.objects.count() == 1 and Item.objects.filter(title=ONE["title"]).count() == 1
    changed = _push(client, world, [{**ONE, "title": ONE["title"] + "（更正）"}]).json()["results"]
    assert changed[0]["result"] == "updated" and changed[0]["item_id"] == item.pk
    item.refresh_from_db()
    assert item.title.endswith("（更正）")
    assert AuditLog.objects.filter(action="api.item.sync_update", object_id=str(item.pk)).exists()
    rejected = _push(client, world, [{**ONE, "external_id": "GD-2", "category_code": "no.such"}]).json()["results"]
    assert rejected[0]["result"] == "rejected" and "no.such" in rejected[0]["detail"]


def _withdraw(client, world, withdrawals, secret=None, items=()):
    return client.post(
        "/api/sync/items",
        {"body": world.staff.org.slug, "items": list(items), "withdraw": withdrawals},
        content_type="application/json",
        **bearer(secret or world.platform_token),
    )


def test_a_push_withdraws_an_item_idempotently(client, world):
    created = _push(client, world, [ONE]).json()["results"][0]
    item = Item.objects.get(pk=created["item_id"])
    since = timezone.now().isoformat()
    reason = "省平台已撤下：内容有误"
    first = _withdraw(client, world, [{"external_id": ONE["external_id"], "reason": reason}])
    assert first.status_code == 200, first.content
    assert first.json()["results"] == [
        {"external_id": ONE["external_id"], "result": "withdrawn", "item_id": item.pk, "detail": ""}
    ]
    item.refresh_from_db()
    assert item.status == "withdrawn" and item.withdrawn_at is not None and reason in item.withdraw_reason
    audit = AuditLog.objects.get(action="publishing.item.withdraw", object_id=str(item.pk))
    assert reason in audit.reason and "省政务公开平台同步" in audit.reason and ONE["external_id"] in audit.reason
    # the portal no longer shows it, and a pull reports the withdrawal
    assert client.get(f"/api/bodies/{world.staff.org.slug}/items/{item.pk}").status_code == 404
    pulled = client.get("/api/sync/items", {"since": since}, **bearer(world.platform_token)).json()["items"]
    assert [(i["id"], i["status"], i["external_id"]) for i in pulled] == [(item.pk, "withdrawn", ONE["external_id"])]
    # asked again: nothing changes, no second audit row
    again = _withdraw(client, world, [{"external_id": ONE["external_id"], "reason": reason}]).json()["results"]
    assert again[0]["result"] == "unchanged" and again[0]["item_id"] == item.pk
    assert AuditLog.objects.filter(action="publishing.item.withdraw", object_id=str(item.pk)).count() == 1
    # an unknown id, or a blank reason, is refused with a reason; the others in the same push still go through
    second = _push(client, world, [{**ONE, "external_id": "GD-2"}]).json()["results"][0]
    mixed = _withdraw(
        client,
        world,
        [
            {"external_id": "NO-SUCH", "reason": "x"},
            {"external_id": "GD-2", "reason": "   "},
            {"external_id": "GD-2", "reason": "重复发布"},
        ],
    ).json()["results"]
    assert [r["result"] for r in mixed] == ["rejected", "rejected", "withdrawn"]
    assert "NO-SUCH" in mixed[0]["detail"] and "撤回理由" in mixed[1]["detail"]
    assert mixed[2]["item_id"] == second["item_id"]
    # an empty push is a 400 with a Chinese message
    empty = _withdraw(client, world, [])
    assert empty.status_code == 400 and "至少要有一条" in empty.json()["detail"]


def test_a_staff_token_withdraws_only_with_the_withdraw_permission(client, world):
    item_id = _push(client, world, [ONE]).json()["results"][0]["item_id"]
    _, sysadmin = token_issue(
        actor=world.staff.secadmin, organization=world.staff.org, name="系统管理员接口", kind="staff",
        user=world.staff.sysadmin, scopes=["items.push"],
    )  # fmt: skip
    refused = _withdraw(client, world, [{"external_id": ONE["external_id"], "reason": "撤下"}], secret=sysadmin)
    result = refused.json()["results"][0]
    assert result["result"] == "rejected" and "撤回已发布信息" in result["detail"]
    assert Item.objects.get(pk=item_id).status == "published"


def test_a_platform_pushes_only_below_its_own_body(client, world):
    response = _push(client, world, [ONE], body=world.staff.other_org.slug)
    assert response.status_code == 400 and "不能向这个机关推送" in response.json()["detail"]


def test_pulling_changes_since_a_time_pages_through_everything_once(client, world):
    _push(client, world, [{**ONE, "external_id": f"P-{n}", "title": f"同步测试{n}"} for n in range(5)])
    seen, since, after = [], None, None
    for _ in range(10):
        query = {"limit": 2}
        if since:
            query |= {"since": since, "after_id": after}
        page = client.get("/api/sync/items", query, **bearer(world.platform_token)).json()
        seen += [i["id"] for i in page["items"]]
        if page["next_since"] is None:
            break
        since, after = page["next_since"], page["next_after_id"]
    published = set(Item.objects.filter(status="published").values_list("pk", flat=True))
    assert sorted(seen) == sorted(published) and len(seen) == len(set(seen))
    later = client.get("/api/sync/items", {"since": timezone.now().isoformat()}, **bearer(world.platform_token)).json()
    assert later["items"] == []
    # a withdrawn item comes again, flagged, so that the platform takes it down
    from gongkai.apps.publishing.services import item_withdraw

    item_withdraw(actor=world.staff.leader, item=world.item, reason="内容已过时")
    changed = client.get("/api/sync/items", {"since": since}, **bearer(world.platform_token)).json()
    assert {"id": world.item.pk, "status": "withdrawn"} in [
        {"id": i["id"], "status": i["status"]} for i in changed["items"]
    ]


def test_the_security_administrator_issues_and_revokes_on_the_staff_page(client, world):
    url = f"/staff/o/{world.staff.org.slug}/api-tokens/"
    client.force_login(world.staff.drafter)
    assert client.get(url).status_code == 403
    client.force_login(world.staff.secadmin)
    page = client.get(url).content.decode()
    assert "接口令牌" in page and "经办人接口" in page
    response = client.post(
        url, {"name": "县平台拉取", "kind": "platform", "user": "", "scopes": ["items.pull"], "days": 30}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in html
    token = ApiToken.objects.get(name="县平台拉取")
    secret = html.split('<code class="token-secret">')[1].split("<")[0]
    assert secret.startswith(f"gk_{token.prefix}_") and "no-store" in response["Cache-Control"]
    assert client.get(url).content.decode().count(secret) == 0  # never shown again
    bad = client.post(url, {"name": "x", "kind": "staff", "user": "", "scopes": ["items.pull"], "days": 30})
    assert "须指定工作人员" in bad.content.decode()
    client.post(f"{url}{token.pk}/revoke/", {"reason": "测试结束"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.staff.secadmin


def test_the_management_command_issues_lists_and_revokes(world):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token",
        "issue",
        "--org",
        "api-county",
        "--name",
        "命令行令牌",
        "--scopes",
        "items.pull",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(name="命令行令牌")
    assert secret.startswith(f"gk_{token.prefix}_") and "只显示这一次" in err.getvalue()
    listing = io.StringIO()
    call_command("api_token", "list", "--org", "api-county", stdout=listing)
    assert token.prefix in listing.getvalue() and "有效" in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, "--reason", "不再使用", stderr=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(action="api.token.revoke", object_id=str(token.pk), actor__isnull=True).exists()
    with pytest.raises(CommandError, match="权限范围"):
        call_command("api_token", "issue", "--org", "api-county", "--name", "x", "--scopes", "everything")


def test_nul_characters_are_dropped_from_input(client, world):
    """PostgreSQL text refuses NUL: a pushed body or field with one is read without it (found by schemathesis)."""
    response = _push(
        client, world, [{**ONE, "external_id": "N\x00UL", "title": "标\x00题"}], body=world.staff.org.slug + "\x00"
    )
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    assert result["result"] == "created" and result["external_id"] == "NUL"
    assert Item.objects.get(pk=result["item_id"]).title == "标题"
