"""The 第二十条 registers appear in their statutory sub-columns of the portal (条例第二十条（一）（五）（六）（八）（九）)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from gongkai.apps.portal.caching import clear_memo
from gongkai.apps.registers.models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter
from gongkai.apps.registers.services import register_entry_create, register_entry_update
from tests.apps.portal.helpers import node, portal_staff, published

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
THIS_YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    clear_memo()
    yield
    cache.clear()
    clear_memo()


def _page(client, staff, code: str) -> str:
    response = client.get(f"/{staff.org.slug}/catalogue/{node(staff.org, code).pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _add(staff, model, **fields):
    return register_entry_create(actor=staff.drafter, organization=staff.org, model=model, **fields)


def test_procurement_column_lists_the_projects_with_the_years_total(client):
    staff = portal_staff("rc1")
    for i, amount in enumerate(("12000", "310526", "0"), start=1):
        _add(
            staff,
            ProcurementProject,
            name=f"采购项目{i}",
            project_number=f"CG-{i}",
            procured_on=dt.date(2020, i, 5),
            amount=Decimal(amount),
        )
    _add(staff, ProcurementProject, name="上一年项目", procured_on=dt.date(2019, 6, 1), amount=Decimal("5000"))
    text = _text(_page(client, staff, "art20.9"))
    assert "2020 年政府集中采购项目" in text and "2019 年政府集中采购项目" in text
    assert text.index("2020 年政府集中采购项目") < text.index("2019 年政府集中采购项目")  # newest year first
    assert "采购项目1 CG-1 2020-01-05 1.2" in text
    assert "合计 3 个项目 32.2526" in text  # 322,526 元 → 32.2526 万元, exact
    assert "合计 1 个项目 0.5" in text
    assert "本栏目暂无公开信息" not in text


def test_a_register_change_shows_at_once(client):
    staff = portal_staff("rc2")
    project = _add(staff, ProcurementProject, name="办公设备", procured_on=dt.date(2021, 3, 1), amount=Decimal("10000"))
    assert "合计 1 个项目 1 " in _text(_page(client, staff, "art20.9")) + " "
    register_entry_update(actor=staff.drafter, entry=project, amount=Decimal("25000"))
    _add(staff, ProcurementProject, name="打印机", procured_on=dt.date(2021, 4, 1), amount=Decimal("5000"))
    text = _text(_page(client, staff, "art20.9"))
    assert "合计 2 个项目 3" in text and "打印机" in text


def test_empty_register_says_so_in_its_own_words(client):
    staff = portal_staff("rc3")
    text = _text(_page(client, staff, "art20.9"))
    assert "暂无政府集中采购项目登记" in text
    # a column without a register keeps the usual empty list
    assert "本栏目暂无公开信息" in _text(_page(client, staff, "art20.2"))


def test_documents_column_shows_validity_and_links_the_published_item(client):
    staff = portal_staff("rc4")
    item = published(
        staff.org, "思礼镇村级公益事业建设一事一议管理办法", code="art20.1", document_number="思政发〔2020〕3号"
    )
    _add(
        staff,
        RegulatoryDocument,
        kind="normative",
        title="思礼镇村级公益事业建设一事一议管理办法",
        document_number="思政发〔2020〕3号",
        made_on=dt.date(2020, 2, 1),
        published_on=dt.date(2020, 2, 10),
        item=item,
    )
    _add(
        staff,
        RegulatoryDocument,
        kind="normative",
        title="已废止的旧办法",
        made_on=dt.date(2015, 1, 1),
        published_on=dt.date(2015, 1, 5),
        repealed_on=dt.date(2020, 2, 1),
    )
    _add(staff, RegulatoryDocument, kind="normative", title="尚未公开的文件", made_on=dt.date(2020, 5, 1))
    html = _page(client, staff, "art20.1")
    text = _text(html)
    assert f'href="/{staff.org.slug}/items/{item.pk}/"' in html
    assert "现行有效" in text and "已废止（2020-02-01）" in text
    assert "尚未公开的文件" not in text  # only published documents are shown
    assert "现行有效 1 件，共 2 件" in text
    assert "暂无已公开的规章" in text


def test_decision_columns_show_matters_and_yearly_counts_but_no_summaries(client):
    staff = portal_staff("rc5")
    matter = _add(
        staff,
        ServiceMatter,
        kind="penalty",
        name="违法占地的处罚",
        basis="《土地管理法》第七十七条",
        listed_on=dt.date(2019, 1, 1),
    )
    _add(
        staff,
        ServiceMatter,
        kind="penalty",
        name="已取消的事项",
        listed_on=dt.date(2018, 1, 1),
        delisted_on=dt.date(2019, 1, 1),
    )
    _add(
        staff,
        Decision,
        kind="penalty",
        matter=matter,
        decided_on=dt.date(THIS_YEAR, 1, 2),
        quantity=3,
        summary="对张三罚款",
    )
    _add(staff, Decision, kind="coercion", decided_on=dt.date(THIS_YEAR - 1, 5, 2), quantity=2)
    text = _text(_page(client, staff, "art20.6"))
    assert "行政处罚事项（现行 1 项）" in text and "违法占地的处罚 《土地管理法》第七十七条 2019-01-01" in text
    assert "已取消的事项" not in text
    assert f"{THIS_YEAR} 年 3 0" in text and f"{THIS_YEAR - 1} 年 0 2" in text
    assert "张三" not in text  # a decision's summary may name a person: never shown
    assert "暂无行政强制事项" in text


def test_fees_column_shows_items_standards_and_amounts(client):
    staff = portal_staff("rc6")
    fee = _add(
        staff,
        ServiceMatter,
        kind="fees",
        name="不动产登记费",
        basis="发改价格规〔2016〕2559号",
        standard="每件80元",
        listed_on=dt.date(2019, 1, 1),
    )
    _add(staff, FeeIncome, matter=fee, received_on=dt.date(THIS_YEAR, 3, 1), amount=Decimal("1600"))
    text = _text(_page(client, staff, "art20.8"))
    assert "不动产登记费 发改价格规〔2016〕2559号 每件80元 2019-01-01" in text
    assert f"{THIS_YEAR} 年 0.16" in text


def test_registers_of_another_body_never_show(client):
    staff = portal_staff("rc7")
    register_entry_create(
        actor=None,
        organization=staff.other_org,
        model=ProcurementProject,
        name="别的机关的项目",
        procured_on=dt.date(2020, 1, 1),
        amount=Decimal(1),
    )
    assert "别的机关的项目" not in _page(client, staff, "art20.9")
