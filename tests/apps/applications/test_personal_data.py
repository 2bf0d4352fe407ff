"""Personal data at rest (PIPL, 等保 重要个人信息): SM4-GCM in the database, blind index, masking, rotation, erasure.

Runs on SQLite and PostgreSQL. "What was seen": ID numbers, phones and addresses were plain text in the
database — the first test reads the raw rows the way anyone with a copy of the database would.
"""

import datetime as dt
import io
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from gongkai.apps.applications import selectors
from gongkai.apps.applications.choices import CaseResult, Status
from gongkai.apps.applications.management.commands import rotate_data_key
from gongkai.apps.applications.models import PERSONAL_FIELDS, Application, ReviewCase
from gongkai.apps.audit.chain import verify
from gongkai.apps.audit.models import AuditLog
from gongkai.core.fieldcrypt import DecryptionError, generate_key, key_id, token_key_id
from gongkai.web import datakey
from tests.conftest import verified_login

from .conftest import APPLICANT

KEY_A = "00112233445566778899aabbccddeeff"
KEY_B = "ffeeddccbbaa99887766554433221100"
PLAIN = [APPLICANT[k] for k in ("applicant_name", "id_number", "phone", "email", "address")]
PERSON = {**APPLICANT, "contact_person": "李四", "postcode": "100000"}


def raw_rows(table: str = "applications_application") -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return cursor.fetchall()


