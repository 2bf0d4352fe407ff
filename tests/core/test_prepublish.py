"""三审三校 checks: personal data and 错敏词 in text about to be published."""

from gongkai.core.prepublish import BANK_CARD, ID_CARD, MOBILE, TERM, Term, mask, scan

TERMS = [Term("中华人民共合国", "中华人民共和国", "示例来源"), Term("攻府", "政府", "示例来源"), Term("扫黑险恶", "扫黑除恶")]


def kinds(found):
    return [(f.field, f.kind, f.text) for f in found]


def test_personal_data_is_found_with_its_context():
    text = "低保户张某，身份证号11010519491231002X，电话13912345678，银行卡4111111111111111。"
    found = scan({"body": text})
    assert kinds(found) == [
        ("body", ID_CARD, "11010519491231002X"),
        ("body", MOBILE, "13912345678"),
        ("body", BANK_CARD, "4111111111111111"),
    ]
    first = found[0]
    assert first.before.endswith("身份证号") and first.after.startswith("，电话")
    assert "110**************2X" not in first.message and mask(first.text) in first.message
    assert text[first.start : first.end] == first.text


def test_numbers_that_are_not_personal_data_are_left_alone():
    text = "索引号 11441700007280420Y/2021-00050，文号思政发〔2021〕3号，金额 322526.00 元，固定电话 0391-1234567，编号 139123456789。"
    assert scan({"body": text}) == []
    # an 18-digit run with a wrong check digit is not an ID number
    assert scan({"body": "编号110105194912310021"}) == []


def test_wrong_terms_with_their_correct_form():
    found = scan({"title": "中华人民共合国成立纪念", "body": "镇攻府开展扫黑险恶专项斗争，中华人民共和国"}, TERMS)
    assert kinds(found) == [("title", TERM, "中华人民共合国"), ("body", TERM, "攻府"), ("body", TERM, "扫黑险恶")]
    assert found[0].message == "疑似错误表述“中华人民共合国”，应为“中华人民共和国”。"
    assert found[0].source == "示例来源"


def test_a_term_inside_its_own_correct_form_does_not_fire():
    terms = [Term("检查院", "检察院"), Term("人民共和", "人民共和国")]  # the second is contrived: wrong ⊂ correct
    assert kinds(scan({"body": "中华人民共和国，检查院"}, terms)) == [("body", TERM, "检查院")]


def test_fingerprint_is_stable_and_depends_on_the_text():
    a = scan({"body": "电话13912345678"})[0]
    b = scan({"body": "联系电话：13912345678。"})[0]
    c = scan({"body": "电话13912345679"})[0]
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_no_finding_carries_personal_data_of_another_in_its_context():
    found = scan({"body": "身份证号11010519491231002X，电话13912345678，攻府"}, TERMS)
    for f in found:
        assert "11010519491231002X" not in f.before + f.after and "13912345678" not in f.before + f.after
    assert found[1].before.endswith("***2X，电话")
