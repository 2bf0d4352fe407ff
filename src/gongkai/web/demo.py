"""The demo database: 思礼镇人民政府's 2020 as its annual report tells it, plus neighbours and later years.

思礼镇 2020 (from the seed report): 1292 items on the government website in four categories
(概况信息 87, 综合管理信息 38, 政策文件及解读 30, 村居信息 1137), 67 posts on the WeChat account
“文明思礼”, 6 政府集中采购 projects totalling 322,526 元 (32.2526 万元), no applications. The
generated 2020 report reproduces those figures. The historical items are written in bulk (they
were published outside the platform); everything after that goes through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.web.demo_texts import body_html

DEMO_PASSWORD = "gongkai-demo"
SEED_ORG = "思礼镇人民政府"

#: The seed's 2020 category counts of website items.
SEED_CATEGORIES = (("local.overview", 87), ("local.management", 38), ("local.policies", 30), ("local.villages", 1137))
SEED_WECHAT_POSTS = 67
#: 6 projects, 322,526 元 in all (the seed prints 32.2526, in 万元).
SEED_PROCUREMENT = (
    ("镇区道路亮化维修项目", Decimal("86500.00")),
    ("镇机关办公设备采购", Decimal("42360.00")),
    ("农村人居环境整治保洁服务", Decimal("98000.00")),
    ("防汛物资储备采购", Decimal("31266.00")),
    ("村级文化广场健身器材采购", Decimal("45400.00")),
    ("镇便民服务中心改造", Decimal("19000.00")),
)
SEED_PROBLEMS = (
    "1、加强宣传和引导。由于政府网站面向社会的宣传力度还不够，一些群众对政府信息公开工作还不够清楚。"
    "下一步我镇要认真创新政务公开工作的新形式、新途径、新方法，充分发挥广播、网络等媒体作用，进一步扩大政务公开的覆盖面。\n\n"
    "2、细化信息公开目录。我镇会进一步完善政务信息公开栏目，及时、正确的公布较高质量的政务信息。\n\n"
    "3、完善制度规范运行。进一步完善政务信息公开制度，不断建立健全工作机制，进一步细化职责，确保事事有人管、事事有回音，"
    "保持政府信息公开渠道畅通。采取定期检查的方法，对未按要求报送公开信息的科室和个人进行督促，以促进政府信息公开工作向前推进。"
)
SEED_OTHER = "2020 年末收取信息公开处理费用。"

TITLES = {
    "local.overview": ("{org}机构职能简介", "{org}领导班子成员及分工", "{org}办公地址及联系方式", "{org}内设机构设置"),
    "local.management": ("{month}月份重点工作安排", "关于开展安全生产大检查的通知", "人居环境整治工作推进会"),
    "local.policies": ("关于做好春耕生产工作的通知", "《农村低保政策》解读", "耕地地力保护补贴政策解读"),
    "local.villages": ("{village}{month}月份村务公开", "{village}低保评议结果公示", "{village}财务收支公开"),
}
VILLAGES = ("思礼村", "水洪池村", "石槽村", "王庄村", "赵庄村", "郑坪村")


@dataclass
class DemoResult:
    """What the demo built: the logins to print."""

    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, organization, roles)
    # The accounts that need a second factor (superusers, administrators, county staff): username and the
    # otpauth:// URI of the authenticator already bound to them (secret inside), so a tester can add it to an app.
    second_factor: list[tuple[str, str]] = field(default_factory=list)


def _user(username: str, full_name: str, *, superuser: bool = False):
    User = get_user_model()
    user = User(username=username, first_name=full_name, is_staff=superuser, is_superuser=superuser)
    user.set_password(DEMO_PASSWORD)
    user.save()
    from gongkai.apps.accounts.services import password_mark_initial

    # Demo accounts keep the printed password: no forced change at first login (and marked as demo accounts,
    # the only ones `gongkai otp_code` prints a current code for).
    password_mark_initial(user=user, must_change=False, demo=True)
    return user


def _bind_second_factors(result: DemoResult) -> None:
    """Bind an authenticator to every demo account that needs a second factor, and note its URI to print."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.apps.accounts.policy import needs_second_factor
    from gongkai.apps.accounts.services import DEVICE_NAME

    User = get_user_model()
    for username, _org_name, _roles in result.logins:
        user = User.objects.get(username=username)
        if username in {u for u, _uri in result.second_factor} or not needs_second_factor(user):
            continue
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        result.second_factor.append((username, device.config_url))


