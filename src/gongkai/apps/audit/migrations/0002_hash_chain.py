"""The SM3 hash chain: seq/prev_hash/chain_hash on every row (existing rows chained in id order),
the chain head, foreign keys without database actions (rows are never updated), and the
append-only triggers (PostgreSQL and SQLite)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing_rows(apps, schema_editor):
    from gongkai.apps.audit.chain import GENESIS, normalise_json, row_hash

    AuditLog = apps.get_model("audit", "AuditLog")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    db = schema_editor.connection.alias
    prev, seq = GENESIS, 0
    for entry in AuditLog.objects.using(db).order_by("id").iterator(chunk_size=2000):
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.before, entry.after = normalise_json(entry.before), normalise_json(entry.after)
        entry.chain_hash = row_hash(entry)
        AuditLog.objects.using(db).filter(pk=entry.pk).update(
            seq=entry.seq, prev_hash=entry.prev_hash, chain_hash=entry.chain_hash, before=entry.before, after=entry.after
        )
        prev = entry.chain_hash
    AuditChainHead.objects.using(db).update_or_create(pk=1, defaults={"seq": seq, "chain_hash": prev})


def install_triggers(apps, schema_editor):
    from gongkai.apps.audit.triggers import install

    install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    from gongkai.apps.audit.triggers import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_triggers, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(default=0, verbose_name="最后序号")),
                ("chain_hash", models.CharField(max_length=64, verbose_name="最后摘要")),
            ],
            options={"verbose_name": "审计链头", "verbose_name_plural": "审计链头"},
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="对象类型",
            ),
        ),
        migrations.AlterField(
            model_name="auditlog",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.organization",
                verbose_name="机关",
            ),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditlog",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="前一条摘要"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditlog",
            name="chain_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="SM3 摘要"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditlog",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="序号"),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
