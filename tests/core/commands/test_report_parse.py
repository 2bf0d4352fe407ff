"""``gongkai report parse``: text summary and JSON output."""

import json

from gongkai.core.cli import run
from tests.conftest import SEED
from tests.core.parse.corpus import CORPUS


def test_parse_json_output_has_report_and_parser_findings(capsys):
    assert run(["report", "parse", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"]["organization"] == "思礼镇人民政府"
    assert data["report"]["table3"]["disclosed"]["total"] is None
    assert data["report"]["table2"]["procurement"]["amount"] == 32.2526
    rules = {f["rule"] for f in data["findings"]}
    assert {"structure.missing_section", "structure.label_variant", "structure.unplaced_values"} <= rules
    assert "structure.missing_cells" not in rules  # the checker's, not the parser's


def test_parse_text_output_names_source_kind(capsys):
    assert run(["report", "parse", str(CORPUS / "docx" / "01_2021_2021.docx")]) == 0
    out = capsys.readouterr().out
    assert "城关街道办事处 2021 年度报告，2021 年格式，来源 DOCX" in out
    assert "读取单元格 200/200 个" in out
