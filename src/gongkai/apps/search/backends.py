"""The two full-text engines behind one interface: SQLite FTS5 and PostgreSQL ``tsvector``.

Both take the segmented terms of :class:`~gongkai.apps.search.models.SearchDocument` rows and answer "which
documents contain every query word and every filter tag, newest first, with a relevance score", for at most
``limit`` documents. Filter tags (``o12`` the organization, ``c34`` a column or one of its parents, ``y2024`` the
year, ``titem`` the type, ``kpolicy`` the item kind) live in their own FTS5 column, or with weight C in the
``tsvector``, so a word of a body never matches a filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

__all__ = ["delete_documents", "insert_documents", "match"]

#: FTS5 bm25 weights of the title, body and tags columns.
_BM25 = "bm25(search_fts, 8.0, 1.0, 0.0)"
#: PostgreSQL ts_rank weights {D, C, B, A}: title A counts 8 times a body word, tags nothing.
_PG_WEIGHTS = "'{0.125, 0.0, 0.0, 1.0}'"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_query(words: Sequence[str], tags: Sequence[str]) -> str:
    parts = [f"{{title body}} : ({' AND '.join(_fts_phrase(w) for w in words)})"] if words else []
    parts += [f"tags : ({_fts_phrase(tag)})" for tag in tags]
    return " AND ".join(parts)


def _pg_query(words: Sequence[str], tags: Sequence[str]) -> str:
    def quote(term: str) -> str:
        return "'" + term.replace("\\", "").replace("'", "''") + "'"

    return " & ".join([f"{quote(w)}:AD" for w in words] + [f"{quote(t)}:C" for t in tags])


def match(words: Sequence[str], tags: Sequence[str], *, limit: int) -> list[tuple[int, float]]:
    """Documents holding all *words* (title or body) and all *tags*, newest first: ``[(key, relevance)]``.

    Relevance is higher for a better match (bm25 negated on SQLite, ``ts_rank`` on PostgreSQL).
    """
    if not words and not tags:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT key, ts_rank({_PG_WEIGHTS}, tsv, q) FROM search_searchdocument, to_tsquery('simple', %s) q "
                "WHERE tsv @@ q ORDER BY key DESC LIMIT %s",
                [_pg_query(words, tags), limit],
            )
        else:
            cursor.execute(
                f"SELECT rowid, -{_BM25} FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [_fts_query(words, tags), limit],
            )
        return [(int(key), float(score or 0.0)) for key, score in cursor.fetchall()]


def insert_documents(rows: Iterable) -> None:
    """Add *rows* (saved :class:`SearchDocument` instances) to the full-text index (FTS5; PostgreSQL: generated)."""
    if connection.vendor != "sqlite":
        return
    values = [(row.key, row.title_terms, row.terms, row.tags) for row in rows]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO search_fts(rowid, title, body, tags) VALUES (%s, %s, %s, %s)", values)


def delete_documents(rows: Iterable) -> None:
    """Remove *rows* from the full-text index before the rows themselves are deleted or replaced.

    A contentless FTS5 table forgets a row only when given the values it was indexed with, which the
    :class:`SearchDocument` row still holds.
    """
    if connection.vendor != "sqlite":
        return
    values = [(row.key, row.title_terms, row.terms, row.tags) for row in rows]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(search_fts, rowid, title, body, tags) VALUES ('delete', %s, %s, %s, %s)",
                values,
            )
