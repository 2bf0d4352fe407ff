"""等保 身份鉴别: lockout after repeated failures, password rules, change password, initial passwords, sessions."""

import time

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.apps.accounts.models import AccountState
from gongkai.apps.accounts.signals import LOGIN_AT, SEEN_AT
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.services import staff_user_create
from gongkai.apps.organizations.testing import PASSWORD, get_user, make_org, make_staff, make_user

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_no_longer_works(client, settings):
    staff = make_staff("lk")
    statuses = [_login(client, "lk-drafter", f"wrong-{i}").status_code for i in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the login form again, with an error
    assert set(statuses[limit:]) == {429}
    locked = _login(client, "lk-drafter", PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂时锁定" in page and "安全管理员" in page and f"连续 {limit} 次" in page
    assert "_auth_user_id" not in client.session
    # audited, with the body of the account
    row = AuditLog.objects.filter(action="accounts.lockout.lock").first()
    assert row is not None and row.after["username"] == "lk-drafter" and row.organization == staff.org


def test_one_address_guessing_many_usernames_is_locked_too(client, settings):
    make_staff("ip")
    limit = settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT  # its own limit, higher: an office behind one NAT address
    for i in range(limit):
        _login(client, f"nobody-{i % 3}", "x", ip="10.9.9.9")
    response = _login(client, "ip-drafter", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert f"本机地址连续 {limit} 次" in page and "该账号" not in page  # the address is locked, not the account
    # another address may still log in as that user
    assert _login(client, "ip-drafter", PASSWORD, ip="10.1.1.1").status_code == 302


def test_account_and_address_limits_are_separate(client, settings):
    """Five typos of one user leave the office's shared address open; the account alone is locked, from anywhere."""
    make_staff("sep")
    office = "10.20.0.1"
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "sep-drafter", f"bad{i}", ip=office)
    # the account is locked, from any address
    response = _login(client, "sep-drafter", PASSWORD, ip="10.7.7.7")
    assert response.status_code == 429 and "该账号的登录已被锁定" in response.content.decode()
    # a colleague behind the same address still logs in
    assert _login(client, "sep-reviewer", PASSWORD, ip=office).status_code == 302
    client.logout()
    # the address count goes on over every username and locks at its own limit
    for i in range(settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, f"someone-{i % 4}", "x", ip=office).status_code == 200
    assert _login(client, "sep-leader", PASSWORD, ip=office).status_code == 302
    client.logout()
    _login(client, "someone-9", "x", ip=office)
    assert _login(client, "sep-leader", PASSWORD, ip=office).status_code == 429


def test_a_successful_login_does_not_reset_the_address_count(client, settings):
    """axes' default reset cleared every failure of the address at a successful login: a guesser holding one
    valid account could try four passwords on others, log in as himself, and start again."""
    make_staff("spray")
    attacker = "10.66.0.1"
    for _round in range(3):
        for i in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(client, "spray-reviewer", f"guess{_round}{i}", ip=attacker)
        assert _login(client, "spray-drafter", PASSWORD, ip=attacker).status_code == 302
        client.logout()
    # 12 failures on spray-reviewer from that address are still counted: the account is locked
    assert _login(client, "spray-reviewer", PASSWORD, ip="10.1.2.3").status_code == 429


def test_security_administrator_unlocks_from_the_staff_page_and_it_is_audited(client, settings):
    staff = make_staff("ul")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "ul-drafter", f"bad{i}")
    assert _login(client, "ul-drafter", PASSWORD).status_code == 429
    url = reverse("accounts:lockouts", args=[staff.org.slug])
    client.force_login(staff.reviewer)  # (not the locked user: a login of his resets his failures)
    assert client.get(url).status_code == 403  # a 审核人 cannot unlock
    client.force_login(staff.secadmin)
    page = client.get(url).content.decode()
    assert "ul-drafter" in page and "已锁定" in page
    response = client.post(url, {"username": "ul-drafter"})
    assert response.status_code == 302
    client.logout()
    assert _login(client, "ul-drafter", PASSWORD, ip="10.0.0.1").status_code == 302
    row = AuditLog.objects.get(action="accounts.lockout.release")
    assert row.actor == staff.secadmin and row.after["username"] == "ul-drafter"


def test_outsider_administrator_cannot_unlock_a_user_of_another_body(client, settings):
    staff = make_staff("ou")
    client.force_login(staff.outsider)  # 安全管理员 of the other body
    response = client.post(reverse("accounts:lockouts", args=[staff.other_org.slug]), {"username": "ou-drafter"})
    assert response.status_code == 200 and "不属于本机关" in response.content.decode()
    assert not AuditLog.objects.filter(action="accounts.lockout.release").exists()


def test_lock_ends_after_the_cool_off(client, settings):
    import datetime as dt

    from axes.models import AccessAttempt

    make_staff("co")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "co-drafter", f"bad{i}")
    assert _login(client, "co-drafter", PASSWORD).status_code == 429
    from django.utils import timezone

    past = timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(client, "co-drafter", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "至少需要 10 个字符"),
        ("password", "太常见"),
        ("abcdefghijkl", "至少 3 类"),
        ("Password123", "太常见"),
        ("Zhangwei-2024x", None),
    ],
)
def test_password_rules_in_chinese(password, message):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username="zhangwei")
    if message is None:
        password_validation.validate_password(password, get_user_model()(username="someone"))
        return
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password, user)
    text = "".join(exc.value.messages)
    assert message in text
    assert all(ord(c) > 127 for c in text if c.isalpha()), text  # no English words


