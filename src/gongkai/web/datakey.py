"""Where the data key comes from: ``GONGKAI_DATA_KEY``, ``GONGKAI_DATA_KEY_FILE``, or a generated demo key.

Never the database: a copy of the database (a backup, a stolen disk) holds only ciphertext. Order:

1. ``GONGKAI_DATA_KEY`` — keys as 32 hex digits, comma-separated, the current one first;
2. ``GONGKAI_DATA_KEY_FILE`` — a file with one key per line, the current one first (``#`` comments);
3. neither: the development/demo key file ``<GONGKAI_DATA_DIR>/keys/data.key``, generated on first
   use (mode 0600). ``gongkai check --deploy`` warns when an install runs on it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed

from gongkai.core.fieldcrypt import DataKeyError, Keyring, generate_key, parse_keys

__all__ = ["DEV_KEY_HEADER", "add_key_to_file", "keyring", "key_file_path", "reset", "uses_generated_key"]

DEV_KEY_HEADER = (
    "# gongkai 开发/演示用数据密钥：首次使用时自动生成，仅供开发和演示。\n"
    "# 正式部署请设置 GONGKAI_DATA_KEY 或 GONGKAI_DATA_KEY_FILE，并把密钥与数据库备份分开保存。\n"
)

_cache: dict[tuple, Keyring] = {}


def reset(**kwargs) -> None:
    """Forget the loaded keys (after a setting changed or a key file was rewritten)."""
    _cache.clear()


setting_changed.connect(reset, dispatch_uid="gongkai.datakey.reset")


def key_file_path() -> Path | None:
    """The key file in use (configured or the generated demo one), or None when keys come from the environment."""
    if getattr(settings, "GONGKAI_DATA_KEY", ""):
        return None
    configured = getattr(settings, "GONGKAI_DATA_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.GONGKAI_DEV_DATA_KEY_FILE)


def uses_generated_key() -> bool:
    """Whether the keys come from the generated development/demo key file."""
    return not getattr(settings, "GONGKAI_DATA_KEY", "") and not getattr(settings, "GONGKAI_DATA_KEY_FILE", "")


def _generate_dev_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(DEV_KEY_HEADER + generate_key() + "\n")


def keyring() -> Keyring:
    """The configured keyring (cached per configuration).

    Raises:
        DataKeyError: the configured key or key file is missing or malformed.
    """
    env = getattr(settings, "GONGKAI_DATA_KEY", "")
    path = key_file_path()
    cache_key = (env, str(path))
    ring = _cache.get(cache_key)
    if ring is not None:
        return ring
    if env:
        ring = Keyring(parse_keys(env, source="GONGKAI_DATA_KEY"), source="GONGKAI_DATA_KEY")
    else:
        if uses_generated_key() and not path.exists():
            _generate_dev_key(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            msg = f"GONGKAI_DATA_KEY_FILE：无法读取密钥文件 {path}（{exc.strerror or exc}）"
            raise DataKeyError(msg) from None
        ring = Keyring(parse_keys(text, source=str(path)), source=str(path))
    _cache[cache_key] = ring
    return ring


def add_key_to_file(new_key_hex: str) -> Path:
    """Put *new_key_hex* first in the key file, keeping the older keys below it (atomic rename).

    Raises:
        DataKeyError: keys come from ``GONGKAI_DATA_KEY`` (the environment cannot be rewritten).
    """
    path = key_file_path()
    if path is None:
        msg = (
            "数据密钥来自环境变量 GONGKAI_DATA_KEY，无法自动写入新密钥：请把新密钥放在最前面"
            "（GONGKAI_DATA_KEY=新密钥,旧密钥）后重新运行 gongkai rotate_data_key。"
        )
        raise DataKeyError(msg)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    header = "".join(line + "\n" for line in old.splitlines() if line.startswith("#"))
    body = "".join(line + "\n" for line in old.splitlines() if line.strip() and not line.startswith("#"))
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(header + new_key_hex + "\n" + body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    reset()
    return path
