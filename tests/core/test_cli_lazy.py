"""``gongkai report check`` imports only what checking needs (a cold process starts fast)."""

import json
import subprocess
import sys

from tests.conftest import ROOT, SEED

PROBE = """
import json, sys
from gongkai.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.startswith("gongkai.core"))), file=sys.stderr)
"""


def _modules_after(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_report_check_does_not_import_the_other_subcommands():
    loaded = _modules_after("report", "check", str(SEED))
    assert "gongkai.core.commands.report_check" in loaded
    assert not loaded & {
        "gongkai.core.commands.report_render",
        "gongkai.core.commands.report_batch",
        "gongkai.core.commands.deadline",
        "gongkai.core.render",
        "gongkai.core.deadlines",
        "gongkai.core.diff",
    }


def test_group_help_lists_every_subcommand_without_importing_them():
    proc = subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "--help"],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 0
    for word in ("check", "parse", "render", "diff", "template", "batch", "total"):
        assert word in proc.stdout


START_PROBE = """
import json, sys
import gongkai.core.cli
gongkai.core.cli.build_parser(sys.argv[1:])  # imports the chosen subcommand's module, and with it the sandbox
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_at_start(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", START_PROBE, *args],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}, check=True,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {
        m for m in modules if m.split(".")[0] in ("multiprocessing", "django", "lxml")
        or m == "gongkai.core.parse" or m.startswith("gongkai.core.parse.")
    }


def test_starting_the_cli_loads_neither_the_parser_nor_multiprocessing_nor_django():
    assert _heavy(_loaded_at_start()) == set()
    for command in (["report", "check", str(SEED)], ["report", "diff", "a", "b"], ["report", "parse", str(SEED)]):
        loaded = _loaded_at_start(*command)
        assert "gongkai.core.sandbox" in loaded and "gongkai.core.limits" in loaded
        assert _heavy(loaded) == set(), command


def test_checking_a_text_report_loads_the_text_reader_and_not_the_html_one():
    loaded = _modules_after("report", "check", str(SEED))
    assert "gongkai.core.parse.text" in loaded
    assert "gongkai.core.parse.html" not in loaded
