"""The audit log proves itself: SM3 hash chain, ``gongkai audit verify``, triggers, audited /admin/ deletes.

Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://…``): the triggers are the database's own.
"""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse

from gongkai.apps.applications import services as app_services
from gongkai.apps.applications.models import LawsuitCase, ReviewCase
from gongkai.apps.audit import chain, triggers
from gongkai.apps.audit.models import AuditChainHead, AuditLog
from gongkai.apps.audit.services import audit_log
from gongkai.apps.organizations.testing import make_org, make_staff, make_user
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db

APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "id_card",
    "id_number": "110101199001011234",
    "phone": "13800138000",
    "email": "zhangsan@example.cn",
    "address": "某市某区某路1号",
    "description": "2024年某镇农村道路建设项目的招标文件",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


def _raw(sql: str, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_sm3_is_the_standard_one():
    # GB/T 32905-2016 example 1: SM3("abc")
    assert chain.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_rows_are_chained_in_order():
    org = make_org("甲镇", slug="jia")
    first = audit_log(actor=None, action="test.thing.one", obj=org, after={"n": 1.0, "big": 1e20, "x": [0.5]})
    second = audit_log(actor=None, action="test.thing.two", obj=org, reason="第二条")
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.chain_hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.chain_hash) == (second.seq, second.chain_hash)
    # the hash is the one recomputed from the row as the database gives it back
    for entry in AuditLog.objects.filter(pk__in=[first.pk, second.pk]):
        assert chain.row_hash(entry) == entry.chain_hash
    result = chain.verify()
    assert result.broken is None and result.rows == AuditLog.objects.count()


def _verify_command(*args) -> int:
    try:
        call_command("audit", "verify", *args)
    except SystemExit as exc:
        return int(exc.code)
    return 0


