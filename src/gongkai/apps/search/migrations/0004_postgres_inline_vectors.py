"""PostgreSQL: keep the vectors in the row (compressed), the long text out of line.

A search for a common word walks the recency key backwards and tests each row's vector; a vector moved to
the TOAST table costs several page reads per row (266 ms for 3,000 rows at 100,000 items), one kept in the row
a decompression (61 ms on the same loaded machine). Rows written before keep their old storage until
``gongkai search reindex --full`` writes them again.
"""

from django.db import migrations

FORWARD = (
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN tsv_title SET STORAGE MAIN",
)
BACKWARD = (
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE EXTENDED, "
    "ALTER COLUMN tsv_title SET STORAGE EXTENDED",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_lexemes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
