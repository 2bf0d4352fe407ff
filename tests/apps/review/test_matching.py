"""Matching the name a report gives to an organization of the scope (``review.matching``)."""

import pytest

from gongkai.apps.organizations.choices import OrganizationKind
from gongkai.apps.organizations.testing import make_org
from gongkai.apps.review.matching import match_organization, name_key

pytestmark = pytest.mark.django_db


def test_name_key_drops_spaces_punctuation_width_and_radicals():
    assert name_key(" 青石镇 人民政府 ") == "青石镇人民政府"
    assert name_key("柳河县（交通运输局）") == name_key("柳河县交通运输局")
    assert name_key("城关街道\u3000办事处") == "城关街道办事处"
    assert name_key("⼈民政府") == "人民政府"  # Kangxi radical ⼈ (U+2F08) from a PDF font
    assert name_key("ＡＢＣ局") == "ABC局"


@pytest.fixture
def scope():
    county = make_org("柳河县人民政府", slug="c", kind=OrganizationKind.COUNTY)
    orgs = {
        "qingshi": make_org("青石镇人民政府", slug="q", parent=county, short_name="青石镇"),
        "transport": make_org("交通运输局", slug="t", parent=county, kind=OrganizationKind.DEPARTMENT),
        "chengguan": make_org("城关街道办事处", slug="g", parent=county, kind=OrganizationKind.SUBDISTRICT),
    }
    return county, orgs, list(county.descendants(include_self=True))


def test_exact_then_normalized_then_variant(scope):
    county, orgs, candidates = scope
    assert match_organization("青石镇人民政府", candidates) == (orgs["qingshi"], "exact")
    assert match_organization("青石镇 人民政府", candidates) == (orgs["qingshi"], "normalized")
    assert match_organization("青石镇", candidates) == (orgs["qingshi"], "normalized")  # its short name
    assert match_organization("城关街道", candidates) == (orgs["chengguan"], "variant")
    assert match_organization("柳河县交通运输局", candidates) == (orgs["transport"], "variant")
    assert match_organization("柳河县人民政府", candidates) == (county, "exact")


def test_unknown_or_empty_names_match_nothing(scope):
    _, _, candidates = scope
    assert match_organization("江北区教育局", candidates) == (None, "none")
    assert match_organization("", candidates) == (None, "none")
    assert match_organization(None, candidates) == (None, "none")
    assert match_organization("（）", candidates) == (None, "none")


def test_two_candidates_are_never_guessed():
    county = make_org("甲县人民政府", slug="a", kind=OrganizationKind.COUNTY)
    make_org("红星镇人民政府", slug="r1", parent=county)
    make_org("红星镇政府", slug="r2", parent=county)
    candidates = list(county.descendants(include_self=True))
    assert match_organization("红星镇", candidates) == (None, "ambiguous")
