"""The full-text index outside the ORM: an FTS5 table on SQLite, a generated tsvector with GIN on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tags, content='', tokenize='unicode61 remove_diacritics 0')",
)
SQLITE_BACKWARD = ("DROP TABLE IF EXISTS search_fts",)

POSTGRES_FORWARD = (
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || to_tsvector('simple', terms)
        || setweight(to_tsvector('simple', tags), 'C')
    ) STORED""",
    "CREATE INDEX search_document_tsv_gin ON search_searchdocument USING gin (tsv)",
)
POSTGRES_BACKWARD = (
    "DROP INDEX IF EXISTS search_document_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
