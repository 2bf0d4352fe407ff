"""PostgreSQL: the full-text index moves to a narrow table (key, lexemes) with GIN; the wide document rows lose
their generated vectors (0003, 0004) and their term columns. SQLite keeps its FTS5 table; the new table stays
empty there.

Existing documents get their lexemes from their terms here (``!`` before each title term, ``#`` before each
tag, ``#w`` and the week of the key, as :func:`gongkai.apps.search.backends.lexemes` writes them).
"""

import django.db.models.deletion
import gongkai.apps.search.models
from django.db import migrations, models


FORWARD = (
    "DROP INDEX IF EXISTS search_document_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_title, DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    r"""INSERT INTO search_searchvector (key, lexemes)
    SELECT key, array_to_tsvector(array_remove(
        string_to_array(title_terms || ' ' || terms, ' ')
        || regexp_split_to_array(regexp_replace(title_terms, '(\S+)', '!\1', 'g'), ' ')
        || regexp_split_to_array(regexp_replace(tags, '(\S+)', '#\1', 'g'), ' ')
        || ARRAY['#w' || (key / 10000000000 / 7)::text], ''))
    FROM search_searchdocument""",
    "UPDATE search_searchdocument SET title_terms = '', terms = '' WHERE terms <> '' OR title_terms <> ''",
    "CREATE INDEX search_vector_lexemes_gin ON search_searchvector USING gin (lexemes)",
)
#: Back to 0005's vectors: documents written since have no terms, so ``gongkai search reindex --full`` follows.
BACKWARD = (
    "DROP INDEX IF EXISTS search_vector_lexemes_gin",
    r"""ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(
            title_terms || ' ' || terms || ' ' || regexp_replace(tags, '(\S+)', '#\1', 'g'), ' '), ''))
    ) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(title_terms, ' '), ''))
    ) STORED""",
    "CREATE INDEX search_document_tsv_gin ON search_searchdocument USING gin (tsv)",
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)",
    "ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN tsv_title SET STORAGE MAIN",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_document_route"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchVector",
            fields=[
                (
                    "document",
                    models.OneToOneField(
                        db_column="key",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="search.searchdocument",
                    ),
                ),
                ("lexemes", gongkai.apps.search.models.LexemesField()),
            ],
            options={
                "verbose_name": "检索向量",
                "verbose_name_plural": "检索向量",
            },
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
