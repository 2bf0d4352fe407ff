"""PostgreSQL: put the segmented terms in the tsvector as lexemes, and keep a small title-only tsvector.

The terms are already normalized as the ``simple`` configuration would (lower-case runs of letters and digits,
no stemming), so ``array_to_tsvector`` takes them as they are; filter tags get a ``#`` prefix that no word has.
A query then needs no weight restriction, so the GIN index answers it without reading (and detoasting) each
candidate row; ``ts_rank`` runs on the short title vector only.
"""

from django.db import migrations

FORWARD = (
    "DROP INDEX IF EXISTS search_document_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    r"""ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(
            title_terms || ' ' || terms || ' ' || regexp_replace(tags, '(\S+)', '#\1', 'g'), ' '), ''))
    ) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS (
        array_to_tsvector(array_remove(string_to_array(title_terms, ' '), ''))
    ) STORED""",
    "CREATE INDEX search_document_tsv_gin ON search_searchdocument USING gin (tsv)",
    # Keep rows narrow (the long text, terms and vectors out of line): a search reads many rows for their key.
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)",
)
BACKWARD = (
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_document_tsv_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_title",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A')
        || to_tsvector('simple', terms)
        || setweight(to_tsvector('simple', tags), 'C')
    ) STORED""",
    "CREATE INDEX search_document_tsv_gin ON search_searchdocument USING gin (tsv)",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
