"""Checks a supervisor can trust: each fires on the case built for it and stays silent on correct
reports (the wordings come from published reports)."""

import pytest

from gongkai.core import check
from gongkai.core.narrative import stated_figures, stated_sums
from tests.core.test_checks import good


def _rules(report, rule):
    return [f for f in check(report) if f.rule == rule]


def test_blank_total_with_numbered_parts_is_its_own_finding():
    r = good("2021", 2023)
    r.table3["new_received"]["total"] = None
    (finding,) = _rules(r, "table3.total_missing")
    assert finding.cells[0] == "table3.new_received.total" and "缺少总计" in finding.message
    assert "4" in finding.message
    r = good("2021", 2023)
    r.table4["reconsideration"]["total"] = None
    (finding,) = _rules(r, "table4.total_missing")
    assert finding.cells[0] == "table4.reconsideration.total"


def test_blank_total_silent_when_parts_are_blank_too_and_on_good_reports():
    r = good("2021", 2023)
    for column in r.table3["carried_over"]:
        r.table3["carried_over"][column] = None
    assert _rules(r, "table3.total_missing") == []
    assert _rules(good("2019", 2020), "table3.total_missing") == []


@pytest.mark.parametrize(
    ("text", "quantity", "value"),
    [
        ("本年度予以公开2件，部分公开1件。", "disclosed", 2),
        ("本年度予以公开2件，部分公开1件。", "partially_disclosed", 1),
        ("不予公开0件。", "withheld", 0),
        ("共收到依申请公开17条，均按要求完成答复。", "received", 17),
        ("2025年共收到政府信息公开申请0件次。", "received", 0),
        ("现行有效规范性文件393件。", "normative_in_force", 393),
        ("因政府信息公开引起的行政复议案件9件，已审结。", "reconsideration", 9),
        ("信息公开类行政复议1起，正在办理中。", "reconsideration", 1),
    ],
)
def test_stated_figures_in_the_wordings_reports_use(text, quantity, value):
    assert (quantity, value) in [(f.quantity, f.value) for f in stated_figures(text)]


def test_text_figures_against_tables_fire():
    r = good("2021", 2023)
    r.table2["normative_documents"].update(made=0, repealed=0, in_force=470)
    r.sections["overview"] += "予以公开3件。现行有效规范性文件393件。"
    mismatches = _rules(r, "narrative.number_mismatch")
    assert {f.cells[0] for f in mismatches} == {"table3.disclosed.total", "table2.normative_documents.in_force"}
    assert any("393" in f.message and "470" in f.message for f in mismatches)


@pytest.mark.parametrize(
    "sentence",
    [
        "对予以公开的申请答复2件。",  # a per-category 答复 is not the total closed
        "未发生被行政复议纠错的情况。",  # no correction is not zero reconsiderations
        "县长信箱收到信件183条，答复183条。",  # letters are not applications
        "全年收到政府信息公开申请5件。",  # 4 new + 1 carried over
        "共收到申请5件（含上年结转1件）。",
    ],
)
def test_sentences_that_do_not_state_the_table_figure_stay_silent(sentence):
    r = good("2019", 2020)  # 4 new, 1 carried, 4 closed, 1 reconsideration
    r.sections["overview"] = sentence
    assert _rules(r, "narrative.number_mismatch") == []


def test_contradiction_all_closed_but_one_carried_forward():
    r = good("2021", 2023)  # 1 case 结转下年度
    r.sections["overview"] = "本年度收到申请4件，所有申请均已按要求办理完成。"
    (finding,) = _rules(r, "narrative.contradiction")
    assert finding.severity == "error" and "结转下年度" in finding.message
    r.table3["carried_forward"].update(natural_person=0, total=0)
    r.table3["carried_over"].update(natural_person=0, total=0)
    assert _rules(r, "narrative.contradiction") == []


def test_nested_lists_count_once_and_lists_broken_across_lines_are_followed():
    nested = (
        "共新增主动公开政府信息50条。其中机构类信息20条，内有领导成员10条、机构职能4条、机构概况1条、"
        "直属单位5条；工作类信息11条，其中镇街动态3条、计划总结3条、通知公告5条；政策文件类信息4条；"
        "民生事项类信息8条；财政管理类信息7条，其中部门预决算2条、专项经费5条。"
    )
    (outer, *_inner) = stated_sums(nested)
    assert outer.parts == (20, 11, 4, 8, 7) and outer.consistent()
    assert all(s.consistent() for s in stated_sums(nested))
    broken = "全年发布信息共 100 条，其中网站 60 条，\n微信 30 条。"
    (stated,) = stated_sums(broken)
    assert stated.parts == (60, 30) and not stated.consistent()
    approximate = "共800余条，其中网站公开471条（其中专栏135条），其他渠道公开300余条。"
    (stated,) = stated_sums(approximate)
    assert stated.parts == (471, 300) and stated.consistent()
