"""The report model and its exact JSON round trip."""

import json
from decimal import Decimal

import pytest

from gongkai.core import Report, ReportFormatError
from tests.conftest import FIXTURES

SEED = FIXTURES / "reports" / "silizhen_2020.json"


def test_seed_fixture_round_trips_byte_for_byte():
    text = SEED.read_text(encoding="utf-8")
    assert Report.from_json(text).to_json() + "\n" == text


def test_null_and_zero_stay_apart_and_money_stays_exact():
    data = Report.blank("2019", 2020, "某镇").to_dict()
    data["table3"]["new_received"]["natural_person"] = 0
    data["table2"]["procurement"]["amount"] = "32.2526"
    text = json.dumps(data, ensure_ascii=False).replace('"amount": "32.2526"', '"amount": 1.10')
    report = Report.from_json(text)
    assert report.table3["new_received"]["natural_person"] == 0
    assert report.table3["new_received"]["commercial"] is None
    assert report.table2["procurement"]["amount"] == Decimal("1.10")
    again = Report.from_json(report.to_json())
    assert again.to_dict() == report.to_dict()
    assert '"amount": 1.10' in report.to_json()


def test_decimal_string_is_kept_as_a_string():
    report = Report.blank("2021", 2021, "某镇")
    report.table2["fees"]["amount"] = "0.35"
    assert '"amount": "0.35"' in report.to_json()


def test_missing_rows_are_filled_with_null():
    report = Report.from_dict({"format": "2021", "year": 2022, "organization": "甲", "table3": {}})
    assert report.cell("table3.other_unpaid_fee.total") is None
    assert report.to_dict()["table4"]["reconsideration"] == dict.fromkeys(
        ["upheld", "corrected", "other", "pending", "total"]
    )


def test_check_output_is_accepted_as_input():
    report = Report.from_json(SEED.read_text(encoding="utf-8"))
    wrapped = {"report": report.to_dict(), "findings": []}
    assert Report.from_dict(wrapped).to_dict() == report.to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "顶层应为 JSON 对象"),
        ({"year": 2020}, "缺少 format"),
        ({"format": "2020"}, "未知的年报格式"),
        ({"format": "2019", "year": "2020"}, "year 应为整数"),
        ({"format": "2019", "schema": "other/1"}, "不支持的数据格式"),
        ({"format": "2021", "table2": {"procurement": {}}}, "没有的行：procurement"),
        ({"format": "2019", "table3": {"other": {"foo": 1}}}, "没有的列：foo"),
        ({"format": "2019", "table4": {"reconsideration": {"total": [1]}}}, "应为数字"),
        ({"format": "2019", "sections": {"intro": "x"}}, "未知的键"),
    ],
)
def test_bad_data_is_refused_with_a_chinese_message(data, message):
    with pytest.raises(ReportFormatError, match=message):
        Report.from_dict(data)


def test_bad_json_text():
    with pytest.raises(ReportFormatError, match="不是有效的 JSON"):
        Report.from_json("{")
    with pytest.raises(ReportFormatError, match="NaN"):
        Report.from_json('{"format": "2019", "table4": {"reconsideration": {"total": NaN}}}')


def test_cell_references():
    report = Report.blank("2019", 2020, "甲", fill=0)
    report.set_cell("table4.litigation_direct.pending", 2)
    assert report.table4["litigation_direct"]["pending"] == 2
    with pytest.raises(ReportFormatError):
        report.cell("table2.fees.amount")  # 2019 fees has no amount column
    with pytest.raises(ReportFormatError):
        report.set_cell("table9.x.y", 1)
