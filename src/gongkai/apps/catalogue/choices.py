"""Fixed lists of the 基层政务公开标准目录 (国办发〔2019〕54号 and the 26 areas' published catalogues)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: 公开渠道和载体, the fixed list printed in the published catalogues (code, label), in their order.
CHANNELS: tuple[tuple[str, str], ...] = (
    ("website", "政府网站"),
    ("gazette", "政府公报"),
    ("new_media", "两微一端"),
    ("briefing", "发布会/听证会"),
    ("broadcast", "广播电视"),
    ("print", "纸质媒体"),
    ("reading_point", "公开查阅点"),
    ("service_center", "政务服务中心"),
    ("service_station", "便民服务站"),
    ("on_site", "入户/现场"),
    ("notice_board", "社区/企事业单位/村公示栏（电子屏）"),
    ("push", "精准推送"),
    ("hotline", "12345热线"),
    ("other", "其他"),
)
CHANNEL_LABELS = dict(CHANNELS)

#: Other spellings of the channel names seen in published catalogues (after removing spaces and brackets).
CHANNEL_ALIASES: dict[str, str] = {
    "政府门户网站": "website",
    "县政府门户网站": "website",
    "区政府门户网站": "website",
    "门户网站": "website",
    "网站": "website",
    "两微一端": "new_media",
    "微信公众号": "new_media",
    "发布会": "briefing",
    "听证会": "briefing",
    "纸质载体": "print",
    "行政服务中心": "service_center",
    "社区/企事业单位/村公示栏": "notice_board",
    "社区/企事业单位、村公示栏": "notice_board",
    "村公示栏": "notice_board",
    "公示栏": "notice_board",
    "公开栏": "notice_board",
    "镇村公示公开栏": "notice_board",
    "乡镇公示栏": "notice_board",
    "行政村公示栏": "notice_board",
    "电子屏": "notice_board",
    "12345政务服务热线": "hotline",
    "12345政务服务便民热线": "hotline",
    "12345": "hotline",
}


class UpdateCycle(models.TextChoices):
    """How often the office updates an entry's columns at least (更新周期), set by the office."""

    EVENT = "event", _("随事项更新")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


class RuleSource(models.TextChoices):
    PARSED = "parsed", _("按公开时限自动识别")
    MANUAL = "manual", _("科室设定")


#: 公开时限 rule kinds as stored (gongkai.core.timelimits.LimitKind values).
class RuleKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("事项发生后N个工作日内")
    CALENDAR_DAYS = "calendar_days", _("事项发生后N日内")
    PROMPT = "prompt", _("及时公开（不晚于20个工作日）")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")
    UNKNOWN = "unknown", _("无法识别，待科室设定")


#: The 26 areas of 国办发〔2019〕54号, as law-and-formats.md §6.1 reconstructs them (23 verified secondarily; the
#: completion to 26 and the exact official names are UNVERIFIED — an imported catalogue may name any area).
AREAS: tuple[str, ...] = (
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "义务教育",
    "卫生健康",
    "生态环境",
    "公共文化服务",
    "公共法律服务",
    "就业",
    "社会保险",
    "食品药品监管",
    "城市综合执法",
    "市政服务",
    "保障性住房",
)
