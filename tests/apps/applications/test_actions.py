"""The case page's step table: every step the page offers is in the table, and the table offers nothing unused."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from gongkai.apps.applications import actions

TEMPLATES = Path(actions.__file__).parent / "templates"


def _offered_steps() -> set[str]:
    names = set()
    for path in TEMPLATES.rglob("*.html"):
        names |= set(re.findall(r"staff_action' application\.pk '([a-z_]+)'", path.read_text(encoding="utf-8")))
    return names


def test_every_offered_step_is_in_the_table_and_back():
    offered = _offered_steps()
    assert "decide" in offered and "attach" in offered  # the pattern still matches the templates
    assert offered - {"attach"} == set(actions.STEPS)


def test_page_keys_name_forms_of_the_case_page():
    keys = {step.page_key for step in actions.STEPS.values() if step.page_key}
    template = (TEMPLATES / "applications" / "staff_detail.html").read_text(encoding="utf-8")
    for key in keys:
        assert f"forms.{key}" in template, key


def test_unknown_step_and_invalid_form():
    with pytest.raises(KeyError):
        actions.run_step(None, None, "nonsense", {}, {})
    with pytest.raises(ValidationError) as caught:
        actions.run_step(None, None, "extend", {}, {})  # nothing typed: the form refuses before any service runs
    assert caught.value.messages
    with pytest.raises(ValidationError, match="请选择要上传的文件"):
        actions.run_step(None, None, "attach", {}, {})
