import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from gongkai.apps.organizations.models import Membership, Organization
from gongkai.apps.publishing.models import CatalogueNode

pytestmark = pytest.mark.django_db


def test_org_and_staff_commands(capsys):
    call_command("org_create", name="某县人民政府", slug="county", kind="county")
    call_command("org_create", name="某镇人民政府", slug="town", kind="township", parent="某县人民政府", catalogue=True)
    town = Organization.objects.get(slug="town")
    assert town.parent.slug == "county"
    assert CatalogueNode.objects.filter(organization=town, code="local.villages").exists()
    call_command("staff_create", username="zhang", org="town", roles="drafter,reviewer", password="long-pass-1")
    assert authenticate(username="zhang", password="long-pass-1") is not None
    assert set(Membership.objects.filter(user__username="zhang").values_list("role", flat=True)) == {
        "drafter",
        "reviewer",
    }
    out = capsys.readouterr().out
    assert "已创建机关：某镇人民政府" in out and "经办人、审核人" in out


@pytest.mark.parametrize(
    ("command", "kwargs", "message"),
    [
        ("org_create", {"name": "镇", "slug": "x", "kind": "township", "parent": "不存在"}, "没有找到上级机关"),
        ("org_create", {"name": "镇", "slug": "中文", "kind": "township"}, "有效"),
        ("org_create", {"name": "镇", "slug": "staff", "kind": "township"}, "系统保留的网址前缀"),
        (
            "staff_create",
            {"username": "a", "org": "nowhere", "roles": "drafter", "password": "long-pass-1"},
            "没有找到机关",
        ),
    ],
)
def test_command_errors_are_chinese(command, kwargs, message):
    with pytest.raises(CommandError) as exc:
        call_command(command, **kwargs)
    assert message in str(exc.value)


def test_staff_create_validates_roles_and_password():
    call_command("org_create", name="某镇人民政府", slug="town", kind="township")
    with pytest.raises(CommandError, match="角色"):
        call_command("staff_create", username="a", org="town", roles="boss", password="long-pass-1")
    with pytest.raises(CommandError, match="至少需要 10 个字符"):
        call_command("staff_create", username="a", org="town", roles="sysadmin", password="short")
    with pytest.raises(CommandError, match="太常见"):
        call_command("staff_create", username="a", org="town", roles="sysadmin", password="Password123")
    call_command("staff_create", username="a", org="town", roles="sysadmin", password="long-pass-1")
    with pytest.raises(CommandError, match="已被使用"):
        call_command("staff_create", username="a", org="town", roles="sysadmin", password="long-pass-1")


def test_staff_create_without_password_and_without_a_terminal_is_one_line_and_exit_2(monkeypatch):
    """cron, a pipe or ``ssh host gongkai staff_create …``: no EOFError traceback, one Chinese line, exit 2.

    (``run_from_argv`` prints a CommandError as one line on stderr and exits with its return code; it also
    closes the database connections, so the command is called directly here.)"""
    import io

    call_command("org_create", name="某镇人民政府", slug="town", kind="township")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a TTY, and at end of file
    with pytest.raises(CommandError) as exc:
        call_command("staff_create", username="li", org="town", roles="drafter")
    assert exc.value.returncode == 2
    message = str(exc.value)
    assert len(message.splitlines()) == 1 and "--password" in message and "没有创建账号" in message
    assert not Membership.objects.filter(user__username="li").exists()
