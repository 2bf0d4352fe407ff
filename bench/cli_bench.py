"""Cold-process benchmark of ``gongkai report check`` on a text report (issue: ≤ 50 ms as a cold process).

Run: ``python bench/cli_bench.py [--repeat N]``. Each run starts a fresh interpreter (the way a supervisor's
script calls the command), interleaved with two floors measured in the same run: the bare interpreter
(``python -c pass``, which is what site-packages' start-up costs on this machine) and ``python -S -c pass``
(no site at all). Prints the median and p90 of each, and gongkai's own cost above the bare interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "corpus" / "seed" / "silizhen_2020.txt"


def _once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--file", type=Path, default=SEED, help="the text report to check (default: the seed)")
    args = parser.parse_args()
    # An installed package runs from compiled bytecode (pip writes it); an environment that forbids writing it
    # (PYTHONDONTWRITEBYTECODE, set on some machines) would make every "cold" start recompile every module.
    # The bytecode goes to a private folder, filled by one untimed run first.
    pycache = tempfile.mkdtemp(prefix="gongkai-cli-bench-")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=pycache)
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        print("PYTHONDONTWRITEBYTECODE was set here: unset for the measured processes (bytecode cached, as installed)")
    commands = {
        "python -S -c pass": [sys.executable, "-S", "-c", "pass"],
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "gongkai report check": [sys.executable, "-m", "gongkai", "report", "check", str(args.file)],
    }
    for cmd in commands.values():  # untimed: writes the bytecode
        _once(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved, so load from elsewhere hits every command alike
        for name, cmd in commands.items():
            times[name].append(_once(cmd, env))
    for name, values in times.items():
        values.sort()
        p90 = values[int(len(values) * 0.9) - 1]
        print(f"{name:28s} median {statistics.median(values):7.1f} ms   p90 {p90:7.1f} ms")
    floor = statistics.median(times["python -c pass (floor)"])
    own = statistics.median(times["gongkai report check"]) - floor
    print(f"gongkai's own cost above the bare interpreter: {own:.1f} ms (target: the whole command ≤ 50 ms)")


if __name__ == "__main__":
    main()
