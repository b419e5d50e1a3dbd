"""The command line end to end through Click's CliRunner: exact output, formats, inputs, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import fails, ok, run

import actcli

# --- eval: inputs -----------------------------------------------------------------------------

def test_eval_values_after_double_dash() -> None:
    assert ok("eval", "relu", "--", "-10", "0", "15") == "x,relu\n-10.0,0.0\n0.0,0.0\n15.0,15.0\n"


def test_eval_negative_values_without_double_dash() -> None:
    assert ok("eval", "relu", "-10", "0", "15") == "x,relu\n-10.0,0.0\n0.0,0.0\n15.0,15.0\n"
    assert ok("eval", "relu", "-1.5e3", "-inf", "-.5") == "x,relu\n-1500.0,0.0\n-inf,0.0\n-0.5,0.0\n"


def test_eval_options_mix_with_negative_values() -> None:
    assert ok("eval", "leaky_relu", "-2", "--format", "tsv", "3") == "x\tleaky_relu\n-2.0\t-0.02\n3.0\t3.0\n"


def test_eval_values_may_hold_commas() -> None:
    assert ok("eval", "relu", "-1,2", "3") == "x,relu\n-1.0,0.0\n2.0,2.0\n3.0,3.0\n"


def test_eval_table_format_draws_the_table() -> None:
    assert ok("eval", "relu", "--format", "table", "--", "-10", "0", "15") == (
        "╭─────┬──────╮\n"
        "│   x │ relu │\n"
        "├─────┼──────┤\n"
        "│ -10 │    0 │\n"
        "│   0 │    0 │\n"
        "│  15 │   15 │\n"
        "╰─────┴──────╯\n"
    )


def test_eval_table_rounds_to_digits() -> None:
    out = ok("eval", "hard_sigmoid", "1", "--format", "table", "--digits", "4", "--no-header")
    assert "0.6667" in out and "0.66666" not in out


def test_eval_range_with_num_and_step() -> None:
    assert ok("eval", "relu", "--range", "-1", "1", "--num", "3") == "x,relu\n-1.0,0.0\n0.0,0.0\n1.0,1.0\n"
    assert ok("eval", "relu", "--range", "0", "1", "--step", "0.25") == (
        "x,relu\n0.0,0.0\n0.25,0.25\n0.5,0.5\n0.75,0.75\n1.0,1.0\n"
    )
    assert ok("eval", "identity", "--range", "5", "5", "--num", "1") == "x,identity\n5.0,5.0\n"
    # a span beyond float64's range: the end points weighed, no overflow
    assert ok("eval", "identity", "--range", "-1e308", "1e308", "--num", "3") == (
        "x,identity\n-1e+308,-1e+308\n0.0,0.0\n1e+308,1e+308\n")


def test_eval_range_default_is_eleven_points() -> None:
    assert len(ok("eval", "relu", "--range", "-5", "5").splitlines()) == 12


def test_eval_stdin_plain_numbers_any_separator() -> None:
    assert ok("eval", "relu", stdin="-1 2,3\n\n4\r\n") == "x,relu\n-1.0,0.0\n2.0,2.0\n3.0,3.0\n4.0,4.0\n"


def test_eval_stdin_csv_with_header_passes_columns_through() -> None:
    assert ok("eval", "relu", stdin="x\n-1\n2\n") == "x,relu\n-1,0.0\n2,2.0\n"
    data = "id,logit,label\n1,-2.5,a\n2,0.5,b\n"
    assert ok("eval", "relu", "--column", "logit", stdin=data) == (
        "id,logit,label,relu\n1,-2.5,a,0.0\n2,0.5,b,0.5\n"
    )
    assert ok("eval", "relu", "-c", "2", stdin=data) == "id,logit,label,relu\n1,-2.5,a,0.0\n2,0.5,b,0.5\n"


def test_eval_tsv_input_and_bom() -> None:
    assert ok("eval", "relu", "-c", "v", stdin="\ufeffk\tv\nq\t-3\n") == "k,v,relu\nq,-3,0.0\n"


def test_eval_input_file_and_dash(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("1\n-2\n")
    assert ok("eval", "relu", "--input", str(path)) == "x,relu\n1.0,1.0\n-2.0,0.0\n"
    assert ok("eval", "relu", "--input", "-", stdin="7\n") == "x,relu\n7.0,7.0\n"


def test_nan_and_infinities_are_numbers() -> None:
    assert ok("eval", "relu", "nan", "inf", "-inf") == "x,relu\nnan,nan\ninf,inf\n-inf,0.0\n"


def test_header_only_csv_gives_header_only() -> None:
    assert ok("eval", "relu", stdin="x\n") == "x,relu\n"


# --- eval: output formats and dtypes ----------------------------------------------------------

def test_json_and_jsonl() -> None:
    document = json.loads(ok("eval", "relu", "-1", "2", "--format", "json"))
    assert document == [{"x": -1, "relu": 0}, {"x": 2, "relu": 2}]
    assert ok("eval", "relu", "nan", "-f", "jsonl") == '{"x": "nan", "relu": "nan"}\n'


def test_no_header() -> None:
    assert ok("eval", "relu", "3", "--no-header") == "3.0,3.0\n"


def test_dtype_rounds_inputs_and_results_and_prints_shortest() -> None:
    assert ok("eval", "identity", "--dtype", "float16", "0.1", "70000", "1e-8") == (
        "x,identity\n0.1,0.1\ninf,inf\n0.0,0.0\n"
    )
    assert ok("eval", "identity", "--dtype", "float32", "0.1") == "x,identity\n0.1,0.1\n"
    assert ok("eval", "identity", "--dtype", "bfloat16", "0.1", "3.3") == "x,identity\n0.1,0.1\n3.3,3.3\n"
    assert ok("eval", "hard_sigmoid", "--dtype", "float16", "1") == "x,hard_sigmoid\n1.0,0.6665\n"


def test_csv_output_reads_back_exactly() -> None:
    out = ok("eval", "hard_sigmoid", "--range", "-3", "3", "--num", "101")
    f = actcli.get("hard_sigmoid")
    for line in out.splitlines()[1:]:
        x, y = (float(v) for v in line.split(","))
        assert f(x) == y


# --- grad -------------------------------------------------------------------------------------

def test_grad_follows_torch_at_kinks_by_default() -> None:
    assert ok("grad", "relu6", "--", "-1", "0", "3", "6") == "x,relu6'\n-1.0,0.0\n0.0,0.0\n3.0,1.0\n6.0,0.0\n"
    assert ok("grad", "leaky_relu", "0") == "x,leaky_relu'\n0.0,0.01\n"


def test_grad_jax_convention() -> None:
    assert ok("grad", "leaky_relu", "--convention", "jax", "0") == "x,leaky_relu'\n0.0,1.0\n"
    assert ok("grad", "hard_tanh", "--convention", "jax", "-1", "1") == "x,hard_tanh'\n-1.0,1.0\n1.0,1.0\n"


def test_grad_second_order() -> None:
    assert ok("grad", "hard_swish", "--order", "2", "0", "5") == "x,hard_swish''\n0.0,0.3333333333333333\n5.0,0.0\n"


def test_grad_check_reports_exact_and_ulp() -> None:
    assert ok("grad", "hard_swish", "--check", "1", "-3") == (
        "x,hard_swish',exact,ulp\n1.0,0.8333333333333334,0.8333333333333334,0.333\n-3.0,0.0,\"left 0, right -0.5\",\n"
    )


def test_params_in_column_name() -> None:
    assert ok("eval", "leaky_relu:negative_slope=0.2", "-1") == "x,leaky_relu:negative_slope=0.2\n-1.0,-0.2\n"


def test_names_are_case_insensitive_and_aliases_resolve() -> None:
    assert ok("eval", "ReLU", "1") == "x,relu\n1.0,1.0\n"
    assert ok("eval", "hardtanh", "5") == "x,hard_tanh\n5.0,1.0\n"


# --- list and info ----------------------------------------------------------------------------

def test_list_names_every_function() -> None:
    out = ok("list", "--format", "csv")
    names = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert names == actcli.names()
    assert out.splitlines()[0] == "name,aliases,parameters,range,summary"


def test_list_json() -> None:
    rows = json.loads(ok("list", "-f", "json"))
    relu6 = next(r for r in rows if r["name"] == "relu6")
    assert relu6 == {"name": "relu6", "aliases": "", "parameters": "", "range": "[0, 6]",
                     "summary": "ReLU capped at 6: min(max(0, x), 6)"}


def test_info_text() -> None:
    out = ok("info", "leaky_relu")
    assert out.splitlines()[0] == "leaky_relu: ReLU with a small slope for negative inputs"
    assert "kinks       x = 0: derivative 0.01 (torch, default), 1 (jax)" in out
    assert "source      Maas, Hannun, Ng 2013; torch.nn.LeakyReLU" in out


def test_info_json_with_bound_parameters() -> None:
    data = json.loads(ok("info", "hard_tanh:min_val=-2", "--format", "json"))
    assert data["spec"] == "hard_tanh:min_val=-2"
    assert data["range"] == "[-2, 1]"
    assert data["kinks"] == [{"x": -2.0, "torch": 0.0, "jax": 1.0}, {"x": 1.0, "torch": 0.0, "jax": 1.0}]


def test_version_and_help() -> None:
    assert ok("--version") == f"actcli {actcli.__version__}\n"
    for command in ([], ["eval"], ["grad"], ["list"], ["info"]):
        out = ok(*command, "-h")
        assert "Usage: actcli" in out and "Examples:" in out


# --- errors: one line on stderr, exit 2 -------------------------------------------------------

@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["eval", "relux", "1"], None,
     "actcli: error: unknown function 'relux'; did you mean relu or rrelu or relu6?"),
    (["eval", "zzz", "1"], None, "actcli: error: unknown function 'zzz'; see 'actcli list'"),
    (["eval", "elu:alpah=1", "1"], None, None),
    (["eval", "leaky_relu:negative_slope=abc", "1"], None,
     "actcli: error: leaky_relu: negative_slope must be a finite number, not 'abc'"),
    (["eval", "hard_tanh:min_val=2,max_val=1", "1"], None,
     "actcli: error: hard_tanh: min_val (2) must be less than max_val (1)"),
    (["eval", "relu:", "1"], None, "actcli: error: 'relu:': expected KEY=VALUE after ':'"),
    (["eval", "relu", "1", "x2"], None, "actcli: error: argument 2: 'x2' is not a number"),
    (["eval", "relu"], "1 2\n3 oops\n", "actcli: error: stdin, line 2, column 3: 'oops' is not a number"),
    (["eval", "relu"], "", "actcli: error: stdin: no numbers in the input"),
    (["eval", "relu"], "a,b\n1,2\n", "actcli: error: stdin has 2 columns (a, b); choose one with --column NAME "
                                      "or a 1-based index"),
    (["eval", "relu", "-c", "z"], "a,b\n1,2\n", "actcli: error: stdin has no column 'z' (columns: a, b)"),
    (["eval", "relu", "-c", "a"], "a,b\n1,2\n3\n", "actcli: error: stdin, line 3: expected 2 fields, found 1"),
    (["eval", "relu", "-c", "a"], "a,a\n1,2\n",
     "actcli: error: stdin: column 'a' appears more than once; choose it by its 1-based index"),
    (["eval", "relu", "-c", "a"], "a\nx1\n", "actcli: error: stdin, line 2, column 'a': 'x1' is not a number"),
    (["eval", "relu"], b"1\n\xff\n", "actcli: error: stdin, line 2, column 1: not UTF-8 text"),
    (["eval", "relu", "-c", "2"], "1\n2\n",
     "actcli: error: stdin: --column needs a header line naming the columns (or use cut -d, -fN)"),
    (["eval", "relu", "--input", "/nonexistent/file"], None, "actcli: error: no such file: /nonexistent/file"),
    (["eval", "relu", "1", "--range", "0", "1"], None,
     "actcli: error: give the inputs one way, not with both VALUES and --range"),
    (["eval", "relu", "--num", "3"], None, "actcli: error: --num and --step go with --range START STOP"),
    (["eval", "relu", "--range", "0", "1", "--num", "0"], None, "actcli: error: --num must be at least 1, not 0"),
    (["eval", "relu", "--range", "0", "1", "--step", "0"], None,
     "actcli: error: --step must be a finite, non-zero number"),
    (["eval", "relu", "--range", "0", "1e400"], None,
     "actcli: error: --range needs finite START and STOP, not 0 and inf"),
    (["eval", "relu", "--range", "nan", "1"], None,
     "actcli: error: --range needs finite START and STOP, not nan and 1"),
    (["eval", "relu", "--range", "-1e308", "1e308", "--step", "1"], None,
     "actcli: error: --step 1 from -1e+308 to 1e+308 makes more points than can be counted"),
    (["eval", "relu", "--range", "0", "1", "--step", "-1"], None,
     "actcli: error: --step -1 never gets from 0 to 1"),
    (["eval", "relu", "--format", "xml", "1"], None, None),
    (["eval", "relu", "--bogus", "1"], None, None),
    (["grad", "relu", "--order", "3", "1"], None, None),
])
def test_errors_are_one_line_with_exit_2(args: list[str], stdin: str | bytes | None, message: str | None) -> None:
    line = fails(*args, stdin=stdin)
    if message is not None:
        assert line == message
    else:
        assert line.startswith(("actcli: error: ", "actcli eval: error: ", "actcli grad: error: "))


def test_usage_error_names_the_command_and_help() -> None:
    line = fails("eval", "relu", "--bogus", "1")
    assert line.startswith("actcli eval: error: No such option")
    assert line.endswith("(see 'actcli eval --help')")


def test_unknown_parameter_lists_the_known_ones() -> None:
    assert fails("eval", "leaky_relu:slope=1", "1") == (
        "actcli: error: leaky_relu has no parameter 'slope' (parameters: negative_slope)"
    )


def test_bare_actcli_shows_the_help_as_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: actcli [OPTIONS] COMMAND [ARGS]...\n\n  Evaluate, differentiate")
    assert "\nCommands:\n" in result.stderr and "\n  eval " in result.stderr  # real line breaks, not escaped
