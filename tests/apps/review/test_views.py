"""The pages of the report checking app, driven through the Django test client with real files."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.review.models import CheckBatch, CheckedReport
from gongkai.core import Report

from .conftest import bad_files, balanced_report, docx_file, html_file, json_file, seed_file, xlsx_values

pytestmark = pytest.mark.django_db


def url(name, county, *args):
    return reverse(f"review:{name}", args=[county.county.slug, *args])


@pytest.fixture
def batch(client, county, run_tasks):
    """A 2021 batch uploaded through the page: DOCX, HTML, the seed, JSON, last year's DOCX, bad files."""
    client.force_login(county.leader)
    files = [
        docx_file(balanced_report("青石镇人民政府", 2021, carried_over=5), "青石镇2021.docx"),
        docx_file(balanced_report("青石镇人民政府", 2020, carried_over=4), "青石镇2020.docx"),
        html_file(balanced_report("城关街道办事处", 2021), "城关街道2021.html"),
        seed_file(),
        json_file(balanced_report("柳河县交通运输局", 2021, carried_over=1), "交通运输局.json"),
        html_file(balanced_report("江北区教育局", 2021), "教育局.html"),
        *bad_files(),
    ]
    response = client.post(url("batches", county), {"year": 2021, "title": "2021 年度乡镇部门年报", "files": files})
    assert response.status_code == 302
    batch = CheckBatch.objects.get()
    assert response["Location"] == url("batch", county, batch.pk)
    run_tasks()  # the files are read in the background
    return batch


def row(batch, name):
    return CheckedReport.objects.get(batch=batch, original_name=name)


