"""One plain set of form messages for the whole platform (issue 11, point 5): the LOCALE_PATHS catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import django
import pytest
from django.urls import reverse
from django.utils import translation

import gongkai

OURS = Path(gongkai.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).parent
THEIRS = [
    DJANGO / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
]


def _entries(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (msgstr[0] for plurals)."""
    entries, current, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if "msgid" in current and not line:
                entries.append(current)
                current, key = {}, None
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        name, _, value = line.partition(" ")
        key = "msgstr" if name == "msgstr[0]" else name
        current[key] = ast.literal_eval(value)
    return [e for e in entries if e["msgid"]]


def test_every_reworded_message_is_one_of_djangos():
    known = {e["msgid"] for path in THEIRS for e in _entries(path)}
    ours = _entries(OURS)
    assert len(ours) > 60
    # django-simple-captcha's only message is reworded too
    missing = [e["msgid"] for e in ours if e["msgid"] not in known and e["msgid"] != "Invalid CAPTCHA"]
    assert missing == []


def test_the_compiled_catalogue_is_the_po_file():
    with translation.override("zh-hans"):
        for entry in _entries(OURS):
            if "msgid_plural" in entry:
                got = translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            else:
                got = translation.gettext(entry["msgid"])
            assert got == entry["msgstr"], entry["msgid"]


def test_none_of_djangos_stiff_wording_is_left():
    with translation.override("zh-hans"):
        for entry in _entries(OURS):
            assert not entry["msgstr"].startswith(("确保", "输入一个", "这个字段")), entry["msgstr"]


def _errors(form) -> list[str]:
    form.is_valid()
    return [m for messages in form.errors.values() for m in messages]


def test_the_item_form_speaks_plainly(db):
    from gongkai.apps.organizations.testing import make_org
    from gongkai.apps.publishing.forms import ItemForm

    with translation.override("zh-hans"):
        form = ItemForm({"title": "字" * 301, "category": "", "written_on": "2020-13-45"}, organization=make_org())
        errors = _errors(form)
    assert "最多 300 个字，现在 301 个字。" in errors
    assert "此项为必填项。" in errors
    assert "请输入有效日期，格式为 YYYY-MM-DD。" in errors


def test_the_application_form_speaks_as_before(db):
    from gongkai.apps.applications.forms import PublicApplicationForm

    with translation.override("zh-hans"):
        form = PublicApplicationForm(
            {"applicant_type": "martian", "applicant_name": "", "description": "字" * 5001, "email": "x@"}
        )
        errors = form.is_valid() or form.errors
    assert errors["applicant_name"] == ["此项为必填项。"]
    assert errors["description"] == ["最多 5000 个字，现在 5001 个字。"]
    assert errors["applicant_type"] == ["“martian”不在可选范围内，请从列表中选择。"]
    assert errors["email"] == ["请输入有效的电子邮箱地址。"]


def test_a_staff_form_speaks_plainly():
    from gongkai.apps.staff.forms import StaffUserCreateForm

    with translation.override("zh-hans"):
        errors = StaffUserCreateForm({"username": "u" * 151, "roles": ["astronaut"]})
        errors.is_valid()
    assert errors.errors["username"] == ["最多 150 个字，现在 151 个字。"]
    assert errors.errors["password"] == ["此项为必填项。"]
    assert "请从列表中选择" in errors.errors["roles"][0]


@pytest.mark.django_db
def test_the_login_page_speaks_plainly(client):
    from gongkai.apps.organizations.testing import make_user

    make_user("someone")
    response = client.post(reverse("login"), {"username": "someone", "password": "wrong"})
    page = response.content.decode()
    assert "用户名或密码不正确，请重新输入（区分大小写）。" in page
    assert "请输入一个正确的" not in page
