"""Normalization: Kangxi radicals, full-width forms, numbering, cell values."""

from decimal import Decimal

from gongkai.core.parse.normalize import clean_text, label_key, parse_value, split_numbering


def test_kangxi_radicals_map_to_cjk_but_punctuation_is_kept():
    # ⼈ U+2F08, ⼀ U+2F00, ⾏ U+2F8F as PDF fonts emit them
    assert clean_text("⼀、⾃然⼈（本年），共计：") == "一、自然人（本年），共计："


def test_label_key_ignores_width_spaces_and_quotes():
    assert label_key("（三） 不予 公开") == label_key("(三)不予公开")
    assert label_key("3.危及“三安全一稳定”") == label_key('3．危及"三安全一稳定"')
    assert label_key("商业\n企业") == "商业企业"


def test_numbering_variants_split_off():
    assert split_numbering(label_key("（三）1.属于国家秘密")) == (("(三)", "1"), "属于国家秘密")
    assert split_numbering(label_key("1、本机关不掌握相关政府信息"))[1] == "本机关不掌握相关政府信息"
    assert split_numbering(label_key("（1）重复申请"))[1] == "重复申请"
    assert split_numbering(label_key("一、本年新收政府信息公开申请数量")) == (("一",), "本年新收政府信息公开申请数量")
    # 第二十条 is not numbering: 二十 is followed by 条
    assert split_numbering(label_key("第二十条第（一）项"))[0] == ()


def test_values_numbers_nulls_blanks_and_text():
    assert parse_value("1,234") == ("number", 1234, "")
    assert parse_value("１２") == ("number", 12, "")
    assert parse_value("－8") == ("number", -8, "")
    assert parse_value("32.2526") == ("number", Decimal("32.2526"), "")
    assert parse_value("6件")[:2] == ("number", 6)
    for mark in ("/", "／", "—", "-", "——", "无"):
        assert parse_value(mark)[0] == "null", mark
    assert parse_value("")[0] == "blank"
    assert parse_value(None)[0] == "blank"
    assert parse_value("规章")[0] == "text"
    assert parse_value("1,5")[0] == "text"
