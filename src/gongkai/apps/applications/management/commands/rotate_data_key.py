"""``gongkai rotate_data_key``: re-encrypt every encrypted value with the current data key.

Resumable and atomic per batch: each batch of rows is locked, re-encrypted (and its blind
indexes recomputed) and audited in one transaction, and a row already under the current key is
skipped, so an interrupted run is simply started again. ``--generate`` first puts a new random key
at the top of the key file (keeping the old ones below it for decryption).
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gongkai.apps.audit.services import audit_log
from gongkai.core.fieldcrypt import DataKeyError, DecryptionError, generate_key, is_token, key_id, token_key_id
from gongkai.web import datakey

from ...fields import EncryptedTextField
from ...models import Application, normalise_id_number


def encrypted_models():
    """``(model, [encrypted fields])`` for every model with an :class:`EncryptedTextField`."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


def _rotate_batch(model, fields, after_pk: int, batch_size: int, ring) -> tuple[int | None, int]:
    """Re-encrypt the next batch after *after_pk*; returns (last pk seen or None when done, rows changed)."""
    qn = connection.ops.quote_name
    table = model._meta.db_table
    cols = ", ".join(qn(f.column) for f in fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('id')}, {cols} FROM {qn(table)} WHERE {qn('id')} > %s ORDER BY {qn('id')} LIMIT %s{lock}",
                [after_pk, batch_size],
            )
            rows = cursor.fetchall()
        if not rows:
            return None, 0
        changed = []
        for pk, *tokens in rows:
            if all(not t or token_key_id(t) == ring.current_id for t in tokens):
                continue
            new, plain = [], {}
            for field, token in zip(fields, tokens, strict=True):
                value = ring.decrypt(token, context=field.context) if token and is_token(token) else (token or "")
                plain[field.name] = value
                new.append(ring.encrypt(value, context=field.context) if value else "")
            changed.append((pk, new, plain))
        sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        blind = model is Application
        with connection.cursor() as cursor:
            for pk, new, plain in changed:
                params = list(new)
                extra = ""
                if blind:
                    number = normalise_id_number(plain.get("id_number", ""))
                    extra = f", {qn('id_number_index')} = %s"
                    params.append(ring.blind_index(number) if number else "")
                cursor.execute(f"UPDATE {qn(table)} SET {sets}{extra} WHERE {qn('id')} = %s", [*params, pk])
        if changed:
            audit_log(
                actor=None,
                action="applications.data_key.rotate",
                obj=None,
                after={
                    "table": table,
                    "key_id": ring.current_id,
                    "first_id": rows[0][0],
                    "last_id": rows[-1][0],
                    "rows": len(changed),
                },
                reason="数据密钥轮换：用当前密钥重新加密",
            )
        return rows[-1][0], len(changed)


class Command(BaseCommand):
    help = "用当前数据密钥重新加密全部个人信息（可中断后重跑；每批在一个事务内完成并记入审计日志）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true", help="先生成新密钥并写到密钥文件最前面（旧密钥保留用于解密）"
        )
        parser.add_argument("--batch-size", type=int, default=500, help="每批行数（默认 500）")

    def handle(self, *args, **options):
        batch_size = options["batch_size"]
        if batch_size <= 0:
            raise CommandError("--batch-size 必须为正整数。", returncode=2)
        try:
            if options["generate"]:
                new = generate_key()
                path = datakey.add_key_to_file(new)
                self.stdout.write(f"已生成新数据密钥 {key_id(bytes.fromhex(new))}，写入 {path}（旧密钥保留在其后）。")
            ring = datakey.keyring()
        except DataKeyError as exc:
            raise CommandError(str(exc), returncode=2) from None
        total = 0
        try:
            for model, fields in encrypted_models():
                last = 0
                while last is not None:
                    last, n = _rotate_batch(model, fields, last, batch_size, ring)
                    total += n
                    if n:
                        self.stdout.write(f"{model._meta.db_table}：已重新加密 {n} 行（至 id {last}）")
        except DecryptionError as exc:
            raise CommandError(f"无法解密：{exc}", returncode=2) from None
        old = [k for k in ring.ids if k != ring.current_id]
        self.stdout.write(f"完成：本次重新加密 {total} 行，全部数据现由密钥 {ring.current_id} 加密。")
        if old:
            self.stdout.write(
                f"旧密钥 {', '.join(old)} 已不再用于数据库中的数据，可从密钥配置中移除；"
                "但此前的数据库备份仍由旧密钥加密，请把旧密钥与这些备份一同（分开）保管。"
            )
