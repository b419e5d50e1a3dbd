"""The entry point's shortcut for `eval|grad FUNCTION [--] NUMBERS` behaves exactly as Click's path."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actcli.launcher import _plain_call

CLICK_PATH = "import sys; from actcli.cli import cli; sys.argv[0] = 'actcli'; cli.main()"
CASES = [
    (["eval", "relu", "--", "-10", "0", "15"], ""),
    (["eval", "relu", "-10", "0", "15"], ""),
    (["grad", "relu6", "-1", "0", "3", "6"], ""),
    (["grad", "elu:alpha=2", "-1,0", "inf", "nan"], ""),
    (["eval", "GELU", "1e-300", "-1e308"], ""),
    (["eval", "softmax", "1", "2", "3"], ""),
    (["grad", "softmax", "1", "2"], ""),
    (["eval", "sigmoid"], "x\n-1\n2\n"),
    (["eval", "leaky_relu:negative_slope=0.2"], "id,logit\na,-2.5\n"),
    (["eval", "relu"], ""),
    (["eval", "nosuch", "1"], ""),
    (["eval", "elu:alpha=x", "1"], ""),
    (["eval", "relu", "--", "abc"], ""),
    (["grad", "relu", "1", "--", "--", "2"], ""),
    (["eval", "hard_tanh:min_val=2,max_val=1", "0"], ""),
    (["list"], ""),
]


def _run(prefix: list[str], args: list[str], stdin: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, *prefix, *args], input=stdin, capture_output=True, text=True,
                            timeout=60)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "stdin"), CASES)
def test_shortcut_matches_click(args: list[str], stdin: str) -> None:
    assert _plain_call(args) is not None
    assert _run(["-m", "actcli"], args, stdin) == _run(["-c", CLICK_PATH], args, stdin)


@pytest.mark.parametrize("args", [
    ["eval"], ["eval", "--help"], ["eval", "relu", "--dtype", "float32", "1"], ["eval", "relu", "1", "-x"],
    ["eval", "relu", "--range", "0", "1"], ["list", "--format", "json"], ["plot", "relu"], ["grad", "-h"],
    ["eval", "relu", "abc"],
])
def test_anything_else_goes_through_click(args: list[str]) -> None:
    assert _plain_call(args) is None


def test_shortcut_does_not_import_click() -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "actcli", "eval", "relu", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout == "x,relu\n1.0,1.0\n"
    assert " click" not in result.stderr