def test_password_like_the_username_is_refused():
    from django.contrib.auth import get_user_model

    with pytest.raises(ValidationError, match="太相似"):
        password_validation.validate_password("Zhangwei-01", get_user_model()(username="zhangwei01"))


def test_administrator_cannot_create_an_account_with_a_weak_password(db):
    org = make_org("弱密码镇", slug="weak")
    with pytest.raises(ValidationError) as exc:
        staff_user_create(actor=None, username="weak", password="12345678", organization=org, roles=["drafter"])
    assert "password" in exc.value.message_dict


def test_initial_password_must_be_changed_at_first_login_then_not_again(client):
    org = make_org("初始镇", slug="initial")
    staff_user_create(actor=None, username="newbie", password="Initial-pass-1", organization=org, roles=["drafter"])
    assert AccountState.objects.get(user__username="newbie").must_change_password
    response = _login(client, "newbie", "Initial-pass-1")
    assert response.status_code == 302
    home = client.get("/staff/")
    assert home.status_code == 302 and home["Location"] == reverse("accounts:password_change")
    change = client.get(home["Location"])
    assert "修改密码" in change.content.decode()
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": "Initial-pass-1", "new_password": "password", "new_password2": "password"},
    )
    assert weak.status_code == 200 and "太常见" in weak.content.decode()
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": "Initial-pass-1", "new_password": "Mine-own-9x", "new_password2": "Mine-own-9x"},
    )
    assert done.status_code == 302
    assert client.get("/staff/").status_code in (200, 302)
    assert client.get("/staff/").get("Location", "") != reverse("accounts:password_change")
    assert get_user("newbie").check_password("Mine-own-9x")
    assert AuditLog.objects.filter(action="accounts.password.change").count() == 1


def test_staff_change_their_own_password_with_the_old_one(client):
    staff = make_staff("cp")
    client.force_login(staff.reviewer)
    url = reverse("accounts:password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password": "Better-pass-7", "new_password2": "Better-pass-7"})
    assert "原密码不正确" in wrong.content.decode()
    mismatch = client.post(url, {"old_password": PASSWORD, "new_password": "Better-pass-7", "new_password2": "x"})
    assert "不一致" in mismatch.content.decode()
    ok = client.post(url, {"old_password": PASSWORD, "new_password": "Better-pass-7", "new_password2": "Better-pass-7"})
    assert ok.status_code == 302
    assert client.get("/staff/").status_code in (200, 302)  # still logged in after the change
    assert "_auth_user_id" in client.session


def test_staff_create_command_sets_an_initial_password(db):
    from django.core.management import call_command

    call_command("org_create", name="命令镇人民政府", slug="cmdtown", kind="township")
    call_command("staff_create", username="cmd", org="cmdtown", roles="drafter", password="Long-pass-12")
    assert AccountState.objects.get(user__username="cmd").must_change_password


def test_idle_session_is_logged_out(client, settings):
    staff = make_staff("id")
    client.force_login(staff.drafter)
    assert client.get("/staff/").status_code in (200, 302)
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.GONGKAI_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    follow = client.get(response["Location"])
    assert "未操作" in follow.content.decode()


def test_session_has_an_absolute_lifetime(client, settings):
    staff = make_staff("ab")
    client.force_login(staff.drafter)
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.GONGKAI_SESSION_MAX_HOURS * 3600 - 5
    session[SEEN_AT] = int(time.time())
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_session_cookie_no_longer_lasts_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.GONGKAI_SESSION_IDLE_MINUTES == 30


def test_fixture_users_need_no_password_change(client):
    user = make_user("fx", organization=make_org("夹具镇", slug="fx"), roles=["drafter"])
    client.force_login(user)
    assert client.get("/staff/").get("Location", "") != reverse("accounts:password_change")