def _org(name: str, slug: str, kind: str, parent=None, **fields):
    from gongkai.apps.organizations.models import Organization

    return Organization.objects.create(name=name, slug=slug, kind=kind, parent=parent, **fields)


def _staff(result: DemoResult, org, prefix: str, people: dict[str, str]) -> dict[str, object]:
    from gongkai.apps.organizations.choices import Role
    from gongkai.apps.organizations.services import membership_grant

    users = {}
    for role, full_name in people.items():
        user = _user(f"{prefix}_{role}", full_name)
        # Through the service, so the demo obeys the 职责分离 rules like everybody else (one role a person).
        membership_grant(actor=None, user=user, organization=org, role=role)
        users[role] = user
        result.logins.append((user.username, org.name, str(Role(role).label)))
    return users


def _bulk_items(
    org, year: int, plan: list[tuple[object, object, int]], rng: random.Random, admin, *, titles=None, on=None
) -> int:
    """Write *plan* = [(category, channel, count)] as published items of *year*, spread over the year."""
    from gongkai.apps.publishing.models import Distribution, IndexSequence, Item

    seq, _ = IndexSequence.objects.get_or_create(organization=org, year=year)
    start = seq.last_value
    items: list[Item] = []
    channels: list[object] = []
    last_day = min(dt.date(year, 12, 31), timezone.localdate())
    span = (last_day - dt.date(year, 1, 1)).days
    tz = timezone.get_current_timezone()
    for category, channel, count in plan:
        templates = titles or TITLES.get(category.code, ("{org}工作动态",))
        for n in range(count):
            day = on or dt.date(year, 1, 1) + dt.timedelta(days=(n * 7919 + rng.randrange(7)) % (span + 1))
            seq_no = start + len(items) + 1
            title = rng.choice(templates).format(
                org=org.short_name or org.name, month=day.month, village=rng.choice(VILLAGES)
            )
            items.append(
                Item(
                    organization=org,
                    index_number=f"{org.index_prefix}/{year}-{seq_no:05d}",
                    index_year=year,
                    index_sequence=seq_no,
                    title=title,
                    publisher=org.name,
                    written_on=day,
                    formed_on=day,
                    published_on=day,
                    published_at=dt.datetime.combine(day, dt.time(9, rng.randrange(60)), tzinfo=tz),
                    category=category,
                    summary=title,
                    # A separate generator per item: the bodies do not change the demo's other random draws.
                    body=body_html(
                        title, code=category.code, org=org.name, rng=random.Random(f"{org.pk}-{year}-{seq_no}")
                    ),
                    status="published",
                    created_by=admin,
                    signed_by=admin,
                )
            )
            channels.append(channel)
    Item.objects.bulk_create(items, batch_size=500)
    IndexSequence.objects.filter(pk=seq.pk).update(last_value=start + len(items))
    saved = Item.objects.filter(organization=org, index_year=year, index_sequence__gt=start).order_by("index_sequence")
    Distribution.objects.bulk_create(
        [
            Distribution(item=item, channel=channel, published_at=item.published_at, recorded_by=admin)
            for item, channel in zip(saved, channels, strict=True)
        ],
        batch_size=500,
    )
    return len(items)


def _catalogue(org, actor):
    from gongkai.apps.catalogue.services import catalogue_seed_body
    from gongkai.apps.publishing.models import CatalogueNode

    catalogue_seed_body(actor=actor, organization=org)
    return {node.code: node for node in CatalogueNode.objects.filter(organization=org)}


