"""Reports the renderer tests print: the seed (思礼镇 2020, 2019 format) and a hand-made 2021 report."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.core.report import Report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_JSON = FIXTURES / "reports" / "silizhen_2020.json"
GOLDEN = FIXTURES / "golden"


def build_report_2021() -> Report:
    """A consistent 2021-format report with zeros, blanks (None), a decimal fee and every table used."""
    report = Report.blank("2021", year=2022, organization="示例县人民政府办公室", fill=0)
    report.sections = {
        "overview": (
            "2022年，本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息 312 条。\n\n"
            "（一）主动公开。通过政府网站公开规范性文件 3 件。\n"
            "（二）依申请公开。全年收到政府信息公开申请 6 件，办结 6 件。"
        ),
        "problems": "1.公开内容还不够全面。\n2. 下一步将完善公开目录。",
        "other": "本年度未收取信息处理费。",
    }
    values = {
        "table2.normative_documents.made": 3,
        "table2.normative_documents.repealed": 1,
        "table2.normative_documents.in_force": 25,
        "table2.licensing.decisions": 128,
        "table2.penalty.decisions": 46,
        "table2.coercion.decisions": None,
        "table2.fees.amount": Decimal("1.25"),
        "table3.new_received.natural_person": 5,
        "table3.new_received.commercial": 1,
        "table3.new_received.total": 6,
        "table3.carried_over.natural_person": 1,
        "table3.carried_over.total": 1,
        "table3.disclosed.natural_person": 3,
        "table3.disclosed.total": 3,
        "table3.partially_disclosed.commercial": 1,
        "table3.partially_disclosed.total": 1,
        "table3.unavailable_not_held.natural_person": 1,
        "table3.unavailable_not_held.total": 1,
        "table3.other_unpaid_fee.natural_person": 1,
        "table3.other_unpaid_fee.total": 1,
        "table3.total_processed.natural_person": 5,
        "table3.total_processed.commercial": 1,
        "table3.total_processed.total": 6,
        "table3.carried_forward.natural_person": 1,
        "table3.carried_forward.total": 1,
        "table4.reconsideration.upheld": 1,
        "table4.reconsideration.total": 1,
        "table4.litigation_direct.pending": 1,
        "table4.litigation_direct.total": 1,
    }
    for ref, value in values.items():
        report.set_cell(ref, value)
    # A row the source left blank: every cell None, printed empty (not 0).
    for column in report.table3["withheld_query_matter"]:
        report.table3["withheld_query_matter"][column] = None
    return report


@pytest.fixture
def seed_report() -> Report:
    return Report.from_json(SEED_JSON.read_bytes())


@pytest.fixture
def report_2021() -> Report:
    return build_report_2021()


def assert_golden(name: str, text: str) -> None:
    """Compare *text* with the golden file *name*; GONGKAI_UPDATE_GOLDEN=1 rewrites it (then look at it)."""
    path = GOLDEN / name
    if os.environ.get("GONGKAI_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"golden file {path} missing: run with GONGKAI_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"render differs from {path}"