def raw_row(pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM applications_application WHERE id = %s", [pk])
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.fixture
def key_a():
    with override_settings(GONGKAI_DATA_KEY=KEY_A):
        yield


@pytest.fixture
def registered(key_a, register):
    return register(**{k: v for k, v in PERSON.items() if k not in APPLICANT or PERSON[k] != APPLICANT[k]})


def test_raw_database_holds_no_plaintext_personal_data(registered):
    dump = repr(raw_rows()) + repr(raw_rows("audit_auditlog"))
    for value in [*PLAIN, "李四", "100000", "1380013", "zhangsan@"]:
        assert value not in dump
    row = raw_row(registered.pk)
    for name in PERSONAL_FIELDS:
        assert token_key_id(row[name]) == key_id(bytes.fromhex(KEY_A)), name
    assert len(row["id_number_index"]) == 64


def test_round_trip_and_each_value_differs(registered, register):
    app = Application.objects.get(pk=registered.pk)
    assert [app.applicant_name, app.id_number, app.phone, app.email, app.address] == PLAIN
    assert (app.contact_person, app.postcode) == ("李四", "100000")
    other = register()
    assert raw_row(other.pk)["id_number"] != raw_row(app.pk)["id_number"]  # fresh nonce per value
    assert Application.objects.filter(pk=app.pk).values_list("id_number", flat=True)[0] == APPLICANT["id_number"]


def test_dumpdata_carries_ciphertext_only_and_loaddata_restores_it(registered, tmp_path):
    """`gongkai dumpdata` printed applicants' personal data in clear: now the stored tokens, written back
    unchanged by `gongkai loaddata` (no second encryption), readable again with the key."""
    before = raw_row(registered.pk)
    out = io.StringIO()
    call_command("dumpdata", "applications.application", indent=1, stdout=out)
    dump = out.getvalue()
    for value in [*PLAIN, "李四", "100000"]:
        assert value not in dump
    for name in PERSONAL_FIELDS:
        assert before[name] in dump, name
    fixture = tmp_path / "applications.json"
    fixture.write_text(dump, encoding="utf-8")
    with connection.cursor() as cursor:  # lose the personal data
        cursor.execute("UPDATE applications_application SET phone = '', address = '', id_number = '' WHERE id = %s", [registered.pk])
    call_command("loaddata", str(fixture), verbosity=0)
    after = raw_row(registered.pk)
    assert [after[n] for n in PERSONAL_FIELDS] == [before[n] for n in PERSONAL_FIELDS]  # the same tokens
    app = Application.objects.get(pk=registered.pk)
    assert [app.applicant_name, app.id_number, app.phone, app.email, app.address] == PLAIN
    # outside dump and load a token-looking value is plain text as before
    assert Application._meta.get_field("phone").to_python(before["phone"]) == before["phone"]


def test_wrong_key_gives_a_clear_error(registered):
    with override_settings(GONGKAI_DATA_KEY=KEY_B), pytest.raises(DecryptionError) as exc:
        Application.objects.get(pk=registered.pk)
    message = str(exc.value)
    assert key_id(bytes.fromhex(KEY_A)) in message and key_id(bytes.fromhex(KEY_B)) in message
    assert "GONGKAI_DATA_KEY" in message and APPLICANT["id_number"] not in message


def test_check_deploy_reports_data_encrypted_under_another_key(registered):
    from django.core import checks

    def errors():
        found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
        return [m for m in found if m.id == "gongkai.E011"]

    assert errors() == []
    with override_settings(GONGKAI_DATA_KEY=KEY_B):
        (error,) = errors()
        assert key_id(bytes.fromhex(KEY_A)) in error.msg and key_id(bytes.fromhex(KEY_B)) in error.msg


def test_altered_or_moved_ciphertext_is_refused(registered):
    row = raw_row(registered.pk)
    with connection.cursor() as cursor:  # the phone's token copied into the address column
        cursor.execute("UPDATE applications_application SET address = %s WHERE id = %s", [row["phone"], registered.pk])
    with pytest.raises(DecryptionError, match="密文校验失败"):
        Application.objects.get(pk=registered.pk)


def test_content_lookups_on_encrypted_columns_are_refused(registered):
    with pytest.raises(FieldError, match="盲索引"):
        list(Application.objects.filter(id_number=APPLICANT["id_number"]))
    with pytest.raises(FieldError):
        list(Application.objects.filter(phone__contains="138"))
    assert Application.objects.filter(contact_person="").count() == 0


def test_text_that_looks_like_a_token_is_still_encrypted(key_a, register):
    planted = "sm4gcm:12345678:AAAA"
    app = register(address=planted)
    assert raw_row(app.pk)["address"] != planted
    assert Application.objects.get(pk=app.pk).address == planted


def test_blind_index_finds_an_applicants_applications(key_a, register, staff):
    first = register()
    second = register(received=dt.date(2025, 4, 1))
    register(id_number="110101199001019999")
    found = selectors.applications_of_applicant(user=staff.drafter, id_number=" 110101199001011234 ")
    assert set(found) == {first, second}
    assert not selectors.applications_of_applicant(user=staff.outsider, id_number=APPLICANT["id_number"]).exists()
    x_number = register(id_number="11010119900101123X")
    assert list(selectors.applications_of_applicant(user=staff.drafter, id_number="11010119900101123x")) == [x_number]


def test_staff_search_posts_the_number_and_the_case_page_links_other_applications(key_a, register, staff, client):
    first, second = register(), register(received=dt.date(2025, 4, 1))
    client.force_login(staff.drafter)
    assert client.get(reverse("applications:staff_search")).status_code == 405  # never in a URL
    page = client.post(reverse("applications:staff_search"), {"id_number": APPLICANT["id_number"]}).content.decode()
    assert first.tracking_number in page and second.tracking_number in page
    none = client.post(reverse("applications:staff_search"), {"id_number": "1"}).content.decode()
    assert "没有找到该号码的申请" in none
    detail = client.get(reverse("applications:staff_detail", args=[first.pk])).content.decode()
    assert "同一申请人的其他申请" in detail and second.tracking_number in detail


def test_masked_in_lists_admin_and_audit_for_everyone_but_the_handling_staff(key_a, register, staff, client):
    app = register()
    client.force_login(staff.leader)  # sees the list, does not handle applications
    listing = client.get(reverse("applications:staff_list"), {"view": "all"}).content.decode()
    assert app.tracking_number in listing and "张*" in listing and "张三" not in listing
    detail = client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()
    assert APPLICANT["id_number"] not in detail and "110***********1234" in detail
    client.force_login(staff.drafter)  # handling staff: the case page shows it in full
    assert APPLICANT["id_number"] in client.get(reverse("applications:staff_detail", args=[app.pk])).content.decode()

    root = get_user_model().objects.create_superuser("root", "r@example.cn", "root-pass-123")
    verified_login(client, root)
    admin_page = client.get(reverse("admin:applications_application_change", args=[app.pk])).content.decode()
    assert "110***********1234" in admin_page and "138******00" in admin_page
    for value in PLAIN:
        assert value not in admin_page
    assert client.get(reverse("admin:applications_application_changelist")).status_code == 200

    text = repr(list(AuditLog.objects.values_list("before", "after", "reason", "object_repr")))
    for value in PLAIN:
        assert value not in text


def test_snapshot_of_an_application_records_masked_values(registered):
    from gongkai.apps.audit.services import snapshot

    data = snapshot(Application.objects.get(pk=registered.pk))
    assert data["id_number"] == "110***********1234" and data["applicant_name"] == "张*"
    assert data["address"] == "（已隐藏）" and "id_number_index" in data
    assert APPLICANT["id_number"] not in repr(data)


def test_sensitive_post_parameters_hide_personal_data_in_error_reports(rf, staff):
    from django.views.debug import SafeExceptionReporterFilter

    from gongkai.apps.applications import views

    request = rf.post("/apply/", {**APPLICANT, "organization": str(staff.org.pk), "step": "preview"})
    request.session = {}
    views.apply(request)
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["id_number"] != APPLICANT["id_number"] and cleaned["description"] == APPLICANT["description"]


# -- key rotation --------------------------------------------------------------------------------


def test_rotation_re_encrypts_every_row_with_the_new_key_and_is_audited(key_a, register, staff):
    apps = [register(received=dt.date(2025, 3, d)) for d in (3, 4, 5)]
    a, b = key_id(bytes.fromhex(KEY_A)), key_id(bytes.fromhex(KEY_B))
    with override_settings(GONGKAI_DATA_KEY=f"{KEY_B},{KEY_A}"):
        # during the rotation, lookups match either key's blind index
        assert selectors.applications_of_applicant(user=staff.drafter, id_number=APPLICANT["id_number"]).count() == 3
        out = io.StringIO()
        call_command("rotate_data_key", "--batch-size", "2", stdout=out)
        assert "重新加密 3 行" in out.getvalue() and a in out.getvalue()
        again = io.StringIO()
        call_command("rotate_data_key", stdout=again)  # nothing left to do
        assert "重新加密 0 行" in again.getvalue()
    for app in apps:
        row = raw_row(app.pk)
        assert {token_key_id(row[name]) for name in ("applicant_name", "id_number", "phone", "email", "address")} == {b}
    with override_settings(GONGKAI_DATA_KEY=KEY_B):  # the old key can go
        assert Application.objects.get(pk=apps[0].pk).id_number == APPLICANT["id_number"]
        assert selectors.applications_of_applicant(user=staff.drafter, id_number=APPLICANT["id_number"]).count() == 3
    rows = AuditLog.objects.filter(action="applications.data_key.rotate").order_by("seq")
    assert [r.after["rows"] for r in rows] == [2, 1] and rows[0].after["key_id"] == b
    assert verify().broken is None


def test_an_interrupted_rotation_resumes(key_a, register, monkeypatch):
    apps = [register(received=dt.date(2025, 3, d)) for d in (3, 4, 5)]
    real = rotate_data_key._rotate_batch
    calls = {"n": 0}

    def crash_on_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C
        return real(*args, **kwargs)

    b = key_id(bytes.fromhex(KEY_B))
    with override_settings(GONGKAI_DATA_KEY=f"{KEY_B},{KEY_A}"):
        monkeypatch.setattr(rotate_data_key, "_rotate_batch", crash_on_second_batch)
        with pytest.raises(KeyboardInterrupt):
            call_command("rotate_data_key", "--batch-size", "2", stdout=io.StringIO())
        assert [token_key_id(raw_row(a.pk)["id_number"]) == b for a in apps] == [True, True, False]
        monkeypatch.setattr(rotate_data_key, "_rotate_batch", real)
        out = io.StringIO()
        call_command("rotate_data_key", "--batch-size", "2", stdout=out)
        assert "重新加密 1 行" in out.getvalue()
    assert all(token_key_id(raw_row(a.pk)["id_number"]) == b for a in apps)


def test_rotation_with_generate_writes_the_new_key_first_in_the_key_file(tmp_path, register):
    key_file = tmp_path / "data.key"
    key_file.write_text(f"# 数据密钥\n{KEY_A}\n", encoding="utf-8")
    with override_settings(GONGKAI_DATA_KEY="", GONGKAI_DATA_KEY_FILE=str(key_file)):
        app = register()
        call_command("rotate_data_key", "--generate", stdout=io.StringIO())
        lines = [line for line in key_file.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        assert len(lines) == 2 and lines[1] == KEY_A
        assert token_key_id(raw_row(app.pk)["id_number"]) == key_id(bytes.fromhex(lines[0]))
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with override_settings(GONGKAI_DATA_KEY=KEY_A), pytest.raises(CommandError) as exc:
        call_command("rotate_data_key", "--generate", stdout=io.StringIO())
    assert exc.value.returncode == 2 and "GONGKAI_DATA_KEY" in str(exc.value)


def test_demo_key_is_generated_into_the_data_directory_and_flagged_by_check_deploy(tmp_path, db):
    from django.core import checks

    dev = tmp_path / "keys" / "data.key"
    with override_settings(GONGKAI_DATA_KEY="", GONGKAI_DATA_KEY_FILE="", GONGKAI_DEV_DATA_KEY_FILE=dev):
        ring = datakey.keyring()
        assert dev.exists() and stat.S_IMODE(dev.stat().st_mode) == 0o600
        assert "开发/演示" in dev.read_text(encoding="utf-8")
        assert datakey.keyring().current_id == ring.current_id  # the same key on the next start
        ids = {m.id for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])}
        assert "gongkai.W010" in ids
    with override_settings(GONGKAI_DATA_KEY=generate_key()):
        ids = {m.id for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])}
        assert "gongkai.W010" not in ids
    with override_settings(GONGKAI_DATA_KEY="", GONGKAI_DATA_KEY_FILE=str(tmp_path / "missing.key")):
        errors = [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "gongkai.E010"]
        assert errors and "无法读取" in errors[0].msg


