"""Real entries of published county and township standard catalogues (基层政务公开标准目录), used to seed a body.

Each entry is copied (facts: the 事项, 要素, 依据, 时限, 主体, 渠道, 对象, 方式, 层级) from the catalogue named in
:data:`SOURCES`; docs/catalogue.md lists what was taken and left out. Only two things are adapted: a 公开主体
that names the publishing township ("江上乡人民政府") is written "{body}" and replaced by the seeded body's name, and
the 层级 of a catalogue that prints no 公开层级 column is 乡级 (the catalogue is a township's). The 责任科室,
责任人, 更新周期 and linked columns are the office's to set; they are not part of the published catalogues.
"""

from __future__ import annotations

SOURCES: dict[str, tuple[str, str]] = {
    "dazhu": (
        "大竹县信息公开办《社会救助领域基层政务公开标准目录》（2022-09-28）",
        "http://www.dazhu.gov.cn/xxgk-show-199777.html",
    ),
    "mdx": (
        "镇级《社会救助领域基层政务公开标准目录》（审核信息的公开时限与渠道）",
        "http://mdx.gov.cn/info/1473/43897.htm",
    ),
    "fangshan": (
        "方山县农业农村局《涉农补贴领域基层政务公开标准目录》（2020-12-12）",
        "http://fangshan.gov.cn/xxgk/jcgk/202012/t20201212_1457111.html",
    ),
    "yongxiu": (
        "永修县江上乡《财政预决算领域基层政务公开标准目录》（2024-03-01）",
        "https://www.yongxiu.gov.cn/jsx/02/glyjczwgkml/202403/t20240301_6423112.html",
    ),
    "sanjiao": (
        "中山市三角镇《财政预决算领域基层政务公开标准目录》（2023-12-27）",
        "http://www.zs.gov.cn/sjz/sjml/content/post_1875410.html",
    ),
    "fuliang": (
        "浮梁县三龙镇《救灾领域基层政务公开标准目录》（2022-09-03）",
        "https://www.fuliang.gov.cn/ztzl/zwxjczwgk_247/zegkbzml/t880760.shtml",
    ),
}

_SA_SUBJECT = "县民政局、各乡(镇)人民政府(街道办事处)"
_SA_BASIS = "《信息公开条例》及相关规定"
_SA_LIMIT = "制定或获取信息之日起10个工作日内"
_SA_CHANNELS = ["website", "reading_point", "service_center"]
_JZ_BASIS = "《中华人民共和国政府信息公开条例》（国令第711号）"
_JZ_LIMIT = "信息形成或变更之日起20个工作日内"
_JZ_CHANNELS = ["website", "reading_point", "service_center"]
_CZ_BASIS = (
    "《中华人民共和国预算法》、《中华人民共和国政府信息公开条例》、《财政部关于印发〈地方预决算公开操作规程〉的通知》"
    "（财预〔2016〕143号）、《财政部关于印发<地方政府债务信息公开办法（试行）>的通知》（财预〔2018〕209号）等法律法规和文件规定"
)
_CZ_LIMIT = "本级人民代表大会或其常务委员会批准后20日内"

