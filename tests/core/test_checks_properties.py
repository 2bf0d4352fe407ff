"""Property tests: consistent reports pass; one changed cell raises exactly the rules it takes part in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core import check
from gongkai.core.formats import TABLE3_NON_RESULT_ROWS
from tests.core.strategies import consistent_reports

BALANCE_ROWS = {"new_received", "carried_over", "total_processed", "carried_forward"}
NARRATIVE_CELLS = {
    "table3.new_received.total",
    "table3.total_processed.total",
    "table4.reconsideration.total",
    "table4.litigation_direct.total",
    "table4.litigation_after_reconsideration.total",
}


def expected_rules(report, ref: str) -> set[str]:
    """The rules that a change to cell *ref* must raise (derived from the template's arithmetic)."""
    table, row, column = ref.split(".")
    rules: set[str] = set()
    if table == "table3":
        rules.add("table3.row_total")
        if row not in TABLE3_NON_RESULT_ROWS or row == "total_processed":
            rules.add("table3.results_total")
        if row in BALANCE_ROWS:
            rules.add("table3.balance")
    elif table == "table4":
        rules.add("table4.total")
    if ref in NARRATIVE_CELLS:
        rules.add("narrative.number_mismatch")
    if ref == "table2.procurement.amount" and report.format == "2019":
        rules.add("table2.amount_unit")
    return rules


def baseline_rules(report) -> set[str]:
    return {f.rule for f in check(report)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_consistent_reports_have_no_errors_or_warnings(report):
    findings = check(report)
    assert [f for f in findings if f.severity != "info"] == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.data(), st.integers(1, 9))
def test_one_changed_cell_raises_exactly_its_rules(report, data, delta):
    ref, value = data.draw(st.sampled_from(list(report.cells())))
    before = baseline_rules(report)
    report.set_cell(ref, value + delta)
    after = {f.rule for f in check(report)}
    new_rules = after - before
    assert new_rules == expected_rules(report, ref) - before
    for finding in check(report):
        if finding.rule in new_rules and finding.rule != "table2.amount_unit":
            assert ref in finding.cells


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.data())
def test_invalid_cell_raises_cell_invalid_and_no_arithmetic(report, data):
    ref, value = data.draw(st.sampled_from([(r, v) for r, v in report.cells() if not r.endswith(".change")]))
    report.set_cell(ref, -1 - value)
    findings = check(report)
    invalid = [f for f in findings if f.rule == "cell.invalid"]
    assert [f.cells for f in invalid] == [(ref,)]
    # an unreadable cell is never used in a sum, so no arithmetic rule fires on its account
    assert not [f for f in findings if ref in f.cells and f.rule != "cell.invalid"]
