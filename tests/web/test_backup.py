"""gongkai backup / restore: a round trip gives the same data and files; a damaged archive is refused.

Real commands in child processes against a SQLite file and (when DATABASE_URL points at PostgreSQL)
a PostgreSQL database of its own, with pg_dump / pg_restore.
"""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

import gongkai

SRC = str(Path(gongkai.__file__).resolve().parents[1])


def _run(env, *args, input_text=None):
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        input=input_text,
    )


def _ok(env, *args):
    out = _run(env, *args)
    assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-3000:])
    return out.stdout


def _media_state(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _data(env) -> str:
    return _ok(env, "dumpdata", "--indent", "0", "--exclude", "sessions")


@pytest.fixture(params=["sqlite", "postgresql"])
def platform_env(request, tmp_path):
    env = {**os.environ, "PYTHONPATH": SRC, "GONGKAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("GONGKAI_TESTING", None)
    dropdb = None
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'gongkai.sqlite3'}"
        (tmp_path / "data").mkdir()
    else:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith("postgres"):
            pytest.skip("set DATABASE_URL=postgres://… to test backups on PostgreSQL")
        import psycopg

        parts = urlsplit(base)
        name = f"{parts.path.lstrip('/') or 'gongkai'}_backup_{os.getpid()}"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')

        def dropdb():
            with psycopg.connect(admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    _ok(env, "migrate", "--no-input", "-v", "0")
    _ok(env, "org_create", "--name", "备份县人民政府", "--slug", "bkx", "--kind", "county")
    _ok(env, "org_create", "--name", "备份镇人民政府", "--slug", "bkz", "--kind", "township", "--parent", "bkx", "--catalogue")
    _ok(env, "staff_create", "--username", "bk_drafter", "--org", "bkz", "--roles", "drafter", "--password", "Bk-pass-2026-long!")
    media = tmp_path / "data" / "media"
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "通知附件.pdf").write_bytes(os.urandom(200_000))
    (media / "review" / "batch1").mkdir(parents=True)
    (media / "review" / "batch1" / "年报.docx").write_bytes(b"PK\x03\x04" + os.urandom(5000))
    (media / "empty.txt").write_bytes(b"")
    yield env, tmp_path
    if dropdb:
        dropdb()


def test_round_trip_restores_data_and_media(platform_env):
    env, tmp = platform_env
    media = tmp / "data" / "media"
    before_data, before_media = _data(env), _media_state(media)
    archive = tmp / "b.tar"
    out = _ok(env, "backup", "-o", str(archive))
    assert "已备份" in out and archive.stat().st_size > 200_000
    assert "归档完好" in _ok(env, "restore", "--check", str(archive))

    # the office goes on working: a new body, a file changed, one deleted, one added
    _ok(env, "org_create", "--name", "后来镇人民政府", "--slug", "later", "--kind", "township", "--parent", "bkx")
    (media / "attachments" / "2026" / "通知附件.pdf").write_bytes(b"changed")
    (media / "empty.txt").unlink()
    (media / "new.txt").write_text("新文件")
    assert _data(env) != before_data

    refused = _run(env, "restore", str(archive), input_text="no\n")
    assert refused.returncode == 2 and "已取消" in refused.stderr
    assert "后来镇" in _data(env)

    assert "已恢复" in _ok(env, "restore", "--yes", str(archive))
    assert _data(env) == before_data
    assert _media_state(media) == before_media
    assert "后来镇" not in _data(env)


def _flip_byte_inside(archive: Path, member_name: str, target: Path) -> None:
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member_name).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 100] ^= 0xFF
    target.write_bytes(bytes(data))


def test_a_damaged_archive_is_refused_with_one_chinese_line(platform_env):
    env, tmp = platform_env
    archive = tmp / "b.tar"
    _ok(env, "backup", "-o", str(archive))
    _ok(env, "org_create", "--name", "后来镇人民政府", "--slug", "later", "--kind", "township", "--parent", "bkx")
    after = _data(env)
    with tarfile.open(archive) as tar:
        db_member = next(m.name for m in tar if m.name.startswith("database."))
    damaged = {
        "db-bit": tmp / "d1.tar",
        "media-bit": tmp / "d2.tar",
        "truncated": tmp / "d3.tar",
        "not-tar": tmp / "d4.tar",
    }
    _flip_byte_inside(archive, db_member, damaged["db-bit"])
    _flip_byte_inside(archive, "media/attachments/2026/通知附件.pdf", damaged["media-bit"])
    damaged["truncated"].write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    damaged["not-tar"].write_bytes(b"%PDF-1.7 this is not a backup")
    for what, path in damaged.items():
        out = _run(env, "restore", "--yes", str(path))
        assert out.returncode == 2, (what, out.stdout, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "已损坏" in lines[0], (what, out.stderr)
        assert "Traceback" not in out.stderr
    missing = _run(env, "restore", "--yes", str(tmp / "nope.tar"))
    assert missing.returncode == 2 and "找不到备份文件" in missing.stderr
    assert _data(env) == after  # nothing was touched
