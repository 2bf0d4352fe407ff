"""The two full-text engines behind one interface: SQLite FTS5 and PostgreSQL ``tsvector``.

Both take the segmented terms of :class:`~gongkai.apps.search.models.SearchDocument` rows and answer "which
documents contain every query word and every filter tag, newest first, with a relevance score", for at most
``limit`` documents. Filter tags (``o12`` the organization, ``c34`` a column or one of its parents, ``y2024`` the
year, ``titem`` the type, ``kpolicy`` the item kind) live in their own FTS5 column, or as ``#o12`` lexemes in
the ``tsvector``, so a word of a body never matches a filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

__all__ = ["delete_documents", "insert_documents", "insert_rows", "match"]

#: FTS5 bm25 weights of the title, body and tags columns.
_BM25 = "bm25(search_fts, 8.0, 1.0, 0.0)"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_query(words: Sequence[str], tags: Sequence[str]) -> str:
    parts = [f"{{title body}} : ({' AND '.join(_fts_phrase(w) for w in words)})"] if words else []
    parts += [f"tags : ({_fts_phrase(tag)})" for tag in tags]
    return " AND ".join(parts)


def _pg_query(words: Sequence[str], tags: Sequence[str]) -> str:
    """A tsquery literal (cast with ``::tsquery``, so taken as written, like the lexemes of the index)."""

    def quote(term: str) -> str:
        return "'" + term.replace("\\", "").replace("'", "''") + "'"

    return " & ".join([quote(w) for w in words] + [quote(f"#{t}") for t in tags])


def match(words: Sequence[str], tags: Sequence[str], *, limit: int) -> list[tuple[int, float]]:
    """Documents holding all *words* (title or body) and all *tags*, newest first: ``[(key, relevance)]``.

    Relevance is higher for a better match (bm25 negated on SQLite; on PostgreSQL ``ts_rank`` of the title
    plus 0.1 for a match in the body).
    """
    if not words and not tags:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The GIN index finds the rows; relevance is the title's match (ts_rank on the short title vector)
            # plus a constant for the body's, so no long vector is read per candidate.
            cursor.execute(
                "SELECT key, 0.1 + ts_rank(tsv_title, q) FROM search_searchdocument, CAST(%s AS tsquery) q "
                "WHERE tsv @@ q ORDER BY key DESC LIMIT %s",
                [_pg_query(words, tags), limit],
            )
        else:
            cursor.execute(
                f"SELECT rowid, -{_BM25} FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [_fts_query(words, tags), limit],
            )
        return [(int(key), float(score or 0.0)) for key, score in cursor.fetchall()]


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


def insert_rows(rows: Sequence) -> None:
    """Insert unsaved :class:`SearchDocument` rows with one ``executemany`` (``bulk_create`` builds its SQL per
    batch, which costs more than the insert at a million documents)."""
    if not rows:
        return
    from .models import SearchDocument

    fields = [
        SearchDocument._meta.get_field(name if name != "organization_id" else "organization") for name in _COLUMNS
    ]
    values = [
        tuple(field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields) for row in rows
    ]
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values)


def insert_documents(rows: Iterable) -> None:
    """Add *rows* (saved :class:`SearchDocument` instances) to the full-text index (FTS5; PostgreSQL: generated)."""
    if connection.vendor != "sqlite":
        return
    values = [(row.key, row.title_terms, row.terms, row.tags) for row in rows]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO search_fts(rowid, title, body, tags) VALUES (%s, %s, %s, %s)", values)


def delete_documents(values: Sequence[tuple]) -> None:
    """Remove documents from the full-text index before the rows themselves are deleted or replaced.

    *values* are ``(key, title_terms, terms, tags)`` of the :class:`SearchDocument` rows: a contentless FTS5
    table forgets a row only when given the values it was indexed with, which the row still holds.
    """
    if connection.vendor != "sqlite":
        return
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(search_fts, rowid, title, body, tags) VALUES ('delete', %s, %s, %s, %s)",
                values,
            )
