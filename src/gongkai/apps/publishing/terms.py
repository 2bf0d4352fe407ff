"""The shipped entries of the 错敏词 list: wrong wordings that published inspection reports named, with sources.

The list itself lives in the database (:class:`~gongkai.apps.publishing.models.SensitiveTerm`) and is edited
by the platform administrator (``/admin/``); these entries are added by a data migration and by
:func:`ensure_shipped_terms` (``gongkai demo``). To stop using a shipped entry, switch it off (启用 = 否) rather
than deleting it. Add only entries that a published inspection notice or report named, with its source.
"""

from __future__ import annotations

__all__ = ["SHIPPED_TERMS", "ensure_shipped_terms"]

HK01 = "香港01《各地政府自查官网错字》，2019-02-28，https://zh.hk01.com/即时中国/299865/"
MINGPAO = "明报《政府网“政府”变“攻”府 地方自查曾写错省长名》，2019-02-28，http://mingpaocanada.com/van/htm/News/20190228/tcba1_r.htm"

#: (wrong, correct, source)
SHIPPED_TERMS: tuple[tuple[str, str, str], ...] = (
    ("攻府", "政府", "铜川市政府网站检查情况通报（2019-02-25），据" + HK01),
    ("中华人民共合国", "中华人民共和国", "广西壮族自治区商务厅网站，据" + HK01),
    ("中共人民共和国", "中华人民共和国", "重庆市永川区政府门户网站，据" + HK01),
    ("中华人民大和国", "中华人民共和国", "甘肃省景泰县2015年年度工作报告，据" + MINGPAO),
    ("齐齐哈市", "齐齐哈尔市", "齐齐哈尔市政府网站检查情况通报（2019年2月），据" + HK01),
    ("秸杆", "秸秆", "齐齐哈尔市政府网站检查情况通报（2019年2月），据" + HK01),
    (
        "扫黑险恶",
        "扫黑除恶",
        "长江日报2019-06-06报道（上百家政府网站同一差错），据新浪网2019-06-08转载 "
        "https://news.sina.com.tw/article/20190608/31563256.html",
    ),
    (
        "检查院",
        "检察院",
        "新京报2014-09-03报道（榆林市公检法联合通告），人民网转载 "
        "http://politics.people.com.cn/BIG5/n/2014/0903/c1001-25597274.html",
    ),
)


def ensure_shipped_terms(model=None) -> int:
    """Add the shipped entries that are missing (kept as they are when present); returns how many were added."""
    if model is None:
        from .models import SensitiveTerm as model
    added = 0
    for wrong, correct, source in SHIPPED_TERMS:
        _, created = model.objects.get_or_create(wrong=wrong, defaults={"correct": correct, "source": source})
        added += created
    return added