# -- retention -----------------------------------------------------------------------------------


def _close(app, closed_on):
    Application.objects.filter(pk=app.pk).update(status=Status.CLOSED, decision="disclosed", closed_on=closed_on)


@override_settings(GONGKAI_PERSONAL_DATA_RETENTION_DAYS=365)
def test_erasure_after_the_retention_period_with_dry_run_and_audit(key_a, register, staff):
    old, recent, disputed, open_app = (register() for _ in range(4))
    today = dt.date.today()
    _close(old, today - dt.timedelta(days=400))
    _close(recent, today - dt.timedelta(days=100))
    _close(disputed, today - dt.timedelta(days=400))
    ReviewCase.objects.create(
        organization=staff.org, application=disputed, filed_on=today - dt.timedelta(days=390), result=CaseResult.PENDING
    )
    out = io.StringIO()
    call_command("erase_expired_personal_data", "--dry-run", stdout=out)
    assert "试运行：有 1 件" in out.getvalue() and old.tracking_number in out.getvalue()
    assert Application.objects.get(pk=old.pk).id_number == APPLICANT["id_number"]
    assert not AuditLog.objects.filter(action="applications.application.erase_personal_data").exists()

    call_command("erase_expired_personal_data", stdout=io.StringIO())
    erased = Application.objects.get(pk=old.pk)
    assert all(getattr(erased, f) == "" for f in PERSONAL_FIELDS)
    assert erased.id_number_index == "" and erased.personal_data_erased_on == dt.date.today()
    assert erased.decision == "disclosed" and erased.tracking_number == old.tracking_number  # counts stay
    for kept in (recent, disputed, open_app):
        assert Application.objects.get(pk=kept.pk).id_number == APPLICANT["id_number"]
    row = AuditLog.objects.get(action="applications.application.erase_personal_data")
    assert row.object_id == str(old.pk) and "365" in row.reason
    call_command("erase_expired_personal_data", stdout=io.StringIO())  # idempotent
    assert AuditLog.objects.filter(action="applications.application.erase_personal_data").count() == 1
    assert verify().broken is None
    assert not selectors.applications_of_applicant(user=staff.drafter, id_number=APPLICANT["id_number"]).filter(
        pk=old.pk
    )


