"""Throughput and memory of `actcli eval relu` on 10 million lines, against awk, in one run.

Usage: python benchmarks/streaming.py [--lines N] [--repeat R]

Prints the wall-time ratio to `awk '{print ($1>0?$1:0)}'` for actcli's engines (polars when
installed, and the pure-Python fallback), and actcli's peak RSS at N and 4N lines (streamed from
`cat` of the file once and four times), then checks that the output reads back to the exact values.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TIME = "/usr/bin/time"


def make_input(lines: int) -> Path:
    """N normally distributed float64s, one per line, in shortest repr (cached between runs)."""
    path = Path(tempfile.gettempdir()) / f"actcli-bench-{lines}.txt"
    if not path.exists():
        values = np.random.default_rng(2026).standard_normal(lines) * 3
        with path.open("w") as out:
            for start in range(0, lines, 1_000_000):
                out.write("\n".join(map(repr, values[start:start + 1_000_000].tolist())) + "\n")
    return path


def wall(command: str, repeat: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a shell command whose output goes to /dev/null."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["bash", "-c", command + " > /dev/null"], check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mib(command: str, env: dict[str, str] | None = None) -> float:
    """Peak resident memory of the process that `command`'s last stage runs, in MiB."""
    result = subprocess.run(["bash", "-c", command], check=True, capture_output=True, text=True, env=env)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    actcli = shutil.which("actcli") or f"{sys.executable} -m actcli"
    data = make_input(args.lines)
    python_env = dict(os.environ, ACTCLI_ENGINE="python")

    awk = wall(f"awk '{{print ($1>0?$1:0)}}' < {data}", args.repeat)
    fast = wall(f"{actcli} eval relu < {data}", args.repeat)
    slow = wall(f"{actcli} eval relu < {data}", 1, python_env)
    print(f"{args.lines:,} lines through relu, output to /dev/null (median of {args.repeat})")
    print(f"  awk                        {awk:6.2f} s   1.00x")
    print(f"  actcli (polars engine)     {fast:6.2f} s   {fast / awk:4.2f}x   bar: <= 1.0x awk")
    print(f"  actcli (Python engine)     {slow:6.2f} s   {slow / awk:4.2f}x   (without the [fast] extra)")

    measure = f"{TIME} -f %M {actcli} eval relu > /dev/null"
    one = peak_mib(f"cat {data} | {measure}")
    four = peak_mib(f"cat {data} {data} {data} {data} | {measure}")
    print(f"peak RSS at {args.lines:,} lines: {one:.0f} MiB; at {4 * args.lines:,} lines: {four:.0f} MiB "
          "(bar: <= 250 MiB and no growth)")

    sample = subprocess.run(["bash", "-c", f"head -n 100000 {data} | {actcli} eval relu"], check=True,
                            capture_output=True, text=True).stdout.splitlines()[1:]
    x = np.array([float(line.split(",")[0]) for line in sample])
    y = np.array([float(line.split(",")[1]) for line in sample])
    exact = bool(np.array_equal(y, np.maximum(x, 0.0)))
    print(f"output reads back to the exact values: {'yes' if exact else 'NO'}")


if __name__ == "__main__":
    main()
