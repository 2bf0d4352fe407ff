"""Every corpus file parses to its golden report; a cell absent from the source is never a number."""

import pytest

from gongkai.core.parse import parse_path
from tests.core.parse.corpus import corpus_files, golden

FILES = corpus_files()


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_corpus_file_matches_golden(path):
    truth = golden(path)
    report = parse_path(path).report
    assert (report.format, report.year, report.organization) == (truth.format, truth.year, truth.organization)
    parsed = dict(report.cells())
    expected = dict(truth.cells())
    invented = [ref for ref, value in expected.items() if value is None and parsed[ref] is not None]
    assert invented == []
    wrong = {ref: (expected[ref], parsed[ref]) for ref in expected if parsed[ref] != expected[ref]}
    assert wrong == {}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_section_texts(path):
    truth = golden(path)
    sections = parse_path(path).report.sections
    for key, text in truth.sections.items():
        assert sections[key] is not None, key
        assert "".join(text.split()) == "".join(sections[key].split()), key


def test_corpus_covers_every_shape_and_both_formats():
    shapes = {p.parent.name for p in FILES}
    assert {"markdown", "cells", "html", "docx", "pdf", "seed"} <= shapes
    assert {golden(p).format for p in FILES} == {"2019", "2021"}
    # damaged variants carry nulls in their golden files
    assert any(v is None for p in FILES if p.parent.name == "cells" for _, v in golden(p).cells())
