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
