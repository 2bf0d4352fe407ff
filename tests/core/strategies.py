"""Hypothesis strategies: random annual reports that are consistent by construction."""

from __future__ import annotations

from hypothesis import strategies as st

from gongkai.core import Report
from gongkai.core.formats import TABLE3_APPLICANT_COLUMNS, TABLE3_NON_RESULT_ROWS

small = st.integers(min_value=0, max_value=40)


@st.composite
def consistent_reports(draw, format=None):
    """A report whose every 勾稽关系 holds and whose text states the table figures."""
    version = format or draw(st.sampled_from(["2019", "2021"]))
    year = draw(st.integers(2019, 2020)) if version == "2019" else draw(st.integers(2021, 2030))
    report = Report.blank(
        version, year, draw(st.sampled_from(["思礼镇人民政府", "某县人民政府办公室", "某街道办事处"])), fill=0
    )
    table2 = report.fmt.table2
    for row in table2.rows:
        for column in row.columns:
            kind = table2.column(column).kind
            value = draw(st.integers(-20, 20)) if kind == "signed" else draw(small)
            report.table2[row.key][column] = value
    t3 = report.table3
    results = [r.key for r in report.fmt.table3.rows if r.key not in TABLE3_NON_RESULT_ROWS]
    for column in TABLE3_APPLICANT_COLUMNS:
        for row in results:
            t3[row][column] = draw(st.integers(0, 6))
        processed = sum(t3[row][column] for row in results)
        t3["total_processed"][column] = processed
        t3["carried_forward"][column] = draw(st.integers(0, 5))
        t3["carried_over"][column] = draw(st.integers(0, processed + t3["carried_forward"][column]))
        t3["new_received"][column] = processed + t3["carried_forward"][column] - t3["carried_over"][column]
    for row in t3:
        t3[row]["total"] = sum(t3[row][c] for c in TABLE3_APPLICANT_COLUMNS)
    for group in report.table4.values():
        for column in ("upheld", "corrected", "other", "pending"):
            group[column] = draw(st.integers(0, 5))
        group["total"] = group["upheld"] + group["corrected"] + group["other"] + group["pending"]
    litigation = (
        report.table4["litigation_direct"]["total"] + report.table4["litigation_after_reconsideration"]["total"]
    )
    report.sections["overview"] = (
        f"本年度共收到政府信息公开申请{t3['new_received']['total']}件，办结{t3['total_processed']['total']}件。"
        f"被申请行政复议{report.table4['reconsideration']['total']}件，被提起行政诉讼{litigation}件。"
    )
    report.sections["problems"] = "宣传力度不够。下一步加强宣传。"
    report.sections["other"] = "本年度收取信息处理费0元。"
    return report