def test_verify_reports_a_tampered_row(capsys):
    rows = [audit_log(actor=None, action="test.thing.step", obj=None, reason=f"第{i}步") for i in range(5)]
    assert _verify_command() == 0
    assert "审计日志完整" in capsys.readouterr().out
    victim = rows[2]
    with triggers.lifted(connection):  # what someone with the database owner's rights could do
        _raw("UPDATE audit_auditlog SET reason = %s WHERE id = %s", ["篡改", victim.pk])
    result = chain.verify()
    assert result.broken is not None
    assert (result.broken.row_id, result.broken.seq) == (victim.pk, victim.seq)
    assert "被修改" in result.broken.problem
    assert _verify_command() == 1
    err = capsys.readouterr().err
    assert f"id={victim.pk}" in err and f"序号 {victim.seq}" in err
    assert f"{victim.timestamp.astimezone():%Y-%m-%d}" in err
    assert _verify_command("--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["intact"] is False and out["broken"]["row_id"] == victim.pk


def test_verify_reports_a_deleted_row_and_a_cut_tail():
    rows = [audit_log(actor=None, action="test.thing.step", obj=None, reason=f"第{i}步") for i in range(4)]
    with triggers.lifted(connection):
        _raw("DELETE FROM audit_auditlog WHERE id = %s", [rows[1].pk])
    broken = chain.verify().broken
    assert broken.row_id == rows[2].pk and "被删除" in broken.problem
    with triggers.lifted(connection):
        _raw("DELETE FROM audit_auditlog WHERE id >= %s", [rows[1].pk])
    broken = chain.verify().broken
    assert broken.row_id == rows[0].pk and "末尾" in broken.problem


def test_verify_reports_a_forged_row_in_the_middle():
    rows = [audit_log(actor=None, action="test.thing.step", obj=None) for _ in range(3)]
    # A forger who recomputes the forged row's own hash still breaks the next link.
    with triggers.lifted(connection):
        forged = AuditLog.objects.get(pk=rows[1].pk)
        forged.reason = "伪造"
        forged.chain_hash = chain.row_hash(forged)
        _raw("UPDATE audit_auditlog SET reason = %s, chain_hash = %s WHERE id = %s", ["伪造", forged.chain_hash, forged.pk])
    broken = chain.verify().broken
    assert broken.row_id == rows[2].pk and "前一条" in broken.problem


def test_raw_sql_update_and_delete_are_refused_by_the_database():
    entry = audit_log(actor=None, action="test.thing.create", obj=None)
    assert triggers.installed(connection)
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        _raw("UPDATE audit_auditlog SET reason = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        _raw("DELETE FROM audit_auditlog WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        _raw("DELETE FROM audit_auditlog")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="审计日志只能追加"):
            _raw("TRUNCATE audit_auditlog")
    entry.refresh_from_db()
    assert entry.reason == "" and chain.verify().broken is None


def test_deleting_a_user_leaves_the_rows_untouched():
    user = make_user("temp", full_name="临时")
    audit_log(actor=user, action="test.thing.create", obj=None)
    get_user_model().objects.filter(pk=user.pk).delete()  # no SET NULL on the audit rows
    assert chain.verify().broken is None


def test_migrate_puts_back_triggers_a_table_rebuild_dropped():
    triggers.remove(connection)
    assert not triggers.installed(connection)
    call_command("migrate", verbosity=0)
    assert triggers.installed(connection)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the fork needs real concurrency")
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                audit_log(actor=None, action="test.thing.concurrent", obj=None, reason=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert AuditLog.objects.filter(action="test.thing.concurrent").count() == 60
    result = chain.verify()
    assert result.broken is None
    seqs = list(AuditLog.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.django_db(transaction=False)
def test_gongkai_audit_verify_on_the_command_line(tmp_path):
    """``gongkai audit verify`` in a real process: 0 on an intact log, 1 and the row after raw tampering."""
    src = Path(__file__).resolve().parents[3] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "GONGKAI_DATA_DIR": str(tmp_path)}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    def gongkai(*args):
        return subprocess.run(
            [sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert gongkai("migrate", "--no-input", "-v", "0").returncode == 0
    assert gongkai("org_create", "--name", "某镇人民政府", "--slug", "mz", "--kind", "county").returncode == 0
    ok = gongkai("audit", "verify")
    assert ok.returncode == 0 and "审计日志完整" in ok.stdout, ok.stderr
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="审计日志只能追加"):
        db.execute("DELETE FROM audit_auditlog")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_auditlog SET actor_name = '别人' WHERE seq = 1")
    db.commit()
    row_id = db.execute("SELECT id FROM audit_auditlog WHERE seq = 1").fetchone()[0]
    db.close()
    bad = gongkai("audit", "verify")
    assert bad.returncode == 1
    assert f"id={row_id}" in bad.stderr and "被修改" in bad.stderr and "Traceback" not in bad.stderr


# -- /admin/ -------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", "root-pass-123")


def _review_case():
    staff = make_staff("adm")
    app, _code = app_services.application_register(
        actor=staff.drafter, organization=staff.org, channel="counter", submitted_on=dt.date(2025, 3, 3), **APPLICANT
    )
    return app_services.review_case_record(
        actor=staff.leader, organization=staff.org, application=app, filed_on=dt.date(2025, 5, 6), case_number="复议〔2025〕1号"
    )


def test_deleting_a_review_case_in_admin_leaves_an_audit_row(client, superuser):
    case = _review_case()
    lawsuit = LawsuitCase.objects.create(
        organization=case.organization, filed_on=dt.date(2025, 8, 1), route="after_reconsideration", review=case
    )
    verified_login(client, superuser)
    url = reverse("admin:applications_reviewcase_delete", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not ReviewCase.objects.filter(pk=case.pk).exists()
    row = AuditLog.objects.get(action="applications.reviewcase.admin_delete")
    assert row.actor_id == superuser.pk and row.object_id == str(case.pk)
    assert row.before["case_number"] == "复议〔2025〕1号"
    assert row.organization_id == case.organization_id
    assert row.action_label == "管理后台删除行政复议案件"
    assert row.after == {"cascade": {"applications.lawsuitcase.review（置空）": 1}}  # what the delete detached
    lawsuit.refresh_from_db()
    assert lawsuit.review_id is None
    assert chain.verify().broken is None


def test_bulk_delete_of_cases_in_admin_is_audited_per_case(client, superuser):
    case = _review_case()
    verified_login(client, superuser)
    response = client.post(
        reverse("admin:applications_reviewcase_changelist"),
        {"action": "delete_selected", "_selected_action": [case.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ReviewCase.objects.exists()
    assert AuditLog.objects.filter(action="applications.reviewcase.admin_delete", object_id=str(case.pk)).count() == 1


def test_only_superusers_may_delete_cases_and_nobody_edits_applications_in_admin(client):
    case = _review_case()
    staff_admin = get_user_model().objects.create_user("ops", password="ops-pass-123", is_staff=True)
    from django.contrib.auth.models import Permission

    staff_admin.user_permissions.set(Permission.objects.filter(codename__in=["view_reviewcase", "delete_reviewcase"]))
    client.force_login(staff_admin)
    # a non-superuser has no admin at all (accounts: superusers with a second factor only)
    response = client.post(reverse("admin:applications_reviewcase_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code in (302, 403)
    assert ReviewCase.objects.filter(pk=case.pk).exists()


def test_admin_changes_to_organizations_roles_and_users_are_audited(client, superuser):
    staff = make_staff("org")
    verified_login(client, superuser)
    user = staff.drafter
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "username": user.username,
        "first_name": "改名",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "09:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditLog.objects.get(action="auth.user.admin_change", object_id=str(user.pk))
    assert row.before["is_superuser"] is False and row.after["is_superuser"] is True
    assert "password" not in row.after
    client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert AuditLog.objects.filter(action="auth.user.admin_delete", object_id=str(user.pk)).exists()
    assert chain.verify().broken is None
