"""Backup and restore of the platform: the database and the uploaded files, in one archive.

An archive is an uncompressed tar file holding

- ``manifest.json`` — format, time, gongkai version, database vendor, the latest applied migration of
  each app, and for every other member its size and SHA-256;
- ``database.sqlite3`` (SQLite, copied with SQLite's online backup API, so the server may keep running)
  or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``, a consistent snapshot);
- ``media/…`` — every stored file (attachments, uploaded reports), read through Django's storage API:
  ``MEDIA_ROOT`` on the local disk, or the S3-compatible bucket when ``GONGKAI_S3_BUCKET`` is set.

``restore`` checks the whole archive first (every member listed, sizes and checksums equal, no path
outside the archive, the same database vendor) and refuses a damaged one with one Chinese line before
anything is touched. Then it replaces the database contents and the media directory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = ["BackupError", "create_backup", "read_manifest", "restore_backup"]

FORMAT = "gongkai-backup/1"
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1 << 20


class BackupError(Exception):
    """A one-line Chinese reason why a backup or restore cannot be done."""


@dataclass(frozen=True)
class _Db:
    vendor: str
    settings: dict


def _db() -> _Db:
    from django.db import connection

    return _Db(connection.vendor, dict(connection.settings_dict))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_env(settings: dict) -> tuple[list[str], dict]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装与数据库服务器版本一致的 postgresql-client。")
    return path


def _check_pg_versions(tool: str) -> None:
    from django.db import connection

    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    client_major = int(match.group(1)) if match else 0
    server_major = connection.pg_version // 10000
    if client_major < server_major:
        raise BackupError(
            f"{Path(tool).name} 的版本（{client_major}）低于数据库服务器（{server_major}）：请安装 postgresql-client-{server_major}。"
        )


def _migrations_state() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    state: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        state[app] = name
    return state


def _dump_database(db: _Db, target: Path) -> None:
    if db.vendor == "sqlite":
        name = str(db.settings["NAME"])
        if name == ":memory:" or name.startswith("file:memorydb"):
            raise BackupError("内存中的 SQLite 数据库无法备份。")
        source = sqlite3.connect(name)
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)  # page by page, consistent, while other connections keep working
        finally:
            dest.close()
            source.close()
    elif db.vendor == "postgresql":
        tool = _pg_tool("pg_dump")
        _check_pg_versions(tool)
        args, env = _pg_env(db.settings)
        result = subprocess.run(
            [tool, *args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), db.settings["NAME"]],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{_first_line(result.stderr)}")
    else:
        raise BackupError(f"不支持备份 {db.vendor} 数据库。")


def _first_line(text: str) -> str:
    lines = [x.strip() for x in (text or "").splitlines() if x.strip()]
    return lines[0] if lines else "（无输出）"


def _local_media_root() -> Path | None:
    """MEDIA_ROOT when the stored files live on this machine's disk there, else ``None`` (an object store)."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["default"]
    if (
        isinstance(storage, FileSystemStorage)
        and Path(storage.location).resolve() == Path(settings.MEDIA_ROOT).resolve()
    ):
        return Path(settings.MEDIA_ROOT)
    return None


def _copy_media(folder: Path) -> list[tuple[str, Path]]:
    """Copy every stored file (through the storage API: local disk or S3 alike) under *folder*."""
    from django.core.files.storage import default_storage

    from gongkai.web.files import iter_stored_files

    copied = []
    for name in iter_stored_files(default_storage):
        parts = PurePosixPath(name).parts
        if ".." in parts or not parts:
            continue
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        copied.append((str(PurePosixPath("media", *parts)), target))
    return copied


def create_backup(target: Path) -> dict:
    """Write the archive to *target* (written next to it first, then renamed); return its manifest."""
    import gongkai

    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"输出目录不存在：{target.parent}")
    db = _db()
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-", dir=target.parent) as tmp:
        db_file = Path(tmp) / DB_MEMBERS.get(db.vendor, "database")
        _dump_database(db, db_file)
        members = {db_file.name: db_file}
        for name, path in _copy_media(Path(tmp) / "media"):
            members[name] = path
        files = {}
        for name, path in members.items():
            files[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "gongkai_version": gongkai.__version__,
            "database": {"vendor": db.vendor, "member": db_file.name},
            "migrations": _migrations_state(),
            "files": files,
        }
        partial = Path(tmp) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, target)
    return manifest


def _damaged(reason: str) -> BackupError:
    return BackupError(f"备份文件已损坏或不完整，已拒绝恢复：{reason}")


