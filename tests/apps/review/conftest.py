"""Fixtures of the report checking tests: a county with townships, a subdistrict and departments, its
supervisors, and real report files (DOCX, HTML, the seed text, JSON, bad files)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.organizations.choices import OrganizationKind, Role
from gongkai.apps.organizations.testing import make_org, make_user
from gongkai.core import Report
from tests.conftest import FIXTURES, SEED

CORPUS = FIXTURES / "corpus"


@dataclass
class County:
    county: object
    qingshi: object
    sili: object
    baisha: object
    chengguan: object
    transport: object
    education: object
    other_county: object
    leader: object
    sysadmin: object
    drafter: object
    reviewer: object
    town_leader: object
    outsider: object


@pytest.fixture
def county(db) -> County:
    county = make_org("柳河县人民政府", slug="liuhe", kind=OrganizationKind.COUNTY)
    T, S, D = OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT, OrganizationKind.DEPARTMENT
    qingshi = make_org("青石镇人民政府", slug="qingshi", parent=county, kind=T)
    sili = make_org("思礼镇人民政府", slug="sili", parent=county, kind=T)
    baisha = make_org("白沙乡人民政府", slug="baisha", parent=county, kind=T)
    chengguan = make_org("城关街道办事处", slug="chengguan", parent=county, kind=S)
    transport = make_org("交通运输局", slug="liuhe-transport", parent=county, kind=D)
    education = make_org("柳河县教育局", slug="liuhe-education", parent=county, kind=D)
    other = make_org("东坡区人民政府", slug="dongpo", kind=OrganizationKind.COUNTY)
    return County(
        county,
        qingshi,
        sili,
        baisha,
        chengguan,
        transport,
        education,
        other,
        leader=make_user("county-leader", organization=county, roles=[Role.LEADER]),
        sysadmin=make_user("county-sysadmin", organization=county, roles=[Role.SYSADMIN]),
        drafter=make_user("county-drafter", organization=county, roles=[Role.DRAFTER]),
        reviewer=make_user("county-reviewer", organization=county, roles=[Role.REVIEWER]),
        town_leader=make_user("town-leader", organization=qingshi, roles=[Role.LEADER]),
        outsider=_everything_in(other, make_user("outsider")),
    )


def _everything_in(org, user):
    """Every role in *org*: no real person may hold them all (三员分立), so written directly, for tests only."""
    from gongkai.apps.organizations.models import Membership

    Membership.objects.bulk_create([Membership(user=user, organization=org, role=r) for r in Role.values])
    return user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def balanced_report(organization: str, year: int, *, carried_over: int = 2, fmt: str | None = None) -> Report:
    """A report without findings: every section written, table 3 balanced (一 + 二 = 三（七） + 四)."""
    report = Report.blank(fmt or ("2019" if year <= 2020 else "2021"), year, organization, fill=0)
    for key in ("overview", "problems", "other"):
        report.sections[key] = "本年度政府信息公开工作情况。"
    for row, n in (
        ("new_received", 5),
        ("carried_over", carried_over),
        ("disclosed", 3),
        ("total_processed", 3),
        ("carried_forward", 2 + carried_over),
    ):
        report.table3[row]["natural_person"] = n
        report.table3[row]["total"] = n
    return report


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def json_file(report: Report, name: str = "report.json") -> SimpleUploadedFile:
    return upload(name, report.to_json().encode("utf-8"))


def docx_file(report: Report, name: str = "report.docx") -> SimpleUploadedFile:
    """A DOCX written with python-docx (through the core's DOCX renderer: merged cells, real tables)."""
    from gongkai.core.render import render

    return upload(name, render(report, "docx"))


def html_file(report: Report, name: str = "report.html") -> SimpleUploadedFile:
    """A web page: the report's HTML inside site chrome (navigation, breadcrumb, footer)."""
    from gongkai.core.render.html import render_text

    page = render_text(report)
    chrome = (
        '<body><nav><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 年报</nav>'
        "<div class='sidebar'><ul><li>政府信息公开指南</li><li>政府信息公开制度</li></ul></div>"
    )
    page = page.replace("<body>", chrome, 1).replace("</body>", "<footer>主办单位：县人民政府办公室</footer></body>")
    return upload(name, page.encode("utf-8"))


def seed_file() -> SimpleUploadedFile:
    return upload("思礼镇2020年报.txt", SEED.read_bytes())


def corpus_file(relative: str, name: str | None = None) -> SimpleUploadedFile:
    path = CORPUS / relative
    return upload(name or Path(relative).name, path.read_bytes())


def bad_files() -> list[SimpleUploadedFile]:
    """An empty text, a binary file named .txt, and a DOCX cut in half."""
    docx = render_docx_bytes()
    return [
        upload("空文件.txt", b""),
        upload("乱码.txt", bytes(range(256)) * 8),
        upload("截断.docx", docx[: len(docx) // 2]),
    ]


def render_docx_bytes() -> bytes:
    from gongkai.core.render import render

    return render(balanced_report("某镇人民政府", 2021), "docx")


def xlsx_values(data: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
