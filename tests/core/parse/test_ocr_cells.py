"""Scanned tables cell by cell (gongkai.core.parse.ocrcells): a number only when two readings agree,
and rows whose label OCR garbled placed by the labelled rows around them."""

from __future__ import annotations

from gongkai.core.parse.blocks import Grid, Para
from gongkai.core.parse.ocrcells import UNSURE, _label, _vote, place_by_order


def test_a_number_needs_two_readings_and_no_confident_dissent():
    assert _vote([("0", 96.0), ("0", 95.0)]) == "0"
    assert _vote([("17", 60.0), ("17", 51.0), ("", 0.0)]) == "17"
    assert _vote([("0", 96.0)]) is None  # one reading is not enough
    assert _vote([("0", 96.0), ("0", 40.0)]) is None  # the second is not confident
    assert _vote([("4", 68.0), ("0", 97.0), ("0", 70.0)]) is None  # a confident dissent
    assert _vote([("1", 55.0), ("0", 95.5), ("0", 96.3)]) == "0"  # two sure readings outvote a weak one
    assert _vote([("(0", 60.0), ("0)", 70.0)]) is None  # not numbers
    assert _label([("机", 9.0), ("未经复议直接起诉", 90.6)]) == "未经复议直接起诉"
    assert _label([("0", 96.0)]) is None


def _t2(first_label: str) -> list:
    return [
        Para("二、主动公开政府信息情况"),
        Grid(
            [
                ["第二十条第（一）项", None, None, None],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                [first_label, "0", "", ""],
                ["行政规范性文件", "1", "0", "1"],
            ],
            True,
        ),
    ]


def test_a_garbled_first_row_takes_the_label_its_place_proves():
    blocks = _t2("舰阐")
    assert place_by_order(blocks) == ["规章"]
    assert blocks[1].rows[2][0] == "规章"


def test_rows_between_labelled_rows_are_placed_only_when_the_count_fits():
    def table3(middle: list[str]) -> list:
        rows = [["1.信访举报投诉类申请", "0", "0", "0", "0", "0", "0", "0"]]
        rows += [[m, "0", "0", "0", "0", "0", "0", UNSURE] for m in middle]
        rows += [["5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"]]
        return [Grid(rows, True)]

    fits = table3(["2.重夏申请", "3.要求提供公开出版物", "4.无正当理由大量反复申青"])
    assert place_by_order(fits) == ["2.重复申请", "4.无正当理由大量反复申请"]
    short = table3(["2.重夏申请", "4.无正当理由大量反复申青"])  # a row lost: which one is unknown
    assert place_by_order(short) == []
    assert [r[0] for r in short[0].rows[1:3]] == ["2.重夏申请", "4.无正当理由大量反复申青"]


def test_a_lone_total_is_the_total_row_in_table_three():
    blocks = [Grid([["3.其他", "0", "0", "0", "0", "0", "0", "0"], ["总计", "1", "0", "0", "0", "0", "0", "1"],
                    ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"]], True)]  # fmt: skip
    assert place_by_order(blocks) == []  # renamed, not placed by order
    assert blocks[0].rows[1][0] == "（七）总计"
