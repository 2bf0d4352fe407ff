"""PostgreSQL: each document's lexemes gain its month (``#m202405``, asked after the newest weeks), and long
ones are stored out of line uncompressed (PostgreSQL toasts a row only past about 2 kB, so the short vectors of
short items stay in the row)."""

from django.db import migrations

FORWARD = (
    "ALTER TABLE search_searchvector ALTER COLUMN lexemes SET STORAGE EXTERNAL",
    "ALTER TABLE search_searchvector SET (toast_tuple_target = 128)",
    """UPDATE search_searchvector SET lexemes = lexemes || array_to_tsvector(
        ARRAY['#m' || to_char(date '0001-01-01' + (key / 10000000000 - 1)::int, 'YYYYMM')])""",
)
BACKWARD = (
    "ALTER TABLE search_searchvector RESET (toast_tuple_target)",
    "ALTER TABLE search_searchvector ALTER COLUMN lexemes SET STORAGE EXTENDED",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vector_table")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
