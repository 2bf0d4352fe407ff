"""Bad files give one clear line and exit 2, never a traceback."""

import pytest

from gongkai.core.cli import run
from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse import parse_path
from tests.core.parse.corpus import CORPUS

BAD = sorted((CORPUS / "bad").iterdir())


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_file_raises_unreadable(path):
    with pytest.raises(UnreadableInputError) as info:
        parse_path(path)
    message = str(info.value)
    assert "\n" not in message and path.name in message


@pytest.mark.parametrize("command", ["parse", "check"])
@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_cli_exits_2_with_one_line(path, command, capsys):
    assert run(["report", command, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("gongkai: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_old_word_and_fake_pdf(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(UnreadableInputError, match="doc"):
        parse_path(doc)
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="PDF"):
        parse_path(fake)
