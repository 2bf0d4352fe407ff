"""Check digits of national identifiers (GB 11643, GB 32100, GB 11714, Luhn)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    id_card_check_char,
    is_bank_card,
    is_id_card,
    is_organization_code,
    is_uscc,
    luhn_valid,
    uscc_check_char,
)


def test_id_card_standard_example():
    # GB 11643-1999 附录 example: 11010519491231002X
    assert id_card_check_char("11010519491231002") == "X"
    assert is_id_card("11010519491231002X") and is_id_card("11010519491231002x")
    assert not is_id_card("110105194912310021")  # wrong check character
    assert not is_id_card("110105194913310029")  # month 13
    assert not is_id_card("11010519491231002")  # 17 characters


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_exactly_one_check_character_fits(first17):
    valid = [c for c in "0123456789X" if id_card_check_char(first17) == c]
    assert len(valid) == 1


def test_uscc_of_the_issue_example_and_its_embedded_organization_code():
    # 11441700007280420Y, the 索引号 prefix quoted in 国办秘函〔2009〕6号-style schemes (issue 9)
    assert is_uscc("11441700007280420Y")
    assert uscc_check_char("11441700007280420") == "Y"
    assert is_organization_code("00728042-0")
    assert not is_uscc("11441700007280420X")
    assert not is_uscc("1144170000728042OY")  # letter O is not in the alphabet
    assert not is_uscc("short")


def test_luhn_and_bank_cards():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert is_bank_card("6217000010008888888") and not is_bank_card("6217000010008888885")
    assert not is_bank_card("4111111111111")  # too short for a card
    assert not luhn_valid("12a4")


@pytest.mark.parametrize("value", ["", "X" * 18, "１１０１０５１９４９１２３１００２X"])
def test_garbage_is_not_an_id(value):
    assert not is_id_card(value)
