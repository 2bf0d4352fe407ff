"""The SM3 hash chain of the audit log (审计日志防篡改): canonical form, appending, verification.

Every row carries ``seq`` (1, 2, 3, … with no gap), ``prev_hash`` (the ``chain_hash`` of row
``seq - 1``, or 64 zeros for the first row) and ``chain_hash`` = SM3 of the row's canonical JSON,
which includes ``prev_hash``. Changing, deleting or inserting a row anywhere breaks the link at
that row; cutting rows off the end is caught by the chain head (:class:`AuditChainHead`), which
holds the last ``seq`` and hash. Appends are serialised on the chain head row (an UPDATE first, so
that the row lock on PostgreSQL and the write lock on SQLite are taken before the head is read),
and ``seq`` is unique, so two writers can never fork the chain.

Whoever can rewrite the whole table *and* the head can forge a consistent chain: ``gongkai audit
verify`` prints the head hash so that it can be written down outside the database (the annual
security check, a printed report) and compared later.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F

__all__ = ["GENESIS", "Break", "append", "canonical", "normalise_json", "row_hash", "verify"]

#: ``prev_hash`` of the first row.
GENESIS = "0" * 64


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _canonical_json_value(value: Any) -> Any:
    # jsonb (PostgreSQL) gives an integral float back as an int: 1e20 and 100000000000000000000
    # must hash alike whichever database the row was written to and read from.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical_json_value(v) for k, v in value.items()}
    return value


def normalise_json(value: Any) -> Any:
    """*value* as the JSON column gives it back (what the hash must be computed from)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:  # USE_TZ is on; a naive value would be UTC already
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(entry) -> bytes:
    """The bytes hashed for one audit row (sorted keys, no spaces, UTF-8)."""
    data = {
        "seq": entry.seq,
        "timestamp": _timestamp(entry.timestamp),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "content_type_id": entry.content_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "organization_id": entry.organization_id,
        "before": _canonical_json_value(entry.before),
        "after": _canonical_json_value(entry.after),
        "reason": entry.reason,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(entry) -> str:
    """SM3 (hex) of :func:`canonical` of *entry*."""
    return sm3_hex(canonical(entry))


def _head_model():
    from .models import AuditChainHead

    return AuditChainHead


def _lock_head():
    """Lock and return the chain head, creating it (from the last row) when missing."""
    from .models import AuditLog

    head_model = _head_model()
    # The UPDATE takes the row lock (PostgreSQL) or the database write lock (SQLite) before the
    # head is read, so no other writer can read the same head in between.
    if head_model.objects.filter(pk=1).update(seq=F("seq")) == 0:
        last = AuditLog.objects.order_by("-seq").values_list("seq", "chain_hash").first()
        try:
            with transaction.atomic():
                head_model.objects.create(pk=1, seq=last[0] if last else 0, chain_hash=last[1] if last else GENESIS)
        except IntegrityError:  # created by a concurrent writer: lock that one
            head_model.objects.filter(pk=1).update(seq=F("seq"))
    return head_model.objects.select_for_update().get(pk=1)


def append(entry) -> None:
    """Give the unsaved *entry* its place in the chain and insert it (inside one transaction)."""
    with transaction.atomic():
        head = _lock_head()
        entry.seq = head.seq + 1
        entry.prev_hash = head.chain_hash
        for name in ("actor_name", "action", "object_id", "object_repr", "reason"):
            setattr(entry, name, str(getattr(entry, name) or ""))  # lazy translations become text
        entry.before = normalise_json(entry.before)
        entry.after = normalise_json(entry.after)
        entry.chain_hash = row_hash(entry)
        entry.save()
        _head_model().objects.filter(pk=1).update(seq=entry.seq, chain_hash=entry.chain_hash)


@dataclass(frozen=True)
class Break:
    """The first broken link: which row, and what is wrong with it."""

    row_id: int | None
    seq: int | None
    timestamp: dt.datetime | None
    problem: str

    def describe(self) -> str:
        from django.utils import timezone

        when = f"，时间 {timezone.localtime(self.timestamp):%Y-%m-%d %H:%M:%S %z}" if self.timestamp else ""
        where = f"记录 id={self.row_id}（序号 {self.seq}{when}）" if self.row_id is not None else "链尾"
        return f"{where}：{self.problem}"


@dataclass(frozen=True)
class Result:
    rows: int
    head_seq: int
    head_hash: str
    broken: Break | None


def _walk(rows: Iterable, head) -> Iterator[Break]:
    expected_seq, expected_prev, last = 1, GENESIS, None
    for entry in rows:
        if entry.seq != expected_seq:
            missing = f"缺少序号 {expected_seq} 至 {entry.seq - 1} 的记录（被删除）"
            problem = missing if entry.seq > expected_seq else f"序号重复或倒序（应为 {expected_seq}）"
            yield Break(entry.pk, entry.seq, entry.timestamp, problem)
            return
        if entry.prev_hash != expected_prev:
            yield Break(entry.pk, entry.seq, entry.timestamp, "前一条记录的摘要不符（前一条被修改、删除或插入）")
            return
        if row_hash(entry) != entry.chain_hash:
            yield Break(entry.pk, entry.seq, entry.timestamp, "记录内容与其 SM3 摘要不符（记录被修改）")
            return
        expected_seq, expected_prev, last = entry.seq + 1, entry.chain_hash, entry
    if head is None:
        if last is not None:
            yield Break(None, None, None, "链头记录缺失")
        return
    if head.seq != expected_seq - 1 or head.chain_hash != expected_prev:
        row = last
        yield Break(
            row.pk if row else None,
            row.seq if row else None,
            row.timestamp if row else None,
            f"链头记载共 {head.seq} 条，实有 {expected_seq - 1} 条：末尾的记录被删除或链头被改动",
        )


def verify(chunk_size: int = 2000) -> Result:
    """Walk the whole chain in ``seq`` order; the first broken link, if any."""
    from .models import AuditLog

    head = _head_model().objects.filter(pk=1).first()
    count = 0

    def rows():
        nonlocal count
        for entry in AuditLog.objects.order_by("seq").iterator(chunk_size=chunk_size):
            count += 1
            yield entry

    broken = next(_walk(rows(), head), None)
    return Result(
        rows=count,
        head_seq=head.seq if head else 0,
        head_hash=head.chain_hash if head else GENESIS,
        broken=broken,
    )