#: Entries by area, in the published order. ``levels``: county/township/village ticks; ``audience``: public,
#: specific; ``mode``: proactive, on request.
ENTRIES: tuple[dict[str, object], ...] = (
    # 社会救助 — 大竹县 (rows 1–5); the 审核信息 limit and channel as the 镇级 catalogue (mdx) prints them.
    {
        "area": "社会救助", "source": "dazhu", "level1": "综合业务", "level2": "政策法规文件",
        "content": "《社会救助暂行办法》、各地配套政策法规文件",
        "basis": _SA_BASIS, "time_limit": _SA_LIMIT, "subject": _SA_SUBJECT, "channels": _SA_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (True, True, False),
    },
    {
        "area": "社会救助", "source": "dazhu", "level1": "综合业务", "level2": "监督检查",
        "content": "社会救助信访通讯地址、社会救助投诉举报电话",
        "basis": _SA_BASIS, "time_limit": _SA_LIMIT, "subject": _SA_SUBJECT,
        "channels": [*_SA_CHANNELS, "notice_board"],
        "audience": (True, False), "mode": (True, False), "levels": (True, True, False),
    },
    {
        "area": "社会救助", "source": "dazhu", "level1": "最低生活保障", "level2": "政策法规文件",
        "content": "《国务院关于进一步加强和改进最低生活保障工作的意见》、《最低生活保障审核审批办法（试行）》、各地配套政策法规文件",
        "basis": _SA_BASIS, "time_limit": _SA_LIMIT, "subject": _SA_SUBJECT, "channels": _SA_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (True, True, False),
    },
    {
        "area": "社会救助", "source": "dazhu", "level1": "最低生活保障", "level2": "办事指南",
        "content": "办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、地点、联系方式",
        "basis": "《国务院关于进一步加强和改进最低生活保障工作的意见》、各地相关政策法规文件",
        "time_limit": _SA_LIMIT, "subject": _SA_SUBJECT, "channels": _SA_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (True, True, False),
    },
    {
        "area": "社会救助", "source": "mdx", "level1": "最低生活保障", "level2": "审核信息",
        "content": "初审对象名单及相关信息",
        "basis": "《国务院关于进一步加强和改进最低生活保障工作的意见》",
        "time_limit": "制定或获取信息之日起10个工作日内，公示7个工作日", "subject": _SA_SUBJECT,
        "channels": ["notice_board"],
        "audience": (True, False), "mode": (True, False), "levels": (False, True, True),
    },
    # 涉农补贴 — 方山县, the row whose 公开主体 is the township.
    {
        "area": "涉农补贴", "source": "fangshan", "level1": "农业生产发展资金", "level2": "耕地地力保护",
        "content": (
            "政策依据；申请指南：包括补贴对象、补贴范围、补贴标准、申请程序、申请材料、咨询电话、受理单位、办理时限、"
            "联系方式等；补贴结果；监督渠道：包括举报电话、地址等。"
        ),
        "basis": "《农业生产发展资金管理办法》、《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》",
        "time_limit": "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。",
        "subject": "乡镇人民政府、行政村村民委员会", "channels": ["notice_board"],
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
    # 财政预决算 — 永修县江上乡 (政府预算), 中山市三角镇 (政府决算).
    {
        "area": "财政预决算", "source": "yongxiu", "level1": "财政预决算", "level2": "政府预算",
        "content": (
            "一般公共预算：①一般公共预算收入表②一般公共预算支出表③一般公共预算本级支出表④一般公共预算本级基本支出表。"
            "地方本级汇总的一般公共预算“三公”经费，包括预算总额，以及“因公出国（境）费”“公务用车购置及运行费”"
            "（区分“公务用车购置费”“公务用车运行费”两项）、“公务接待费”分项数额，并对增减变化情况进行说明。"
            "没有数据的表格应当列出空表并说明。"
        ),
        "basis": _CZ_BASIS, "time_limit": _CZ_LIMIT, "subject": "{body}", "channels": ["website"],
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
    {
        "area": "财政预决算", "source": "sanjiao", "level1": "财政预决算", "level2": "政府决算",
        "content": (
            "一般公共预算：①一般公共预算收支决算表。②一般公共预算支出决算明细表（政府经济分类）。"
            "③公共财政预算支出决算明细表（政府功能分类）。"
        ),
        "basis": (
            "《预算法》、《政府信息公开条例》、《财政部关于印发<地方预决算公开操作规程>的通知》、"
            "《财政部关于印发<地方政府债务信息公开办法（试行）>的通知》等法律法规和文件规定"
        ),
        "time_limit": _CZ_LIMIT, "subject": "地方各级财政部门", "channels": ["website"],
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
    # 救灾 — 浮梁县三龙镇 (rows 1–3).
    {
        "area": "救灾", "source": "fuliang", "level1": "政策文件", "level2": "法律法规",
        "content": "与救灾有关的法律、法规",
        "basis": _JZ_BASIS, "time_limit": _JZ_LIMIT, "subject": "镇级人民政府", "channels": _JZ_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
    {
        "area": "救灾", "source": "fuliang", "level1": "政策文件", "level2": "部门和地方规章",
        "content": "与救灾有关的部门和地方规章、规范性文件",
        "basis": _JZ_BASIS, "time_limit": _JZ_LIMIT, "subject": "镇级人民政府", "channels": _JZ_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
    {
        "area": "救灾", "source": "fuliang", "level1": "政策文件", "level2": "其他政策文件",
        "content": "其他可以公开的与救灾有关的政策文件，包括改革方案、发展规划、专项规划、工作计划等",
        "basis": _JZ_BASIS, "time_limit": _JZ_LIMIT, "subject": "镇级人民政府", "channels": _JZ_CHANNELS,
        "audience": (True, False), "mode": (True, False), "levels": (False, True, False),
    },
)

#: Extra columns an area's entries are linked to besides the area's own column (publishing seed codes).
AREA_EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "社会救助": ("art21.8",),
    "财政预决算": ("art20.7",),
    "救灾": ("art20.12",),
}