#: Who owns which area of 思礼镇's standard catalogue in the demo (科室, login, name), and the update cycles the
#: office set (the published catalogues carry no owner or cycle: these are the demo office's choices).
DEMO_OWNERS = {
    "社会救助": ("社会事务办公室", "sl_minzheng", "王民政"),
    "涉农补贴": ("农业农村办公室", "sl_nongye", "孙农业"),
    "财政预决算": ("财政所", "sl_caizheng", "李财政"),
    "救灾": ("应急管理办公室", "sl_drafter", None),
}
DEMO_CYCLES = {("社会救助", "最低生活保障", "审核信息"): "monthly", ("财政预决算", "财政预决算", "政府预算"): "yearly"}


def _standard_catalogue(result: DemoResult, org, people, nodes, operator) -> None:
    """思礼镇's standard catalogue with owners; items that make the watch show real overdue and due-soon lines."""
    from gongkai.apps.catalogue.models import Entry
    from gongkai.apps.catalogue.services import entry_update
    from gongkai.apps.organizations.models import Membership
    from gongkai.apps.publishing import services as pub

    owners = {}
    for area, (office, login, name) in DEMO_OWNERS.items():
        if name is None:
            owners[area] = (office, people["drafter"])
            continue
        user = _user(login, name)
        user.email = f"{login}@silizhen.example.cn"
        user.save(update_fields=["email"])
        Membership.objects.create(user=user, organization=org, role="drafter")
        result.logins.append((login, org.name, f"经办人（{office}）"))
        owners[area] = (office, user)
    people["drafter"].email = "sl_drafter@silizhen.example.cn"
    people["drafter"].save(update_fields=["email"])
    today = timezone.localdate()
    for entry in Entry.objects.filter(organization=org):
        office, user = owners.get(entry.area, ("党政综合办公室", people["drafter"]))
        cycle = DEMO_CYCLES.get((entry.area, entry.level1, entry.level2), entry.update_cycle)
        entry_update(
            actor=None,
            entry=entry,
            office=office,
            owner=user,
            update_cycle=cycle,
            tracked_since=(today.replace(day=1) - dt.timedelta(days=75)).replace(day=1),
        )
    # The 审核信息 (monthly) were last posted two months ago: this month's list is due, last month's is overdue.
    area_column = {n.name: n for n in nodes.values() if n.parent_id and n.parent.code == "area"}
    assistance = area_column["社会救助"]
    last = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=12)
    _published(org, assistance, f"思礼镇{last.month}月份城乡低保初审对象名单公示", last, operator)
    # A 低保 notice drafted 30 days ago and still not signed: past the entry's 10-working-day limit.
    draft = pub.item_create(
        actor=owners["社会救助"][1],
        organization=org,
        title="关于调整农村最低生活保障标准的通知",
        category=assistance,
        formed_on=today - dt.timedelta(days=30),
    )
    pub.item_submit(actor=owners["社会救助"][1], item=draft)
    # 耕地地力保护补贴 results formed 25 days ago, still a draft: due within the week (20 working days).
    pub.item_create(
        actor=owners["涉农补贴"][1],
        organization=org,
        title=f"思礼镇{today.year}年耕地地力保护补贴发放结果公示",
        category=area_column["涉农补贴"],
        formed_on=today - dt.timedelta(days=25),
    )
    _published(org, area_column["财政预决算"], f"思礼镇{today.year}年财政预算公开", today.replace(month=2, day=20)
               if today >= today.replace(month=2, day=20) else today, operator)


def _published(org, node, title: str, day, operator) -> None:
    """One published item on the portal written in bulk (as the historical items are)."""
    import random as _random

    from gongkai.apps.publishing.models import Channel

    portal = Channel.objects.get(organization=org, kind="portal")
    _bulk_items(org, day.year, [(node, portal, 1)], _random.Random(day.toordinal()), operator, titles=(title,), on=day)


