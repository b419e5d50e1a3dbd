"""`compare`: the library (actcli.comparison, actcli.against) and the command end to end."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import fails, ok

import actcli
from actcli import comparison
from actcli.comparison import Span


def close(span: Span, lo: float, hi: float, tolerance: float = 1e-9) -> bool:
    return abs(span.lo - lo) <= tolerance and abs(span.hi - hi) <= tolerance


# --- library: grid, properties -------------------------------------------------------------------

def test_grid_is_the_range_eval_makes() -> None:
    from actcli.reader import from_range

    expected = np.concatenate([c.x for c in from_range(-5.0, 5.0, 1001, None).chunks])
    assert np.array_equal(comparison.grid(-5.0, 5.0, 1001), expected)
    assert comparison.grid(-1e308, 1e308, 3).tolist() == [-1e308, 0.0, 1e308]  # no overflow


def test_relu_properties_match_the_registry() -> None:
    p = comparison.properties(actcli.get("relu"))
    assert p.interval == (-5.0, 5.0)
    assert (p.monotonic, p.bounded, p.zero_centred, p.smoothness) == (True, False, False, "C0")
    assert str(p.output_range) == "[0, ∞)"
    assert p.kinks == (0.0,) and p.kink_at_0
    assert (p.minimum, p.maximum, p.value_at_0, p.slope_at_0, p.max_slope) == (0.0, 5.0, 0.0, 0.0, 1.0)
    assert len(p.max_slope_at) == 1 and close(p.max_slope_at[0], 0.0, 5.0)
    assert p.saturates == (Span(-5.0, 0.0),)  # f'(0) = 0 in both conventions
    assert p.cost_ns is not None and p.cost_ns > 0


def test_bounded_zero_centred_and_saturating() -> None:
    for name, zero_centred in (("tanh", True), ("sigmoid", False), ("hard_tanh", True), ("softsign", True)):
        p = comparison.properties(actcli.get(name), (-8.0, 8.0), cost=False)
        assert p.bounded and p.monotonic and p.zero_centred == zero_centred, name
        assert p.cost_ns is None
    # tanh' = 1 - tanh² < 1e-3 beyond atanh(sqrt(0.999)); sigmoid' = s(1-s) < 1e-3 beyond logit(s).
    tanh = comparison.properties(actcli.get("tanh"), (-8.0, 8.0), cost=False)
    edge = math.atanh(math.sqrt(0.999))
    assert len(tanh.saturates) == 2
    assert close(tanh.saturates[0], -8.0, -edge, 1e-6) and close(tanh.saturates[1], edge, 8.0, 1e-6)
    assert (tanh.value_at_0, tanh.slope_at_0, tanh.max_slope, tanh.max_slope_at) == (0.0, 1.0, 1.0, (Span(0.0, 0.0),))
    assert tanh.smoothness == "C∞" and tanh.kinks == () and not tanh.kink_at_0
    s = (1 - math.sqrt(1 - 4e-3)) / 2
    sigmoid = comparison.properties(actcli.get("sigmoid"), (-8.0, 8.0), cost=False)
    edge = math.log((1 - s) / s)
    assert close(sigmoid.saturates[0], -8.0, -edge, 1e-6) and close(sigmoid.saturates[1], edge, 8.0, 1e-6)
    assert sigmoid.max_slope == 0.25 and sigmoid.value_at_0 == 0.5
    # On [-5, 5] sigmoid never gets that flat.
    assert comparison.properties(actcli.get("sigmoid"), cost=False).saturates == ()


def test_extremes_between_grid_points_are_refined() -> None:
    # hard_swish dips to -3/8 at x = -1.5 and its slope tends to 3/2 just left of the kink at 3;
    # on [-4, 4] with 1001 points neither is a grid point.
    p = comparison.properties(actcli.get("hard_swish"), (-4.0, 4.0), cost=False)
    assert p.minimum == pytest.approx(-0.375, abs=1e-13)
    assert p.max_slope == pytest.approx(1.5, abs=1e-12)
    assert len(p.max_slope_at) == 1 and p.max_slope_at[0].point
    assert p.max_slope_at[0].lo == pytest.approx(3.0, abs=1e-12)
    # The flat spot at the dip is a stationary point, not saturation; x ≤ -3 is.
    assert p.saturates == (Span(-4.0, -3.0),)
    assert not p.monotonic and not p.bounded and p.kinks == (-3.0, 3.0)


def test_plateau_edges_are_located_between_grid_points() -> None:
    p = comparison.properties(actcli.get("squared_relu"), cost=False)
    assert p.saturates[0].lo == -5.0 and p.saturates[0].hi == pytest.approx(0.0005, abs=1e-12)  # 2x < 1e-3
    assert p.max_slope == 10.0 and p.max_slope_at == (Span(5.0, 5.0),)
    hard_sigmoid = comparison.properties(actcli.get("hard_sigmoid"), cost=False)
    assert close(hard_sigmoid.max_slope_at[0], -3.0, 3.0, 1e-12)
    assert hard_sigmoid.saturates == (Span(-5.0, -3.0), Span(3.0, 5.0))


def test_slope_at_zero_follows_the_convention() -> None:
    leaky = actcli.get("leaky_relu")
    assert comparison.properties(leaky, cost=False).slope_at_0 == 0.01
    assert comparison.properties(leaky, convention="jax", cost=False).slope_at_0 == 1.0


def test_parameters_are_more_columns() -> None:
    slopes = [comparison.properties(actcli.get(f"leaky_relu:negative_slope={a}"), cost=False)
              for a in (0.1, 0.5, 2)]
    assert [p.minimum for p in slopes] == [-0.5, -2.5, -10.0]
    assert [p.max_slope for p in slopes] == [1.0, 1.0, 2.0]
    assert [p.spec for p in slopes] == ["leaky_relu:negative_slope=0.1", "leaky_relu:negative_slope=0.5",
                                        "leaky_relu:negative_slope=2"]


def test_bad_intervals_and_vector_functions_are_refused() -> None:
    with pytest.raises(actcli.ActcliError, match="two different finite ends"):
        comparison.properties(actcli.get("relu"), (1.0, 1.0))
    with pytest.raises(actcli.ActcliError, match="two different finite ends"):
        comparison.difference(actcli.get("relu"), actcli.get("tanh"), (0.0, math.inf))
    vector = [d.name for d in actcli.definitions() if d.vector]
    if vector:
        with pytest.raises(actcli.ActcliError, match="whole vector"):
            comparison.properties(actcli.get(vector[0]))


# --- library: differences and cost ---------------------------------------------------------------

def test_difference_of_relu_and_leaky_relu_is_exact() -> None:
    d = comparison.difference(actcli.get("relu"), actcli.get("leaky_relu"), (-2.0, 2.0))
    # |relu - leaky_relu| = 0.01|x| for x < 0: largest at -2; the mean over the 1001 points is
    # 0.01 · 0.004 · (1 + ... + 500) / 1001.
    assert (d.first, d.second, d.order, d.max_abs, d.at) == ("relu", "leaky_relu", 0, 0.02, -2.0)
    assert d.mean_abs == pytest.approx(0.01 * 0.004 * 125250 / 1001, rel=1e-14)


def test_difference_peak_between_grid_points() -> None:
    # relu - hard_swish peaks at ±1.5 with 0.375; on [-4, 4] both fall between grid points.
    d = comparison.difference(actcli.get("relu"), actcli.get("hard_swish"), (-4.0, 4.0))
    assert d.max_abs == pytest.approx(0.375, abs=1e-13)
    assert d.at == pytest.approx(-1.5, abs=1e-6)


def test_difference_of_derivatives() -> None:
    d = comparison.difference(actcli.get("relu"), actcli.get("hard_swish"), order=1)
    assert d.order == 1 and d.max_abs == pytest.approx(0.5) and d.at == 0.0  # 0 against (2·0+3)/6


def test_gelu_properties() -> None:
    p = comparison.properties(actcli.get("gelu"), cost=False)
    assert (p.monotonic, p.bounded, p.zero_centred, p.smoothness, p.kinks) == (False, False, False, "C∞", ())
    assert p.minimum == pytest.approx(p.output_range.lo, rel=1e-14)  # the dip, at x = -0.7518
    assert (p.value_at_0, p.slope_at_0) == (0.0, 0.5)
    # gelu'' = φ(x)(2 - x²): the steepest slope is at √2, 2Φ(√2) + √2 φ(√2)... = 1.1289.
    assert p.max_slope == pytest.approx(1.1289041451851547, rel=1e-12)
    assert len(p.max_slope_at) == 1 and p.max_slope_at[0].lo == pytest.approx(math.sqrt(2), abs=1e-8)
    # Φ(x) + xφ(x) falls below 1e-3 left of -3.8104; the dip's flat spot is not saturation.
    assert len(p.saturates) == 1 and p.saturates[0].lo == -5.0
    assert p.saturates[0].hi == pytest.approx(-3.8103714, abs=1e-6)


def test_gelu_tanh_approximation_error() -> None:
    d = comparison.difference(actcli.get("gelu"), actcli.get("gelu_tanh"), (-8.0, 8.0))
    assert f"{d.max_abs:.2g}" == "0.00047"
    assert 2.6 < abs(d.at) < 2.8  # the error is even: largest at ±2.70


def test_compare_gives_every_pair_in_order() -> None:
    found = comparison.compare([actcli.get(n) for n in ("relu", "leaky_relu", "hard_tanh")], (-2.0, 2.0), cost=False)
    assert [(d.first, d.second) for d in found.differences] == [
        ("relu", "leaky_relu"), ("relu", "hard_tanh"), ("leaky_relu", "hard_tanh")]
    assert [p.spec for p in found.properties] == ["relu", "leaky_relu", "hard_tanh"]
    assert found.interval == (-2.0, 2.0) and found.points == 1001


def test_cost_is_measured_and_positive() -> None:
    assert comparison.cost_ns(actcli.get("tanh"), elements=1024, repeats=2) > 0


# --- the command: values table ---------------------------------------------------------------------

def test_values_table_csv_exact() -> None:
    assert ok("compare", "relu", "leaky_relu", "hard_tanh", "-2", "0", "0.5", "2") == (
        "x,relu,leaky_relu,hard_tanh\n"
        "-2.0,0.0,-0.02,-1.0\n"
        "0.0,0.0,0.0,0.0\n"
        "0.5,0.5,0.5,0.5\n"
        "2.0,2.0,2.0,1.0\n"
    )


def test_values_table_grad_exact() -> None:
    assert ok("compare", "relu", "leaky_relu", "--grad", "-2", "0", "2") == (
        "x,relu',leaky_relu'\n-2.0,0.0,0.01\n0.0,0.0,0.01\n2.0,1.0,1.0\n")
    assert ok("compare", "relu", "leaky_relu", "--grad", "--convention", "jax", "0") == (
        "x,relu',leaky_relu'\n0.0,0.0,1.0\n")


def test_values_table_drawn_for_people() -> None:
    assert ok("compare", "relu", "hard_tanh", "--table", "values", "-f", "table", "-2", "0.5") == (
        "Values\n"
        "╭─────┬──────┬───────────╮\n"
        "│   x │ relu │ hard_tanh │\n"
        "├─────┼──────┼───────────┤\n"
        "│  -2 │    0 │        -1 │\n"
        "│ 0.5 │  0.5 │       0.5 │\n"
        "╰─────┴──────┴───────────╯\n"
    )


def test_parameter_sweep_columns() -> None:
    out = ok("compare", "leaky_relu:negative_slope=0.1", "leaky_relu:negative_slope=0.5", "-f", "tsv", "-2", "1")
    assert out == "x\tleaky_relu:negative_slope=0.1\tleaky_relu:negative_slope=0.5\n-2.0\t-0.2\t-1.0\n1.0\t1.0\t1.0\n"


def test_inputs_from_range_stdin_file_and_csv_columns(tmp_path: Path) -> None:
    assert ok("compare", "relu", "tanh", "--range", "-1", "1", "--num", "3", "--no-header") == (
        "-1.0,0.0,-0.7615941559557649\n0.0,0.0,0.0\n1.0,1.0,0.7615941559557649\n")
    assert ok("compare", "relu", "hard_tanh", stdin="-3\n0.25\n") == "x,relu,hard_tanh\n-3.0,0.0,-1.0\n0.25,0.25,0.25\n"
    data = tmp_path / "data.csv"
    data.write_text("id,logit\na,-3\nb,2\n")
    assert ok("compare", "relu", "hard_tanh", "--input", str(data), "--column", "logit") == (
        "id,logit,relu,hard_tanh\na,-3,0.0,-1.0\nb,2,2.0,1.0\n")


def test_no_inputs_gives_eleven_rows_over_the_default_range() -> None:
    out = ok("compare", "relu", "hard_tanh")
    lines = out.splitlines()
    assert lines[0] == "x,relu,hard_tanh" and len(lines) == 12
    assert [line.split(",")[0] for line in lines[1:]] == [f"{x}.0" for x in range(-5, 6)]


def test_dtype_rounds_the_values_table() -> None:
    assert ok("compare", "tanh", "identity", "--dtype", "float16", "0.1") == "x,tanh,identity\n0.1,0.0997,0.1\n"


# --- the command: properties, differences, JSON ---------------------------------------------------

def test_properties_csv() -> None:
    out = ok("compare", "relu", "hard_tanh", "--range", "-2", "2", "--table", "properties", "-f", "csv")
    header, relu, hard_tanh = out.splitlines()
    assert header == ("function,min,max,range,value_at_0,slope_at_0,kink_at_0,max_abs_slope,max_abs_slope_at,"
                      "saturates,monotonic,bounded,zero_centred,smoothness,kinks,measured_cost_ns")
    *fixed, cost = relu.rsplit(",", 1)
    assert fixed == ['relu,0.0,2.0,"[0, ∞)",0.0,0.0,true,1.0,"[0, 2]","[-2, 0]",true,false,false,C0,0.0']
    assert float(cost) > 0
    assert hard_tanh.startswith('hard_tanh,-1.0,1.0,"[-1, 1]",0.0,1.0,false,1.0,"[-1, 1]","[-2, -1], [1, 2]",'
                                "true,true,true,C0,-1.0 1.0,")


def test_differences_csv_exact() -> None:
    assert ok("compare", "relu", "leaky_relu", "hard_tanh", "--range", "-2", "2", "--table", "differences",
              "-f", "csv") == (
        "first,second,max_abs_diff,at,mean_abs_diff\n"
        "relu,leaky_relu,0.02,-2.0,0.005004995004995005\n"
        "relu,hard_tanh,1.0,-2.0,0.5004995004995005\n"
        "leaky_relu,hard_tanh,1.0,2.0,0.4954945054945056\n"
    )


def test_all_tables_in_csv_are_separated_by_a_blank_line() -> None:
    out = ok("compare", "relu", "leaky_relu", "--range", "-2", "2", "--num", "3", "--table", "all")
    values, properties, differences = out.split("\n\n")
    assert values == "x,relu,leaky_relu\n-2.0,0.0,-0.02\n0.0,0.0,0.0\n2.0,2.0,2.0"
    assert properties.startswith("function,min,max,") and len(properties.splitlines()) == 3
    assert differences == "first,second,max_abs_diff,at,mean_abs_diff\nrelu,leaky_relu,0.02,-2.0,0.005004995004995005\n"


def test_terminal_shows_three_titled_tables() -> None:
    out = ok("compare", "relu", "tanh", "-f", "table", "--range", "-8", "8", "--num", "3")
    assert out.startswith("Values\n")
    assert "\nProperties on [-8, 8] (1001 points; cost measured)\n" in out
    assert "\nDifferences of the values on [-8, 8] (1001 points)\n" in out
    for row in ("│ monotonic ", "│ zero-centred ", "│ saturates (|f'| < 0.001) ", "│ cost, ns/element (measured) "):
        assert row in out
    assert "[-8, -4.146775], [4.146775, 8]" in out  # tanh saturates
    assert "0 (kink)" in out  # relu'(0)


def test_json_carries_all_three_tables_in_one_document() -> None:
    document = json.loads(ok("compare", "relu", "tanh", "-f", "json", "-1", "0", "1"))
    assert set(document) == {"interval", "points", "order", "dtype", "values", "properties", "differences"}
    assert document["interval"] == [-1.0, 1.0]  # the span of the values
    assert document["values"] == [{"x": -1.0, "relu": 0.0, "tanh": -0.7615941559557649},
                                  {"x": 0.0, "relu": 0.0, "tanh": 0.0},
                                  {"x": 1.0, "relu": 1.0, "tanh": 0.7615941559557649}]
    relu, tanh = document["properties"]
    assert (relu["monotonic"], relu["bounded"], relu["zero_centred"]) == (True, False, False)
    assert (tanh["monotonic"], tanh["bounded"], tanh["zero_centred"]) == (True, True, True)
    assert relu["kinks"] == [0.0] and tanh["kinks"] == []
    assert relu["max_abs_slope_at"] == [[0.0, 1.0]] and relu["saturates"] == [[-1.0, 0.0]]
    assert tanh["range"] == "(-1, 1)" and tanh["max"] == 0.7615941559557649
    assert relu["measured_cost_ns"] > 0 and tanh["measured_cost_ns"] > 0
    (difference,) = document["differences"]
    assert difference["first"] == "relu" and difference["second"] == "tanh"
    assert difference["max_abs_diff"] == pytest.approx(0.7615941559557649) and difference["at"] == -1.0
    one_line = ok("compare", "relu", "tanh", "-f", "jsonl", "-1", "0", "1")
    assert one_line.count("\n") == 1 and set(json.loads(one_line)) == set(document)


def test_one_function_has_properties_and_no_pairs() -> None:
    out = ok("compare", "tanh", "-f", "table", "0")
    assert "Properties on [-5, 5]" in out and "Differences" not in out
    assert json.loads(ok("compare", "tanh", "-f", "json", "0"))["differences"] == []


def test_table_picks_one_section_of_the_json() -> None:
    document = json.loads(ok("compare", "relu", "tanh", "-f", "json", "--table", "differences", "0"))
    assert "values" not in document and "properties" not in document
    assert document["interval"] == [-5.0, 5.0]  # one value spans nothing: the default interval


def test_grad_compares_derivatives_in_the_differences() -> None:
    out = ok("compare", "relu", "hard_swish", "--grad", "--table", "differences", "-f", "csv", "--range", "-5", "5")
    assert out == "first,second,max_abs_diff,at,mean_abs_diff\nrelu,hard_swish,0.5,0.0,0.14935064935064934\n"


def test_gelu_and_gelu_tanh_on_the_command_line() -> None:
    out = ok("compare", "gelu", "gelu_tanh", "--range", "-8", "8", "--table", "differences", "-f", "csv")
    first, second, largest, _, _ = out.splitlines()[1].split(",")
    assert (first, second, f"{float(largest):.2g}") == ("gelu", "gelu_tanh", "0.00047")


# --- the command: mistakes -----------------------------------------------------------------------------

def test_mistakes_are_one_line() -> None:
    assert fails("compare", "-1", "2") == "actcli: error: name at least one function to compare before the values"
    assert fails("compare", "relu", "1", "tanh") == (
        "actcli: error: 'tanh' is not a number: give the functions first, then the values")
    assert fails("compare", "relu", "relu", "1") == "actcli: error: relu is given twice"
    assert fails("compare", "relu", "nosuch", "1").startswith("actcli: error: unknown function 'nosuch'")
    assert fails("compare", "relu", "tanh", "--table", "against") == (
        "actcli: error: --table against needs --against torch|jax")
    assert fails("compare", "relu", "tanh", "1", "--range", "0", "1") == (
        "actcli: error: give the inputs one way, not with both VALUES and --range")
    assert fails("compare", "relu", "tanh", "--num", "5") == (
        "actcli: error: --num and --step go with --range START STOP")
    assert "Usage:" not in fails("compare")
    assert fails("compare", "relu", "softmax", "1") == (
        "actcli: error: softmax acts on a whole vector; compare takes element-wise functions")


def test_help_explains_tables_and_defaults() -> None:
    text = " ".join(ok("compare", "--help").split())
    assert "--table [values|properties|differences|against|all]" in text
    assert "1001 points" in text and "11 points from -5 to 5" in text and "pip install 'actcli[torch]'" in text


# --- against torch / jax -------------------------------------------------------------------------------

def test_missing_library_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import actcli.against

    monkeypatch.setattr(actcli.against, "available", lambda library: False)
    assert fails("compare", "relu", "tanh", "--against", "torch") == (
        "actcli: error: --against torch needs PyTorch: pip install 'actcli[torch]'")
    assert fails("compare", "relu", "tanh", "--against", "jax") == (
        "actcli: error: --against jax needs JAX: pip install 'actcli[jax]'")


def _library(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed")


def test_against_torch_library() -> None:
    _library("torch")
    from actcli.against import check

    names = ["relu", "leaky_relu", "hard_tanh", "tanh", "sigmoid", "squared_relu"]
    report = check("torch", [actcli.get(n) for n in names], comparison.grid(-5.0, 5.0, 201))
    assert report.library == "torch" and report.points == 201 and report.version.startswith("2.")
    by_name = {c.spec: c for c in report.checks}
    relu = by_name["relu"]
    assert (relu.function, relu.max_ulp, relu.grad_max_ulp, relu.max_abs) == ("F.relu", 0.0, 0.0, 0.0)
    assert math.isnan(relu.max_ulp_at)
    assert [(k.x, k.torch, k.jax, k.measured, k.agrees, k.conventions_differ) for k in relu.kinks] == [
        (0.0, 0.0, 0.0, 0.0, True, False)]
    leaky = by_name["leaky_relu"]
    assert [(k.x, k.measured, k.conventions_differ, k.agrees) for k in leaky.kinks] == [(0.0, 0.01, True, True)]
    hard_tanh = by_name["hard_tanh"]
    assert [(k.x, k.torch, k.jax, k.measured) for k in hard_tanh.kinks] == [(-1.0, 0.0, 1.0, 0.0), (1.0, 0.0, 1.0, 0.0)]
    for name in ("tanh", "sigmoid"):
        assert by_name[name].max_ulp <= 4, name
    assert by_name["squared_relu"].function is None and "no squared_relu" in by_name["squared_relu"].note


def test_against_torch_gelu() -> None:
    _library("torch")
    from actcli.against import check

    report = check("torch", [actcli.get("gelu"), actcli.get("gelu_tanh")], comparison.grid(-3.0, 3.0, 601))
    assert [c.function for c in report.checks] == ["F.gelu", "F.gelu(approximate='tanh')"]
    for c in report.checks:
        assert c.max_ulp < 1000 and c.grad_max_ulp < 1000 and c.max_abs < 1e-15, c
    # Far out on the left the values are tiny: torch loses their relative accuracy (many ULP),
    # never their absolute accuracy.
    wide = check("torch", [actcli.get("gelu_tanh")], comparison.grid(-8.0, 8.0, 201)).checks[0]
    assert wide.max_abs < 1e-15 and wide.max_ulp_at < -4


def test_against_torch_in_narrow_types() -> None:
    _library("torch")
    from actcli.against import check

    report = check("torch", [actcli.get("leaky_relu")], comparison.grid(-5.0, 5.0, 101), "bfloat16")
    (leaky,) = report.checks
    assert report.dtype == "bfloat16" and leaky.max_ulp == 0.0
    (kink,) = leaky.kinks
    assert kink.agrees and kink.measured == kink.expected == 0.010009765625  # 0.01 in bfloat16


def test_against_torch_on_the_command_line() -> None:
    _library("torch")
    out = ok("compare", "relu", "leaky_relu", "hard_tanh", "--against", "torch", "--range", "-2", "2", "-f", "csv")
    assert out.splitlines() == [
        "function,library_function,max_ulp,max_ulp_at,max_abs_diff,grad_max_ulp,grad_max_ulp_at,kinks",
        "relu,F.relu,0,,0.0,0,,",
        'leaky_relu,F.leaky_relu,0,,0.0,0,,"x=0: torch 0.01, jax 1"',
        'hard_tanh,F.hardtanh,0,,0.0,0,,"x=-1: torch 0, jax 1; x=1: torch 0, jax 1"',
    ]
    document = json.loads(ok("compare", "relu", "tanh", "--against", "torch", "-f", "json", "--range", "-2", "2"))
    assert set(document) >= {"values", "properties", "differences", "against"}
    against = document["against"]
    assert against["library"] == "torch" and against["dtype"] == "float64" and against["points"] == 1001
    assert [f["function"] for f in against["functions"]] == ["relu", "tanh"]
    assert against["functions"][0]["kinks"] == [
        {"x": 0.0, "torch": 0.0, "jax": 0.0, "measured": 0.0, "expected": 0.0, "conventions_differ": False,
         "agrees": True}]
    table = ok("compare", "relu", "tanh", "--against", "torch", "-f", "table", "--table", "against", "0")
    assert table.startswith("Against PyTorch 2.")


def test_against_jax() -> None:
    if importlib.util.find_spec("jax") is None:
        assert fails("compare", "relu", "tanh", "--against", "jax") == (
            "actcli: error: --against jax needs JAX: pip install 'actcli[jax]'")
        return
    from actcli.against import check

    report = check("jax", [actcli.get(n) for n in ("relu", "leaky_relu", "hard_tanh")], comparison.grid(-2, 2, 41))
    for c in report.checks:
        assert c.max_ulp == 0.0 and c.grad_max_ulp == 0.0, c
        assert all(k.agrees for k in c.kinks), c
    hard_tanh = report.checks[2]
    assert [k.measured for k in hard_tanh.kinks] == [1.0, 1.0]  # jax's convention at the clip points


# --- --plot ----------------------------------------------------------------------------------------------

def test_plot_saves_the_overlay_figure(tmp_path: Path) -> None:
    png = tmp_path / "cmp.png"
    assert ok("compare", "relu", "tanh", "0", "--plot", str(png)) == "x,relu,tanh\n0.0,0.0,0.0\n"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = tmp_path / "grad.svg"
    ok("compare", "relu", "tanh", "--grad", "--range", "-3", "3", "--plot", str(svg))
    assert "<svg" in svg.read_text()
    assert ok("compare", "relu", "tanh", "--grad", "--range", "-3", "3", "--plot", str(tmp_path / "again.svg"))
    assert (tmp_path / "again.svg").read_bytes() == svg.read_bytes()  # deterministic, like plot


def test_plot_path_is_checked_before_any_output(tmp_path: Path) -> None:
    assert fails("compare", "relu", "tanh", "0", "--plot", str(tmp_path / "x.gif")) == (
        f"actcli: error: --plot {tmp_path / 'x.gif'}: name the figure .png, .svg or .pdf")
    missing = tmp_path / "no" / "x.png"
    assert fails("compare", "relu", "tanh", "0", "--plot", str(missing)) == (
        f"actcli: error: cannot write {missing}: no such directory {missing.parent}")


def test_ulp_differences_agree_with_the_accuracy_harness() -> None:
    from actcli.accuracy import ulp_errors
    from actcli.against import ulp_differences
    from actcli.dtypes import round_to

    rng = np.random.default_rng(5)
    for dtype in ("float64", "float32", "float16", "bfloat16"):
        want = np.asarray(round_to(rng.normal(size=200) * 10.0 ** rng.integers(-6, 6, 200), dtype), dtype=np.float64)
        want[:3] = [0.0, -0.0, 1.0]
        got = np.asarray(round_to(want * (1 + rng.normal(size=200) * 1e-3), dtype), dtype=np.float64)
        got[5] = math.inf
        assert np.array_equal(ulp_differences(got, want, dtype), ulp_errors(got, list(want), dtype)), dtype
    assert ulp_differences(np.array([math.inf, 1.0, math.nan]), np.array([math.inf, math.inf, math.nan]),
                           "float64").tolist() == [0.0, math.inf, 0.0]


def test_extreme_spans_measure_without_overflow_warnings() -> None:
    document = json.loads(ok("compare", "relu", "tanh", "-f", "json", "--", "-1e308", "1e308"))
    assert document["interval"] == [-1e308, 1e308]
    (difference,) = document["differences"]
    assert difference["max_abs_diff"] == 1e308 and math.isfinite(difference["mean_abs_diff"])
