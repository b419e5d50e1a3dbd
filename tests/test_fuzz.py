"""Property-based abuse of the command line: whatever the arguments and input, no exception escapes,
the exit status is 0 or 2, and a failure is one line on stderr."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actcli
from actcli.cli import cli

NAMES = actcli.names()
FUNCTIONS = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda n, k, v: f"{n}:{k}={v}", st.sampled_from(NAMES),
              st.sampled_from(["alpha", "beta", "negative_slope", "min_val", "lambd", "x", ""]),
              st.sampled_from(["0", "-1", "2.5", "inf", "nan", "abc", "1e400", ""])),
    st.text(max_size=12),
)
NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["-0", "1e-400", "1e400", "-inf", "nan", ".5", "5.", "1_0", "0x10", "--", "-", ""]),
    st.text(max_size=8),
)
OPTIONS = st.lists(st.one_of(
    st.sampled_from(["--format", "-f"]).flatmap(
        lambda o: st.tuples(st.just(o), st.sampled_from(["table", "csv", "tsv", "json", "jsonl", "xml"]))),
    st.sampled_from(["--dtype", "-t"]).flatmap(
        lambda o: st.tuples(st.just(o), st.sampled_from(["float64", "float32", "float16", "bfloat16", "int8"]))),
    st.tuples(st.just("--range"), NUMBER_TEXT, NUMBER_TEXT),
    st.tuples(st.sampled_from(["--num", "--step", "--digits", "--order", "--column"]), NUMBER_TEXT),
    st.tuples(st.sampled_from(["--no-header", "--check", "--bogus", "-h"])),
    st.tuples(st.just("--convention"), st.sampled_from(["torch", "jax", "tf"])),
), max_size=3)
STDIN = st.one_of(
    st.none(),
    st.lists(NUMBER_TEXT, max_size=20).map("\n".join),
    st.binary(max_size=64),
    st.builds(lambda h, rows: h + "\n" + "\n".join(rows), st.sampled_from(["x", "a,b", "a\tb", "x,x", ""]),
              st.lists(st.lists(NUMBER_TEXT, max_size=3).map(",".join), max_size=5)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(["eval", "grad", "info", "list", "nope"]), function=FUNCTIONS,
       values=st.lists(NUMBER_TEXT, max_size=4), options=OPTIONS, stdin=STDIN)
def test_no_exception_escapes(command: str, function: str, values: list[str], options: list[tuple[str, ...]],
                              stdin: str | bytes | None) -> None:
    args = [command, function, *values, *(part for option in options for part in option)]
    if command == "list":
        args = [command, *(part for option in options for part in option)]
    result = CliRunner().invoke(cli, args, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert result.exit_code in (0, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1, (args, result.stderr)
