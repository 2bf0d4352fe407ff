"""Page numbers: parsing, page links, capped counts."""

import pytest
from django.http import Http404

from gongkai.apps.portal.pagination import Page, paginate, parse_page_number


@pytest.mark.parametrize("raw,expected", [(None, 1), ("", 1), ("1", 1), ("12", 12), ("007", 7)])
def test_parse_good_page_numbers(raw, expected):
    assert parse_page_number(raw) == expected


@pytest.mark.parametrize("raw", ["0", "-1", "a", "1.0", " 1", "١", "２", "99999999", "1e3"])
def test_parse_bad_page_numbers(raw):
    with pytest.raises(Http404):
        parse_page_number(raw)


def _numbers(page: Page):
    return [link.number for link in page.links]


def test_links_show_first_last_and_a_window():
    page = Page(items=[1], number=10, total=400, capped=False, has_next=True)
    assert page.num_pages == 20
    assert _numbers(page) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link.number for link in page.links if link.current] == [10]
    first = Page(items=[1], number=1, total=45, capped=False, has_next=True)
    assert _numbers(first) == [1, 2, 3]


def test_capped_count_leaves_the_last_page_unknown():
    page = Page(items=[1], number=600, total=10_001, capped=True, has_next=True)
    assert page.num_pages is None
    assert _numbers(page) == [1, None, 598, 599, 600, 601]


def test_paginate_reads_one_extra_row_and_refuses_pages_past_the_end():
    rows = list(range(45))
    page = paginate(rows, number=3, total=45, cap=100)
    assert page.items == [40, 41, 42, 43, 44] and not page.has_next and page.start_index == 41
    assert paginate(rows, number=2, total=45, cap=100).has_next
    with pytest.raises(Http404):
        paginate(rows, number=4, total=45, cap=100)
    with pytest.raises(Http404):
        paginate(rows, number=9, total=45, cap=100)
    assert paginate([], number=1, total=0, cap=100).items == []
    # A capped count: the rows decide where the list ends.
    assert paginate(rows, number=3, total=11, cap=10).items == [40, 41, 42, 43, 44]
    with pytest.raises(Http404):
        paginate(rows, number=4, total=11, cap=10)
