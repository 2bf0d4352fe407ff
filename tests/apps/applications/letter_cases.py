"""One real case for every letter and notice kind, built through the services (no hand-made parts)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.apps.applications import letters, services
from gongkai.apps.applications.choices import Decision
from gongkai.apps.organizations.testing import make_org, make_staff

from .conftest import APPLICANT, reply

D = dt.date
#: A request as applicants type it: ASCII and curly quotes inside, a full stop and a new line at the end.
REQUEST = '关于"乡村振兴"项目的《实施方案》和“补贴标准”。\n'
QUOTED = "申请获取“关于‘乡村振兴’项目的《实施方案》和‘补贴标准’”。"
REASONS = {
    Decision.PARTIALLY_DISCLOSED: "第3页至第5页涉及投标人的商业秘密",
    Decision.UNAVAILABLE_NOT_HELD: "该信息由县农业农村局制作并保存，请向该局申请。",
    Decision.OTHER_MISC: "您的申请已转县农业农村局办理。",
}


def demo_staff():
    org = make_org(
        "思礼镇人民政府",
        slug="silizhen-letters",
        short_name="思政",
        phone="0633-1234567",
        address="某县思礼镇政府路1号",
    )
    return make_staff("lt", org=org)


def _register(staff, received=None):
    app, _code = services.application_register(
        actor=staff.drafter,
        organization=staff.org,
        channel="counter",
        submitted_on=received or D(2025, 3, 3),
        **{**APPLICANT, "description": REQUEST},
    )
    return app


def every_letter(staff, *, attach: bool = True) -> dict[str, tuple]:
    """kind → (application, parts) for every key of :data:`letters.KINDS`."""
    out = {}
    for decision in Decision:
        if decision in (Decision.OTHER_NO_CORRECTION, Decision.OTHER_UNPAID_FEE):
            continue
        app = _register(staff)
        if attach and decision in (Decision.DISCLOSED, Decision.PARTIALLY_DISCLOSED):
            for name in ("招标文件.pdf", "中标结果公示.pdf"):
                services.application_attach_document(
                    actor=staff.drafter, application=app, uploaded_file=SimpleUploadedFile(name, b"%PDF-1.4 x")
                )
        app = reply(staff, app, decision, D(2025, 3, 20), reason=REASONS.get(decision, ""))
        out[str(decision)] = (app, letters.letter_parts(app))

    app = _register(staff)
    app = services.application_request_correction(
        actor=staff.drafter, application=app, date=D(2025, 3, 5), deadline=D(2025, 3, 20), note="请写明项目名称。"
    )
    out["correction"] = (app, letters.notice_parts(app, "correction"))
    app = services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 3, 28))
    out[str(Decision.OTHER_NO_CORRECTION)] = (app, letters.letter_parts(app))

    app = _register(staff)
    app = services.application_issue_fee_notice(
        actor=staff.drafter,
        application=app,
        method="pages",
        units=150,
        sent_on=D(2025, 3, 6),
        delivered_on=D(2025, 3, 7),
    )
    out["fee"] = (app, letters.notice_parts(app, "fee"))
    app = services.application_close_abandoned(actor=staff.drafter, application=app, date=D(2025, 4, 30))
    out[str(Decision.OTHER_UNPAID_FEE)] = (app, letters.letter_parts(app))

    app = _register(staff)
    app = services.application_extend(
        actor=staff.leader, application=app, days=15, date=D(2025, 3, 25), reason="需要调取档案并逐页审查。"
    )
    out["extension"] = (app, letters.notice_parts(app, "extension"))

    app = _register(staff)
    app = services.application_set_delay(
        actor=staff.leader, application=app, date=D(2025, 3, 10), until=D(2025, 5, 30), reason="申请涉及 47 个项目。"
    )
    out["delay"] = (app, letters.notice_parts(app, "delay"))

    app = _register(staff)
    app = services.application_start_consultation(
        actor=staff.drafter, application=app, date=D(2025, 3, 6), party="某某建设工程有限公司"
    )
    out["consultation"] = (app, letters.notice_parts(app, "consultation"))
    return out