# -- data migration ------------------------------------------------------------------------------


def _scratch_database(tmp_path):
    """A fresh database of the backend under test: an SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "db.sqlite3"
        return f"sqlite:///{path}", lambda: sqlite3.connect(path), "?", None
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = "gongkai_migration_" + os.urandom(4).hex()
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"{base}/{name}", lambda: psycopg.connect(f"{base}/{name}"), "%s", drop


def test_migration_encrypts_existing_plaintext_rows_in_place(tmp_path):
    src = Path(__file__).resolve().parents[3] / "src"
    url, connect, mark, drop = _scratch_database(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(src), "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DATA_KEY": KEY_A}
    env["DATABASE_URL"] = url

    def gongkai(*args):
        done = subprocess.run(
            [sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    try:
        # the last schema before encryption, with every other app up to date
        gongkai("migrate", "applications", "0007_submission_token_and_query_guard", "--no-input", "-v", "0")
        for app in ("organizations", "audit"):
            gongkai("migrate", app, "--no-input", "-v", "0")
        gongkai("org_create", "--name", "某县人民政府", "--slug", "mx", "--kind", "county")
        db = connect()
        org_id = db.execute("SELECT id FROM organizations_organization").fetchone()[0]
        db.execute(
            "INSERT INTO applications_application (organization_id, tracking_number, query_code_hash,"
            " applicant_type, applicant_name, contact_person, id_type, id_number, phone, email, address, postcode,"
            " description, document_number, delivery_form, delivery_method, channel, submitted_at, receipt_basis,"
            " status, due_provisional, deadline_status, deadline_explanation, fee_method, decision, decision_reason,"
            " reply_number, reply_approved_by_name, created_at, updated_at) VALUES"
            f" ({mark}, 'GK1', 'x', 'natural_person', '张三', '', 'id_card', '110101199001011234', '13800138000',"
            " 'zhangsan@example.cn', '某市某区某路1号', '', '旧申请', '', 'electronic', 'email', 'counter',"
            " '2024-01-02 01:00:00+00', '', 'submitted', false, '', '{}', '', '', '', '', '',"
            " '2024-01-02 01:00:00+00', '2024-01-02 01:00:00+00')",
            [org_id],
        )
        db.commit()
        db.close()
        gongkai("migrate", "--no-input", "-v", "0")
        db = connect()
        row = db.execute(
            "SELECT applicant_name, id_number, phone, email, address, id_number_index FROM applications_application"
        ).fetchone()
        db.close()
        assert all(token_key_id(v) == key_id(bytes.fromhex(KEY_A)) for v in row[:5])
        assert len(row[5]) == 64 and "110101" not in repr(row)
        shown = gongkai(
            "shell",
            "-c",
            "from gongkai.apps.applications.models import Application as A; a = A.objects.get();"
            " print(a.id_number, a.address)",
        )
        assert "110101199001011234 某市某区某路1号" in shown
    finally:
        if drop is not None:
            drop()

