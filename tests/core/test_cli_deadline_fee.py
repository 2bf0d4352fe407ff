"""``gongkai deadline`` and ``gongkai fee`` run as a user would: ``python -m gongkai …``."""

import json
import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True, text=True, timeout=60)


def test_deadline_json_national_day():
    out = run("deadline", "2025-09-26", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["due"] == "2025-10-30" and data["provisional"] is False
    assert data["days"][0]["label"] == "周末"


def test_deadline_human_output_explains_days():
    out = run("deadline", "2025-01-20")
    assert out.returncode == 0, out.stderr
    assert "答复期限：2025-02-21" in out.stdout
    assert "2025-01-26 星期日  计第5个工作日：调休上班（春节）" in out.stdout
    assert "2025-01-28 星期二  不计：法定节假日（春节）" in out.stdout


def test_deadline_pause_and_extend():
    out = run("deadline", "2025-03-03", "--pause", "2025-03-10..2025-03-14", "--extend", "5", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["original_due"] == "2025-04-08"
    assert data["due"] == "2025-04-15"  # 4/9, 4/10, 4/11, 4/14, 4/15


def test_deadline_two_pauses_and_days():
    out = run(
        "deadline",
        "2025-03-03",
        "--days",
        "5",
        "--pause",
        "2025-03-04..2025-03-04",
        "--pause",
        "2025-03-06..2025-03-06",
        "--json",
    )
    data = json.loads(out.stdout)
    assert data["due"] == "2025-03-12"  # counted: 3/5, 3/7, 3/10, 3/11, 3/12


def test_deadline_provisional_2027():
    data = json.loads(run("deadline", "2027-03-01", "--json").stdout)
    assert data["due"] == "2027-03-29" and data["provisional"] is True


def test_deadline_holiday_table(tmp_path):
    table = tmp_path / "h.csv"
    table.write_text("date,kind,name\n2025-10-13,holiday,地方假日\n", encoding="utf-8")
    data = json.loads(run("deadline", "2025-09-26", "--holidays", str(table), "--json").stdout)
    assert data["due"] == "2025-10-31"


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "2025-02-30"),
        ("deadline", "2025/03/01"),
        ("deadline", "tomorrow", "--json"),
        ("deadline", "2025-03-03", "--pause", "2025-03-10"),
        ("deadline", "2025-03-03", "--pause", "2025-03-10..2025-13-01"),
        ("deadline", "2025-03-03", "--pause", "2025-03-10..2025-03-01"),
        ("deadline", "2025-03-03", "--extend", "21"),
        ("deadline", "2025-03-03", "--extend", "x"),
        ("deadline", "2025-03-03", "--days", "0"),
        ("deadline", "2025-03-03", "--holidays", "/nonexistent/h.json"),
        ("deadline", "9999-12-31"),  # the deadline would fall after the last representable date
        ("deadline", "9999-12-01", "--extend", "20"),
        ("fee", "--pieces", "-1"),
        ("fee", "--pages", "abc"),
        ("fee", "--pages", "1.5"),
        ("fee", "--pieces", "99999999999999999999"),  # refused at once, not a band per 10 pieces
        ("fee",),
        ("fee", "--pieces", "3", "--pages", "3"),
    ],
)
def test_bad_input_exits_2_with_one_line(args):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_fee_json_pieces():
    out = run("fee", "--pieces", "35", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["amount"] == 3000 and data["method"] == "pieces"


def test_fee_text_pages():
    out = run("fee", "--pages", "2219")
    assert out.returncode == 0
    assert "信息处理费：83460 元" in out.stdout
