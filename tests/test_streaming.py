"""Streams: both engines agree byte for byte, output flows before input ends, pipes close quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from actcli.cli import cli

ACTCLI = [sys.executable, "-m", "actcli"]
SPECIALS = "nan\ninf\n-inf\n-0.0\n0\n1e-7\n5e-05\n0.0001\n1e16\n1e308\n-1e-300\n5e-324\n\n3\n"


def _numbers(count: int) -> str:
    values = np.random.default_rng(7).standard_normal(count) * 10.0 ** np.random.default_rng(8).integers(-8, 9, count)
    return "\n".join(map(repr, values.tolist())) + "\n" + SPECIALS


def _run(engine: str, args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setenv("ACTCLI_ENGINE", engine)
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", [["eval", "relu"], ["grad", "hard_swish"], ["eval", "leaky_relu", "-f", "tsv"],
                                  ["eval", "relu6", "--no-header"]])
def test_engines_write_identical_bytes(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("polars")
    data = _numbers(20_000)
    fast = _run("polars", args, data, monkeypatch)
    slow = _run("python", args, data, monkeypatch)
    assert fast[0] == slow[0] == 0
    assert fast[1] == slow[1]
    assert len(fast[1].splitlines()) == 20_000 + SPECIALS.count("\n") - 1 + ("--no-header" not in args)


@pytest.mark.parametrize("engine", ["python", "polars"])
def test_output_reads_back_to_the_computed_values(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine == "polars":
        pytest.importorskip("polars")
    data = _numbers(5_000)
    code, out, _ = _run(engine, ["eval", "hard_sigmoid"], data, monkeypatch)
    assert code == 0
    x = np.array([float(v) for v in data.split()])
    table = np.array([[float(v) for v in line.split(",")] for line in out.splitlines()[1:]])
    import actcli

    np.testing.assert_array_equal(table[:, 0], x)
    np.testing.assert_array_equal(table[:, 1], actcli.get("hard_sigmoid")(x))


@pytest.mark.parametrize("engine", ["python", "polars"])
def test_bad_token_deep_in_a_stream_names_its_line(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine == "polars":
        pytest.importorskip("polars")
    data = "1\n" * 99_999 + "1 2 0x1f\n"
    code, _, err = _run(engine, ["eval", "relu"], data, monkeypatch)
    assert code == 2
    assert err == "actcli: error: stdin, line 100000, column 5: '0x1f' is not a number\n"


def test_head_closing_the_pipe_ends_quietly() -> None:
    pipeline = f"seq 1 300000 | {' '.join(ACTCLI)} eval relu | head -n 1"
    result = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True, timeout=60)
    assert result.stdout == "x,relu\n"
    assert result.stderr == ""


def test_lines_flow_through_before_the_input_ends() -> None:
    process = subprocess.Popen([*ACTCLI, "eval", "relu"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"-4\n5\n")
        process.stdin.flush()
        assert process.stdout.readline() == b"x,relu\n"
        assert process.stdout.readline() == b"-4.0,0.0\n"
        process.stdin.write(b"7\n")
        process.stdin.flush()
        assert process.stdout.readline() == b"5.0,5.0\n"
    finally:
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_ctrl_c_exits_130_without_traceback() -> None:
    process = subprocess.Popen([*ACTCLI, "eval", "relu"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"1\n")
    process.stdin.flush()
    process.stdout.readline()  # started and waiting for more input
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err


def test_large_range_streams_in_chunks(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with out.open("wb") as sink:
        subprocess.run([*ACTCLI, "eval", "relu", "--range", "0", "1", "--num", "300001"], stdout=sink, check=True,
                       env={**os.environ, "ACTCLI_ENGINE": "python"}, timeout=120)
    lines = out.read_text().splitlines()
    assert len(lines) == 300_002
    assert lines[1] == "0.0,0.0" and lines[-1] == "1.0,1.0" and lines[150_001] == "0.5,0.5"
