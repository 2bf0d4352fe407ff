"""The core must stay framework-free: importing it (and running its CLI) loads no Django."""

import subprocess
import sys


def test_core_imports_no_django():
    code = (
        "import sys, pkgutil, importlib, gongkai.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'gongkai.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import gongkai.cli\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_closed_pipe_is_not_a_traceback():
    from tests.conftest import FIXTURES

    seed = FIXTURES / "reports" / "silizhen_2020.json"
    # stdout is a pipe whose reader is already gone: the first write fails with EPIPE
    code = (
        "import os, sys\n"
        "r, w = os.pipe(); os.close(r); os.dup2(w, 1)\n"
        "from gongkai.cli import main\n"
        f"rc = main(['report', 'check', {str(seed)!r}, '--json'])\n"
        "os.write(2, f'rc={rc}'.encode())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    assert "rc=141" in out.stderr
