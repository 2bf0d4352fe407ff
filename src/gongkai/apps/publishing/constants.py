"""Standard catalogue content (标准目录) used to seed a township's catalogue.

Sources: 条例第二十条 (15 items) and 第二十一条 (乡镇 8 items), law-and-formats.md §3; the 基层政务公开 areas
recommended for a township, law-and-formats.md §6.1 (UNVERIFIED as a national rule: each county sets the
township scope, so the 系统管理员 edits the seeded tree); and the categories of the seed report (思礼镇 2020).
"""

from __future__ import annotations

#: The seed report's own columns (概况信息 87, 综合管理信息 38, 政策文件及解读 30, 村居信息 1137 in 2020).
LOCAL_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("local.overview", "概况信息"),
    ("local.management", "综合管理信息"),
    ("local.policies", "政策文件及解读"),
    ("local.villages", "村居信息"),
)

ARTICLE_20_ROOT = ("art20", "法定主动公开内容（条例第二十条）")

#: 条例第二十条 （一）–（十五）.
ARTICLE_20_ITEMS: tuple[str, ...] = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)

ARTICLE_21_ROOT = ("art21", "乡镇主动公开内容（条例第二十一条）")

#: 条例第二十一条, the township list.
ARTICLE_21_TOWNSHIP_ITEMS: tuple[str, ...] = (
    "贯彻落实农业农村政策",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
)

AREAS_ROOT = ("area", "基层政务公开标准目录")

#: Recommended default 基层政务公开 areas for a township (law-and-formats.md §6.1, UNVERIFIED; editable).
TOWNSHIP_AREAS: tuple[str, ...] = (
    "公共资源交易",
    "社会救助",
    "养老服务",
    "公共法律服务",
    "财政预决算",
    "就业",
    "社会保险",
    "公共文化服务",
    "安全生产",
    "救灾",
    "涉农补贴",
    "农村危房改造",
    "扶贫",
    "重大建设项目",
    "卫生健康",
    "义务教育",
    "生态环境",
    "征地补偿",
)

CHINESE_NUMERALS = (
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
)

#: Attachment types accepted (extension → expected leading bytes, or None when the format has no magic).
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0",),
    "et": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "txt": None,
    "csv": None,
}

#: Default maximum attachment size; override with settings.GONGKAI_ATTACHMENT_MAX_BYTES.
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
