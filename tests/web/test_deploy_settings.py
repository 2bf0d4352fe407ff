"""`gongkai check --deploy` is clean with GONGKAI_HTTPS=1; every response carries the Content-Security-Policy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import gongkai

SRC = str(Path(gongkai.__file__).resolve().parents[1])


def _check_deploy(tmp_path, **extra):
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "GONGKAI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'd.sqlite3'}",
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
        # a production install sets its own data key (the generated demo key is a deploy warning)
        "GONGKAI_DATA_KEY": secrets.token_hex(16),
        **extra,
    }
    for key in ("GONGKAI_TESTING", "GONGKAI_DEBUG"):
        env.pop(key, None)
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_over_https(tmp_path):
    out = _check_deploy(tmp_path, GONGKAI_HTTPS="1")
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_check_deploy_without_https_names_what_is_missing(tmp_path):
    out = _check_deploy(tmp_path)
    assert out.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):  # HSTS, redirect, cookies
        assert check in out.stderr


def test_https_settings_with_a_proxy_header(tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC, "GONGKAI_HTTPS": "1", "GONGKAI_PROXY_SSL_HEADER": "1"}
    env.pop("GONGKAI_TESTING", None)
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_PROXY_SSL_HEADER)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'gongkai.web.settings'); django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "True True True True ('HTTP_X_FORWARDED_PROTO', 'https')", out.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_policy(client):
    response = client.get("/apply/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert "unsafe-inline" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert client.get("/healthz").has_header("Content-Security-Policy")


@pytest.mark.django_db
def test_the_500_page_style_is_allowed_by_its_nonce(client, settings):
    from django.urls import include, path  # noqa: F401

    client.raise_request_exception = False
    settings.ROOT_URLCONF = "tests.web.test_logging"
    response = client.get("/ops-boom/")
    assert response.status_code == 500
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_the_plain_policy_is_django_csps_own_and_follows_the_settings(client, settings):
    from csp.utils import build_policy

    from gongkai.web.middleware import CSPMiddleware

    assert "gongkai.web.middleware.CSPMiddleware" in settings.MIDDLEWARE
    assert issubclass(CSPMiddleware, __import__("csp.middleware").middleware.CSPMiddleware)
    first = client.get("/apply/")["Content-Security-Policy"]
    assert first == build_policy() and client.get("/apply/")["Content-Security-Policy"] == first
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives, "EXCLUDE_URL_PREFIXES": ["/healthz"]}
    policy = client.get("/apply/")["Content-Security-Policy"]
    assert "img-src 'self'" in policy and "data:" not in policy  # rebuilt after the change
    assert not client.get("/healthz").has_header("Content-Security-Policy")  # excluded prefixes still hold
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get("/apply/")["Content-Security-Policy-Report-Only"] == "default-src 'none'"
