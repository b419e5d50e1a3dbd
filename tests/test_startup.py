"""Start-up stays close to importing numpy: the paths that do not draw, plot or check import nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"matplotlib", "scipy", "pandas", "polars", "pyarrow", "rich", "mpmath", "torch", "jax", "PIL"}


def imported_modules(*args: str) -> set[str]:
    """Top-level packages `python -m actcli ARGS` imports, read from -X importtime."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "actcli", *args], capture_output=True,
                            text=True, timeout=60)
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", [
    ["eval", "relu", "--", "1", "2", "3"],
    ["grad", "leaky_relu", "-1", "0"],
    ["eval", "relu", "--dtype", "float32", "1"],
    ["list", "--format", "csv"],
    ["--help"],
    ["eval", "--help"],
    ["completion", "bash"],
])
def test_nothing_heavy_is_imported(args: list[str]) -> None:
    assert imported_modules(*args) & HEAVY == set()


def test_tables_import_rich_only_when_drawing() -> None:
    assert "rich" in imported_modules("eval", "relu", "1", "--format", "table")
