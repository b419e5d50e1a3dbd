"""The registry: every catalogue entry present and complete, parameters validated, the Python API,
and the derivative at kinks in both libraries' conventions (catalogue section 4)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actcli
from actcli.definition import Interval
from actcli.errors import ParameterError, UnknownFunctionError

CATALOGUE = [
    "identity", "binary_step", "threshold", "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "celu",
    "selu", "gelu", "gelu_tanh", "sigmoid", "log_sigmoid", "hard_sigmoid", "silu", "hard_swish", "mish",
    "tanh", "hard_tanh", "softplus", "softsign", "hard_shrink", "soft_shrink", "tanh_shrink", "sparse_plus",
    "sparse_sigmoid", "squareplus", "exponential", "softmax", "log_softmax", "softmin", "sparsemax", "glu",
    "swiglu", "geglu", "reglu", "quick_gelu", "swish_beta", "squared_relu", "star_relu", "snake", "sine",
    "gaussian", "lisht", "elish", "hard_elish", "serf", "tanhexp", "bent_identity", "isru", "isrlu", "arctan",
    "gcu", "smelu", "erf",
]
ALIASES = {"linear": "identity", "heaviside": "binary_step", "step": "binary_step", "logistic": "sigmoid",
           "expit": "sigmoid", "logsigmoid": "log_sigmoid", "hardsigmoid": "hard_sigmoid", "swish": "silu",
           "hardswish": "hard_swish", "hard_silu": "hard_swish", "hardtanh": "hard_tanh",
           "hardshrink": "hard_shrink", "softshrink": "soft_shrink", "tanhshrink": "tanh_shrink"}
DEFINITIONS = actcli.definitions()


def test_every_catalogue_function_is_registered() -> None:
    assert sorted(CATALOGUE) == sorted(actcli.names())
    assert len(CATALOGUE) == 57


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_aliases_resolve(alias: str, name: str) -> None:
    assert actcli.get(alias).name == name
    assert actcli.get(alias.upper()).name == name


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_entry_is_complete(definition: actcli.definition.Definition) -> None:
    for text in (definition.summary, definition.formula, definition.grad_formula, definition.latex,
                 definition.source, definition.family):
        assert isinstance(text, str) and text.strip()
    assert definition.smoothness_for(definition.defaults()) in ("discontinuous", "C0", "C1", "C2", "C∞")
    if not definition.vector:
        assert isinstance(definition.range_for(definition.defaults()), Interval)
        assert isinstance(definition.is_monotonic(definition.defaults()), bool)
    for example in definition.examples:
        assert actcli.get(example).name == definition.name


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_latex_renders_in_matplotlib_mathtext(definition: actcli.definition.Definition) -> None:
    from matplotlib.mathtext import MathTextParser

    MathTextParser("path").parse(f"${definition.latex}$")


@pytest.mark.parametrize("definition", [d for d in DEFINITIONS if not d.vector], ids=lambda d: d.name)
def test_values_lie_in_the_declared_range(definition: actcli.definition.Definition) -> None:
    activation = actcli.get(definition.name)
    interval = activation.output_range
    y = activation(np.linspace(-60, 60, 2001))
    y = y[np.isfinite(y)]
    assert np.all(y >= interval.lo) and np.all(y <= interval.hi)


def test_python_api_on_scalars_and_arrays() -> None:
    relu6 = actcli.get("relu6")
    assert relu6(7.5) == 6.0 and isinstance(relu6(7.5), np.floating)
    assert relu6(np.array([[-1.0, 3.0], [9.0, 0.5]])).tolist() == [[0.0, 3.0], [6.0, 0.5]]
    assert relu6([1, 2]).dtype == np.float64
    assert relu6(0.1, dtype="float16").dtype == np.float16
    assert relu6.grad(6.0) == 0.0 and relu6.grad2(1.0) == 0.0
    assert repr(actcli.get("leaky_relu:negative_slope=0.2")) == "actcli.get('leaky_relu:negative_slope=0.2')"
    assert actcli.get("elu:alpha=0.5").label == "elu (alpha=0.5)"


@pytest.mark.parametrize(("spec", "message"), [
    ("hard_tanh:min_val=2,max_val=1", "hard_tanh: min_val (2) must be less than max_val (1)"),
    ("leaky_relu:negative_slope=nan", "leaky_relu: negative_slope must be a finite number, not nan"),
    ("elu:alpha=1,alpha=2", "'elu:alpha=1,alpha=2': parameter 'alpha' given twice"),
    ("relu:alpha=1", "relu has no parameter 'alpha' (parameters: none)"),
    ("gelu:approximate=fast", "gelu: approximate must be one of none, tanh, not 'fast'"),
    ("softplus:beta=0", "softplus: beta must be a finite number > 0, not 0"),
])
def test_bad_parameters_are_refused(spec: str, message: str) -> None:
    with pytest.raises(ParameterError) as error:
        actcli.get(spec)
    assert str(error.value) == message


def test_unknown_names_suggest() -> None:
    with pytest.raises(UnknownFunctionError, match="did you mean gelu"):
        actcli.get("gelux")


SELU_SLOPE = 1.0507009873554805 * 1.6732632423543772
# Catalogue section 4: (spec, x, torch, jax).
KINKS = [
    ("relu", 0.0, 0.0, 0.0),
    ("relu6", 0.0, 0.0, 0.0), ("relu6", 6.0, 0.0, 0.0),
    ("hard_tanh", -1.0, 0.0, 1.0), ("hard_tanh", 1.0, 0.0, 1.0),
    ("leaky_relu", 0.0, 0.01, 1.0),
    ("hard_sigmoid", -3.0, 0.0, 0.0), ("hard_sigmoid", 3.0, 0.0, 0.0),
    ("hard_swish", -3.0, 0.0, 0.0), ("hard_swish", 0.0, 0.5, 0.5), ("hard_swish", 3.0, 1.0, 1.0),
    ("elu:alpha=2", 0.0, 2.0, 2.0),
    ("selu", 0.0, SELU_SLOPE, SELU_SLOPE),
    ("hard_shrink", 0.5, 0.0, None), ("hard_shrink", -0.5, 0.0, None),
    ("soft_shrink", 0.5, 0.0, None), ("soft_shrink", -0.5, 0.0, None),
    ("sparse_sigmoid", -1.0, None, 0.25), ("sparse_sigmoid", 1.0, None, 0.25),
]


@pytest.mark.parametrize(("spec", "x", "torch", "jax"), KINKS)
def test_derivative_at_kinks_in_both_conventions(spec: str, x: float, torch: float | None,
                                                 jax: float | None) -> None:
    activation = actcli.get(spec)
    for convention, expected in (("torch", torch), ("jax", jax)):
        if expected is not None:
            assert math.isclose(activation.grad(x, convention=convention), expected, rel_tol=1e-15), convention
