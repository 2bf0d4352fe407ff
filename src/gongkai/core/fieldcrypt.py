"""Encryption of personal data at rest with the national algorithms: SM4-GCM and HMAC-SM3.

Framework-free (no Django). A :class:`Keyring` holds one or more 128-bit SM4 keys; the first one
encrypts, every one decrypts (old keys stay until ``gongkai rotate_data_key`` has re-encrypted
every row). A value is stored as the text token::

    sm4gcm:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>

with a random 96-bit nonce, a 128-bit GCM tag and the column name as associated data (a token
copied into another column does not decrypt). The key id is the first 8 hex digits of
SM3("gongkai data key id" ‖ key): it names the key without revealing it, so a wrong key is
reported as such instead of as garbage.

Blind indexes (盲索引) make equality lookups possible without decrypting: HMAC-SM3 of the
normalised value under an index key derived from the data key. Each key has its own index key, so
a lookup computes one candidate per key in the ring (:meth:`Keyring.blind_indexes`).

SM4-GCM is RFC 8998's TLS cipher suite; the OpenSSL bundled with ``cryptography`` ≥ 44 supports
it (``tests/core/test_fieldcrypt.py`` checks RFC 8998's test vector).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = [
    "PREFIX",
    "DataKeyError",
    "DecryptionError",
    "Keyring",
    "generate_key",
    "is_token",
    "key_id",
    "parse_keys",
    "token_key_id",
]

PREFIX = "sm4gcm"
KEY_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
_TOKEN_RE = re.compile(r"^sm4gcm:([0-9a-f]{8}):([A-Za-z0-9_-]+={0,2})$")
_HEX_KEY_RE = re.compile(r"^[0-9a-fA-F]{32}$")


class DataKeyError(Exception):
    """The data key is missing or malformed (a configuration error)."""


class DecryptionError(Exception):
    """A stored value cannot be decrypted with the configured keys."""


def _sm3_hmac(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def key_id(key: bytes) -> str:
    """The public name of *key*: 8 hex digits of SM3("gongkai data key id" ‖ key)."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"gongkai data key id\x00" + key)
    return digest.finalize().hex()[:8]


def generate_key() -> str:
    """A new random SM4 key as 32 hex digits."""
    return os.urandom(KEY_BYTES).hex()


def parse_keys(text: str, *, source: str) -> list[bytes]:
    """Keys from *text*: 32 hex digits each, one per line or comma-separated; ``#`` starts a comment.

    Raises:
        DataKeyError: no key, or a key that is not 32 hex digits (named by *source*).
    """
    keys: list[bytes] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for part in line.split(","):
            part = part.strip()
            if not part:
                continue
            if not _HEX_KEY_RE.match(part):
                msg = f"{source}：数据密钥必须是 32 位十六进制数（128 位 SM4 密钥），发现 {len(part)} 个字符"
                raise DataKeyError(msg)
            keys.append(bytes.fromhex(part))
    if not keys:
        msg = f"{source}：没有数据密钥"
        raise DataKeyError(msg)
    return keys


def is_token(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ":")


def token_key_id(value: str) -> str | None:
    """The key id of an encrypted token, or None when *value* is not one."""
    match = _TOKEN_RE.match(value or "")
    return match.group(1) if match else None


@dataclass(frozen=True)
class _Key:
    id: str
    key: bytes
    index_key: bytes


class Keyring:
    """SM4 keys: ``keys[0]`` encrypts and all decrypt. *source* says where they came from (for messages)."""

    def __init__(self, keys: list[bytes], *, source: str = "") -> None:
        if not keys:
            msg = "没有数据密钥"
            raise DataKeyError(msg)
        self.source = source
        self._keys = [_Key(key_id(k), k, _sm3_hmac(k, b"gongkai blind index v1")) for k in keys]
        self._by_id = {k.id: k for k in self._keys}

    @property
    def current_id(self) -> str:
        return self._keys[0].id

    @property
    def ids(self) -> list[str]:
        return [k.id for k in self._keys]

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """The token of *plaintext* under the current key, bound to *context* (e.g. the column)."""
        key = self._keys[0]
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(key.key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(context.encode("utf-8"))
        body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
        blob = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii")
        return f"{PREFIX}:{key.id}:{blob}"

    def decrypt(self, token: str, *, context: str) -> str:
        """The plaintext of *token*.

        Raises:
            DecryptionError: not a token, a key id not in the ring (wrong or missing key), or a
                failed tag check (the value was altered, or belongs to another column).
        """
        match = _TOKEN_RE.match(token or "")
        if not match:
            msg = f"{context}：不是加密值"
            raise DecryptionError(msg)
        kid, blob = match.groups()
        key = self._by_id.get(kid)
        if key is None:
            msg = (
                f"{context}：该值由数据密钥 {kid} 加密，而当前配置的密钥是 {', '.join(self.ids)}"
                f"（来自 {self.source or '配置'}）。请检查 GONGKAI_DATA_KEY / GONGKAI_DATA_KEY_FILE 是否为"
                "加密这些数据时所用的密钥；轮换密钥时旧密钥须保留到 gongkai rotate_data_key 完成。"
            )
            raise DecryptionError(msg)
        try:
            raw = base64.urlsafe_b64decode(blob)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            msg = f"{context}：密文已损坏"
            raise DecryptionError(msg)
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key.key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context.encode("utf-8"))
        try:
            data = decryptor.update(body) + decryptor.finalize()
        except InvalidTag:
            msg = f"{context}：密文校验失败（数据被篡改，或被复制自其他字段）"
            raise DecryptionError(msg) from None
        return data.decode("utf-8")

    def blind_index(self, normalised: str, *, key_id: str | None = None) -> str:
        """HMAC-SM3 (hex) of *normalised* under the index key of *key_id* (default: the current key)."""
        key = self._by_id[key_id] if key_id else self._keys[0]
        return _sm3_hmac(key.index_key, normalised.encode("utf-8")).hex()

    def blind_indexes(self, normalised: str) -> list[str]:
        """One blind index per key in the ring: what an equality lookup must match during a rotation."""
        return [self.blind_index(normalised, key_id=k.id) for k in self._keys]
