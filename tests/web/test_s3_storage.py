"""Stored files on an S3-compatible object store (GONGKAI_S3_*), against a real S3 API: moto in server mode on
loopback (the ``s3_endpoint`` fixture). Every file goes into the bucket, none onto the local disk, and comes back
through the platform's own pages, checks, background reading and backups."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import gongkai
from gongkai.apps.publishing.models import ItemFinding
from gongkai.apps.publishing.services import attachment_add, item_submit
from gongkai.apps.review.models import CheckBatch
from gongkai.apps.review.services import batch_create
from tests.apps.portal.helpers import draft as portal_draft
from tests.apps.portal.helpers import portal_staff, publish_through_review
from tests.apps.review.conftest import county, seed_file  # noqa: F401 - the county fixture
from tests.conftest import s3_keys

pytestmark = pytest.mark.django_db
SRC = str(Path(gongkai.__file__).resolve().parents[1])


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _local_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_settings_select_s3_from_the_environment(s3_storage, tmp_path):
    """GONGKAI_S3_BUCKET in a fresh process: the S3 backend, which writes into the bucket; without it the disk."""
    s3, bucket, env = s3_storage
    code = (
        "import django; django.setup(); from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s;"
        "print(s.save('probe/探针.txt', ContentFile('在对象存储里'.encode()))); print(type(s._wrapped).__name__)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_S3_")}

    def run(extra):
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**base, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings", **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )

    s3_run = run(env)
    assert s3_run.returncode == 0, s3_run.stderr
    assert s3_run.stdout.split() == ["probe/探针.txt", "S3Storage"]
    assert s3.get_object(Bucket=bucket, Key="probe/探针.txt")["Body"].read().decode() == "在对象存储里"
    local = run({"GONGKAI_DATA_DIR": str(tmp_path)})
    assert local.returncode == 0, local.stderr
    assert local.stdout.split() == ["probe/探针.txt", "FileSystemStorage"]
    assert (tmp_path / "media" / "probe" / "探针.txt").read_text() == "在对象存储里"


def test_a_published_attachment_lives_in_the_bucket_and_downloads_from_the_portal(client, s3_storage, settings):
    s3, bucket, _ = s3_storage
    staff = portal_staff("s3a")
    item = portal_draft(staff, "关于防汛值班安排的通知")
    pdf = _docx("值班安排：11月1日起每日两人值班。")
    attachment = attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile("值班表.docx", pdf))
    assert s3_keys(s3, bucket) == [attachment.file.name]
    assert s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read() == pdf
    item = publish_through_review(staff, item)
    response = client.get(reverse("portal:attachment", args=[staff.org.slug, item.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert "值班表.docx" in response["Content-Disposition"] or "%E5%80%BC" in response["Content-Disposition"]
    assert _local_files(settings) == []


def test_a_missing_object_is_a_chinese_404_not_a_500(client, s3_storage):
    s3, bucket, _ = s3_storage
    staff = portal_staff("s3m")
    item = portal_draft(staff, "附件丢失的通知")
    attachment = attachment_add(actor=staff.drafter, item=item, upload=SimpleUploadedFile("a.docx", _docx("附件正文")))
    item = publish_through_review(staff, item)
    s3.delete_object(Bucket=bucket, Key=attachment.file.name)
    response = client.get(reverse("portal:attachment", args=[staff.org.slug, item.pk, attachment.pk]))
    assert response.status_code == 404


def test_the_prepublish_checks_read_an_attachment_from_the_bucket(s3_storage, settings):
    staff = portal_staff("s3c")
    item = portal_draft(staff, "低保对象公示")
    attachment_add(
        actor=staff.drafter,
        item=item,
        upload=SimpleUploadedFile("名单.docx", _docx("户主 李某 身份证号 11010519491231002X")),
    )
    item_submit(actor=staff.drafter, item=item)
    fields = set(ItemFinding.objects.filter(item=item).values_list("field", "kind"))
    assert ("附件“名单.docx”", "id_card") in fields
    assert _local_files(settings) == []


def test_uploaded_reports_are_stored_in_the_bucket_and_read_in_the_background(county, s3_storage, run_tasks, settings):  # noqa: F811
    s3, bucket, _ = s3_storage
    batch_create(actor=county.leader, organization=county.county, year=2020, files=[seed_file()])
    batch = CheckBatch.objects.get()
    [row] = batch.reports.all()
    assert s3_keys(s3, bucket) == [row.file.name]
    assert run_tasks() == 1
    row.refresh_from_db()
    assert row.status == "parsed", row.parse_error
    assert row.matched_organization_id == county.sili.pk
    assert _local_files(settings) == []


def test_backup_and_restore_through_the_object_store(s3_storage, tmp_path):
    """Real ``gongkai backup`` / ``restore`` processes configured by GONGKAI_S3_* (SQLite database)."""
    s3, bucket, s3_env = s3_storage
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "PYTHONPATH": SRC, "GONGKAI_DATA_DIR": str(data), **s3_env}
    env["DATABASE_URL"] = f"sqlite:///{data / 'gongkai.sqlite3'}"
    env.pop("GONGKAI_TESTING", None)

    def ok(*args):
        out = subprocess.run(
            [sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-3000:])
        return out.stdout

    ok("migrate", "--no-input", "-v", "0")
    files = {"attachments/2026/通知附件.pdf": os.urandom(100_000), "review/1/年报.txt": "年报正文".encode()}
    for key, body in files.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    archive = tmp_path / "b.tar"
    ok("backup", "-o", str(archive))
    s3.put_object(Bucket=bucket, Key="attachments/2026/通知附件.pdf", Body=b"changed")
    s3.put_object(Bucket=bucket, Key="later/new.txt", Body=b"new")
    s3.delete_object(Bucket=bucket, Key="review/1/年报.txt")
    assert "已恢复" in ok("restore", "--yes", str(archive))
    assert s3_keys(s3, bucket) == sorted(files)
    for key, body in files.items():
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body
    assert not (data / "media").exists()
