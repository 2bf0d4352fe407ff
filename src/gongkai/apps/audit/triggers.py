"""Database triggers that make the audit table append-only below Django (raw SQL, other clients).

PostgreSQL: a PL/pgSQL function raises on every UPDATE and DELETE row and on TRUNCATE. SQLite:
``BEFORE UPDATE`` / ``BEFORE DELETE`` triggers ``RAISE(ABORT, …)``. Both are installed by the
migration ``audit.0003`` and again after every ``migrate`` (SQLite rebuilds a table, and so drops
its triggers, for many schema changes). ``gongkai flush`` (which the test runner also uses)
empties the whole database on purpose: it lifts the triggers for that one statement and puts them
back (see ``management/commands/flush.py``).
"""

from __future__ import annotations

from contextlib import contextmanager

TABLE = "audit_auditlog"
MESSAGE = "审计日志只能追加，不能修改或删除"

_PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION gongkai_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}（% %）', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION gongkai_audit_append_only()""",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION gongkai_audit_append_only()""",
]
_PG_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS gongkai_audit_append_only()",
]
_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}（UPDATE）'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}（DELETE）'); END""",
]
_SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "postgresql":
        return _PG_INSTALL if install else _PG_REMOVE
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    return []


def install(connection) -> None:
    """Create (or re-create) the triggers on *connection*'s database."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, False):
            cursor.execute(sql)


def installed(connection) -> bool:
    """Whether the triggers are in place (for checks and tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
            return cursor.fetchone()[0] >= 2
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            return cursor.fetchone()[0] >= 2
    return False


@contextmanager
def lifted(connection):
    """Remove the triggers for the duration of the block (only ``flush`` does this)."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)


def install_after_migrate(sender, using, **kwargs) -> None:
    """``post_migrate`` receiver: put the triggers back if a table rebuild dropped them."""
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        install(connection)
