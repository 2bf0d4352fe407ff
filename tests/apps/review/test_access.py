"""Who may see and change report checks, and bad input on every page (Chinese messages, never a 500)."""

import pytest
from django.urls import reverse

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.review import services
from gongkai.apps.review.models import CheckBatch, CheckedReport

from .conftest import bad_files, balanced_report, json_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(county, run_tasks):
    batch = services.batch_create(
        actor=county.sysadmin,
        organization=county.county,
        year=2021,
        files=[
            json_file(balanced_report("青石镇人民政府", 2021), "q.json"),
            json_file(balanced_report("青石镇人民政府", 2020), "q2020.json"),
            *bad_files()[:1],
        ],
    ).batch
    run_tasks()
    return batch


def _pages(county, batch):
    slug = county.county.slug
    first = batch.reports.get(original_name="q.json").pk
    return [
        reverse("review:batches", args=[slug]),
        reverse("review:coverage", args=[slug]),
        reverse("review:batch", args=[slug, batch.pk]),
        reverse("review:batch_export", args=[slug, batch.pk]),
        reverse("review:total", args=[slug, batch.pk]),
        reverse("review:total_download", args=[slug, batch.pk, "2021-2021", "json"]),
        reverse("review:report", args=[slug, batch.pk, first]),
        reverse("review:report_preview", args=[slug, batch.pk, first]),
        reverse("review:report_file", args=[slug, batch.pk, first]),
        reverse("review:compare", args=[slug, batch.pk, first]),
    ]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("leader", True),
        ("sysadmin", True),
        ("drafter", False),
        ("reviewer", False),
        ("town_leader", False),  # a township's leader: not above the county
        ("outsider", False),  # every role, in another county
    ],
)
def test_who_may_see_the_pages(client, county, batch, who, allowed):
    client.force_login(getattr(county, who))
    for page in _pages(county, batch):
        response = client.get(page)
        if allowed:
            assert response.status_code == 200, page
        else:
            assert response.status_code == 403, page
            assert "没有权限" in response.content.decode()


def test_anonymous_users_go_to_the_login_page(client, county, batch):
    for page in _pages(county, batch):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), page


def test_a_township_leader_checks_within_the_township_only(client, county, batch):
    client.force_login(county.town_leader)
    own = reverse("review:batches", args=[county.qingshi.slug])
    assert client.get(own).status_code == 200
    response = client.post(
        own, {"year": 2021, "files": [json_file(balanced_report("青石镇人民政府", 2021))]}, follow=True
    )
    assert "已上传 1 个文件，正在后台逐个读取和检查" in response.content.decode()
    township_batch = CheckBatch.objects.get(organization=county.qingshi)
    # the county's batch is not reachable through the township's address, nor the other way round
    assert client.get(reverse("review:batch", args=[county.qingshi.slug, batch.pk])).status_code == 404
    client.force_login(county.leader)
    assert client.get(reverse("review:batch", args=[county.county.slug, township_batch.pk])).status_code == 404
    # the county's leader sees the township's checks (inherited down the tree)
    assert client.get(reverse("review:batch", args=[county.qingshi.slug, township_batch.pk])).status_code == 200


@pytest.mark.parametrize("who", ["drafter", "reviewer", "outsider", "town_leader"])
def test_writes_are_refused_without_the_role(client, county, batch, who):
    client.force_login(getattr(county, who))
    slug = county.county.slug
    row = batch.reports.get(original_name="q.json")
    attempts = [
        (reverse("review:batches", args=[slug]), {"year": 2021, "files": [json_file(balanced_report("甲", 2021))]}),
        (reverse("review:batch", args=[slug, batch.pk]), {"files": [json_file(balanced_report("乙", 2021))]}),
        (reverse("review:report", args=[slug, batch.pk, row.pk]), {"organization": county.qingshi.pk}),
        (reverse("review:batch_delete", args=[slug, batch.pk]), {}),
    ]
    for target, data in attempts:
        assert client.post(target, data).status_code == 403, target
    assert CheckBatch.objects.count() == 1 and batch.reports.count() == 3
    assert not AuditLog.objects.filter(action__in=["review.report.match", "review.batch.delete"]).exists()


