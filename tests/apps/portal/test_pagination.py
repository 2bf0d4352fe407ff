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
    page = paginate(rows, number=3, count=lambda: 45, cap=100)
    assert page.items == [40, 41, 42, 43, 44] and not page.has_next and page.start_index == 41
    assert page.num_pages == 3
    assert paginate(rows, number=2, count=lambda: 45, cap=100).has_next
    for beyond in (4, 9, 999_999):
        with pytest.raises(Http404):
            paginate(rows, number=beyond, count=lambda: 45, cap=100)
    assert paginate([], number=1, count=lambda: 0, cap=100).items == []


def test_a_short_list_is_not_counted():
    def no_count():
        raise AssertionError("a list shorter than a page needs no count")

    page = paginate(list(range(7)), number=1, count=no_count, cap=100)
    assert page.total == 7 and page.num_pages == 1 and not page.has_next


def test_the_rows_win_over_a_stale_or_capped_count():
    rows = list(range(45))
    stale = paginate(rows, number=2, count=lambda: 30, cap=100)  # the cached count is behind
    assert stale.has_next and stale.total >= 41 and stale.num_pages == 3
    capped = paginate(rows, number=3, count=lambda: 11, cap=10)
    assert capped.items == [40, 41, 42, 43, 44] and capped.capped and capped.num_pages is None
    with pytest.raises(Http404):
        paginate(rows, number=4, count=lambda: 11, cap=10)
