"""TOTP second factor (django-otp) for administrators, county staff and superusers; the admin site behind it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.apps.accounts.policy import needs_second_factor
from gongkai.apps.audit.models import AuditLog
from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.testing import PASSWORD, make_org, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def _code(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def _login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.2.0.1")


@pytest.fixture
def bodies():
    county = make_org("二因素县人民政府", slug="tf-county", kind=OrganizationKind.COUNTY)
    town = make_org("二因素镇人民政府", slug="tf-town", parent=county)
    return county, town


def test_who_needs_a_second_factor(bodies, settings):
    county, town = bodies
    assert needs_second_factor(make_user("c-leader", organization=county, roles=["leader"]))
    assert needs_second_factor(make_user("t-admin", organization=town, roles=["secadmin"]))
    assert not needs_second_factor(make_user("t-drafter", organization=town, roles=["drafter"]))
    superuser = get_user_model().objects.create_superuser("root", password="Root-pass-123")
    assert needs_second_factor(superuser)
    settings.GONGKAI_OTP_ROLES = []
    settings.GONGKAI_OTP_ORG_KINDS = ["county"]
    assert not needs_second_factor(get_user_model().objects.get(username="t-admin"))


def test_township_drafter_logs_in_with_the_password_alone(client, bodies):
    make_user("t-drafter", organization=bodies[1], roles=["drafter"])
    assert _login(client, "t-drafter").status_code == 302
    assert client.get("/staff/").status_code in (200, 302)
    assert "/otp/" not in client.get("/staff/").get("Location", "")


def test_county_user_enrols_with_a_qr_code_then_must_give_a_code_at_every_login(client, bodies):
    make_user("c-leader", organization=bodies[0], roles=["leader"])
    assert _login(client, "c-leader").status_code == 302
    staff_home = client.get("/staff/")
    assert staff_home.status_code == 302 and staff_home["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(staff_home["Location"])
    html = page.content.decode()
    assert "<svg" in html and "绑定动态口令" in html  # the QR code is drawn inline, no external service
    assert "http" not in re.sub(r'xmlns="[^"]+"', "", html.split("<svg", 1)[1].split("</svg>", 1)[0])
    device = TOTPDevice.objects.get(user__username="c-leader", confirmed=False)
    shown = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(shown + "=" * (-len(shown) % 8)) == device.bin_key
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "不正确" in wrong.content.decode()
    done = client.post(reverse("accounts:otp_setup"), {"token": _code(device), "next": "/staff/"})
    assert done.status_code == 302 and done["Location"] == "/staff/"
    assert client.get("/staff/").get("Location", "").find("/otp/") == -1
    assert AuditLog.objects.filter(action="accounts.otp.enrol").count() == 1
    # next login: the password alone is not enough
    client.logout()
    _login(client, "c-leader")
    again = client.get("/staff/")
    assert again.status_code == 302 and again["Location"].startswith(reverse("accounts:otp_verify"))
    bad = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert "不正确" in bad.content.decode()
    # django-otp throttles a device after a wrong code (1 s, doubling); wait that out without sleeping
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    device.refresh_from_db()
    ok = client.post(reverse("accounts:otp_verify"), {"token": _code(device, offset=1), "next": "/staff/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/"
    assert "/otp/" not in client.get("/staff/").get("Location", "")


def test_unverified_session_reaches_no_staff_page(client, bodies):
    user = make_user("c-admin", organization=bodies[0], roles=["secadmin"])
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    client.force_login(user)
    for url in ("/staff/", f"/staff/o/{bodies[0].slug}/members/", "/staff/applications/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify")), url


def test_security_administrator_resets_a_lost_authenticator(client, bodies, settings):
    settings.GONGKAI_OTP_ROLES = []
    settings.GONGKAI_OTP_ORG_KINDS = []
    admin = make_user("t-admin", organization=bodies[1], roles=["secadmin"])
    drafter = make_user("t-drafter", organization=bodies[1], roles=["drafter"])
    TOTPDevice.objects.create(user=drafter, name="x", confirmed=True)
    client.force_login(admin)
    url = reverse("accounts:lockouts", args=[bodies[1].slug])
    assert "已绑定" in client.get(url).content.decode()
    client.post(url, {"username": "t-drafter", "reset_otp": "1"})
    assert not TOTPDevice.objects.filter(user=drafter).exists()
    assert AuditLog.objects.filter(action="accounts.otp.reset", actor=admin).count() == 1


def test_admin_site_is_at_the_configured_path_for_verified_superusers_only(client, bodies, settings):
    from django.urls import clear_url_caches

    assert settings.GONGKAI_ADMIN_PATH  # default "admin"; the URL is built from it at start-up
    admin_url = f"/{settings.GONGKAI_ADMIN_PATH}/"
    superuser = get_user_model().objects.create_superuser("root", password="Root-pass-123")
    client.force_login(superuser)
    response = client.get(admin_url)
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]
    device = TOTPDevice.objects.create(user=superuser, name="x", confirmed=True)
    client.post(reverse("accounts:otp_verify"), {"token": _code(device), "next": admin_url})
    assert client.get(admin_url).status_code == 200
    # a county administrator with a verified second factor is still no superuser: no admin site
    user = make_user("c-admin", organization=bodies[0], roles=["secadmin"])
    device2 = TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    client.force_login(user)
    client.post(reverse("accounts:otp_verify"), {"token": _code(device2)})
    assert client.get(admin_url).status_code in (302, 403)
    assert client.get(admin_url, follow=True).status_code in (200, 403)
    clear_url_caches()


def test_admin_path_comes_from_the_environment():
    import os
    import subprocess
    import sys

    env = {**os.environ, "GONGKAI_ADMIN_PATH": "manage-7f3a", "PYTHONPATH": "src"}
    code = "import django;django.setup();from django.urls import reverse;print(reverse('admin:index'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"},
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "/manage-7f3a/"


def test_demo_accounts_keep_their_password_and_print_their_second_factor(db, capsys):
    from gongkai.web.demo import DEMO_PASSWORD, build_demo

    result = build_demo()
    users = dict(result.second_factor)
    assert "admin" in users and "county_leader" in users and "sl_drafter" not in users
    assert users["county_leader"].startswith("otpauth://totp/") and "secret=" in users["county_leader"]
    client = __import__("django.test", fromlist=["Client"]).Client()
    # a township drafter walks the README without a second factor and without a forced password change
    assert client.post("/accounts/login/", {"username": "sl_drafter", "password": DEMO_PASSWORD}).status_code == 302
    assert client.get("/staff/").get("Location", "") != reverse("accounts:password_change")
    # the county leader gets his code from `gongkai otp_code`
    client.logout()
    client.post("/accounts/login/", {"username": "county_leader", "password": DEMO_PASSWORD})
    call_command("otp_code", "county_leader")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    ok = client.post(reverse("accounts:otp_verify"), {"token": code, "next": "/staff/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/"


def test_otp_code_refuses_real_accounts(bodies):
    from django.core.management.base import CommandError

    user = make_user("c-leader", organization=bodies[0], roles=["leader"])
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    with pytest.raises(CommandError, match="只能显示演示账号"):
        call_command("otp_code", "c-leader")