def test_bad_uploads_get_chinese_messages(client, county, settings):
    settings.GONGKAI_REVIEW_MAX_FILE_SIZE = 2000
    client.force_login(county.leader)
    target = reverse("review:batches", args=[county.county.slug])
    good = balanced_report("青石镇人民政府", 2021)
    cases = [
        ({"year": 2021}, "请选择要上传的年报文件"),
        ({"year": 2021, "files": [json_file(good, "big.json")]}, "超过单个文件"),
        ({"year": 2021, "files": [json_file(good, "report.exe")]}, "“report.exe”的类型不支持"),
        ({"year": 2021, "files": [json_file(good, "old.xls")]}, "“old.xls”的类型不支持"),
        ({"year": "abc", "files": []}, "检查年度应为四位数字年份"),
        ({"year": 2999, "files": []}, "检查年度不能晚于"),
        ({"year": 1990, "files": []}, "2008"),
        ({"files": []}, "请填写检查年度"),
    ]
    for data, message in cases:
        response = client.post(target, data)
        text = response.content.decode()
        assert response.status_code == 400, data
        assert message in text, (data, message)
        assert "上传未成功" in text
    assert not CheckBatch.objects.exists()


def test_too_many_files_at_once(client, county, settings):
    settings.GONGKAI_REVIEW_MAX_FILES = 2
    client.force_login(county.leader)
    files = [json_file(balanced_report(f"{n}镇人民政府", 2021), f"{n}.json") for n in "甲乙丙"]
    response = client.post(reverse("review:batches", args=[county.county.slug]), {"year": 2021, "files": files})
    assert response.status_code == 400
    assert "每次最多上传 2 个文件，本次选择了 3 个，请分批上传" in response.content.decode()


def test_odd_addresses_and_parameters_never_fail(client, county, batch):
    client.force_login(county.leader)
    slug = county.county.slug
    first = batch.reports.get(original_name="q.json").pk
    bad = batch.reports.get(status="unreadable").pk
    ok = [
        (reverse("review:batches", args=[slug]), {"page": "abc"}),
        (reverse("review:batch", args=[slug, batch.pk]), {"severity": "nonsense", "rule": "x" * 500, "page": "-1"}),
        (reverse("review:batch", args=[slug, batch.pk]), {"q": "%_'\"<script>", "match": "?", "status": "?"}),
        (reverse("review:coverage", args=[slug]), {"year": "abc", "kind": "x", "under": "nowhere"}),
        (reverse("review:coverage", args=[slug]), {"year": "1800"}),
        (reverse("review:total", args=[slug, batch.pk]), {"kind": "nonsense"}),
        (reverse("review:compare", args=[slug, batch.pk, first]), {"with": "999999"}),
        (reverse("review:report", args=[slug, batch.pk, bad]), {}),
    ]
    for target, params in ok:
        response = client.get(target, params)
        assert response.status_code == 200, (target, params)
    assert (
        "年度应在 2008 年至" in client.get(reverse("review:coverage", args=[slug]), {"year": "1800"}).content.decode()
    )
    missing = [
        reverse("review:batch", args=[slug, 999999]),
        reverse("review:report", args=[slug, batch.pk, 999999]),
        reverse("review:report_preview", args=[slug, batch.pk, bad]),
        reverse("review:total_download", args=[slug, batch.pk, "2021-2021", "exe"]),
        reverse("review:total_download", args=[slug, batch.pk, "junk", "xlsx"]),
        reverse("review:batches", args=["no-such-org"]),
    ]
    for target in missing:
        assert client.get(target).status_code == 404, target
    # unreadable files: no comparison, no match
    compare = client.get(reverse("review:compare", args=[slug, batch.pk, bad]), follow=True)
    assert "没有读出年报，无法比较" in compare.content.decode()
    response = client.post(reverse("review:report", args=[slug, batch.pk, bad]), {"organization": county.qingshi.pk})
    assert response.status_code == 200 and "没有读出年报，无法指定对应机关" in response.content.decode()
    assert CheckedReport.objects.get(pk=bad).matched_organization is None
    # a GET on a POST-only address
    assert client.get(reverse("review:batch_delete", args=[slug, batch.pk])).status_code == 405
    # a stored file that went missing
    row = CheckedReport.objects.get(pk=first)
    row.file.storage.delete(row.file.name)
    assert client.get(reverse("review:report_file", args=[slug, batch.pk, first])).status_code == 404