def _procurement(org, year: int, projects) -> None:
    from gongkai.apps.registers.models import ProcurementProject

    for i, (name, amount) in enumerate(projects, start=1):
        ProcurementProject.objects.create(
            organization=org,
            name=name,
            project_number=f"{year}-CG-{i:03d}",
            procured_on=dt.date(year, 2 + i, 10),
            amount=amount,
        )


#: Demo applications of 思礼镇: (applicant type, name, what is asked, decision or None while open).
APPLICATIONS = (
    ("natural_person", "王某", "本村2021年宅基地审批结果", "disclosed"),
    ("natural_person", "李某", "本镇2021年农村低保名单", "partially_disclosed"),
    ("commercial", "某农业合作社", "本镇土地流转合同范本", "unavailable_not_held"),
    ("natural_person", "赵某", "本镇某次会议的讨论记录", "withheld_process_info"),
    ("legal_service", "某律师事务所", "本镇征地补偿安置方案", "disclosed"),
    ("natural_person", "孙某", "本镇财政预算执行情况", None),
)


def _applications(org, people, this_year: int) -> None:
    """A few applications each year from 2021: decided through the services, the last one left open."""
    from gongkai.apps.applications import services as app_services

    handler = people["drafter"]
    for year in range(2021, this_year + 1):
        last_day = min(dt.date(year, 12, 31), timezone.localdate())
        for index, (kind, name, what, decision) in enumerate(APPLICATIONS):
            received = dt.date(year, 3 + index, 8)
            if received > last_day:
                break
            if decision is None:  # still open at the year end: carried over into the next year
                received = max(dt.date(year, 12, 20), received) if year < this_year else received
            application, _code = app_services.application_register(
                actor=handler,
                organization=org,
                channel="counter",
                submitted_on=received,
                applicant_type=kind,
                applicant_name=name,
                id_type="id_card" if kind == "natural_person" else "credit_code",
                id_number="110101199001011234" if kind == "natural_person" else "91110000100000000X",
                phone="13800000000",
                description=f"{what}（{year}年）",
                delivery_form="electronic",
                delivery_method="email",
            )
            app_services.application_assign(actor=handler, application=application, handler=handler)
            if decision is not None:
                decided = received + dt.timedelta(days=12)
                if decided <= last_day:
                    app_services.application_decide(
                        actor=handler, application=application, decision=decision, decided_on=decided
                    )
                    # This year's last decided reply waits for 陈镇长 (sl_leader), so the step can be seen.
                    if not (year == this_year and index == len(APPLICATIONS) - 2):
                        app_services.application_approve_reply(
                            actor=people["leader"], application=application, approved_on=decided
                        )
            elif year < this_year:
                replied = dt.date(year + 1, 1, 8)
                app_services.application_decide(
                    actor=handler, application=application, decision="disclosed", decided_on=replied
                )
                app_services.application_approve_reply(
                    actor=people["leader"], application=application, approved_on=replied
                )
        if year == 2022:
            case = app_services.review_case_record(
                actor=handler, organization=org, filed_on=dt.date(year, 7, 1), reviewing_body="演示县人民政府"
            )
            app_services.remedy_case_conclude(
                actor=people["leader"], case=case, result="upheld", concluded_on=dt.date(year, 8, 20)
            )


