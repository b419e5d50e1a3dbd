"""`actcli plot` against a bare matplotlib script drawing the same two curves, measured in one run.

Usage: python benchmarks/plot_speed.py [--repeat N] [--check]

Times `actcli plot sigmoid tanh --range -10 10 -o f.png` and BARE below (the Figure API, the same
1001 points, figure size and dpi, no decoration), alternating the two N times in a scratch
directory with their output to a pipe, and prints the ratio of the medians (issue 4: within
1.1x). The package is byte-compiled first, as `pip install` does. --check exits 1 over budget.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.1
BARE = """\
import numpy as np
from matplotlib.figure import Figure

x = np.linspace(-10, 10, 1001)
fig = Figure(figsize=(8, 5), dpi=100)
ax = fig.add_subplot()
ax.plot(x, 1 / (1 + np.exp(-x)))
ax.plot(x, np.tanh(x))
fig.savefig("f.png")
"""


def wall(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args()
    import actcli

    compileall.compile_dir(actcli.__path__[0], quiet=1)
    executable = shutil.which("actcli", path=str(Path(sys.executable).parent)) or shutil.which("actcli")
    actcli_command = [executable] if executable else [sys.executable, "-m", "actcli"]
    actcli_command += ["plot", "sigmoid", "tanh", "--range", "-10", "10", "-o", "f.png"]
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "bare.py").write_text(BARE)
        bare_command = [sys.executable, "bare.py"]
        wall(bare_command, scratch)  # warm the file cache and matplotlib's font cache
        wall(actcli_command, scratch)
        bare, ours = [], []
        for _ in range(args.repeat):
            bare.append(wall(bare_command, scratch))
            ours.append(wall(actcli_command, scratch))
    baseline, measured = statistics.median(bare), statistics.median(ours)
    ratio = measured / baseline
    verdict = "ok" if ratio <= BUDGET else f"over the {BUDGET}x budget"
    print(f"bare matplotlib script (Figure API)            {baseline * 1000:7.1f} ms")
    print(f"actcli plot sigmoid tanh --range -10 10 -o f.png {measured * 1000:7.1f} ms")
    print(f"ratio {ratio:.3f}  ({verdict}; median of {args.repeat})")
    if args.check and ratio > BUDGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
