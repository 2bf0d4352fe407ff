"""Random reports written in every text shape of the corpus generator parse back cell for cell."""

import importlib.util
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.parse import parse_text
from tests.core.parse.corpus import CORPUS

_spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("make_corpus", make_corpus)
_spec.loader.exec_module(make_corpus)

ORGS = ["东湖镇人民政府", "西城区司法局", "南山街道办事处", "北河乡人民政府"]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    version=st.sampled_from(["2019", "2021"]),
    org=st.sampled_from(ORGS),
    shape=st.sampled_from(["markdown", "cells", "wrapped", "tsv", "html"]),
    nulls=st.integers(0, 6),
    null_mark=st.sampled_from(["/", "—", "-", "无"]),
)
def test_written_report_parses_back(seed, version, org, shape, nulls, null_mark):
    year = 2020 if version == "2019" else 2022
    truth = make_corpus.truth(version, year, org, seed, consistent=seed % 2 == 0, nulls=nulls)
    doc = make_corpus.layout(truth, null=null_mark, title_style=seed % 2)
    if shape == "markdown":
        text, kind = make_corpus.write_markdown(doc, split_at=9 + seed % 10), "markdown"
    elif shape == "cells":
        text, kind = make_corpus.write_cells(doc), "text"
    elif shape == "wrapped":
        text, kind = make_corpus.write_cells(doc, wrap=True), "text"
    elif shape == "tsv":
        text, kind = make_corpus.write_tsv(doc), "text"
    else:
        text, kind = make_corpus.write_html(doc, split_table3=5 + seed % 15), "html"
    report = parse_text(text, kind).report
    assert (report.format, report.year, report.organization) == (version, year, org)
    assert dict(report.cells()) == dict(truth.cells())