def read_manifest(archive: Path) -> dict:
    """Check the whole archive and return its manifest; raise :class:`BackupError` if anything is wrong."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    try:
        with tarfile.open(archive, "r:") as tar:
            try:
                raw = tar.extractfile(MANIFEST)
            except KeyError:
                raise _damaged("缺少 manifest.json") from None
            try:
                manifest = json.loads(raw.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise _damaged("manifest.json 无法读取") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _damaged("不是 gongkai 备份文件（格式标记不符）")
            files = manifest.get("files")
            if not isinstance(files, dict) or manifest.get("database", {}).get("member") not in files:
                raise _damaged("清单中缺少数据库文件")
            seen = set()
            for member in tar:
                if member.name == MANIFEST:
                    continue
                _check_member_name(member.name)
                if not member.isfile():
                    raise _damaged(f"含有非普通文件 {member.name}")
                expected = files.get(member.name)
                if expected is None:
                    raise _damaged(f"含有清单之外的文件 {member.name}")
                if member.size != expected.get("size"):
                    raise _damaged(f"{member.name} 大小不符")
                h = hashlib.sha256()
                f = tar.extractfile(member)
                for chunk in iter(lambda f=f: f.read(_CHUNK), b""):
                    h.update(chunk)
                if h.hexdigest() != expected.get("sha256"):
                    raise _damaged(f"{member.name} 校验和不符")
                seen.add(member.name)
            missing = sorted(set(files) - seen)
            if missing:
                raise _damaged(f"缺少 {missing[0]} 等 {len(missing)} 个文件")
    except (tarfile.TarError, EOFError, OSError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise _damaged(f"无法读取归档（{type(exc).__name__}）") from None
    return manifest


def _check_member_name(name: str) -> None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _damaged(f"含有不安全的路径 {name}")
    if path.parts[0] != "media" and name not in DB_MEMBERS.values():
        raise _damaged(f"含有未知文件 {name}")


def restore_backup(archive: Path) -> dict:
    """Replace the database contents and ``MEDIA_ROOT`` with the archive's; return its manifest."""
    from django.conf import settings
    from django.db import connections

    archive = Path(archive)
    manifest = read_manifest(archive)
    db = _db()
    if manifest["database"]["vendor"] != db.vendor:
        raise BackupError(
            f"备份来自 {manifest['database']['vendor']} 数据库，当前为 {db.vendor}：请在同类数据库上恢复。"
        )
    media_root = _local_media_root()
    work = media_root.parent if media_root else Path(settings.DATA_DIR)
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-", dir=work) as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive, "r:") as tar:
            # every name was checked by read_manifest; the data filter refuses links and odd modes anyway
            tar.extractall(tmp_path / "x", filter="data")
        db_file = tmp_path / "x" / manifest["database"]["member"]
        if _sha256(db_file) != manifest["files"][db_file.name]["sha256"]:  # changed since it was checked
            raise _damaged("数据库文件校验和不符")
        connections.close_all()
        _restore_database(db, db_file)
        new_media = tmp_path / "x" / "media"
        new_media.mkdir(exist_ok=True)
        if media_root is None:
            _restore_object_store(new_media)
            return manifest
        old_media = tmp_path / "old-media"
        if media_root.exists():
            os.replace(media_root, old_media)
        os.replace(new_media, media_root)
    return manifest


def _restore_object_store(new_media: Path) -> None:
    """Make the object store hold exactly the archive's files (through the storage API)."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    from gongkai.web.files import iter_stored_files

    wanted = {
        str(PurePosixPath(*p.relative_to(new_media).parts)): p for p in sorted(new_media.rglob("*")) if p.is_file()
    }
    for name in list(iter_stored_files(default_storage)):
        if name not in wanted:
            default_storage.delete(name)
    for name, path in wanted.items():
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as f:
            saved = default_storage.save(name, File(f, name=PurePosixPath(name).name))
        if saved != name:
            raise BackupError(f"无法按原名写回文件 {name}（对象存储返回 {saved}）")




def _restore_database(db: _Db, db_file: Path) -> None:
    if db.vendor == "sqlite":
        source = sqlite3.connect(db_file)
        dest = sqlite3.connect(str(db.settings["NAME"]), timeout=60)
        try:
            with dest:
                source.backup(dest)  # replaces every page of the live file under SQLite's own lock
        finally:
            dest.close()
            source.close()
        return
    tool = _pg_tool("pg_restore")
    _check_pg_versions(tool)
    args, env = _pg_env(db.settings)
    result = subprocess.run(
        [
            tool,
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            db.settings["NAME"],
            str(db_file),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore 失败，数据库未改动：{_first_line(result.stderr)}")
