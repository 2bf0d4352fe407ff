"""Reads written once as ORM querysets over named parameters, compiled once, then rerun with new values.

Building and compiling a grouped ORM query costs far more CPU than running it on an indexed table
(about 10 ms against 0.1 ms for each of the annual report's statements). A :class:`Statement` keeps the
query in one place, as an ordinary queryset built from its parameters, and compiles it once per
database alias, vendor and *shape* (the names of the parameters, their types and the length of each
list): later calls only bind the new values and execute the cached SQL through a cursor, applying the
same column converters the ORM applies (dates on SQLite, decimals, the fields' ``from_db_value``).

Inside the builder every parameter is an expression (:class:`Param`, or :class:`ParamList` for a
list, used with ``__in``), so lookups take them as they take ``F()``::

    DOCUMENTS = Statement(
        RegulatoryDocument,
        lambda ids, start, end: RegulatoryDocument.objects.filter(organization_id__in=ids)
        .values("organization_id", "kind")
        .annotate(made=Count("id", filter=Q(made_on__range=(start, end))))
        .order_by(),
    )
    DOCUMENTS.rows(ids=[3, 4], start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))

``Statement.rows(..., compiled=False)`` runs the same queryset through the ORM instead; the tests
compare the two paths. Values are adapted with the field of their type (``date`` → ``DateField``,
aware ``datetime`` → ``DateTimeField`` …), as the ORM adapts a plain value compared with such a field.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.expressions import Expression

__all__ = ["Param", "ParamList", "Statement", "shared_cursor"]

_FIELDS: dict[type, models.Field] = {
    bool: models.BooleanField(),
    int: models.BigIntegerField(),
    str: models.TextField(),
    Decimal: models.DecimalField(),
    dt.datetime: models.DateTimeField(),  # before date: a datetime is a date too
    dt.date: models.DateField(),
}
_BY_TYPE: dict[type, models.Field] = {}


def _field_for(value) -> models.Field:  # noqa: ANN001
    """The field whose ``get_db_prep_value`` adapts *value* (one shared instance per type: they hold no state)."""
    found = _BY_TYPE.get(type(value))
    if found is not None:
        return found
    for kind, field in _FIELDS.items():
        if isinstance(value, kind):
            _BY_TYPE[type(value)] = field
            return field
    msg = f"no database field for a parameter of type {type(value).__name__}"
    raise TypeError(msg)


class _Slot:
    """Where a parameter's value goes in the compiled statement's parameter list."""

    __slots__ = ("index", "name")

    def __init__(self, name: str, index: int | None = None) -> None:
        self.name, self.index = name, index

    def __hash__(self) -> int:  # GROUP BY deduplication hashes the parameters
        return hash((self.name, self.index))

    def __eq__(self, other) -> bool:  # noqa: ANN001
        return isinstance(other, _Slot) and (self.name, self.index) == (other.name, other.index)


class Param(Expression):
    """One named value of a :class:`Statement` (compiles to a single placeholder)."""

    def __init__(self, name: str, value, *, marking: bool = False) -> None:  # noqa: ANN001
        self.name, self.value, self.marking = name, value, marking
        super().__init__(output_field=type(_field_for(value))())

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        if self.marking:
            return "%s", [_Slot(self.name)]
        return "%s", [self.output_field.get_db_prep_value(self.value, connection)]


class ParamList(Expression):
    """A named list of values of one type, for ``__in`` (compiles to one placeholder per value)."""

    def __init__(self, name: str, values: Sequence, *, marking: bool = False) -> None:
        if not values:
            msg = f"parameter {name!r}: an empty list matches nothing (the statement is not run)"
            raise ValueError(msg)
        self.name, self.values, self.marking = name, list(values), marking
        super().__init__(output_field=type(_field_for(self.values[0]))())

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        sql = ", ".join(["%s"] * len(self.values))
        if self.marking:
            return sql, [_Slot(self.name, i) for i in range(len(self.values))]
        prep = self.output_field.get_db_prep_value
        return sql, [prep(v, connection) for v in self.values]


class _Compiled:
    __slots__ = ("converters", "names", "params", "qmark", "slots", "sql")

    def __init__(self, sql: str, params: list, slots: list, names: list[str], converters: list, qmark) -> None:  # noqa: ANN001
        self.sql, self.params, self.slots, self.names, self.converters = sql, params, slots, names, converters
        self.qmark = qmark  # SQLite: the SQL with ? placeholders, as Django's cursor rewrites it on every execute


def _adapt(value, connection):  # noqa: ANN001, ANN202
    """*value* (or each value of a list) as the ORM sends it for a field of its type."""
    if type(value) is list:
        if type(value[0]) in (int, str):
            return value
        return [_adapt(v, connection) for v in value]
    kind = type(value)
    if kind in (int, str):
        return value
    if kind is dt.date:  # DateField.get_db_prep_value of a date, without its to_python round
        return connection.ops.adapt_datefield_value(value)
    if kind is dt.datetime and value.tzinfo is not None:  # the same for an aware datetime
        return connection.ops.adapt_datetimefield_value(value)
    return _field_for(value).get_db_prep_value(value, connection)


@cache
def _sqlite_execute():  # noqa: ANN202
    import sqlite3

    return sqlite3.Cursor.execute


_SHARED: ContextVar[dict | None] = ContextVar("gongkai_prepared_cursors", default=None)


@contextmanager
def shared_cursor() -> Iterator[None]:
    """Run the statements inside on one cursor per database, closed at the end (a read of a dozen statements
    spends less on cursor set-up). Nested uses share the outer one."""
    if _SHARED.get() is not None:
        yield
        return
    cursors: dict = {}
    token = _SHARED.set(cursors)
    try:
        yield
    finally:
        _SHARED.reset(token)
        for cursor in cursors.values():
            cursor.close()


def _dedupe(values: Sequence) -> list:
    """The list without repeats, first occurrence kept (as the ORM's ``__in`` does)."""
    return list(values) if len(values) < 2 else list(dict.fromkeys(values))


class Statement:
    """A read built by *build* (keyword parameters → queryset of ``values()``/``values_list()``), compiled once
    per database and shape and rerun through a cursor with new values."""

    def __init__(self, model: type[models.Model], build: Callable[..., models.QuerySet]) -> None:
        self.model, self.build = model, build
        self._cache: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def _params(self, values: dict, *, marking: bool) -> dict:
        return {
            name: (
                ParamList(name, value, marking=marking)
                if isinstance(value, list | tuple)
                else Param(name, value, marking=marking)
            )
            for name, value in values.items()
        }

    def queryset(self, **values) -> models.QuerySet:
        """The ORM queryset with these values bound (what the compiled path runs)."""
        return self.build(**self._params(self._clean(values), marking=False))

    @staticmethod
    def _clean(values: dict) -> dict:
        return {k: _dedupe(v) if type(v) in (list, tuple) else v for k, v in values.items()}

    def _key(self, values: dict) -> tuple[str, tuple]:
        alias = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        shape = tuple(len(v) if type(v) is list else type(v) for v in values.values())
        return alias, (alias, tuple(values), shape)  # an alias's vendor is set for the life of the process

    def _compile(self, alias: str, key: tuple, values: dict) -> _Compiled:
        queryset = self.build(**self._params(values, marking=True)).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        names = _names(queryset)
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        if len(fields) != len(names):
            msg = "a Statement must select only its values() columns (no ordering columns, no model rows)"
            raise ValueError(msg)
        slots = [(i, p.name, p.index) for i, p in enumerate(params) if isinstance(p, _Slot)]
        connection = connections[alias]
        qmark = None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                qmark = cursor.cursor.convert_query(sql)
        compiled = _Compiled(sql, list(params), slots, names, list(compiler.get_converters(fields).items()), qmark)
        with self._lock:
            self._cache[key] = compiled
        return compiled

    def _run(self, values: dict, compiled: bool) -> tuple[list[str], list]:  # noqa: FBT001
        if not compiled:
            queryset = self.queryset(**values)
            names = _names(queryset)
            rows = [tuple(row[n] for n in names) if isinstance(row, dict) else tuple(row) for row in queryset]
            return names, rows
        alias, key = self._key(values)
        connection = connections[alias]
        statement = self._cache.get(key) or self._compile(alias, key, values)
        adapted = {name: _adapt(value, connection) for name, value in values.items()}
        params = statement.params.copy()
        for pos, name, index in statement.slots:
            params[pos] = adapted[name] if index is None else adapted[name][index]
        shared = _SHARED.get()
        cursor = shared.get(alias) if shared is not None else None
        if cursor is None:
            cursor = connection.cursor()
            if shared is not None:
                shared[alias] = cursor
        try:
            if statement.qmark is not None and not connection.queries_logged and not connection.execute_wrappers:
                # what Django's cursor does, less rewriting the placeholders of a statement rewritten once
                connection.validate_no_broken_transaction()
                with connection.wrap_database_errors:
                    raw = cursor.cursor
                    _sqlite_execute()(raw, statement.qmark, params)
                    rows = raw.fetchall()
            else:
                cursor.execute(statement.sql, params)
                rows = cursor.fetchall()
        finally:
            if shared is None:
                cursor.close()
        if statement.converters:
            converted = []
            for row in rows:
                row = list(row)  # noqa: PLW2901
                for pos, (convs, expression) in statement.converters:
                    value = row[pos]
                    for converter in convs:
                        value = converter(value, expression, connection)
                    row[pos] = value
                converted.append(tuple(row))
            rows = converted
        return statement.names, rows

    def tuples(self, *, compiled: bool = True, **values) -> list[tuple]:
        """The rows as tuples, in the order of the queryset's columns. An empty list parameter gives no rows
        and runs no query (as the ORM does for ``__in=[]``). *compiled* False runs the ORM queryset instead."""
        values = self._clean(values)
        if any(isinstance(v, list) and not v for v in values.values()):
            return []
        return self._run(values, compiled)[1]

    def rows(self, *, compiled: bool = True, **values) -> list[dict]:
        """The rows as dicts keyed by the queryset's column names (as ``values()`` gives them)."""
        values = self._clean(values)
        if any(isinstance(v, list) and not v for v in values.values()):
            return []
        names, rows = self._run(values, compiled)
        return [dict(zip(names, row, strict=True)) for row in rows]


def _names(queryset: models.QuerySet) -> list[str]:
    """The column names of a values()/values_list() queryset, in order (as ``ValuesIterable`` names them)."""
    query = queryset.query
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]
