"""Seed the 错敏词 list with wrong wordings that published inspection reports named (each with its source)."""

from django.db import migrations

HK01 = "香港01《各地政府自查官网错字》，2019-02-28，https://zh.hk01.com/即时中国/299865/"
MINGPAO = "明报《政府网“政府”变“攻”府 地方自查曾写错省长名》，2019-02-28，http://mingpaocanada.com/van/htm/News/20190228/tcba1_r.htm"

TERMS = (
    ("攻府", "政府", "铜川市政府网站检查情况通报（2019-02-25），据" + HK01),
    ("中华人民共合国", "中华人民共和国", "广西壮族自治区商务厅网站，据" + HK01),
    ("中共人民共和国", "中华人民共和国", "重庆市永川区政府门户网站，据" + HK01),
    ("中华人民大和国", "中华人民共和国", "甘肃省景泰县2015年年度工作报告，据" + MINGPAO),
    ("齐齐哈市", "齐齐哈尔市", "齐齐哈尔市政府网站检查情况通报（2019年2月），据" + HK01),
    ("秸杆", "秸秆", "齐齐哈尔市政府网站检查情况通报（2019年2月），据" + HK01),
    ("扫黑险恶", "扫黑除恶", "长江日报2019-06-06报道（上百家政府网站同一差错），据新浪网2019-06-08转载 https://news.sina.com.tw/article/20190608/31563256.html"),
    ("检查院", "检察院", "新京报2014-09-03报道（榆林市公检法联合通告），人民网转载 http://politics.people.com.cn/BIG5/n/2014/0903/c1001-25597274.html"),
)


def seed(apps, schema_editor):
    SensitiveTerm = apps.get_model("publishing", "SensitiveTerm")
    for wrong, correct, source in TERMS:
        SensitiveTerm.objects.get_or_create(wrong=wrong, defaults={"correct": correct, "source": source})


def unseed(apps, schema_editor):
    SensitiveTerm = apps.get_model("publishing", "SensitiveTerm")
    SensitiveTerm.objects.filter(wrong__in=[t[0] for t in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_policy_kind_keywords_findings_terms")]
    operations = [migrations.RunPython(seed, unseed)]
