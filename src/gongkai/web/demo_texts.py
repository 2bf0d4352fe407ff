"""Body texts for the demo's and the benchmarks' items: notices, plans, 公示 and policy texts of the kinds a
township publishes, written for gongkai (no text copied from any government site).

:func:`body_html` composes a body for a title from sentences chosen by the title's kind, with the body's
name, villages, dates and amounts filled in, so that no two bodies are quite the same and search, the portal
and the benches have real text to work on (about 150–600 characters each).
"""

from __future__ import annotations

import random
import re

__all__ = ["body_html", "body_paragraphs"]

_VILLAGES = ("思礼村", "水洪池村", "石槽村", "王庄村", "赵庄村", "郑坪村", "东河村", "柳湾村")

_OPENINGS = {
    "notice": (
        "各村（居）民委员会，镇直各单位：",
        "各村民委员会、镇机关各办（站、所）：",
        "各有关单位：",
    ),
    "public": ("根据村务公开工作的有关规定，现将{village}{month}月份有关情况公开如下，接受群众监督。",),
}

_KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "safety": (
        (
            "为认真贯彻安全生产工作部署，切实防范和遏制各类安全事故发生，经镇党委、政府研究，"
            "决定于{month}月在全镇范围内开展安全生产大检查，现将有关事项通知如下。",
        ),
        (
            "一、检查范围。辖区内的非煤矿山、危险化学品经营单位、建筑施工工地、人员密集场所、"
            "农村自建房、道路交通和校园周边。",
            "一、检查重点。企业安全生产主体责任落实情况，隐患排查治理台账，应急预案和应急演练，"
            "特种作业人员持证上岗，消防设施器材配备和疏散通道畅通情况。",
        ),
        (
            "二、方法步骤。各村和各单位先行自查，于{month}月{day}日前将自查报告报镇应急管理办公室；"
            "镇安委会组织联合检查组进行抽查，对发现的隐患下达整改通知书，实行销号管理。",
        ),
        (
            "三、工作要求。各单位主要负责人是第一责任人，要亲自部署、亲自检查，不走过场；"
            "对拒不整改或整改不到位的，依法依规严肃处理。",
        ),
    ),
    "meeting": (
        (
            "{month}月{day}日上午，{org}召开人居环境整治工作推进会，镇党政班子成员、"
            "各村党支部书记和驻村工作队队长参加会议。",
        ),
        (
            "会议通报了上一阶段各村村庄清洁行动的检查情况，{village}、{village2}在垃圾清运、"
            "沟渠清淤和“三堆”清理方面成效明显，个别村仍存在卫生死角。",
        ),
        (
            "会议要求，各村要对照问题清单逐项整改，建立保洁员考核制度，落实门前“三包”责任，"
            "镇党政综合办公室每月组织一次交叉检查，检查结果在村务公开栏公示并纳入年度考核。",
        ),
    ),
    "plan": (
        ("现将{org}{month}月份重点工作安排如下，请各分管领导和责任单位抓好落实。",),
        (
            "一、农业生产。抓好小麦田间管理和病虫害统防统治，做好耕地地力保护补贴面积核实，"
            "推进高标准农田建设项目施工。",
            "一、防汛准备。完成防汛物资储备检查，组织山洪地质灾害隐患点巡查，修订村级防汛应急预案。",
        ),
        (
            "二、民生保障。开展最低生活保障对象动态复核，做好城乡居民基本医疗保险和基本养老保险缴费宣传，"
            "落实特困供养人员走访慰问。",
        ),
        ("三、环境整治。持续开展村庄清洁行动，重点整治道路两侧和河道沿线的垃圾杂物，完成{village}农村户厕改造验收。",),
        ("四、平安建设。开展矛盾纠纷排查化解，加强森林防火和禁止秸秆焚烧的巡查值守。",),
    ),
    "spring": (
        ("当前正值春耕备耕关键时期，为确保全年粮食生产目标任务完成，现就做好春耕生产工作通知如下。",),
        (
            "一、稳定粮食播种面积。各村要将粮食播种面积落实到户到地块，严禁撂荒耕地，"
            "对季节性撂荒地要逐块登记、限期复耕。",
        ),
        (
            "二、保障农资供应。镇农业服务中心要会同市场监管部门加强种子、化肥、农药市场检查，"
            "严厉打击假冒伪劣农资坑农害农行为。",
        ),
        ("三、强化技术服务。组织农技人员进村入户，开展测土配方施肥和病虫害防治技术指导，每村至少举办一期技术培训。",),
        ("四、做好森林防火。春季风大物燥，严禁在林区烧荒、燎地边和野外祭祀用火，发现火情及时报告。",),
    ),
    "reading": (
        ("一、政策背景。为规范最低生活保障工作，保障困难群众基本生活，县民政部门修订了农村低保实施办法。",),
        (
            "二、保障对象。共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定的"
            "农村居民，可以申请最低生活保障。",
        ),
        (
            "三、办理程序。申请人向户籍所在地镇人民政府提出书面申请，也可委托村民委员会代为提出；"
            "镇人民政府组织入户调查、民主评议并公示，县民政部门审批。公示期为7天。",
        ),
        ("四、咨询方式。群众可向镇社会事务办公室或所在村民委员会咨询，也可拨打镇便民服务中心电话。",),
    ),
    "subsidy": (
        (
            "一、补贴对象。拥有耕地承包权的种地农民。已作为畜牧养殖场使用的耕地、林地、"
            "成片粮田转为设施农业用地的，不再给予补贴。",
        ),
        ("二、补贴标准。{year}年耕地地力保护补贴标准为每亩{amount}元，补贴资金通过“一卡通”直接发放到户。",),
        (
            "三、申报程序。农户向所在村申报补贴面积，村民委员会审核后在村务公开栏公示，"
            "公示无异议的报镇农业服务中心汇总。",
        ),
        ("四、监督举报。对虚报冒领、截留挪用补贴资金的，群众可向镇纪委或财政所举报。",),
    ),
    "village": (
        (
            "一、财务收支。本月村集体收入{amount}元，主要为土地承包费和上级转移支付；支出{amount2}元，"
            "主要用于村道维修、保洁员工资和办公费用。",
        ),
        ("二、项目建设。{village}村内道路硬化工程已完成验收，村文化广场健身器材安装到位。",),
        ("三、惠农补贴。本月发放耕地地力保护补贴、高龄津贴等惠农资金，发放名单已张贴于村务公开栏。",),
        ("群众对公开内容有疑问的，可在公开之日起7日内向村务监督委员会反映。",),
    ),
    "dibao": (
        (
            "根据最低生活保障工作的有关规定，{village}于{month}月{day}日召开民主评议会，"
            "对新申请和复核的低保对象进行了评议。",
        ),
        ("经评议，拟新增低保对象{n}户，停发{n2}户，评议结果现予公示，公示期7天。",),
        ("公示期间，群众如有异议，可向村民委员会或镇社会事务办公室反映，我们将认真核实并依法处理。",),
    ),
    "overview": (
        ("{org}是县人民政府的派出机关，负责本行政区域内的经济发展、社会事务、公共服务和基层治理工作。",),
        (
            "主要职能：贯彻执行党和国家的方针政策和法律法规；制定并组织实施本镇经济社会发展规划；"
            "做好农业农村、社会保障、安全生产、生态环境保护等工作；推进政务公开和便民服务。",
        ),
        ("办公地址：{org}机关院内。办公时间：工作日上午8:30—12:00，下午14:30—17:30。",),
    ),
    "generic": (
        ("为做好有关工作，现将{org}近期工作情况公开如下。",),
        ("一、{month}月份，全镇各项工作有序推进，重点项目建设、民生保障和环境整治取得阶段性成效。",),
        ("二、下一步，我镇将进一步完善政务公开制度，及时公开群众关心的政府信息，接受社会监督。",),
    ),
}


