"""Chinese names of the audit actions (审计操作名称), for the pages that list the log.

The log stores stable English codes (``publishing.item.publish``); pages show the Chinese name and
keep the code as a tooltip, since the audit page filters by code prefix. An unknown code is shown
as it is.
"""

from __future__ import annotations

__all__ = ["ACTION_GROUPS", "ACTION_LABELS", "action_label"]

_REGISTERS = {
    "documents": "规范性文件",
    "matters": "行政许可等事项",
    "decisions": "处理决定",
    "fees": "收费金额",
    "procurement": "集中采购项目",
}

ACTION_LABELS: dict[str, str] = {
    "accounts.lockout.lock": "登录失败锁定",
    "accounts.lockout.release": "解除登录锁定",
    "accounts.otp.enrol": "绑定动态口令",
    "accounts.otp.reset": "重置动态口令",
    "accounts.password.change": "修改密码",
    "applications.application.query_lock": "查询码错误锁定",
    "catalogue.entry.create": "添加标准目录事项",
    "catalogue.entry.update": "修改标准目录事项",
    "catalogue.entry.delete": "删除标准目录事项",
    "catalogue.entries.import": "导入标准目录",
    "catalogue.entries.seed": "建立标准目录事项",
    "annual.report.edit": "编辑年度报告",
    "annual.report.generate": "生成年度报告",
    "annual.report.publish": "发布年度报告",
    "annual.report.withdraw": "撤回年度报告",
    "applications.application.submit": "在线提交申请",
    "applications.application.register": "登记申请",
    "applications.application.confirm_receipt": "确认收到申请",
    "applications.application.assign": "分办申请",
    "applications.application.request_correction": "发出补正通知",
    "applications.application.receive_correction": "登记收到补正",
    "applications.application.start_consultation": "开始征求意见",
    "applications.application.end_consultation": "结束征求意见",
    "applications.application.extend": "延长答复期限",
    "applications.application.set_delay": "登记延期原因",
    "applications.application.issue_fee_notice": "发出收费通知",
    "applications.application.record_fee_notice_delivery": "登记收费通知送达",
    "applications.application.record_payment": "登记缴费",
    "applications.application.decide": "作出答复",
    "applications.application.approve_reply": "领导批准答复",
    "applications.application.return_reply": "领导退回答复",
    "applications.application.close_abandoned": "视为放弃办结",
    "applications.application.attach_document": "上传答复文件",
    "applications.application.refresh_deadline": "重新计算答复期限",
    "applications.application.erase_personal_data": "删除过期个人信息",
    "applications.data_key.rotate": "轮换数据密钥",
    "applications.review_case.record": "登记行政复议",
    "applications.review_case.conclude": "登记行政复议结果",
    "applications.lawsuit_case.record": "登记行政诉讼",
    "applications.lawsuit_case.conclude": "登记行政诉讼结果",
    "applications.letter_template.save": "修改答复文书模板",
    "applications.letter_template.reset": "恢复默认答复文书模板",
    "applications.letter_settings.save": "修改答复书文号格式",
    "demo.database.build": "建立演示数据",
    "organizations.membership.grant": "授予岗位",
    "organizations.membership.revoke": "撤销岗位",
    "organizations.organization.create": "新建机关",
    "organizations.organization.update": "修改机关信息",
    "organizations.organization.reply_approval": "修改答复审批设置",
    "organizations.user.create": "新建人员账号",
    "publishing.attachment.add": "上传附件",
    "publishing.attachment.remove": "删除附件",
    "publishing.catalogue.create": "新建目录栏目",
    "publishing.catalogue.delete": "删除目录栏目",
    "publishing.catalogue.seed": "建立标准公开目录",
    "publishing.catalogue.update": "修改目录栏目",
    "publishing.channel.create": "新建发布渠道",
    "publishing.distribution.record": "登记发布渠道",
    "publishing.item.create": "起草公开信息",
    "publishing.item.import_word": "从文档导入正文",
    # notice kinds of the workbench (an item reached its reviewer or signer); written to notifications, named alike
    "publishing.item.review": "待保密审查",
    "publishing.item.sign": "待签发",
    "publishing.item.finding_confirm": "确认三审三校提示",
    "publishing.item.validity_change": "变更有效性",
    "publishing.item.import": "导入公开信息",
    "publishing.item.publish": "签发并发布",
    "publishing.item.review_approve": "审核通过",
    "publishing.item.review_return": "审核退回",
    "publishing.item.revise": "修订公开信息",
    "publishing.item.sign_return": "签发退回",
    "publishing.item.submit": "提交审核",
    "publishing.item.update": "修改公开信息",
    "publishing.item.withdraw": "撤回公开信息",
    "review.batch.create": "新建年报检查批次",
    "review.batch.add_files": "补充上传年报",
    "review.batch.read": "年报检查批次读取完成",
    "review.report.reread": "重新读取年报文件",
    "api.item.sync_create": "接口同步新增公开信息",
    "api.item.sync_update": "接口同步更新公开信息",
    "api.report_check.submit": "接口提交年报检查",
    "api.token.issue": "签发接口令牌",
    "api.token.revoke": "吊销接口令牌",
    "api.token.use": "使用接口令牌",
    "review.batch.delete": "删除年报检查批次",
    "review.finding.decide": "处理检查发现",
    "review.report.match": "核对年报所属机关",
    **{
        f"registers.{key}.{verb}": f"{label}{name}"
        for key, name in _REGISTERS.items()
        for verb, label in (("create", "登记"), ("update", "修改"), ("delete", "删除"))
    },
}

#: Choices of the audit page's filter: action code prefix → name.
ACTION_GROUPS: list[tuple[str, str]] = [
    ("", "全部"),
    ("publishing.", "主动公开"),
    ("applications.", "依申请公开"),
    ("catalogue.", "标准目录"),
    ("registers.", "第二十条登记"),
    ("annual.", "年度报告"),
    ("review.", "年报检查"),
    ("organizations.", "机关与人员"),
    ("accounts.", "账号安全"),
    ("api.", "开放接口"),
]


#: Changes made in /admin/ (``<app>.<model>.admin_<verb>``, see ``admin_audit``).
_ADMIN_VERBS = {"admin_create": "管理后台新增", "admin_change": "管理后台修改", "admin_delete": "管理后台删除"}


def action_label(code: str) -> str:
    """The Chinese name of an audit action code, or the code itself when it has none."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    model_code, _, verb = code.rpartition(".")
    if verb in _ADMIN_VERBS and model_code.count(".") == 1:
        from django.apps import apps

        try:
            name = str(apps.get_model(model_code)._meta.verbose_name)
        except (LookupError, ValueError):
            name = model_code
        return f"{_ADMIN_VERBS[verb]}{name}"
    return code
