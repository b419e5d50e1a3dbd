"""Start-up cost of actcli commands as ratios to `python -c "import numpy"`, measured in one run.

Usage: python benchmarks/startup.py [--repeat N]
Each command runs N times with stdout to a pipe; the median wall time is compared. The package
is byte-compiled first, as `pip install` does (an editable install under PYTHONDONTWRITEBYTECODE
would otherwise recompile every module on every run).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

BUDGET = 1.2  # issue 6: `actcli eval relu -- 1 2 3` within 1.2x of importing numpy


def wall(command: list[str], repeat: int) -> float:
    """Median wall time of `command`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    import compileall

    import actcli

    compileall.compile_dir(actcli.__path__[0], quiet=1, force=True)
    actcli = shutil.which("actcli") or f"{sys.executable} -m actcli"
    python = sys.executable
    baseline = wall([python, "-c", "import numpy"], args.repeat)
    commands = {
        "actcli eval relu -- 1 2 3": [*actcli.split(), "eval", "relu", "--", "1", "2", "3"],
        "actcli list": [*actcli.split(), "list"],
        "actcli --help": [*actcli.split(), "--help"],
        "actcli completion bash": [*actcli.split(), "completion", "bash"],
    }
    print(f"baseline: python -c 'import numpy'  {baseline * 1000:7.1f} ms")
    for label, command in commands.items():
        try:
            seconds = wall(command, args.repeat)
        except subprocess.CalledProcessError:
            print(f"{label:32s}  (not available)")
            continue
        verdict = "ok" if seconds <= BUDGET * baseline else f"over the {BUDGET}x budget"
        print(f"{label:32s}  {seconds * 1000:7.1f} ms  {seconds / baseline:5.2f}x  {verdict}")


if __name__ == "__main__":
    main()
