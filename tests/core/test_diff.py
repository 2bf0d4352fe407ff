"""Comparing two reports."""

from gongkai.core import Report
from gongkai.core.diff import diff_reports


def make(year, version, **t3):
    r = Report.blank(version, year, "某镇", fill=0)
    for row, value in t3.items():
        r.table3[row].update(natural_person=value, total=value)
    r.sections.update(overview="今年总体情况良好。", problems="宣传不够。", other="无。")
    return r


def test_cell_changes_with_delta_and_labels():
    old = make(2021, "2021", new_received=2, disclosed=2, total_processed=2)
    new = make(2022, "2021", new_received=5, disclosed=5, total_processed=5)
    result = diff_reports(old, new)
    cells = {c.cell: c for c in result.cells}
    assert set(cells) == {
        f"table3.{row}.{col}"
        for row in ("new_received", "disclosed", "total_processed")
        for col in ("natural_person", "total")
    }
    assert cells["table3.disclosed.total"].delta == 3
    assert cells["table3.disclosed.total"].label == "（一）予以公开 / 总计"
    assert result.carry_over == []


def test_section_text_changes_and_carry_over():
    old = make(2021, "2021", carried_forward=1, new_received=1)
    new = make(2022, "2021", carried_over=2, total_processed=2)
    new.sections["problems"] = "宣传不够，需要改进。"
    result = diff_reports(old, new)
    (section,) = result.sections
    assert section.section == "section.5" and section.status == "changed"
    assert 0 < section.similarity < 1
    assert [f.cells for f in result.carry_over] == [
        ("table3.carried_over.natural_person",),
        ("table3.carried_over.total",),
    ]


def test_equal_numbers_of_different_types_are_not_changes():
    old = make(2021, "2021")
    new = make(2021, "2021")
    new.table2["fees"]["amount"] = "0"
    assert diff_reports(old, new).cells == []


def test_identical_texts_are_flagged():
    old, new = make(2021, "2021"), make(2022, "2021")
    new.sections["other"] = "本年度收取信息处理费0元。"
    result = diff_reports(old, new)
    assert result.identical_sections == ["section.1", "section.5"]
    assert [s.section for s in result.sections] == ["section.6"]
