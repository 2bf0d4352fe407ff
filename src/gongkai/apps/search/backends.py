"""The two full-text engines behind one interface: SQLite FTS5 and a PostgreSQL ``tsvector`` table.

Both hold the segmented terms of :class:`~gongkai.apps.search.models.SearchDocument` rows and answer "which
documents contain every query word and every filter tag, newest first", for at most ``limit`` documents, and
then which of those have every word in their title (the relevance). Filter tags (``o12`` the organization,
``c34`` a column or one of its parents, ``y2024`` the year, ``titem`` the type, ``kpolicy`` the item kind) live in
their own FTS5 column, or as ``#o12`` lexemes, so a word of a body never matches a filter.

* SQLite: a contentless FTS5 table ``search_fts(title, body, tags)`` whose rowid is the document's key. FTS5
  walks its doclists newest first and stops at ``limit``.
* PostgreSQL: the narrow table ``search_searchvector(key, lexemes)`` with a GIN index (migration 0006). The
  lexemes are the terms, ``!term`` for the title's terms, ``#tag`` for the tags and ``#w…`` for the week. The
  index finds the matching keys without reading a wide row; a query is asked of the newest weeks first, then of
  each year (:func:`_pg_match`), so a common word sorts a few thousand keys rather than every match.

Relevance is 1 for a document with every query word in its title, 0.1 for one with them in the body only; the
ranking adds recency (:mod:`gongkai.apps.search.selectors`). No per-row score is computed in the engine (bm25 on
FTS5 counts every match of every word, which grows with the index).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection, transaction

__all__ = ["BODY_SCORE", "TITLE_SCORE", "delete_documents", "lexemes", "match", "rebuilt", "write_documents"]

TITLE_SCORE, BODY_SCORE = 1.0, 0.1

#: Document keys start with the day's ordinal (see :func:`gongkai.apps.search.models.document_key`).
DAY = 10_000_000_000
#: PostgreSQL: the newest weeks asked one by one, then months, before whole years.
PG_WEEKS = 4
PG_MONTHS = 3


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_query(words: Sequence[str], tags: Sequence[str], columns: str = "{title body}") -> str:
    parts = [f"{columns} : ({' AND '.join(_fts_phrase(w) for w in words)})"] if words else []
    parts += [f"tags : ({_fts_phrase(tag)})" for tag in tags]
    return " AND ".join(parts)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _pg_query(words: Sequence[str], tags: Sequence[str], *, title: bool = False) -> str:
    """A tsquery literal (cast with ``::tsquery``, so taken as written, like the lexemes of the index)."""
    prefix = "!" if title else ""
    return " & ".join([_quote(prefix + w) for w in words] + [_quote(f"#{t}") for t in tags])


def week(key: int) -> int:
    """The week bucket of a document key (its day's ordinal // 7)."""
    return key // DAY // 7


def month(key: int) -> str:
    """The month bucket of a document key (``202405``)."""
    day = dt.date.fromordinal(key // DAY)
    return f"{day.year}{day.month:02d}"


def _month_start(value: str) -> int:
    return dt.date(int(value[:4]), int(value[4:]), 1).toordinal() * DAY


def lexemes(key: int, title_terms: Sequence[str], terms: Sequence[str], tags: Sequence[str]) -> str:
    """The ``tsvector`` literal of a document (PostgreSQL): its distinct terms, ``!`` title terms, ``#`` tags,
    ``#w…`` its week and ``#m…`` its month."""
    found = dict.fromkeys([*title_terms, *terms, f"#w{week(key)}", f"#m{month(key)}"])
    found.update(dict.fromkeys("!" + t for t in title_terms))
    found.update(dict.fromkeys("#" + t for t in tags))
    return " ".join(_quote(t) for t in found if t not in ("!", "#"))


def _pg_span(cursor) -> tuple[int | None, int | None]:
    """The newest key and the oldest key of a dated document (two primary-key lookups, asked every time: a
    document published a moment ago must be found)."""
    cursor.execute(
        "SELECT (SELECT max(key) FROM search_searchvector), (SELECT min(key) FROM search_searchvector WHERE key >= %s)",
        [_FIRST_DATED * DAY],
    )
    return cursor.fetchone()


_UNDATED = dt.date(1970, 1, 1).toordinal()  # the day of undated documents' keys (catalogue columns)
_FIRST_DATED = dt.date(1971, 1, 1).toordinal()


def _pg_match(cursor, words: Sequence[str], tags: Sequence[str], limit: int) -> list[int]:
    """Keys of the newest *limit* documents matching *words* and *tags*, newest first.

    A GIN index gives its matches in no useful order, and a common word matches a third of the index; sorting
    them all costs what the index holds. So the newest weeks are asked first, one by one (``#w…``: the GIN
    index intersects the word with one week's documents), then the months before them (``#m…``), then each year (``#y…``), then undated documents;
    the asking stops once *limit* keys are found. The weeks and years are disjoint and taken newest first, so
    the answer is exactly the newest *limit* matches. A query with a body's tag is narrow already: asked once.
    """
    sql = "SELECT key FROM search_searchvector WHERE lexemes @@ CAST(%s AS tsquery)"
    # "key + 0": sort the GIN index's matches, never walk the primary key testing every row's lexemes.
    order = " ORDER BY key + 0 DESC LIMIT %s"
    # A plan that reads every row's lexemes (a sequential scan) costs far more than the planner thinks: long
    # ones are kept out of line (migration 0007); the GIN index answers without reading them.
    cursor.execute("SET LOCAL enable_seqscan = off")
    newest, oldest = _pg_span(cursor) if not any(t.startswith("o") for t in tags) else (None, None)
    if newest is None:
        cursor.execute(sql + order, [_pg_query(words, tags), limit])
        return [row[0] for row in cursor.fetchall()]
    found: list[int] = []

    def ask(extra_tags, lower_key=None, upper_key=None) -> bool:
        query, params = sql, [_pg_query(words, [*tags, *extra_tags])]
        if lower_key is not None:
            query += " AND key >= %s"
            params.append(lower_key)
        if upper_key is not None:
            query += " AND key < %s"
            params.append(upper_key)
        cursor.execute(query + order, [*params, limit - len(found)])
        found.extend(row[0] for row in cursor.fetchall())
        return len(found) >= limit

    newest_week = week(newest)
    for back in range(PG_WEEKS):
        if ask([f"w{newest_week - back}"]):
            return found
    bound = (newest_week - PG_WEEKS + 1) * 7 * DAY  # the first key of the weeks asked
    for _ in range(PG_MONTHS):
        if oldest is None or bound <= oldest:
            break
        current = month(bound - DAY)
        if ask([f"m{current}"], upper_key=bound):
            return found
        bound = _month_start(current)
    first_year = dt.date.fromordinal(oldest // DAY).year if oldest else None
    year = dt.date.fromordinal(min(bound - DAY, newest) // DAY).year
    while first_year is not None and year >= first_year:
        if ask([f"y{year}"], upper_key=bound):
            return found
        year -= 1
    ask([f"w{week(_UNDATED * DAY)}"], upper_key=bound)  # undated documents (none is dated before 1971)
    return found


def match(words: Sequence[str], tags: Sequence[str], *, limit: int) -> list[tuple[int, float]]:
    """Documents holding all *words* (title or body) and all *tags*, newest first: ``[(key, relevance)]``."""
    if not words and not tags:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = _pg_match(cursor, words, tags, limit)
            titled: set[int] = set()
            if keys and words:
                # Among the candidates only (by primary key): the title's lexemes of the whole index may be many.
                cursor.execute(
                    "SELECT key FROM search_searchvector WHERE key = ANY(%s) AND lexemes @@ CAST(%s AS tsquery)",
                    [keys, _pg_query(words, [], title=True)],
                )
                titled = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [_fts_query(words, tags), limit],
            )
            keys = [row[0] for row in cursor.fetchall()]
            titled = set()
            if keys and words:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
                    [_fts_query(words, tags, "title"), keys[-1]],
                )
                titled = {row[0] for row in cursor.fetchall()}
    return [(int(key), TITLE_SCORE if key in titled else BODY_SCORE) for key in keys]


_COLUMNS = (
    "key",
    "source",
    "object_id",
    "organization_id",
    "category_id",
    "year",
    "kind",
    "date",
    "title",
    "index_number",
    "document_number",
    "route",
    "text",
    "title_terms",
    "terms",
    "tags",
    "indexed_at",
)


def write_documents(rows: Sequence) -> None:
    """Insert unsaved :class:`SearchDocument` rows and their full-text entries, a few statements per batch
    (``bulk_create`` builds its SQL per batch, which costs more than the insert at a million documents).

    On PostgreSQL the terms go to :class:`SearchVector` only (the document's term columns stay empty).
    """
    if not rows:
        return
    from .models import SearchDocument

    postgres = connection.vendor == "postgresql"
    fields = [
        SearchDocument._meta.get_field(name if name != "organization_id" else "organization") for name in _COLUMNS
    ]
    # Only dates need the backend's conversion; a batch shares its few dates, so each is converted once.
    prepared: dict = {}

    def prep(field, value):
        found = prepared.get((field.attname, value))
        if found is None and value is not None:
            found = prepared[(field.attname, value)] = field.get_db_prep_save(value, connection)
        return found

    dated = {"date", "indexed_at"}
    blank = {"title_terms", "terms"} if postgres else set()
    getters = [
        (lambda row, f=field: "")
        if field.attname in blank
        else (lambda row, f=field: prep(f, getattr(row, f.attname)))
        if field.attname in dated
        else (lambda row, name=field.attname: getattr(row, name))
        for field in fields
    ]
    values = [tuple(get(row) for get in getters) for row in rows]
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values)
        if postgres:
            cursor.executemany(
                "INSERT INTO search_searchvector (key, lexemes) VALUES (%s, CAST(%s AS tsvector))",
                [
                    (row.key, lexemes(row.key, row.title_terms.split(), row.terms.split(), row.tags.split()))
                    for row in rows
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, body, tags) VALUES (%s, %s, %s, %s)",
                [(row.key, row.title_terms, row.terms, row.tags) for row in rows],
            )


def rebuilt() -> None:
    """After a rebuild: PostgreSQL merges the GIN index's pending entries (which every query would otherwise
    read through)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_vector_lexemes_gin')")


def delete_documents(source: int, object_ids: Sequence[int]) -> int:
    """Remove the documents of *object_ids* of *source* and their full-text entries; returns how many.

    A contentless FTS5 table forgets a row only when given the values it was indexed with, which the
    document row still holds, so those are read first on SQLite.
    """
    if not object_ids:
        return 0
    from .models import SearchDocument

    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"DELETE FROM {table} WHERE source = %s AND object_id = ANY(%s) RETURNING key",
                [int(source), [int(i) for i in object_ids]],
            )
            keys = [row[0] for row in cursor.fetchall()]
            if keys:
                cursor.execute("DELETE FROM search_searchvector WHERE key = ANY(%s)", [keys])
            return len(keys)
        old = list(
            SearchDocument.objects.filter(source=source, object_id__in=object_ids).values_list(
                "key", "title_terms", "terms", "tags"
            )
        )
        if not old:
            return 0
        cursor.executemany(
            "INSERT INTO search_fts(search_fts, rowid, title, body, tags) VALUES ('delete', %s, %s, %s, %s)", old
        )
        keys = [v[0] for v in old]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            cursor.execute(f"DELETE FROM {table} WHERE key IN ({', '.join(['%s'] * len(chunk))})", chunk)
        return len(old)
