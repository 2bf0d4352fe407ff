"""Scanned tables cell by cell (gongkai.core.parse.ocrcells): a number only when two readings agree,
and rows whose label OCR garbled placed by the labelled rows around them."""

from __future__ import annotations

import numpy as np
from PIL import Image

from gongkai.core.parse.blocks import Grid, Para
from gongkai.core.parse.ocrcells import (
    SPECK,
    UNSURE,
    _bands,
    _despeck,
    _framed,
    _label,
    _threshold,
    _vote,
    place_by_order,
)


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


def _digit_cell() -> np.ndarray:
    """A 60×90 cell's ink: a 0 (a ring, 25 rows high) in its middle."""
    ink = np.zeros((60, 90), dtype=bool)
    ink[18:43, 38:52] = True
    ink[21:40, 41:49] = False
    return ink


def test_a_dust_speck_below_a_digit_is_not_a_second_line_of_text():
    ink = _digit_cell()
    digit = int(ink.sum())
    ink[52:54, 10:12] = True  # a speck of scanner dust, 9 rows below the 0 (longyou_2023_scan, （六）1)
    assert _bands(ink.any(axis=1)) == 2  # without despeckling the cell reads as a two-line label
    _despeck(ink)
    assert _bands(ink.any(axis=1)) == 1 and int(ink.sum()) == digit


def test_despeckling_keeps_digits_a_decimal_point_and_a_real_second_line():
    ink = _digit_cell()
    ink[40:43, 56:59] = True  # a decimal point after the 0 …
    ink[18:43, 62:66] = True  # … and a 1 after it
    ink[2:8, 80:83] = True  # a speck in the corner, beside the figures' rows
    kept = int(ink.sum()) - 18
    _despeck(ink)
    assert int(ink.sum()) == kept and ink[41, 57]  # only the corner speck went
    label = _digit_cell()
    label[48:58, 20:70] = True  # a second line of text (500 dark pixels) stays
    _despeck(label)
    assert _bands(label.any(axis=1)) == 2
    assert SPECK < 60  # a speck is far smaller than the least ink a digit has


def test_the_sharp_reading_makes_the_crop_black_on_white_first():
    grey = np.full((26, 16), 235, dtype=np.uint8)
    grey[3:23, 4:12] = 120  # a faint glyph on grey paper
    grey[6:20, 6:10] = 235
    assert 120 <= _threshold(grey) < 235
    soft = np.asarray(_framed(Image.fromarray(grey), 48))
    sharp = np.asarray(_framed(Image.fromarray(grey), 48, sharp=True))
    assert soft.shape == sharp.shape
    assert sharp.min() < 40 and soft.min() > 60  # the faint strokes become black (scaling alone keeps them grey)
    assert sharp[:10].min() == 255  # the margin stays white
