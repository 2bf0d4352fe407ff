"""Staff pages of annual reports: generate, edit, check, publish, download; access and bad input."""

import pytest
from django.urls import reverse

from gongkai.apps.annual.models import AnnualReport
from gongkai.apps.organizations.testing import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_staff("av")


def url(name, staff, *args):
    return reverse(f"annual:{name}", args=[staff.org.slug, *args])


def login(client, user):
    client.force_login(user)
    return client


def test_generate_edit_publish_download(client, staff):
    login(client, staff.drafter)
    response = client.post(url("list", staff), {"year": 2023, "format": ""}, follow=True)
    assert response.status_code == 200
    assert "已从记录生成 2023 年度报告" in response.content.decode()
    assert "缺少“五、存在的主要问题及改进情况”部分" in response.content.decode()
    annual = AnnualReport.objects.get(organization=staff.org, year=2023)
    response = client.post(
        url("edit", staff, 2023),
        {"overview": annual.report.sections["overview"], "problems": "问题与改进。", "other": "未收费。", "reason": ""},
        follow=True,
    )
    assert "已保存并重新检查" in response.content.decode()
    # the drafter cannot publish
    assert client.post(url("publish", staff, 2023)).status_code == 403
    login(client, staff.leader)
    response = client.post(url("publish", staff, 2023), follow=True)
    assert "年报已发布" in response.content.decode()
    assert AnnualReport.objects.get(pk=annual.pk).status == "published"
    pdf = client.get(url("download", staff, 2023, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(url("download", staff, 2023, "docx"))
    assert docx.content[:2] == b"PK" and "attachment" in docx["Content-Disposition"]
    html = client.get(url("download", staff, 2023, "html"))
    assert "政府信息公开工作年度报告" in html.content.decode()


def test_publish_with_errors_shows_the_reason(client, staff):
    login(client, staff.drafter)
    client.post(url("list", staff), {"year": 2022})
    login(client, staff.leader)
    response = client.post(url("publish", staff, 2022), follow=True)
    assert "检查发现 2 个错误，改正后才能发布" in response.content.decode()
    assert AnnualReport.objects.get(organization=staff.org, year=2022).status == "draft"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": ""}, "请填写年度"),
        ({"year": "abc"}, "年度应为数字"),
        ({"year": 2015}, "不能早于 2019"),
        ({"year": 2999}, "不能晚于明年"),
    ],
)
def test_bad_year_gets_a_chinese_message(client, staff, data, message):
    login(client, staff.drafter)
    response = client.post(url("list", staff), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_access(client, staff):
    assert client.get(url("list", staff)).status_code == 302  # anonymous → login
    login(client, staff.outsider)
    assert client.get(url("list", staff)).status_code == 403
    login(client, staff.reviewer)
    page = client.get(url("list", staff)).content.decode()
    assert "从记录生成年报" not in page  # reviewers see reports but do not generate them
    assert client.post(url("list", staff), {"year": 2023}).status_code == 200
    assert not AnnualReport.objects.exists()
    assert client.get(url("detail", staff, 2023)).status_code == 404
    assert client.get(url("download", staff, 2023, "exe")).status_code == 404


def test_preview_may_be_framed_by_the_same_site(client, staff):
    login(client, staff.drafter)
    client.post(url("list", staff), {"year": 2023})
    assert client.get(url("download", staff, 2023, "html"))["X-Frame-Options"] == "SAMEORIGIN"


def test_edit_with_bad_input_keeps_the_typed_texts(client, staff):
    login(client, staff.drafter)
    client.post(url("list", staff), {"year": 2023})
    problems = "1、栏目更新不及时。下一步将落实专人维护，按月检查。"
    response = client.post(
        url("edit", staff, 2023), {"overview": "", "problems": problems, "other": "", "reason": "长" * 201}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "输入有误，未保存" in page and problems in page
    assert AnnualReport.objects.get(organization=staff.org, year=2023).report.sections["problems"] != problems