def _kind(title: str, code: str) -> str:
    rules = (
        ("安全生产", "safety"),
        ("推进会", "meeting"),
        ("重点工作", "plan"),
        ("春耕", "spring"),
        ("低保政策", "reading"),
        ("补贴政策", "subsidy"),
        ("评议", "dibao"),
        ("村务公开", "village"),
        ("财务收支", "village"),
    )
    for word, kind in rules:
        if word in title:
            return kind
    return "overview" if code == "local.overview" else "generic"


def body_paragraphs(title: str, *, code: str = "", org: str = "本镇", rng: random.Random | None = None) -> list[str]:
    """The paragraphs of a body for an item titled *title* in the column *code* of the body *org*."""
    rng = rng or random.Random(title)
    village, village2 = rng.sample(_VILLAGES, 2)
    values = {
        "org": org,
        "village": next((v for v in _VILLAGES if v in title), village),
        "village2": village2,
        "month": int(found.group(1)) if (found := re.search(r"(\d{1,2})月", title)) else rng.randrange(1, 13),
        "day": rng.randrange(1, 29),
        "year": rng.randrange(2019, 2027),
        "amount": f"{rng.randrange(80, 160)}"
        if "补贴" in title
        else f"{rng.randrange(2, 90) * 1000 + rng.randrange(1000):,}",
        "amount2": f"{rng.randrange(2, 60) * 1000 + rng.randrange(1000):,}",
        "n": rng.randrange(1, 6),
        "n2": rng.randrange(0, 4),
    }
    kind = _kind(title, code)
    paragraphs = []
    if kind in ("safety", "spring", "plan"):
        paragraphs.append(rng.choice(_OPENINGS["notice"]))
    elif kind == "village":
        paragraphs.append(_OPENINGS["public"][0].format(**values))
    paragraphs += [rng.choice(choices).format(**values) for choices in _KINDS[kind]]
    if kind in ("safety", "spring", "plan", "dibao"):
        paragraphs.append(f"{org}")
    return paragraphs


def body_html(title: str, *, code: str = "", org: str = "本镇", rng: random.Random | None = None) -> str:
    """:func:`body_paragraphs` as the HTML an item's body holds."""
    return "".join(f"<p>{text}</p>" for text in body_paragraphs(title, code=code, org=org, rng=rng))
