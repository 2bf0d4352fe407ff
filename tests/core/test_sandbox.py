"""gongkai.core.sandbox: a parse in a child process with memory and time limits; every bad end is one
Chinese line (UnreadableInputError), and the caller keeps running."""

from __future__ import annotations

import os
import time

import pytest

from gongkai.core.exceptions import UnreadableInputError
from gongkai.core.parse.limits import ParseLimits
from gongkai.core.sandbox import load_file, parse_file, run_limited

from ..conftest import SEED


def _answer(x):
    return {"pid": os.getpid(), "x": x}


def _refuse():
    raise UnreadableInputError("a.pdf：不是年度报告")


def _bug():
    raise RuntimeError("a bug in a reader")


def _die():
    os._exit(7)


def _eat_memory():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def _hang():
    time.sleep(30)


def test_result_comes_back_from_a_child_process():
    out = run_limited(_answer, 41, name="a.pdf")
    assert out["x"] == 41 and out["pid"] != os.getpid()


def test_a_refusal_keeps_its_message():
    with pytest.raises(UnreadableInputError, match="^a.pdf：不是年度报告$"):
        run_limited(_refuse, name="a.pdf")


@pytest.mark.parametrize("func", [_bug, _die])
def test_a_crash_is_one_line(func):
    with pytest.raises(UnreadableInputError, match="^a.pdf：读取时解析程序异常退出（文件结构异常），无法识别为年度报告$"):
        run_limited(func, name="a.pdf")


def test_memory_limit():
    with pytest.raises(UnreadableInputError, match="^a.pdf：读取时需要的内存超过 200 MB 的上限"):
        run_limited(_eat_memory, name="a.pdf", limits=ParseLimits(memory_mb=200))


def test_time_limit_kills_the_child():
    started = time.monotonic()
    with pytest.raises(UnreadableInputError, match="^a.pdf：读取超过 1 秒仍未完成"):
        run_limited(_hang, name="a.pdf", limits=ParseLimits(timeout=1))
    assert time.monotonic() - started < 25  # killed, not waited for


def test_parse_and_load_a_real_report():
    parsed = parse_file(SEED)
    loaded = load_file(SEED)
    assert parsed.report.organization == loaded.report.organization == "思礼镇人民政府"
    assert parsed.report.to_dict() == loaded.report.to_dict()
