"""年报检查 uploads are stored at once and read in the background: the page shows each file queued, being
read or done with the batch's progress (a plain refresh, no script), and hostile files end as one Chinese
reason on the page with the upload kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.apps.audit.models import AuditLog
from gongkai.apps.review import reading, services
from gongkai.apps.review.models import CheckBatch, CheckedReport
from tests.core.hostile import files as hostile

from .conftest import balanced_report, json_file, seed_file, upload

pytestmark = pytest.mark.django_db


def _url(name, county, *args):
    return reverse(f"review:{name}", args=[county.county.slug, *args])


def test_the_upload_returns_before_reading_and_the_page_shows_progress(client, county, run_tasks):
    client.force_login(county.leader)
    files = [json_file(balanced_report("青石镇人民政府", 2021), "青石镇.json"), seed_file()]
    response = client.post(_url("batches", county), {"year": 2021, "files": files})
    assert response.status_code == 302
    batch = CheckBatch.objects.get()
    assert sorted(batch.reports.values_list("status", flat=True)) == ["queued", "queued"]
    page = client.get(_url("batch", county, batch.pk)).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "正在后台读取：已完成 0 / 2 个文件" in page and '<progress max="2" value="0"' in page
    assert page.count("排队等待读取") == 2 and "<script>" not in page
    listing = client.get(_url("batches", county)).content.decode()
    assert "读取中 2" in listing

    # one file read: 1 / 2, still refreshing
    first = batch.reports.order_by("id").first()
    reading.report_read(report_id=first.pk)
    page = client.get(_url("batch", county, batch.pk)).content.decode()
    assert "已完成 1 / 2 个文件" in page and 'http-equiv="refresh"' in page

    # all read: no more refresh, the problem list is there
    assert run_tasks() == 2  # the first file's task finds it read already and does nothing
    page = client.get(_url("batch", county, batch.pk)).content.decode()
    assert 'http-equiv="refresh"' not in page and "正在后台读取" not in page
    assert "青石镇人民政府" in page and "思礼镇人民政府" in page
    assert AuditLog.objects.filter(action="review.batch.read").count() == 1


@pytest.mark.parametrize(
    ("make", "name", "reason"),
    [
        (hostile.zip_bomb_docx, "炸弹.docx", "炸弹.docx：解压后共 301 MB，超过 200 MB 的上限，疑似恶意文件（压缩炸弹），拒绝读取"),
        (hostile.many_pages_pdf, "厚.pdf", "厚.pdf：PDF 有 5000 页，超过 300 页的上限（年度报告通常只有几十页），拒绝读取"),
        (hostile.corrupt_pdf, "坏.pdf", "坏.pdf：PDF 文件已损坏，第 1 页无法读取"),
        (hostile.gridspan_docx, "跨列.docx", "跨列.docx：不是政府信息公开工作年度报告（没有找到年报的章节和表格）"),
        (hostile.nested_json, "深.json", "深.json：JSON 嵌套层数过深，不是年度报告数据"),
    ],
)
def test_hostile_files_get_one_chinese_reason_and_are_kept(client, county, run_tasks, tmp_path, make, name, reason):
    path = make(tmp_path / name)
    client.force_login(county.leader)
    good = json_file(balanced_report("青石镇人民政府", 2021), "好.json")
    response = client.post(_url("batches", county), {"year": 2021, "files": [upload(name, path.read_bytes()), good]})
    assert response.status_code == 302
    assert run_tasks() == 2
    batch = CheckBatch.objects.get()
    bad = batch.reports.get(original_name=name)
    assert bad.status == "unreadable" and bad.parse_error == reason
    assert batch.reports.get(original_name="好.json").status == "parsed"  # the others are read as usual
    page = client.get(_url("batch", county, batch.pk)).content.decode()
    assert reason in page and "重新读取" in page
    original = client.get(_url("report_file", county, batch.pk, bad.pk))
    assert b"".join(original.streaming_content) == path.read_bytes()  # the upload is never lost


def test_a_platform_error_marks_the_file_and_reread_reads_it_again(county, run_tasks, monkeypatch):
    batch = services.batch_create(
        actor=county.leader,
        organization=county.county,
        year=2021,
        files=[json_file(balanced_report("青石镇人民政府", 2021), "q.json")],
    ).batch

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(reading, "_apply", broken)
        run_tasks(raise_failures=False)
    row = batch.reports.get()
    assert row.status == "unreadable"
    assert row.parse_error == "q.json：读取时系统出错，文件已保存，请稍后点击“重新读取”；仍不成功请联系系统管理员"

    row = services.report_reread(actor=county.sysadmin, checked=row)
    assert row.status == "queued"
    with pytest.raises(services.ReviewError, match="正在排队或读取中"):
        services.report_reread(actor=county.sysadmin, checked=row)
    assert run_tasks() == 1
    row.refresh_from_db()
    assert row.status == "parsed" and row.matched_organization == county.qingshi and row.parse_error == ""
    assert AuditLog.objects.get(action="review.report.reread").before["status"] == "unreadable"


def test_a_file_left_reading_by_a_killed_worker_can_be_read_again(county, run_tasks):
    batch = services.batch_create(
        actor=county.leader,
        organization=county.county,
        year=2021,
        files=[json_file(balanced_report("青石镇人民政府", 2021), "q.json")],
    ).batch
    row = batch.reports.get()
    # a worker claimed it and was killed (kill -9): recent claims are left alone, old ones may be re-read
    CheckedReport.objects.filter(pk=row.pk).update(status="reading", read_started_at=timezone.now())
    with pytest.raises(services.ReviewError, match="正在排队或读取中"):
        services.report_reread(actor=county.leader, checked=row)
    CheckedReport.objects.filter(pk=row.pk).update(read_started_at=timezone.now() - timedelta(hours=1))
    services.report_reread(actor=county.leader, checked=row)
    run_tasks()
    row.refresh_from_db()
    assert row.status == "parsed"


def test_reread_needs_the_manage_role(client, county, run_tasks):
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=[upload("空.txt", b"")]
    ).batch
    run_tasks()
    row = batch.reports.get()
    client.force_login(county.drafter)
    assert client.post(_url("reread", county, batch.pk, row.pk)).status_code == 403
    client.force_login(county.leader)
    response = client.post(_url("reread", county, batch.pk, row.pk), follow=True)
    assert "已将“空.txt”重新排入读取队列" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "queued"


def test_limits_come_from_the_settings(county, run_tasks, settings, tmp_path):
    settings.GONGKAI_PARSE_LIMITS = {"max_pages": 3}
    path = hostile.many_pages_pdf(tmp_path / "四页.pdf", pages=4)
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=[upload("四页.pdf", path.read_bytes())]
    ).batch
    run_tasks()
    assert "PDF 有 4 页，超过 3 页的上限" in batch.reports.get().parse_error
