"""Every audit action the code writes has a Chinese name for the pages (审计操作名称)."""

import re
from pathlib import Path

from gongkai.apps.audit.labels import ACTION_LABELS, action_label
from gongkai.apps.registers.services import REGISTERS

SRC = Path(__file__).resolve().parents[3] / "src" / "gongkai"


def _written_codes() -> set[str]:
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
    for path in (SRC / "apps" / "applications" / "services").glob("*.py"):
        steps = path.read_text(encoding="utf-8")
        codes |= {f"applications.application.{name}" for name in re.findall(r'\baction="([a-z_]+)"', steps)}
    codes |= {f"applications.{kind}.conclude" for kind in ("review_case", "lawsuit_case")}
    codes |= {f"registers.{key}.{verb}" for key in REGISTERS for verb in ("create", "update", "delete")}
    return codes


def test_every_written_action_has_a_chinese_label():
    codes = _written_codes()
    assert "publishing.item.publish" in codes and "applications.application.decide" in codes
    missing = sorted(code for code in codes if code not in ACTION_LABELS)
    assert missing == []
    for code in codes:
        assert not re.search(r"[A-Za-z]", action_label(code)), code


def test_unknown_code_is_shown_as_it_is():
    assert action_label("someapp.thing.done") == "someapp.thing.done"
    assert action_label("publishing.item.publish") == "签发并发布"
    assert action_label("registers.procurement.create") == "登记集中采购项目"
