"""The single 管理员 role becomes the three 等保 administrators, and organizations get the reply-approval setting.

Every existing ``admin`` membership becomes 系统管理员 **and** 安全管理员 in the same organization, so no
install loses the ability to configure or to manage its people on upgrade. That pair breaks the 三员分立
rule for new grants; the members page lists it as a conflict until the 安全管理员 role is given to someone
else (who can then take it from the former 管理员: nobody revokes his own roles). Nobody becomes
审计管理员 automatically. Backwards, both roles become ``admin`` again and 审计管理员 rows are dropped.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Membership = apps.get_model("organizations", "Membership")
    for old in Membership.objects.filter(role="admin"):
        for role in ("sysadmin", "secadmin"):
            Membership.objects.get_or_create(user_id=old.user_id, organization_id=old.organization_id, role=role)
        old.delete()


def backwards(apps, schema_editor):
    Membership = apps.get_model("organizations", "Membership")
    for new in Membership.objects.filter(role__in=["sysadmin", "secadmin"]):
        Membership.objects.get_or_create(user_id=new.user_id, organization_id=new.organization_id, role="admin")
        new.delete()
    Membership.objects.filter(role="auditor").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0002_code_violation_message'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='reply_approval_required',
            field=models.BooleanField(default=True, help_text='依申请公开的答复在出具答复书前须由领导审批（四眼原则）。', verbose_name='答复须经领导审批'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('drafter', '经办人'), ('reviewer', '审核人'), ('leader', '领导'), ('sysadmin', '系统管理员'), ('secadmin', '安全管理员'), ('auditor', '审计管理员')], max_length=20, verbose_name='角色'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
