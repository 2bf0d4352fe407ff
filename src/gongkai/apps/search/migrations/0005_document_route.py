"""Results store the page they lead to (``item:123``), not its address: a body's new slug needs no reindex."""

from django.db import migrations, models

BATCH = 2000


def _routes(apps, schema_editor):
    from gongkai.apps.search.links import route_from_path

    documents = apps.get_model("search", "SearchDocument")
    last = 0
    while True:
        rows = list(documents.objects.filter(key__gt=last).order_by("key").values_list("key", "url")[:BATCH])
        if not rows:
            return
        last = rows[-1][0]
        changed = [documents(key=key, route=route_from_path(url)) for key, url in rows]
        documents.objects.bulk_update(changed, ["route"])


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_inline_vectors")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="route",
            field=models.CharField(
                default="",
                help_text="结果链接的页面和参数（如 item:123），显示时按机关的标识生成地址。",
                max_length=40,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(_routes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchdocument", name="url"),
    ]
