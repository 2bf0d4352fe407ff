"""Letters an office sends unedited (issue 11, point 4): every kind, its wording, its file, its layout."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from lxml import etree

from gongkai.apps.applications import letters, services
from gongkai.apps.applications.letters import wording
from gongkai.apps.applications.models import LetterTemplate, ReplyNumberSequence
from gongkai.apps.applications.services import letters as letter_services
from gongkai.apps.audit.models import AuditLog

from .letter_cases import QUOTED, demo_staff, every_letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
D = dt.date


@pytest.fixture
def cases(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = demo_staff()
    return staff, every_letter(staff)


# -- wording rules, unit by unit -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("某镇2024年预算标准。", "某镇2024年预算标准"),
        ("“某镇2024年预算标准。”", "某镇2024年预算标准"),
        ('关于"乡村振兴"的文件；\n\n  补贴标准。 ', "关于‘乡村振兴’的文件；补贴标准"),
        ("「低保」名单？", "‘低保’名单"),
        ("第1项\n第2项", "第1项；第2项"),
    ],
)
def test_the_request_is_quoted_cleanly(typed, quoted):
    assert wording.quote_request(typed) == quoted


def test_problems_the_old_letters_had_are_found():
    assert wording.wording_problems("申请获取“…标准。”。")
    assert wording.wording_problems("现向您提供（或告知获取的方式、途径和时间）。")
    assert wording.wording_problems("于XX年XX月前补正。")
    assert wording.wording_problems("理由：。")
    assert wording.wording_problems("理由是{答复理由}。")
    assert wording.wording_problems("申请获取“某文件")
    assert wording.wording_problems("本机关予以公开，现以电子文档形式通过电子邮件向您提供。") == []


def test_tidy_drops_doubled_marks_and_ends_a_sentence():
    assert wording.tidy("理由：涉及商业秘密。。") == "理由：涉及商业秘密。"
    assert wording.tidy("不予公开部分的理由：涉及商业秘密") == "不予公开部分的理由：涉及商业秘密。"
    assert wording.tidy("（第三十条），。") == "（第三十条）。"
    assert wording.tidy("申请获取“某某标准。”。") == "申请获取“某某标准”。"


def test_fill_leaves_out_a_line_whose_placeholders_are_empty_and_names_unknown_ones():
    assert wording.fill("甲{a}\n理由：{b}", {"a": "乙", "b": ""}) == ["甲乙。"]
    with pytest.raises(wording.PlaceholderError, match="未知的占位符：{c}"):
        wording.fill("{c}", {"a": ""})
    with pytest.raises(wording.PlaceholderError, match="花括号不成对"):
        wording.fill("{a", {"a": ""})


# -- every letter and notice of a demo case ------------------------------------------------------


def _texts(parts) -> list[str]:
    return [parts.title, parts.number, parts.addressee, *parts.paragraphs, *parts.attachments, parts.date]


def test_every_kind_has_a_letter_that_reads_right(cases):
    staff, built = cases
    assert set(built) == set(letters.KINDS)
    for key, (app, parts) in built.items():
        for text in _texts(parts):
            assert wording.wording_problems(text) == [], (key, text)
            assert "（或" not in text and "。”。" not in text and "。。" not in text, (key, text)
        body = "".join(parts.paragraphs)
        assert QUOTED in body, key
        assert app.tracking_number in body
        assert parts.signature == "思礼镇人民政府"
        assert letters.file_name(parts, "docx") == f"思礼镇人民政府{parts.title}（{app.tracking_number}）.docx"
        kind = letters.KINDS[key]
        if kind.is_decision:
            assert parts.number == app.reply_number and "行政复议" in body and "行政诉讼" in body, key
        if kind.to_third_party:
            assert parts.addressee == "某某建设工程有限公司：" and "张三" not in body and "贵单位" in body


def test_the_decision_and_its_grounds_are_in_the_letter(cases):
    _staff, built = cases
    disclosed = "".join(built["disclosed"][1].paragraphs)
    assert "本机关予以公开，现以电子文档形式通过电子邮件（见附件）向您提供。" in disclosed
    assert built["disclosed"][1].attachments == ["招标文件", "中标结果公示"]
    partial = built["partially_disclosed"][1].paragraphs
    assert "不予公开部分的理由：第3页至第5页涉及投标人的商业秘密。" in partial
    assert "第十四条和第三十六条第（三）项" in "".join(built["withheld_state_secret"][1].paragraphs)
    assert "第十六条第二款" in "".join(built["withheld_process_info"][1].paragraphs)
    # the system's own reason for 视为放弃 is not repeated after the sentence that says it
    assert len(built["other_no_correction"][1].paragraphs) == 3
    assert "请写明项目名称。" in "".join(built["correction"][1].paragraphs)
    assert "延长15个工作日" in "".join(built["extension"][1].paragraphs)
    assert "1700元（按量计收，150页" in "".join(built["fee"][1].paragraphs)
    assert "2025年5月30日前作出答复" in "".join(built["delay"][1].paragraphs)
    # a fee notice then 视为放弃 collected nothing: the letter says no fee was charged
    assert not any("收取信息处理费" in p for p in built["other_unpaid_fee"][1].paragraphs)


def test_a_paid_fee_is_named_in_the_reply(db):
    from .conftest import APPLICANT, reply

    staff = demo_staff()
    app, _code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=D(2025, 3, 3), **APPLICANT
    )
    app = services.application_issue_fee_notice(
        actor=staff.drafter,
        application=app,
        method="pages",
        units=150,
        sent_on=D(2025, 3, 6),
        delivered_on=D(2025, 3, 7),
    )
    app = services.application_record_payment(actor=staff.drafter, application=app, date=D(2025, 3, 10))
    app = reply(staff, app, "disclosed", D(2025, 3, 20))
    assert "本申请已按规定收取信息处理费1700元。" in letters.letter_parts(app).paragraphs


def _docx_xml(data: bytes, name: str = "word/document.xml"):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def test_docx_layout_follows_gbt_9704(cases):
    _staff, built = cases
    parts = built["disclosed"][1]
    data = letters.render_docx(parts)
    root = _docx_xml(data)
    paragraphs = root.findall(f".//{W}body/{W}p")
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    title = paragraphs[0]
    fonts = title.find(f".//{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "方正小标宋简体"
    assert title.find(f".//{W}sz").get(f"{W}val") == "44"  # 2号
    bold = title.find(f".//{W}b")
    assert bold is None or bold.get(f"{W}val") in ("0", "false")
    styles = _docx_xml(data, "word/styles.xml")
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert normal.find(f".//{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert normal.find(f".//{W}sz").get(f"{W}val") == "32"  # 3号
    assert normal.find(f".//{W}autoSpaceDE").get(f"{W}val") == "0"
    body = paragraphs[texts.index(parts.paragraphs[0])]
    assert body.find(f".//{W}ind").get(f"{W}firstLineChars") == "200"
    date = paragraphs[texts.index(parts.date)]
    assert date.find(f".//{W}jc").get(f"{W}val") == "right"
    assert date.find(f".//{W}ind").get(f"{W}right") == str(4 * 16 * 20)  # 右空四字
    signature = paragraphs[texts.index(parts.signature)]
    assert int(signature.find(f".//{W}spacing").get(f"{W}before")) >= 2 * 28 * 20  # room for the seal
    assert signature.find(f".//{W}keepNext") is not None
    last = paragraphs[texts.index("2.中标结果公示")]
    assert last.find(f".//{W}keepNext") is not None  # the last line goes with the 落款
    assert paragraphs[texts.index("附件：1.招标文件")].find(f".//{W}ind").get(f"{W}left") == str(2 * 16 * 20)
    section = root.find(f".//{W}sectPr")
    margins = section.find(f"{W}pgMar")
    assert (margins.get(f"{W}top"), margins.get(f"{W}left")) == ("2098", "1587")  # 37 mm, 28 mm
    font_table = _docx_xml(data, "word/fontTable.xml")
    assert "方正小标宋简体" in [f.get(f"{W}name") for f in font_table.iter(f"{W}font")]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert "PAGE" in footers


def test_pdf_has_the_text_and_embedded_cjk_fonts(cases):
    import pdfplumber

    _staff, built = cases
    for key in ("disclosed", "withheld_third_party", "correction", "consultation"):
        parts = built[key][1]
        data = letters.render_pdf(parts)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "".join((page.extract_text() or "").replace("\n", "") for page in pdf.pages)
            fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
        assert parts.title in text and QUOTED in text and "（或" not in text, key
        assert any("CJK" in f for f in fonts), fonts


def test_html_keeps_the_last_paragraph_with_the_seal(cases):
    _staff, built = cases
    page = letters.render_html(built["not_processed_duplicate"][1])
    last = page[page.index('class="indent last"') :]
    assert "行政诉讼" in last.split("</p>")[0] and '<div class="closing">' in last and "思礼镇人民政府" in last
    assert ".letter .last { break-after: avoid" in page
    assert "text-align: left" in page and "letter-spacing: -0.21pt" in page and "justify" not in page
    assert "Noto Serif CJK SC" in page and "仿宋_GB2312" in page and "方正小标宋简体" in page


def test_downloads_are_named_in_chinese(client, cases):
    staff, built = cases
    client.force_login(staff.drafter)
    app = built["disclosed"][0]
    response = client.get(reverse("applications:staff_letter", args=[app.pk, "docx"]))
    header = response["Content-Disposition"]
    assert header.startswith(f"attachment; filename=\"{app.tracking_number}.docx\"; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == f"思礼镇人民政府政府信息公开申请答复书（{app.tracking_number}）.docx"
    app = built["consultation"][0]
    response = client.get(reverse("applications:staff_notice", args=[app.pk, "consultation", "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "%E5%BE%81%E8%AF%A2%E5%87%BD" in response["Content-Disposition"]  # 征询函


# -- templates per body, checked and audited -----------------------------------------------------


def test_a_body_edits_its_template_and_the_letter_follows(cases):
    staff, built = cases
    app = built["disclosed"][0]
    body = letters.KINDS["disclosed"].default.replace("本机关予以公开", "本机关决定予以公开")
    letter_services.letter_template_save(actor=staff.leader, organization=staff.org, kind="disclosed", body=body)
    assert "本机关决定予以公开" in "".join(letters.letter_parts(app).paragraphs)
    row = AuditLog.objects.get(action="applications.letter_template.save")
    assert row.before["default"] is True and "决定予以公开" in row.after["body"]
    letter_services.letter_template_reset(actor=staff.leader, organization=staff.org, kind="disclosed")
    assert not LetterTemplate.objects.exists()
    assert "本机关予以公开" in "".join(letters.letter_parts(app).paragraphs)
    assert AuditLog.objects.filter(action="applications.letter_template.reset").count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "不能为空"),
        ("您好{称呼}。", "未知的占位符"),
        ("现向您提供（或告知获取的方式、途径和时间）。", "模板备选"),
        ("申请获取“{申请内容}”：。", "标点重复"),
        ("申请获取{申请内容", "花括号不成对"),
        ("字" * 5001, "最多 5000 个字"),
    ],
)
def test_a_template_that_would_not_read_right_is_refused(cases, body, message):
    staff, _built = cases
    with pytest.raises(ValidationError, match=message):
        letter_services.letter_template_save(actor=staff.leader, organization=staff.org, kind="disclosed", body=body)
    assert not LetterTemplate.objects.exists()


def test_only_the_leader_or_the_sysadmin_edits_templates(cases):
    staff, _built = cases
    body = letters.KINDS["fee"].default
    for user in (staff.drafter, staff.reviewer, staff.outsider):
        with pytest.raises(PermissionDenied):
            letter_services.letter_template_save(actor=user, organization=staff.org, kind="fee", body=body)
    letter_services.letter_template_save(actor=staff.sysadmin, organization=staff.org, kind="fee", body=body)


def test_every_default_template_passes_its_own_checks():
    for key, kind in letters.KINDS.items():
        assert letter_services.letter_template_check(key, kind.default), key


# -- the 文号 scheme ------------------------------------------------------------------------------


def test_the_number_scheme_is_the_bodys_and_numbers_follow_on(db, settings, tmp_path):
    from .conftest import APPLICANT, reply

    staff = demo_staff()
    letter_services.letter_settings_save(
        actor=staff.sysadmin, organization=staff.org, number_pattern="{机关简称}信复〔{年}〕{序号}号"
    )
    numbers = []
    for _ in range(3):
        app, _code = services.application_register(
            actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=D(2026, 3, 2), **APPLICANT
        )
        numbers.append(reply(staff, app, "disclosed", D(2026, 3, 16)).reply_number)
    assert numbers == ["思政信复〔2026〕1号", "思政信复〔2026〕2号", "思政信复〔2026〕3号"]
    assert ReplyNumberSequence.objects.get(organization=staff.org, year=2026).last == 3
    assert AuditLog.objects.filter(action="applications.letter_settings.save").count() == 1


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "请填写"),
        ("{机关简称}〔{年}〕号", "必须含有 {序号}"),
        ("{单位}{序号}", "未知的占位符"),
        ("{序号", "花括号"),
    ],
)
def test_a_number_scheme_that_cannot_number_is_refused(db, pattern, message):
    staff = demo_staff()
    with pytest.raises(ValidationError, match=message):
        letter_services.letter_settings_save(actor=staff.sysadmin, organization=staff.org, number_pattern=pattern)


def test_numbering_continues_after_replies_numbered_before_the_sequence(db):
    from .conftest import APPLICANT, reply

    staff = demo_staff()
    app, _code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=D(2026, 3, 2), **APPLICANT
    )
    reply(staff, app, "disclosed", D(2026, 3, 16))
    ReplyNumberSequence.objects.all().delete()  # as on a database from before the sequence
    app2, _code = services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=D(2026, 3, 2), **APPLICANT
    )
    assert reply(staff, app2, "disclosed", D(2026, 3, 16)).reply_number == "思政依申请公开〔2026〕2号"


# -- the staff pages -----------------------------------------------------------------------------


def test_the_letters_pages_edit_preview_and_reset(client, db):
    staff = demo_staff()
    url = reverse("applications:letter_list", args=[staff.org.slug])
    client.force_login(staff.drafter)
    assert client.get(url).status_code == 403
    client.force_login(staff.leader)
    page = client.get(url).content.decode()
    assert "答复书文号" in page and "思政依申请公开〔" in page and "政府信息公开第三方意见征询函" in page
    edit = reverse("applications:letter_edit", args=[staff.org.slug, "disclosed"])
    page = client.get(edit).content.decode()
    assert "预览（示例案件）" in page and "{提供方式}" in page and "某某镇" not in page.split("预览")[0]
    bad = client.post(edit, {"action": "save", "body": "现向您提供（或告知获取的方式、途径和时间）。"})
    assert bad.status_code == 200 and "模板备选" in bad.content.decode()
    assert not LetterTemplate.objects.exists()
    preview = client.post(edit, {"action": "preview", "body": "{申请人}您好，已收到申请。"})
    assert "张三您好，已收到申请。" in preview.content.decode() and not LetterTemplate.objects.exists()
    saved = client.post(edit, {"action": "save", "body": "本机关已收到{申请人}的申请。"}, follow=True)
    assert "模板已保存" in saved.content.decode()
    assert LetterTemplate.objects.get().body == "本机关已收到{申请人}的申请。"
    sample = client.get(reverse("applications:letter_sample", args=[staff.org.slug, "disclosed", "docx"]))
    assert sample.status_code == 200 and "filename*=UTF-8''" in sample["Content-Disposition"]
    assert client.get(reverse("applications:letter_edit", args=[staff.org.slug, "nonsense"])).status_code == 404
    client.post(edit, {"action": "reset"}, follow=True)
    assert not LetterTemplate.objects.exists()
    number = client.post(url, {"number_pattern": "{机关简称}信复〔{年}〕{序号}号"}, follow=True)
    assert "文号格式已保存" in number.content.decode()
    wrong = client.post(url, {"number_pattern": "{机关简称}信复"})
    assert "必须含有 {序号}" in wrong.content.decode()


def test_the_case_page_links_every_notice(client, cases):
    staff, built = cases
    client.force_login(staff.drafter)
    for key, label in (("consultation", "第三方意见征询函"), ("delay", "延迟答复告知书"), ("correction", "补正告知书")):
        app = built[key][0]
        page = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
        assert reverse("applications:staff_notice", args=[app.pk, key, "docx"]) in page and label in page


@pytest.mark.django_db(transaction=True)
def test_numbers_taken_at_once_are_all_different(db):
    """Eight threads take five numbers each: forty different 序号 (PostgreSQL; SQLite serialises writes anyway)."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    staff = demo_staff()
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def work():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(letter_services.reply_number_take(staff.org, 2026))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == sorted(f"思政依申请公开〔2026〕{n}号" for n in range(1, 41))