#: Demo policy documents of 思礼镇 (written for the demo): (title, 文号, formed, body paragraphs).
POLICIES = (
    (
        "思礼镇农村人居环境整治实施方案",
        "思政发〔2021〕5号",
        dt.date(2021, 3, 15),
        (
            "为持续改善农村人居环境，建设美丽宜居乡村，结合我镇实际，制定本方案。",
            "一、工作目标。到2021年底，全镇各村生活垃圾收运处置体系实现全覆盖，村庄清洁行动常态化。",
            "二、重点任务。（一）开展村庄清洁行动；（二）推进农村厕所改造；（三）治理农村生活污水。",
            "三、保障措施。各村要落实专人负责，镇党政综合办公室每月开展一次检查，检查结果在村务公开栏公示。",
        ),
    ),
    (
        "思礼镇农村人居环境整治长效管护办法",
        "思政发〔2023〕2号",
        dt.date(2023, 2, 20),
        (
            "为巩固农村人居环境整治成果，建立长效管护机制，制定本办法。本办法自印发之日起施行，"
            "《思礼镇农村人居环境整治实施方案》（思政发〔2021〕5号）同时修改。",
            "第一条 各村民委员会负责本村公共区域的日常保洁，保洁员由村民代表会议推选产生。",
            "第二条 镇财政按每村每年不低于2万元的标准安排管护经费，经费使用情况每季度在村务公开栏公示。",
            "第三条 镇党政综合办公室每月组织检查，检查结果纳入村级年度考核。",
        ),
    ),
)
POLICY_READING = (
    "《思礼镇农村人居环境整治长效管护办法》政策解读",
    (
        "一、为什么制定本办法：2021年以来各村完成了集中整治，但保洁靠突击、经费无保障的问题仍然存在。",
        "二、主要内容：明确村民委员会的管护责任、保洁员的产生办法、每村每年不低于2万元的管护经费和每月检查制度。",
        "三、群众关心的问题：管护经费的使用情况每季度在村务公开栏公示，群众可向村民委员会或镇党政综合办公室查询。",
    ),
)


def _policies(org, nodes, people) -> None:
    """Two 政策文件 through review and 签发, the newer amending the older, and the newer one's 解读."""
    from gongkai.apps.publishing import services as pub

    def publish(title, number, formed, paragraphs, **kw):
        item = pub.item_create(
            actor=people["drafter"],
            organization=org,
            title=title,
            category=nodes["local.policies"],
            document_number=number,
            written_on=formed,
            formed_on=formed,
            topic="农业、林业、水利",
            body="".join(f"<p>{text}</p>" for text in paragraphs),
            **kw,
        )
        item = pub.item_submit(actor=people["drafter"], item=item)
        item = pub.item_review_approve(actor=people["reviewer"], item=item)
        return pub.item_sign(actor=people["leader"], item=item, published_on=formed + dt.timedelta(days=3))

    old = publish(*POLICIES[0], kind="policy", keywords="人居环境 村庄清洁")
    new = publish(*POLICIES[1], kind="policy", keywords="人居环境 长效管护")
    title, paragraphs = POLICY_READING
    publish(title, "", POLICIES[1][2] + dt.timedelta(days=1), paragraphs, kind="interpretation", interprets=new)
    pub.item_validity_change(
        actor=people["leader"],
        item=old,
        validity="amended",
        changed_on=POLICIES[1][2] + dt.timedelta(days=3),
        replaced_by=new,
        reason="《思礼镇农村人居环境整治长效管护办法》（思政发〔2023〕2号）修改",
    )


