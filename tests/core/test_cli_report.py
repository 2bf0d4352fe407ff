"""``gongkai report check`` and ``gongkai report diff`` as scripts call them."""

import json
import subprocess
import sys

import pytest

from gongkai.core import Report
from tests.conftest import FIXTURES

SEED = FIXTURES / "reports" / "silizhen_2020.json"


def gongkai(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gongkai", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_check_good_report_exits_0_with_a_summary():
    out = gongkai("report", "check", SEED)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "思礼镇人民政府 2020 年度报告，2019 年格式"
    assert out.stdout.splitlines()[-1] == "通过：0 个错误，0 个警告，1 个提示"


def test_check_json_and_exit_1_on_errors(tmp_path):
    report = Report.from_json(SEED.read_text(encoding="utf-8"))
    report.table3["disclosed"]["natural_person"] = 2
    path = tmp_path / "bad.json"
    path.write_text(report.to_json(), encoding="utf-8")
    out = gongkai("report", "check", path, "--json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["report"]["table3"]["disclosed"]["natural_person"] == 2
    rules = [f["rule"] for f in data["findings"]]
    assert rules.count("table3.row_total") == 1 and rules.count("table3.results_total") == 1
    assert all(set(f) == {"rule", "severity", "message", "cells"} for f in data["findings"])


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02binary", b'{"format": "2019", "table3": {"x": {}}}', b"[1, 2", b'{"format": 2019}'],
)
def test_unreadable_input_exits_2_with_one_line(tmp_path, content):
    path = tmp_path / "r.json"
    path.write_bytes(content)
    out = gongkai("report", "check", path)
    if content == b'{"format": 2019}':
        assert out.returncode == 1  # readable: an empty 2019 report, with errors
        return
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_missing_file_and_bad_arguments_exit_2():
    out = gongkai("report", "check", "/no/such/file.json")
    assert out.returncode == 2 and "文件不存在" in out.stderr
    out = gongkai("report", "check")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_check_with_previous_year(tmp_path):
    last = Report.from_json(SEED.read_text(encoding="utf-8"))
    last.table3["carried_forward"]["natural_person"] = 1
    (tmp_path / "2020.json").write_text(last.to_json(), encoding="utf-8")
    this = Report.blank("2021", 2021, "思礼镇人民政府", fill=0)
    this.sections.update(overview="无申请。", problems="无。", other="无。")
    (tmp_path / "2021.json").write_text(this.to_json(), encoding="utf-8")
    out = gongkai("report", "check", tmp_path / "2021.json", "--previous", tmp_path / "2020.json")
    assert out.returncode == 1
    assert "cross_year.carry_over" in out.stdout and "相差1" in out.stdout


def test_diff(tmp_path):
    old = Report.from_json(SEED.read_text(encoding="utf-8"))
    data = old.to_dict()
    new = Report.from_dict({**data, "year": 2021, "format": "2021", "table2": {}, "table3": {}})
    (tmp_path / "a.json").write_text(old.to_json(), encoding="utf-8")
    (tmp_path / "b.json").write_text(new.to_json(), encoding="utf-8")
    out = gongkai("report", "diff", tmp_path / "a.json", tmp_path / "b.json", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "table2.procurement.amount" in data["only_old"]
    assert "table3.other_misc.total" in data["only_new"]
    changed = {c["cell"]: c for c in data["cells"]}
    assert changed["table3.new_received.total"] == {
        "cell": "table3.new_received.total",
        "label": "一、本年新收政府信息公开申请数量 / 总计",
        "old": 0,
        "new": None,
        "delta": None,
    }
    human = gongkai("report", "diff", tmp_path / "a.json", tmp_path / "b.json")
    assert "格式不同" in human.stdout
