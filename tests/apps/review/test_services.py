"""Uploading, reading, matching and checking batches (``review.services``), with real files."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.review import services
from gongkai.apps.review.models import CheckBatch, CheckedReport

from .conftest import (
    bad_files,
    balanced_report,
    docx_file,
    html_file,
    json_file,
    seed_file,
)

pytestmark = pytest.mark.django_db


def _by_name(batch):
    return {r.original_name: r for r in batch.reports.select_related("matched_organization")}


def test_a_batch_of_every_kind_of_file(county, media, run_tasks):
    files = [
        docx_file(balanced_report("青石镇人民政府", 2021, carried_over=5), "青石镇2021.docx"),
        docx_file(balanced_report("青石镇人民政府", 2020, carried_over=5), "青石镇2020.docx"),
        html_file(balanced_report("城关街道办事处", 2021), "城关街道.html"),
        seed_file(),
        json_file(balanced_report("柳河县交通运输局", 2021), "交通.json"),
        *bad_files(),
    ]
    result = services.batch_create(actor=county.leader, organization=county.county, year=2021, files=files)
    batch = result.batch
    # stored at once, queued; read by the background task (one per file)
    assert {r.status for r in batch.reports.all()} == {"queued"}
    assert run_tasks() == 8
    rows = _by_name(batch)
    assert len(rows) == 8 and len(result.added) == 8 and result.duplicates == []

    # bad files are kept with a one-line Chinese reason naming the file as uploaded
    assert rows["空文件.txt"].status == "unreadable" and rows["空文件.txt"].parse_error == "空文件.txt 是空文件"
    assert "二进制" in rows["乱码.txt"].parse_error
    assert rows["截断.docx"].parse_error.startswith("截断.docx：") and "损坏" in rows["截断.docx"].parse_error
    assert all("gongkai-review-" not in r.parse_error for r in rows.values())

    # detected organization, year, format, and the match to the scope
    qingshi = rows["青石镇2021.docx"]
    assert (qingshi.detected_organization, qingshi.detected_year, qingshi.report_format) == (
        "青石镇人民政府",
        2021,
        "2021",
    )
    assert (qingshi.matched_organization, qingshi.match_method) == (county.qingshi, "exact")
    assert (rows["交通.json"].matched_organization, rows["交通.json"].match_method) == (county.transport, "variant")
    assert (
        rows["城关街道.html"].source_kind == "html" and rows["城关街道.html"].matched_organization == county.chengguan
    )
    seed = rows["思礼镇2020年报.txt"]
    assert (seed.detected_organization, seed.detected_year, seed.report_format) == ("思礼镇人民政府", 2020, "2019")
    assert seed.matched_organization == county.sili
    assert seed.error_count + seed.warning_count > 0
    assert "structure.missing_section" in seed.rules and " structure.label_variant " in seed.rules
    assert seed.report.table2["procurement"]["projects"] == 6

    # carry-over: this year's 上年结转 (5) against 2020's 结转下年度 (7) from the same batch
    assert qingshi.previous == rows["青石镇2020.docx"]
    carry = [f for f in qingshi.findings if f["rule"] == "cross_year.carry_over"]
    assert carry and any("table3.carried_over.total" in f["cells"] for f in carry)
    assert rows["城关街道.html"].findings == [] and rows["城关街道.html"].error_count == 0

    # files stored under MEDIA_ROOT, hashed
    stored = Path(media) / qingshi.file.name
    assert stored.is_file() and stored.read_bytes()[:2] == b"PK"
    assert qingshi.file.name.startswith(f"review/{batch.pk}/") and len(qingshi.sha256) == 64

    log = AuditLog.objects.get(action="review.batch.create")
    assert log.organization == county.county and log.actor == county.leader
    assert log.after["files"] == 8 and log.after["pending"] == 8
    read = AuditLog.objects.get(action="review.batch.read")
    assert read.actor is None and read.organization == county.county
    assert read.after["files"] == 8 and read.after["pending"] == 0 and read.after["unreadable"] == 3


def test_last_years_report_from_an_earlier_batch_or_the_platform(county, run_tasks):
    first = services.batch_create(
        actor=county.sysadmin,
        organization=county.county,
        year=2021,
        files=[json_file(balanced_report("青石镇人民政府", 2021, carried_over=1), "q2021.json")],
    ).batch
    run_tasks()
    AnnualReport.objects.create(
        organization=county.chengguan,
        year=2021,
        format="2021",
        content=balanced_report("城关街道办事处", 2021, carried_over=0).to_json(),
        status="published",
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )
    second = services.batch_create(
        actor=county.sysadmin,
        organization=county.county,
        year=2022,
        files=[
            json_file(balanced_report("青石镇人民政府", 2022, carried_over=3), "q2022.json"),
            json_file(balanced_report("城关街道办事处", 2022, carried_over=9), "c2022.json"),
        ],
    ).batch
    run_tasks()
    rows = _by_name(second)
    q = rows["q2022.json"]
    assert q.previous == first.reports.get() and q.previous_annual is None
    assert [f["rule"] for f in q.findings] == []  # 2021's 结转下年度 (3) = 2022's 上年结转 (3)
    c = rows["c2022.json"]
    assert c.previous is None and c.previous_annual.organization == county.chengguan
    assert {f["rule"] for f in c.findings} == {"cross_year.carry_over"}


def test_matching_by_hand_rechecks_and_is_audited(county, run_tasks):
    batch = services.batch_create(
        actor=county.leader,
        organization=county.county,
        year=2021,
        files=[
            html_file(balanced_report("江北区教育局", 2021, carried_over=1), "江北区教育局.html"),
            json_file(balanced_report("柳河县教育局", 2020, fmt="2019"), "edu2020.json"),
        ],
    ).batch
    run_tasks()
    row = batch.reports.get(original_name="江北区教育局.html")
    assert row.matched_organization is None and row.match_method == "none" and row.previous is None
    row = services.report_match(actor=county.sysadmin, checked=row, organization=county.education)
    assert row.matched_organization == county.education and row.match_method == "manual"
    assert row.previous == batch.reports.get(original_name="edu2020.json")
    assert "cross_year.carry_over" in row.rules
    log = AuditLog.objects.get(action="review.report.match")
    assert log.before == {"organization": None, "method": "none"}
    assert log.after == {"organization": "柳河县教育局", "method": "manual"}
    assert log.organization == county.county

    with pytest.raises(services.ReviewError, match="不在本机关的检查范围内"):
        services.report_match(actor=county.sysadmin, checked=row, organization=county.other_county)
    row = services.report_match(actor=county.sysadmin, checked=row, organization=None)
    assert row.matched_organization is None and row.match_method == "none" and row.previous is None


def test_unreadable_files_cannot_be_matched(county, run_tasks):
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=bad_files()[:1]
    ).batch
    run_tasks()
    with pytest.raises(services.ReviewError, match="没有读出年报"):
        services.report_match(actor=county.leader, checked=batch.reports.get(), organization=county.qingshi)


def test_adding_files_skips_identical_ones(county, run_tasks):
    report = balanced_report("青石镇人民政府", 2021)
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=[json_file(report, "a.json")]
    ).batch
    result = services.batch_add_files(
        actor=county.leader,
        batch=batch,
        files=[json_file(report, "a-copy.json"), html_file(balanced_report("城关街道办事处", 2021), "b.html")],
    )
    assert [r.original_name for r in result.added] == ["b.html"] and result.duplicates == ["a-copy.json"]
    assert run_tasks() == 2
    assert batch.reports.count() == 2
    log = AuditLog.objects.get(action="review.batch.add_files")
    assert log.before["files"] == 1 and log.after["files"] == 2 and "a-copy.json" in log.reason


def test_deleting_a_batch_removes_its_files(county, media, django_capture_on_commit_callbacks):
    batch = services.batch_create(
        actor=county.leader,
        organization=county.county,
        year=2021,
        files=[json_file(balanced_report("青石镇人民政府", 2021))],
    ).batch
    path = Path(media) / batch.reports.get().file.name
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_delete(actor=county.leader, batch=batch)
    assert not CheckBatch.objects.exists() and not CheckedReport.objects.exists()
    assert not path.exists()
    assert AuditLog.objects.get(action="review.batch.delete").before["files"] == 1


@pytest.mark.parametrize("who", ["drafter", "reviewer", "town_leader", "outsider"])
def test_only_supervisors_of_the_scope_may_upload(county, who):
    with pytest.raises(PermissionDenied):
        services.batch_create(
            actor=getattr(county, who),
            organization=county.county,
            year=2021,
            files=[json_file(balanced_report("青石镇人民政府", 2021))],
        )
    assert not CheckBatch.objects.exists()


def test_bad_uploads_are_refused_before_anything_is_stored(county, settings, media):
    settings.GONGKAI_REVIEW_MAX_FILE_SIZE = 1000
    settings.GONGKAI_REVIEW_MAX_FILES = 2
    good = json_file(balanced_report("青石镇人民政府", 2021))
    cases = [
        ([], "请选择要上传的年报文件"),
        ([good, good, good], "每次最多上传 2 个文件，本次选择了 3 个"),
        ([json_file(balanced_report("青石镇人民政府", 2021), "big.json")], "超过单个文件 1000 字节 的上限"),
        ([json_file(balanced_report("青石镇人民政府", 2021), "表.xlsx")], "“表.xlsx”的类型不支持"),
        ([json_file(balanced_report("青石镇人民政府", 2021), "旧.et")], "“旧.et”的类型不支持"),
    ]
    for files, message in cases:
        with pytest.raises(services.ReviewError, match=message):
            services.batch_create(actor=county.leader, organization=county.county, year=2021, files=files)
    with pytest.raises(services.ReviewError, match="检查年度应在 2008 年至"):
        services.batch_create(actor=county.leader, organization=county.county, year=1999, files=[good])
    assert not CheckBatch.objects.exists()
    assert not (Path(media) / "review").exists()


def test_nul_characters_never_reach_the_database(county, run_tasks):
    report = balanced_report("青石镇\x00人民政府", 2021)
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=[json_file(report, "a\x00.json")]
    ).batch
    run_tasks()
    row = batch.reports.get()
    assert row.original_name == "a.json"
    assert row.detected_organization == "青石镇人民政府" and row.matched_organization == county.qingshi


def test_import_command(county, tmp_path, run_tasks):
    from io import StringIO

    from django.core.management import CommandError, call_command

    folder = tmp_path / "reports"
    (folder / "towns").mkdir(parents=True)
    (folder / "towns" / "q.json").write_text(balanced_report("青石镇人民政府", 2021).to_json(), encoding="utf-8")
    (folder / "c.html").write_bytes(html_file(balanced_report("城关街道办事处", 2021)).read())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.xls").write_bytes(b"ignored: not a report kind")
    out = StringIO()
    call_command(
        "review_import", str(folder), organization="liuhe", year=2021, user="county-sysadmin", title="导入", stdout=out
    )
    batch = CheckBatch.objects.get(title="导入")
    assert sorted(batch.reports.values_list("original_name", flat=True)) == ["c.html", "empty.txt", "q.json"]
    assert "无法读取 empty.txt" in out.getvalue() and "无法读取 1 个" in out.getvalue()
    assert AuditLog.objects.get(action="review.batch.create").actor == county.sysadmin
    # read by the command itself: the queued tasks find nothing left to do
    assert not batch.reports.filter(status__in=["queued", "reading"]).exists()
    run_tasks()
    # --enqueue leaves the reading to the workers
    out = StringIO()
    call_command("review_import", str(folder / "towns"), organization="liuhe", year=2021, user="county-sysadmin", title="排队", enqueue=True, stdout=out)
    queued = CheckBatch.objects.get(title="排队")
    assert "已排入后台队列" in out.getvalue() and queued.reports.get().status == "queued"
    assert run_tasks() == 1 and queued.reports.get().status == "parsed"
    with pytest.raises(CommandError, match="没有权限"):
        call_command("review_import", str(folder), organization="liuhe", year=2021, user="county-drafter")
    with pytest.raises(CommandError, match="文件或目录不存在"):
        call_command("review_import", str(tmp_path / "nowhere"), organization="liuhe", year=2021, user="county-sysadmin")
    with pytest.raises(CommandError, match="没有找到网址标识"):
        call_command("review_import", str(folder), organization="nowhere", year=2021, user="county-sysadmin")


def test_decisions_on_findings_survive_rechecks(county, run_tasks):
    from gongkai.apps.review.models import FindingReview, finding_fingerprint

    bad = balanced_report("青石镇人民政府", 2021)
    bad.table3["disclosed"]["natural_person"] = 4  # 4 ≠ 3: row and column totals disagree
    batch = services.batch_create(
        actor=county.leader, organization=county.county, year=2021, files=[json_file(bad, "q.json")]
    ).batch
    run_tasks()
    row = batch.reports.get()
    finding = next(f for f in row.findings if f["rule"] == "table3.row_total")
    fingerprint = finding_fingerprint(finding)
    with pytest.raises(services.ReviewError, match="请写明理由"):
        services.finding_decide(actor=county.leader, checked=row, fingerprint=fingerprint, decision="dismissed")
    with pytest.raises(services.ReviewError, match="现在没有这个问题"):
        services.finding_decide(actor=county.leader, checked=row, fingerprint="0" * 16, decision="confirmed")
    with pytest.raises(services.ReviewError, match="复核结论只能是"):
        services.finding_decide(actor=county.leader, checked=row, fingerprint=fingerprint, decision="maybe")
    with pytest.raises(PermissionDenied):
        services.finding_decide(actor=county.drafter, checked=row, fingerprint=fingerprint, decision="confirmed")
    review = services.finding_decide(
        actor=county.sysadmin, checked=row, fingerprint=fingerprint, decision="dismissed", comment="原件表格另有说明"
    )
    assert (review.rule, review.decision, review.decided_by) == ("table3.row_total", "dismissed", county.sysadmin)
    # matching the report again re-runs the checks: the decision stays with the same finding
    services.report_match(actor=county.sysadmin, checked=row, organization=county.qingshi)
    row.refresh_from_db()
    assert fingerprint in {finding_fingerprint(f) for f in row.findings}
    assert FindingReview.objects.get(report=row).comment == "原件表格另有说明"
    log = AuditLog.objects.get(action="review.finding.decide")
    assert log.after["decision"] == "dismissed" and log.reason == "原件表格另有说明" and log.before is None
    services.finding_decide(actor=county.sysadmin, checked=row, fingerprint=fingerprint, decision="")
    assert not FindingReview.objects.exists()
    assert AuditLog.objects.filter(action="review.finding.decide").count() == 2
