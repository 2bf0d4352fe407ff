"""信息处理费 (国办函〔2020〕109号) at every band edge. Expected amounts are worked out by hand."""

import pytest

from gongkai.core.fees import FeeInputError, fee_by_pages, fee_by_pieces


@pytest.mark.parametrize(
    ("pieces", "amount"),
    [
        (0, 0),
        (10, 0),  # ≤10 free
        (11, 100),  # first paid piece
        (30, 20 * 100),
        (31, 2000 + 200),
        (35, 2000 + 5 * 200),  # the example: 3000
        (40, 2000 + 10 * 200),
        (41, 4000 + 300),
        (50, 4000 + 10 * 300),
        (51, 7000 + 400),
        (60, 7000 + 10 * 400),
        (61, 11000 + 500),
    ],
)
def test_fee_by_pieces_band_edges(pieces, amount):
    assert fee_by_pieces(pieces).amount == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 70 * 10),
        (101, 700 + 20),
        (200, 700 + 100 * 20),
        (201, 2700 + 40),
        (2219, 83460),  # the 西安 case: 70×10 + 100×20 + 2019×40
    ],
)
def test_fee_by_pages_band_edges(pages, amount):
    assert fee_by_pages(pages).amount == amount


def test_breakdown_adds_up_and_names_bands():
    result = fee_by_pieces(45)
    assert [(b.first, b.last, b.rate) for b in result.bands] == [
        (1, 10, 0),
        (11, 30, 100),
        (31, 40, 200),
        (41, 45, 300),
    ]
    assert sum(b.units for b in result.bands) == 45
    assert sum(b.amount for b in result.bands) == result.amount == 2000 + 2000 + 1500
    assert "41—45件" in result.to_text()


def test_pages_breakdown_json():
    data = fee_by_pages(2219).to_dict()
    assert data["amount"] == 83460
    assert data["bands"][-1] == {"first": 201, "last": 2219, "units": 2019, "rate": 40, "amount": 80760}
    assert "第五条" in data["basis"]


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None, 10**20])
def test_bad_counts(bad):
    with pytest.raises(FeeInputError):
        fee_by_pieces(bad)
    with pytest.raises(FeeInputError):
        fee_by_pages(bad)
