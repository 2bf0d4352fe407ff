"""Seed the 错敏词 list with wrong wordings that published inspection reports named (each with its source)."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.apps.publishing.terms import ensure_shipped_terms

    ensure_shipped_terms(apps.get_model("publishing", "SensitiveTerm"))


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_policy_kind_keywords_findings_terms")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