@transaction.atomic
def build_demo(*, seed: int = 2020) -> DemoResult:
    """Build the demo data into an empty, migrated database and return the logins."""
    from gongkai.apps.annual.services import annual_report_edit, annual_report_generate, annual_report_publish
    from gongkai.apps.audit.services import audit_log
    from gongkai.apps.publishing.models import Channel
    from gongkai.apps.publishing.terms import ensure_shipped_terms

    ensure_shipped_terms()  # ``flush`` empties what the data migration seeded
    rng = random.Random(seed)
    result = DemoResult()
    operator = _user("admin", "平台管理员", superuser=True)
    result.logins.append(("admin", "（全平台）", "超级管理员"))

    county = _org("演示县人民政府", "demo-county", "county", short_name="演示县", office_name="演示县人民政府办公室")
    _staff(
        result, county, "county", {"leader": "王县长", "sysadmin": "李主任", "secadmin": "钱安全", "auditor": "冯审计"}
    )
    silizhen = _org(
        SEED_ORG,
        "silizhen",
        "township",
        county,
        short_name="思礼镇",
        code="SLZ",
        office_name="思礼镇党政综合办公室",
        address="思礼镇政府院内",
        office_hours="工作日 上午 8:30–12:00，下午 14:30–17:30",
        phone="0391-0000000",
    )
    people = _staff(
        result,
        silizhen,
        "sl",
        {
            "drafter": "张经办",
            "reviewer": "刘审核",
            "leader": "陈镇长",
            "sysadmin": "赵系统",
            "secadmin": "韩安全",
            "auditor": "杨审计",
        },
    )
    for village in VILLAGES[:3]:
        _org(f"{village}村民委员会", f"silizhen-{VILLAGES.index(village) + 1}", "village", silizhen, short_name=village)
    qinghe = _org("清河镇人民政府", "qinghe", "township", county, short_name="清河镇", code="QHZ")
    _staff(result, qinghe, "qh", {"drafter": "周经办", "reviewer": "吴审核", "leader": "郑镇长", "sysadmin": "孙系统"})
    nanshan = _org("南山街道办事处", "nanshan", "subdistrict", county, short_name="南山街道", code="NSJD")

    # 思礼镇 2020 exactly as its report tells it.
    nodes = _catalogue(silizhen, operator)
    portal = Channel.objects.get(organization=silizhen, kind="portal")
    wechat = Channel.objects.create(organization=silizhen, kind="wechat", name="微信公众号“文明思礼”")
    Channel.objects.create(organization=silizhen, kind="notice_board", name="思礼镇政务公开栏")
    plan = [(nodes[code], portal, count) for code, count in SEED_CATEGORIES]
    plan.append((nodes["local.management"], wechat, SEED_WECHAT_POSTS))
    _bulk_items(silizhen, 2020, plan, rng, operator)
    _procurement(silizhen, 2020, SEED_PROCUREMENT)

    # Later years of 思礼镇, and the neighbours, on a smaller scale.
    this_year = timezone.localdate().year
    for year in range(2021, this_year + 1):
        _bulk_items(
            silizhen,
            year,
            [(nodes[c], portal, rng.randrange(20, 60)) for c, _ in SEED_CATEGORIES]
            + [(nodes["local.management"], wechat, 30)],
            rng,
            operator,
        )
    for org in (qinghe, nanshan):
        org_nodes = _catalogue(org, operator)
        org_portal = Channel.objects.get(organization=org, kind="portal")
        for year in range(2020, this_year + 1):
            _bulk_items(
                org, year, [(org_nodes[c], org_portal, rng.randrange(5, 25)) for c, _ in SEED_CATEGORIES], rng, operator
            )
        _procurement(org, 2021, SEED_PROCUREMENT[:2])

    _applications(silizhen, people, this_year)
    _policies(silizhen, nodes, people)
    _standard_catalogue(result, silizhen, people, nodes, operator)

    # The 2020 report, written and published through the services.
    annual = annual_report_generate(actor=people["drafter"], organization=silizhen, year=2020)
    annual = annual_report_edit(
        actor=people["drafter"],
        annual=annual,
        overview=annual.report.sections["overview"] or "",
        problems=SEED_PROBLEMS,
        other=SEED_OTHER,
    )
    annual_report_publish(actor=people["leader"], annual=annual)
    # Later years: generated from the records; published up to last year, this year's a draft.
    for year in range(2021, this_year + 1):
        annual = annual_report_generate(actor=people["drafter"], organization=silizhen, year=year)
        annual = annual_report_edit(
            actor=people["drafter"],
            annual=annual,
            overview=annual.report.sections["overview"] or "",
            problems="1、政务公开栏目更新还不够及时。下一步将落实专人维护，按月检查。",
            other=f"{year} 年度本机关未收取信息处理费。",
        )
        if year < this_year:
            annual_report_publish(actor=people["leader"], annual=annual)
    _bind_second_factors(result)
    from gongkai.apps.search.services import reindex

    reindex(full=True)  # the bulk-written items send no signals: index everything once
    audit_log(actor=operator, action="demo.database.build", obj=silizhen, after={"logins": len(result.logins)})
    return result