def test_upload_then_the_problem_list(client, county, batch):
    page = client.get(url("batch", county, batch.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2021 年度乡镇部门年报" in text
    for name in ("青石镇人民政府", "城关街道办事处", "思礼镇人民政府", "交通运输局", "江北区教育局"):
        assert name in text
    assert "未对应机关" in text  # 江北区教育局 is not in the county
    assert "报告署名：柳河县交通运输局" in text
    # unreadable files are listed apart, with the reason
    unreadable = text.split('id="unreadable"')[1]
    assert "无法读取的文件（3）" in text
    assert "空文件.txt 是空文件" in unreadable and "截断.docx" in unreadable and "二进制" in unreadable
    # rules summary links to the filtered list
    assert 'href="?rule=cross_year.carry_over#problems"' in text
    assert 'href="?rule=structure.missing_section#problems"' in text


def test_upload_message(client, county):
    client.force_login(county.sysadmin)
    response = client.post(
        url("batches", county),
        {"year": 2021, "files": [json_file(balanced_report("青石镇人民政府", 2021)), *bad_files()[:1]]},
        follow=True,
    )
    text = response.content.decode()
    assert "已上传 2 个文件，正在后台逐个读取和检查" in text


def _listed(response):
    """Organization names in the problem list (the row headers)."""
    table = response.content.decode().split('id="report-list"')[1].split("</table>")[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def test_problem_list_filters(client, county, batch):
    base = url("batch", county, batch.pk)
    assert _listed(client.get(base, {"q": "青石"})) == ["青石镇人民政府", "青石镇人民政府"]
    assert _listed(client.get(base, {"q": "柳河县交通"})) == ["交通运输局"]  # the name the report gives
    assert _listed(client.get(base, {"rule": "structure.missing_section"})) == ["思礼镇人民政府"]
    assert _listed(client.get(base, {"rule": "cross_year.carry_over"})) == ["青石镇人民政府"]
    assert _listed(client.get(base, {"match": "unmatched"})) == ["江北区教育局"]
    errors = _listed(client.get(base, {"severity": "error"}))
    assert set(errors) == {"思礼镇人民政府", "青石镇人民政府"}
    clean = _listed(client.get(base, {"severity": "clean"}))
    assert set(clean) == {"城关街道办事处", "江北区教育局", "青石镇人民政府", "交通运输局"}
    hidden = client.get(base, {"hide_failed": "1"}).content.decode()
    assert 'id="unreadable"' not in hidden and "空文件.txt" not in hidden
    nothing = client.get(base, {"q": "不存在的机关"}).content.decode()
    assert "没有符合筛选条件的报告" in nothing


def test_report_page_names_cells_in_chinese_and_marks_them(client, county, batch):
    seed = row(batch, "思礼镇2020年报.txt")
    page = client.get(url("report", county, batch.pk, seed.pk)).content.decode()
    assert "思礼镇人民政府 2020 年度报告" in page
    assert "表三 · 一、本年新收政府信息公开申请数量 · 社会公益组织" in page
    assert "“四、政府信息公开行政复议、行政诉讼情况”部分" in page
    assert "structure.missing_section" in page and "六个部分之一缺失" in page
    assert "等共 147 个单元格" in page
    preview = client.get(url("report_preview", county, batch.pk, seed.pk))
    assert preview.status_code == 200 and preview["X-Frame-Options"] == "SAMEORIGIN"
    html = preview.content.decode()
    numbers = {}
    for n, f in enumerate(seed.findings, start=1):
        numbers.setdefault(f["rule"], n)
    label_variant = numbers["structure.label_variant"]
    assert re.search(
        rf'<td data-cell="table3.new_received.social_welfare" class="gk-flag gk-warning" title="问题 {label_variant}">\d+'
        rf'<sup class="gk-ref">{label_variant}</sup></td>',
        html,
    )
    # a lost row is marked as empty, never shown as a number
    assert re.search(
        r'<td data-cell="table3.withheld_third_party.total" class="gk-flag gk-warning"[^>]*><span class="gk-empty">空</span>',
        html,
    )
    # the renderer prints every heading; the one the source lost is marked with its finding's number
    missing = numbers["structure.missing_section"]
    assert re.search(rf'<h2 id="section-4" class="gk-flag gk-error" title="问题 {missing}">四、', html)
    # cells without findings stay as rendered
    assert '<td data-cell="table2.procurement.projects">6</td>' in html


def test_fixing_the_match_by_hand(client, county, batch):
    edu = row(batch, "教育局.html")
    target = url("report", county, batch.pk, edu.pk)
    response = client.post(target, {"organization": county.education.pk}, follow=True)
    assert "已指定对应机关：柳河县教育局" in response.content.decode()
    edu.refresh_from_db()
    assert edu.matched_organization == county.education and edu.match_method == "manual"
    assert AuditLog.objects.filter(action="review.report.match", object_id=str(edu.pk)).count() == 1
    # an organization of another county is not offered, and a forged id is refused
    response = client.post(target, {"organization": county.other_county.pk})
    assert response.status_code == 400 and "所选机关不在本机关的检查范围内" in response.content.decode()
    edu.refresh_from_db()
    assert edu.matched_organization == county.education


def test_coverage_lists_who_has_not_submitted(client, county, batch):
    AnnualReport.objects.create(
        organization=county.baisha,
        year=2021,
        format="2021",
        content=balanced_report("白沙乡人民政府", 2021).to_json(),
        status="published",
        generated_at=timezone.now(),
        published_at=timezone.now(),
    )
    AnnualReport.objects.create(  # a draft does not count
        organization=county.sili,
        year=2021,
        format="2021",
        content=balanced_report("思礼镇人民政府", 2021).to_json(),
        status="draft",
        generated_at=timezone.now(),
    )
    page = client.get(url("coverage", county), {"year": 2021}).content.decode()
    assert "2021 年度年报提交情况" in page
    missing = re.findall(r'<tr class="missing">\s*<th scope="row">([^<]+)</th>', page)
    assert missing == ["思礼镇人民政府", "柳河县教育局"]  # the seed is 2020's; 江北区教育局 not matched
    assert "本平台已发布" in page and "青石镇2021.docx" in page
    assert "<strong>4</strong>已提交" in page and "<strong>2</strong>未提交" in page
    only_missing = client.get(url("coverage", county), {"year": 2021, "missing": "1"}).content.decode()
    assert "青石镇人民政府" not in only_missing and "思礼镇人民政府" in only_missing
    towns = client.get(url("coverage", county), {"year": 2021, "kind": "department"}).content.decode()
    assert "青石镇人民政府" not in towns and "交通运输局" in towns
    search = client.get(url("coverage", county), {"year": 2021, "q": "城关"}).content.decode()
    assert "城关街道办事处" in search and "青石镇人民政府" not in search
    earlier = client.get(url("coverage", county), {"year": 2020}).content.decode()
    assert re.findall(r'<tr class="missing">\s*<th scope="row">([^<]+)</th>', earlier) == [
        "白沙乡人民政府",
        "城关街道办事处",
        "交通运输局",
        "柳河县教育局",
    ]


def test_county_total_and_its_downloads(client, county, batch):
    page = client.get(url("total", county, batch.pk)).content.decode()
    assert "2021 年格式：4 个机关" in page
    # last year's report and the seed (2020) stay out, with the reason
    assert "是 2020 年度的报告" in page
    reports = [
        balanced_report("青石镇人民政府", 2021, carried_over=5),
        balanced_report("城关街道办事处", 2021),
        balanced_report("柳河县交通运输局", 2021, carried_over=1),
        balanced_report("江北区教育局", 2021),
    ]
    expected = sum(r.table3["carried_forward"]["total"] for r in reports)
    docx = client.get(url("total_download", county, batch.pk, "2021-2021", "docx"))
    assert docx.status_code == 200 and "attachment" in docx["Content-Disposition"]
    from gongkai.core.load import load_report

    path = _tmp_file(docx.content, ".docx")
    total = load_report(path).report
    assert total.organization.replace(" ", "") == "柳河县人民政府（4个机关合计）"  # as read back from the DOCX title
    assert total.table3["carried_forward"]["total"] == expected
    assert total.table3["new_received"]["natural_person"] == 20
    xlsx = client.get(url("total_download", county, batch.pk, "2021-2021", "xlsx"))
    assert expected in xlsx_values(xlsx.content)
    pdf = client.get(url("total_download", county, batch.pk, "2021-2021", "pdf"))
    assert pdf.status_code == 302 and "/total/exports/" in pdf["Location"]  # rendered on the queue
    data = Report.from_json(client.get(url("total_download", county, batch.pk, "2021-2021", "json")).content)
    assert data.table3["carried_forward"]["total"] == expected
    # townships and subdistricts only: 青石镇 and 城关街道
    towns = client.get(url("total_download", county, batch.pk, "2021-2021", "json"), {"kind": "towns"})
    assert Report.from_json(towns.content).table3["new_received"]["total"] == 10
    assert client.get(url("total_download", county, batch.pk, "2099-2021", "xlsx")).status_code == 404
    assert client.get(url("total_download", county, batch.pk, "2021-2021", "exe")).status_code == 404


def _tmp_file(data, suffix):
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.write(data)
    handle.close()
    return handle.name


def test_total_keeps_a_lost_cell_empty(client, county, run_tasks):
    client.force_login(county.leader)
    lost = balanced_report("城关街道办事处", 2021)
    lost.table4["reconsideration"]["total"] = None
    client.post(
        url("batches", county),
        {"year": 2021, "files": [json_file(balanced_report("青石镇人民政府", 2021)), json_file(lost, "c.json")]},
    )
    batch = CheckBatch.objects.get()
    run_tasks()
    page = client.get(url("total", county, batch.pk)).content.decode()
    assert "城关街道办事处（c.json） 的报告缺少 1 个单元格" in page
    assert "表四 · 行政复议 · 总计" in page
    total = Report.from_json(client.get(url("total_download", county, batch.pk, "2021-2021", "json")).content)
    assert total.table4["reconsideration"]["total"] is None
    assert total.table4["reconsideration"]["upheld"] == 0


def test_comparison_of_two_years(client, county, batch):
    q2021 = row(batch, "青石镇2021.docx")
    page = client.get(url("compare", county, batch.pk, q2021.pk)).content.decode()
    assert "青石镇人民政府：年度报告比较" in page
    assert "比较对象：2020 年度（青石镇2020.docx）" in page
    assert "二、上年结转政府信息公开申请数量" in page  # the carry-over finding, in Chinese
    assert "内容雷同" in page  # the same texts in both years
    chosen = client.get(url("compare", county, batch.pk, q2021.pk), {"with": row(batch, "城关街道2021.html").pk})
    assert "所选报告不是同一机关的报告" in chosen.content.decode()
    assert client.get(url("compare", county, batch.pk, q2021.pk), {"with": "abc"}).status_code == 200


def test_results_workbook_and_original_file(client, county, batch):
    export = client.get(url("batch_export", county, batch.pk))
    values = xlsx_values(export.content)
    assert "表三 · 一、本年新收政府信息公开申请数量 · 社会公益组织" in "".join(str(v) for v in values)
    assert "空文件.txt 是空文件" in values
    seed = row(batch, "思礼镇2020年报.txt")
    original = client.get(url("report_file", county, batch.pk, seed.pk))
    assert b"".join(original.streaming_content) == seed_file().read()
    assert "attachment" in original["Content-Disposition"]


def test_add_files_and_delete_the_batch(client, county, batch, run_tasks):
    response = client.post(
        url("batch", county, batch.pk),
        {"files": [json_file(balanced_report("白沙乡人民政府", 2021), "白沙.json")]},
        follow=True,
    )
    assert "已上传 1 个文件，正在后台逐个读取和检查" in response.content.decode()
    assert run_tasks() == 1
    assert row(batch, "白沙.json").matched_organization == county.baisha
    response = client.post(url("batch_delete", county, batch.pk), follow=True)
    assert "已删除检查批次" in response.content.decode()
    assert not CheckBatch.objects.exists()


def test_navigation_entry(client, county):
    client.force_login(county.leader)
    page = client.get(reverse("staff:org_home", args=[county.county.slug])).content.decode()
    assert f'href="{url("batches", county)}"' in page and "年报检查" in page


def test_filter_by_region_and_export_the_missing_list(client, county, batch):
    from gongkai.apps.organizations.choices import OrganizationKind
    from gongkai.apps.organizations.testing import make_org

    zone = make_org("柳河经济开发区管理委员会", slug="zone", parent=county.county, kind=OrganizationKind.OTHER)
    make_org("新城街道办事处", slug="xincheng", parent=zone, kind=OrganizationKind.SUBDISTRICT)
    page = client.get(url("coverage", county), {"year": 2021, "under": "zone"}).content.decode()
    assert re.findall(r'<tr class="missing">\s*<th scope="row">([^<]+)</th>', page) == ["新城街道办事处"]
    assert "青石镇人民政府" not in page
    export = client.get(url("coverage_export", county), {"year": 2021, "missing": "1"})
    assert "attachment" in export["Content-Disposition"]
    values = xlsx_values(export.content)
    assert {"白沙乡人民政府", "思礼镇人民政府", "柳河县教育局", "新城街道办事处"} <= set(values)
    assert "青石镇人民政府" not in values
    assert values.count("未提交") == 4 and "已提交" not in values
    # the problem list filtered by region: reports matched to bodies under the zone only (none here)
    listed = _listed(client.get(url("batch", county, batch.pk), {"under": "zone"}))
    assert listed == []
    listed = _listed(client.get(url("batch", county, batch.pk), {"under": county.county.slug, "q": "城关"}))
    assert listed == ["城关街道办事处"]


def test_deciding_on_a_finding_from_the_report_page(client, county, batch):
    from gongkai.apps.review.models import finding_fingerprint

    seed = row(batch, "思礼镇2020年报.txt")
    number, finding = next((n, f) for n, f in enumerate(seed.findings, 1) if f["rule"] == "structure.missing_section")
    target = url("decide", county, batch.pk, seed.pk)
    response = client.post(
        target, {"fingerprint": finding_fingerprint(finding), "decision": "dismissed", "number": number}
    )
    assert response.status_code == 302 and response["Location"] == url("report", county, batch.pk, seed.pk)
    assert "认定“不是问题”时请写明理由" in client.get(response["Location"]).content.decode()
    response = client.post(
        target,
        {
            "fingerprint": finding_fingerprint(finding),
            "decision": "confirmed",
            "comment": "已通知补上标题",
            "number": number,
        },
    )
    assert response["Location"].endswith(f"#finding-{number}")
    text = client.get(response["Location"]).content.decode()
    assert "已保存复核结论" in text and "确认是问题</span> 已通知补上标题" in text
    assert "已人工复核 1 项" in client.get(url("batch", county, batch.pk)).content.decode()
    assert "已通知补上标题" in xlsx_values(client.get(url("batch_export", county, batch.pk)).content)
    client.force_login(county.drafter)
    assert client.post(target, {"fingerprint": finding_fingerprint(finding), "decision": ""}).status_code == 403
    assert client.get(target).status_code == 405


def test_total_pdf_is_rendered_on_the_queue_with_a_waiting_page(client, county, batch, run_tasks, settings, tmp_path):
    """The PDF of a total (about a second of rendering) is a task: queued → done, then the file is offered."""
    settings.MEDIA_ROOT = tmp_path
    response = client.get(url("total_download", county, batch.pk, "2021-2021", "pdf"), {"kind": "towns"})
    assert response.status_code == 302
    waiting = client.get(response["Location"])
    page = waiting.content.decode()
    assert waiting.status_code == 200 and "排队中" in page and 'http-equiv="refresh"' in page
    assert run_tasks() == 1
    done = client.get(response["Location"]).content.decode()
    assert "已完成" in done and 'http-equiv="refresh"' not in done
    link = re.search(r'href="([^"]+/file)"', done).group(1)
    assert "柳河县人民政府2021年政府信息公开工作年度报告合计（2021年格式）.pdf" in done
    download = client.get(link)
    data = b"".join(download.streaming_content)
    assert download.status_code == 200 and data.startswith(b"%PDF") and "attachment" in download["Content-Disposition"]
    # the towns only: what the page asked for reached the task
    from gongkai.apps.review.tasks import render_total

    task_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert render_total.get_result(task_id).kwargs["kinds"] == ["township", "subdistrict"]
    # another leader of the same body does not see someone else's export
    from gongkai.apps.organizations.testing import make_user

    client.force_login(make_user("liuhe-leader-2", organization=county.county, roles=["leader"]))
    assert client.get(response["Location"]).status_code == 404
    assert client.get(link).status_code == 404
    client.force_login(county.leader)
    assert client.get(url("total_export", county, batch.pk, "00000000-0000-0000-0000-000000000000")).status_code == 404


def test_a_failed_render_says_so_in_chinese(client, county, batch, settings, tmp_path):
    from gongkai.apps.review.tasks import render_total
    from gongkai.web.tasks_testing import run_queued_tasks

    settings.MEDIA_ROOT = tmp_path
    result = render_total.enqueue(
        org_id=county.county.pk, user_id=county.leader.pk, batch_id=batch.pk, key="1999-1999", kinds=None, to="pdf"
    )
    with pytest.raises(Exception):  # noqa: B017 - run_queued_tasks re-raises the task's failure
        run_queued_tasks()
    page = client.get(url("total_export", county, batch.pk, result.id)).content.decode()
    assert "生成失败" in page and "重新导出" in page
