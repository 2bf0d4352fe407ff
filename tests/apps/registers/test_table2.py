"""table2_for: the 第二十条 registers counted into table 2 of both report formats."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.apps.organizations.testing import make_org
from gongkai.apps.registers.models import Decision, FeeIncome, ProcurementProject, RegulatoryDocument, ServiceMatter
from gongkai.apps.registers.selectors import table2_for, to_wanyuan
from gongkai.apps.registers.services import register_entry_create

pytestmark = pytest.mark.django_db

D = dt.date

SCHEMA_2019 = {
    "regulations": {"new_made", "new_published", "total_published"},
    "normative_documents": {"new_made", "new_published", "total_published"},
    "licensing": {"previous_items", "change", "decisions"},
    "other_services": {"previous_items", "change", "decisions"},
    "penalty": {"previous_items", "change", "decisions"},
    "coercion": {"previous_items", "change", "decisions"},
    "fees": {"previous_items", "change"},
    "procurement": {"projects", "amount"},
}
SCHEMA_2021 = {
    "regulations": {"made", "repealed", "in_force"},
    "normative_documents": {"made", "repealed", "in_force"},
    "licensing": {"decisions"},
    "penalty": {"decisions"},
    "coercion": {"decisions"},
    "fees": {"amount"},
}


def add(org, model, **fields):
    return register_entry_create(actor=None, organization=org, model=model, **fields)


def test_empty_registers_give_zeros_in_schema_keys():
    org = make_org("空镇", slug="empty")
    t19 = table2_for(org, 2020, "2019")
    assert {k: set(v) for k, v in t19.items()} == SCHEMA_2019
    assert all(v == 0 for row in t19.values() for v in row.values())
    t21 = table2_for(org, 2022, 2021)
    assert {k: set(v) for k, v in t21.items()} == SCHEMA_2021
    assert t21["fees"]["amount"] == Decimal(0)
    with pytest.raises(ValueError):
        table2_for(org, 2020, "2018")


def test_seed_procurement_six_projects_322526_yuan():
    org = make_org("思礼镇人民政府", slug="sili")
    amounts = ["50000.00", "48000.00", "62000.00", "71526.00", "45000.00", "46000.00"]
    for i, amount in enumerate(amounts, start=1):
        add(org, ProcurementProject, name=f"采购项目{i}", procured_on=D(2020, i, 10), amount=Decimal(amount))
    add(org, ProcurementProject, name="上年项目", procured_on=D(2019, 12, 31), amount=Decimal("99999"))
    row = table2_for(org, 2020, "2019")["procurement"]
    assert row == {"projects": 6, "amount": Decimal("32.2526")}


def test_documents_counts_both_formats():
    org = make_org("甲镇", slug="jia")
    add(org, RegulatoryDocument, kind="normative", title="A", made_on=D(2019, 5, 1), published_on=D(2019, 5, 10))
    add(org, RegulatoryDocument, kind="normative", title="B", made_on=D(2020, 2, 1), published_on=D(2020, 2, 5))
    add(org, RegulatoryDocument, kind="normative", title="C", made_on=D(2020, 12, 30), published_on=D(2021, 1, 4))
    add(
        org,
        RegulatoryDocument,
        kind="normative",
        title="D",
        made_on=D(2018, 1, 1),
        published_on=D(2018, 1, 2),
        repealed_on=D(2020, 6, 1),
    )
    t19 = table2_for(org, 2020, "2019")["normative_documents"]
    assert t19 == {"new_made": 2, "new_published": 1, "total_published": 3}
    t21 = table2_for(org, 2020, "2021")["normative_documents"]
    assert t21 == {"made": 2, "repealed": 1, "in_force": 3}  # A, B, C in force; D repealed in 2020
    assert table2_for(org, 2020, "2019")["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}


def test_matters_previous_change_and_decisions():
    org = make_org("乙镇", slug="yi")
    a = add(org, ServiceMatter, kind="licensing", name="许可一", listed_on=D(2018, 1, 1))
    add(org, ServiceMatter, kind="licensing", name="许可二", listed_on=D(2019, 3, 1), delisted_on=D(2020, 4, 1))
    add(org, ServiceMatter, kind="licensing", name="许可三", listed_on=D(2019, 3, 1), delisted_on=D(2020, 5, 1))
    add(org, ServiceMatter, kind="licensing", name="许可四", listed_on=D(2020, 7, 1))
    add(org, ServiceMatter, kind="fees", name="收费一", listed_on=D(2020, 1, 1))
    add(org, Decision, kind="licensing", matter=a, decided_on=D(2020, 3, 3), quantity=12)
    add(org, Decision, kind="licensing", decided_on=D(2020, 9, 3))
    add(org, Decision, kind="penalty", decided_on=D(2020, 9, 3), quantity=2)
    add(org, Decision, kind="penalty", decided_on=D(2019, 9, 3), quantity=5)
    t19 = table2_for(org, 2020, "2019")
    assert t19["licensing"] == {"previous_items": 3, "change": -1, "decisions": 13}
    assert t19["penalty"] == {"previous_items": 0, "change": 0, "decisions": 2}
    assert t19["fees"] == {"previous_items": 0, "change": 1}
    t21 = table2_for(org, 2020, "2021")
    assert t21["licensing"] == {"decisions": 13} and t21["penalty"] == {"decisions": 2}


def test_fee_amount_in_wanyuan_2021():
    org = make_org("丙镇", slug="bing")
    add(org, FeeIncome, received_on=D(2021, 3, 1), amount=Decimal("1200.50"))
    add(org, FeeIncome, received_on=D(2021, 9, 1), amount=Decimal("98799.50"))
    add(org, FeeIncome, received_on=D(2020, 9, 1), amount=Decimal("5"))
    assert table2_for(org, 2021, "2021")["fees"] == {"amount": Decimal("10")}


def test_other_organizations_are_not_counted():
    org = make_org("丁镇", slug="ding")
    other = make_org("戊镇", slug="wu")
    add(other, ProcurementProject, name="别人的", procured_on=D(2020, 1, 1), amount=Decimal(100))
    assert table2_for(org, 2020, "2019")["procurement"]["projects"] == 0


@pytest.mark.parametrize(
    ("yuan", "text"),
    [("322526.00", "32.2526"), ("100000", "10"), ("0", "0"), ("1", "0.0001"), ("123456789.12", "12345.678912")],
)
def test_to_wanyuan(yuan, text):
    assert str(to_wanyuan(Decimal(yuan))) == text
