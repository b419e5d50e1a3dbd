"""Vector functions (softmax family, sparsemax, GLU family) against mpmath: values and Jacobians in
ULP on awkward vectors, limits at ±inf, NaN, input errors, and the callable API."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache
from typing import Any

import mpmath
import numpy as np
import pytest

import actcli
from actcli.accuracy import REFERENCE_DIGITS, exact_at, ulp_errors
from actcli.dtypes import round_to
from actcli.errors import ActcliError, UnknownFunctionError

mp = mpmath.mp
SOFTMAX_FAMILY = ["softmax", "log_softmax", "softmin", "sparsemax"]
GATES = {"glu": "sigmoid", "swiglu": "silu", "geglu": "gelu", "reglu": "relu"}
VECTOR_NAMES = [*SOFTMAX_FAMILY, *GATES]
VALUE_LIMIT = {"float64": 4.0, "float32": 0.5 + 2.0**-20}
JACOBIAN_LIMIT = {"float64": 8.0, "float32": 0.5 + 2.0**-20}

VECTORS = [
    [1.0, 2.0, 3.0],
    [-3.5],
    [0.1, -0.2, 0.3, 5.5, -7.25],
    [1e300, -1e300, 0.0],  # a spread of 1e300 (2e300 between the ends)
    [-1e300, 1e300, 1.0, -1.0],
    [1e308, -1e308, 1.7976931348623157e308],  # differences beyond float64's range
    [1e-300, -1e-300, 0.0, 5e-324],  # tiny values: all but equal
    [2.0, 2.0, 2.0, -1.0],  # ties
    [-3.0, -3.0, -700.5, -745.2, -800.0],  # negatives; exponentials that underflow
    [0.0, -50.0, -60.0, -745.0],  # 1 - softmax₀ ≈ 2e-22: the Jacobian's diagonal must not cancel
    [0.0, -105.0, -200.0],  # log_softmax₀ ≈ -2.5e-46, below even mpmath's 40 digits of 1 + rest
    [40.0, 0.0, -1e-17, 38.5],
    [709.0, 700.0, -709.0, 710.5],
    [0.5, 0.5 + 2.0**-52, 0.5 - 2.0**-53],  # ties but for one ULP
    [1e-20, 0.1, -0.1, 0.7, 0.70000000000000001, -0.3],
    [-1e15, -1e15 + 0.5, -1e15 - 0.25, 3.0],
    list(np.random.default_rng(7).uniform(-30, 30, 40)),
]
# Sparsemax's support edge: inputs within 1 of the max, thresholds just inside and outside.
SPARSE_VECTORS = [
    [0.3, 0.2, -0.6],
    [1.0, 0.0, 0.0],  # the zeros sit exactly at τ = 0: outside the support
    [0.1, 0.1 - 1.0, 0.1 - 1.0],  # τ ≈ -0.9 beside inputs that round to it
    [0.4, 0.4, 0.4, -0.2],  # a tie inside the support
    [0.75, 0.75, 0.25, 0.25],  # the 0.25s sit exactly at τ = 0.25: outside the support
    [1e16, 1e16 - 2.0, 1e16 + 2.0],
    [5.0, 4.5, 4.25, 4.125, 4.0625, 3.0],
    [1.0 / 3.0, 2.0 / 3.0, 0.0, 1e-30],
    [-7.5, -7.0, -7.25, -6.9999999999999991],
    [-0.7499999999999998, -0.24999999999999956, -0.25],  # the float test overestimates the support
]
GLU_VECTORS = [
    [1.0, -2.0, 0.5, 3.0, -1.5, 0.25],
    [1e300, -1e-300, 2.0, 1e-300, 5.0, -1e300],
    [-0.0, 7.0, -3.5, 0.5, -1e300, 1e300],
    [1e200, 3.0, -40.0, -800.0],  # gates that underflow
    [1e300, -1.7e308, 4.0, -720.0, -1150.0, -45.0],  # ... while the products do not
    [1e-200, -5e-324, 20.0, 710.0],
    [2.5, -2.5, -1.2784645427610738, -0.7517915241009175],  # silu' and gelu' roots
    [2.0, 2.0, 2.0, 2.0],
    [-1.5, 1e-10, 30.0, -37.5],
    [1e308, -1e308, 1e-308, 0.99],
]


def _mpf(values: list[float]) -> list[Any]:
    return [mp.mpf(v) for v in values]


def _gate(name: str) -> actcli.Activation:
    """The element-wise gate of a GLU variant; skips while its family is not yet registered."""
    try:
        return actcli.get(GATES[name])
    except UnknownFunctionError:
        pytest.skip(f"{GATES[name]} (the gate of {name}) is not registered yet")


# References --------------------------------------------------------------------------------------

def exact_values(name: str, xs: list[float]) -> list[Any]:
    with mp.workdps(REFERENCE_DIGITS):
        return list(actcli.lookup(name).exact(mp, _mpf(xs)))


def _softmax_parts(xs: list[Any]) -> tuple[list[Any], list[Any]]:
    """softmax and 1 - softmax, the complement summed directly: 1 - sᵢ would cancel to 0 at
    40 digits where sᵢ = 1 - 1e-300."""
    top = max(xs)
    e = [mp.exp(x - top) for x in xs]
    total = mp.fsum(e)
    rest = [mp.fsum(e[:i] + e[i + 1:]) for i in range(len(e))]
    return [v / total for v in e], [r / total for r in rest]


def _closed_jacobian(name: str, x: list[Any]) -> list[list[Any]]:
    """The softmax family's and sparsemax's Jacobians in closed form, written so nothing cancels."""
    n = len(x)
    if name in ("softmax", "softmin"):
        sign = 1 if name == "softmax" else -1
        s, c = _softmax_parts([sign * v for v in x])
        return [[sign * (s[i] * c[i] if i == j else -s[i] * s[j]) for j in range(n)] for i in range(n)]
    if name == "log_softmax":
        s, c = _softmax_parts(x)
        return [[c[i] if i == j else -s[j] for j in range(n)] for i in range(n)]
    assert name == "sparsemax"
    support = [int(p > 0) for p in actcli.lookup(name).exact(mp, x)]
    entries = [[support[i] * ((i == j) - Fraction(support[j], sum(support))) for j in range(n)] for i in range(n)]
    return [[mp.mpf(e.numerator) / e.denominator for e in row] for row in entries]


def exact_jacobian(name: str, xs: list[float]) -> list[list[Any]]:
    """Closed forms in mpmath; for the GLU family, the gate's value and its mpmath derivative
    (torch's value at a kink)."""
    with mp.workdps(REFERENCE_DIGITS):
        if name not in GATES:
            return _closed_jacobian(name, _mpf(xs))
        return _glu_jacobian(name, _mpf(xs))


def _glu_jacobian(name: str, x: list[Any]) -> list[list[Any]]:
    gate = _gate(name)
    kinks = {k.x: k.torch for k in gate.kinks}
    n, half = len(x), len(x) // 2
    rows: list[list[Any]] = [[mp.zero] * n for _ in range(half)]
    for i in range(half):
        b = x[half + i]
        slope = mp.mpf(kinks[float(b)]) if b in kinks else exact_at(gate, b, 1, relative=True)
        rows[i][i] = exact_at(gate, b, 0)
        rows[i][half + i] = x[i] * slope
    return rows


def _in_dtype(xs: list[float], dtype: str) -> list[float] | None:
    """xs as `dtype` would hold them, or None where that overflows."""
    rounded = round_to(np.asarray(xs, dtype=np.float64), dtype).astype(np.float64)
    return [float(v) for v in rounded] if np.isfinite(rounded).all() else None


@cache
def measured(name: str, xs: tuple[float, ...], dtype: str) -> tuple[float, float] | None:
    """Max ULP error of the value and of the Jacobian on xs, or None if xs overflows `dtype`."""
    inputs = _in_dtype(list(xs), dtype)
    if inputs is None:
        return None
    activation = actcli.get(name)
    value = activation(np.array(xs), dtype=dtype)
    jacobian = activation.grad(np.array(xs), dtype=dtype)
    exact_jac = exact_jacobian(name, inputs)
    assert jacobian.shape == (len(exact_jac), len(xs))
    value_error = ulp_errors(value, exact_values(name, inputs), dtype)
    jacobian_error = ulp_errors(jacobian.ravel(), [v for row in exact_jac for v in row], dtype)
    return float(value_error.max()), float(jacobian_error.max())


def _cases() -> list[tuple[str, list[float]]]:
    cases = [(name, xs) for name in SOFTMAX_FAMILY for xs in VECTORS]
    cases += [("sparsemax", xs) for xs in SPARSE_VECTORS]
    cases += [(name, xs) for name in GATES for xs in GLU_VECTORS]
    return cases


# Accuracy ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", list(VALUE_LIMIT))
@pytest.mark.parametrize(("name", "xs"), _cases())
def test_values_and_jacobians_within_ulp_limits(name: str, xs: list[float], dtype: str) -> None:
    if name in GATES:
        _gate(name)
    result = measured(name, tuple(xs), dtype)
    if result is None:
        pytest.skip(f"{xs} overflows {dtype}")
    value_ulp, jacobian_ulp = result
    assert value_ulp <= VALUE_LIMIT[dtype], f"{name}{xs} in {dtype}: value off by {value_ulp:.3g} ULP"
    assert jacobian_ulp <= JACOBIAN_LIMIT[dtype], f"{name}{xs} in {dtype}: Jacobian off by {jacobian_ulp:.3g} ULP"


@pytest.mark.parametrize("name", VECTOR_NAMES)
@pytest.mark.parametrize("xs", [[0.3, -1.2, 0.9, 0.45], [2.0, -0.5, 1.25, -3.0, 0.75, 0.1]])
def test_closed_form_jacobians_agree_with_numerical_differentiation(name: str, xs: list[float]) -> None:
    """The references above are closed forms; mp.diff of each output checks them independently."""
    if name in GATES:
        _gate(name)
    closed = exact_jacobian(name, xs)
    definition = actcli.lookup(name)
    with mp.workdps(REFERENCE_DIGITS):
        for i, row in enumerate(closed):
            for j, want in enumerate(row):
                def component(t: Any, i: int = i, j: int = j) -> Any:
                    point = _mpf(xs)
                    point[j] = t
                    return definition.exact(mp, point)[i]

                got = mp.diff(component, mp.mpf(xs[j]))
                assert abs(got - want) <= mp.mpf(10) ** -25 * (1 + abs(want)), (name, i, j, got, want)


def test_softmax_spread_of_1e300() -> None:
    softmax = actcli.get("softmax")
    assert list(softmax(np.array([1e300, -1e300, 0.0]))) == [1.0, 0.0, 0.0]
    assert list(actcli.get("log_softmax")(np.array([1e300, -1e300, 0.0]))) == [0.0, -2e300, -1e300]
    assert list(actcli.get("log_softmax")(np.array([1e308, -1e308]))) == [0.0, -math.inf]


@pytest.mark.parametrize("name", SOFTMAX_FAMILY)
def test_long_vectors_are_worked_in_blocks_seamlessly(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from actcli.functions import vector

    rng = np.random.default_rng(3)
    x = rng.normal(0.0, 20.0, 3 * vector.BLOCK + 5)
    x[[7, 2 * vector.BLOCK + 1]] = -math.inf, -1.7e308  # the careful path, in two blocks
    activation = actcli.get(name)
    blocked = activation(x)
    assert math.isclose(math.fsum(np.exp(blocked) if name == "log_softmax" else blocked), 1.0, rel_tol=1e-13)
    monkeypatch.setattr(vector, "BLOCK", x.size)
    assert np.array_equal(activation(x), blocked)


def test_sparsemax_is_sparse_and_sums_to_one() -> None:
    sparsemax = actcli.get("sparsemax")
    p = sparsemax(np.array([0.3, 0.2, -0.6]))
    assert list(p) == [0.55, 0.45, 0.0]
    for xs in [*VECTORS, *SPARSE_VECTORS]:
        p = sparsemax(np.array(xs))
        assert (p >= 0).all() and math.isclose(math.fsum(p), 1.0, rel_tol=4e-16 * len(xs))


def test_sparsemax_edge_of_the_support_is_outside() -> None:
    jacobian = actcli.get("sparsemax").grad(np.array([1.0, 0.0, 0.0]))
    assert jacobian.tolist() == [[0.0, 0.0, 0.0]] * 3


# Limits, NaN, errors ----------------------------------------------------------------------------

FAR = mpmath.mpf("1e400000")  # beyond 1/gelu(-800) ≈ 1e138975
LIMIT_VECTORS = {
    "softmax": [[math.inf, 0.0], [0.0, math.inf, -math.inf, 3.0], [-math.inf, 0.0, 1.0]],
    "log_softmax": [[math.inf, 0.0], [0.0, math.inf, -math.inf, 3.0], [-math.inf, 0.0, 1.0]],
    "softmin": [[-math.inf, 0.0], [0.0, -math.inf, math.inf, 3.0], [math.inf, 0.0, 1.0]],
    "sparsemax": [[math.inf, 0.0], [0.0, math.inf, -math.inf, 3.0], [-math.inf, 0.0, 0.5]],
}
GLU_LIMITS = [
    [math.inf, -math.inf, 2.0, 0.5],  # a = ±inf beside finite gates
    [1.0, -2.0, math.inf, -math.inf],  # b = ±inf
    [0.0, -0.0, math.inf, math.inf],  # 0 times an unbounded gate
    [math.inf, -math.inf, -800.0, 900.0],  # infinite a times a gate that underflowed
    [math.inf, -math.inf, -0.5, 0.0],  # the gates are exactly 0 at 0 (all but sigmoid)
]


def _far(xs: list[float]) -> list[Any]:
    return [FAR * int(math.copysign(1, x)) if math.isinf(x) else mp.mpf(x) for x in xs]


def _limit_reference(name: str, xs: list[float]) -> tuple[list[Any], list[list[Any]]]:
    """Value and Jacobian read off at ±1e400000 in place of ±inf, where everything has settled."""
    far = _far(xs)
    with mp.workdps(REFERENCE_DIGITS):
        value = list(actcli.lookup(name).exact(mp, far))
        return value, (_glu_jacobian if name in GATES else _closed_jacobian)(name, far)


@pytest.mark.parametrize(("name", "xs"), [(n, xs) for n, vectors in LIMIT_VECTORS.items() for xs in vectors]
                         + [(n, xs) for n in GATES for xs in GLU_LIMITS])
def test_infinities_give_limits(name: str, xs: list[float]) -> None:
    """Exactly the limit where it is 0 or ±inf; the entries that stay finite within the usual ULP."""
    activation = actcli.get(name)
    if name in GATES:
        _gate(name)
        assert not any(math.isinf(a) and math.isinf(b) for a, b in zip(xs[:len(xs) // 2], xs[len(xs) // 2:],
                                                                       strict=True)), "both infinite: see below"
    value, jacobian = _limit_reference(name, xs)
    got_value = activation(np.array(xs))
    got_jacobian = activation.grad(np.array(xs))
    assert ulp_errors(got_value, value).max() <= VALUE_LIMIT["float64"], (got_value, value)
    flat = [v for row in jacobian for v in row]
    assert ulp_errors(got_jacobian.ravel(), flat).max() <= JACOBIAN_LIMIT["float64"], (got_jacobian, jacobian)


def test_infinities_without_a_limit_give_nan() -> None:
    assert np.isnan(actcli.get("softmax")(np.array([math.inf, math.inf]))).all()
    assert actcli.get("softmax")(np.array([math.inf, math.inf, 0.0]))[2] == 0.0
    assert np.isnan(actcli.get("log_softmax")(np.array([math.inf, math.inf]))).all()
    assert np.isnan(actcli.get("softmin")(np.array([-math.inf, -math.inf]))).all()
    assert np.isnan(actcli.get("sparsemax")(np.array([math.inf, 1.0, math.inf]))[[0, 2]]).all()
    for name in SOFTMAX_FAMILY:  # every input at the bottom: the limit depends on the direction
        bottom = math.inf if name == "softmin" else -math.inf
        assert np.isnan(actcli.get(name)(np.array([bottom, bottom]))).all()
        assert np.isnan(actcli.get(name).grad(np.array([bottom, bottom]))).all()


@pytest.mark.parametrize("name", list(GATES))
def test_both_halves_infinite(name: str) -> None:
    """a·g(b) with a and b infinite: a limit only where g(b) does not merely tend to 0."""
    _gate(name)
    activation = actcli.get(name)
    assert activation(np.array([math.inf, -math.inf, math.inf, math.inf])).tolist() == [math.inf, -math.inf]
    at_bottom = activation(np.array([math.inf, -math.inf]))[0]
    assert at_bottom == 0.0 if name == "reglu" else np.isnan(at_bottom)
    slope = activation.grad(np.array([math.inf, -math.inf, math.inf, math.inf]))[:, 2:].diagonal()
    # sigmoid' tends to 0 at +inf: inf·0 has no limit; the other gates' slopes tend to 1
    assert np.isnan(slope).all() if name == "glu" else slope.tolist() == [math.inf, -math.inf]


def test_reglu_is_zero_wherever_its_gate_is() -> None:
    _gate("reglu")
    reglu = actcli.get("reglu")
    assert reglu(np.array([math.inf, -math.inf, -math.inf, -1.0])).tolist() == [0.0, 0.0]
    assert reglu.grad(np.array([3.0, 0.0])).tolist() == [[0.0, 0.0]]  # the kink at b = 0: torch's 0


@pytest.mark.parametrize("name", SOFTMAX_FAMILY)
def test_nan_anywhere_gives_nan_everywhere(name: str) -> None:
    activation = actcli.get(name)
    for xs in ([math.nan, 1.0, 2.0], [0.0, math.inf, math.nan], [math.nan]):
        assert np.isnan(activation(np.array(xs))).all()
        assert np.isnan(activation.grad(np.array(xs))).all()


@pytest.mark.parametrize("name", list(GATES))
def test_nan_in_a_glu_pair_spoils_that_output_only(name: str) -> None:
    _gate(name)
    activation = actcli.get(name)
    for xs in ([math.nan, 1.0, 2.0, 3.0], [1.0, 2.0, math.nan, 3.0]):
        value = activation(np.array(xs))
        jacobian = activation.grad(np.array(xs))
        assert np.isnan(value[0]) and not np.isnan(value[1])
        assert np.isnan(jacobian[0, [0, 2]]).all() and not np.isnan(jacobian[1]).any()
        assert jacobian[0, 1] == jacobian[0, 3] == 0.0


@pytest.mark.parametrize("name", list(GATES))
@pytest.mark.parametrize("size", [1, 3, 7])
def test_odd_length_glu_input_is_a_user_error(name: str, size: int) -> None:
    activation = actcli.get(name)
    message = f"{name} splits its input into two halves a and b, so it needs an even number of values, not {size}"
    with pytest.raises(ActcliError, match=message):
        activation(np.ones(size))
    with pytest.raises(ActcliError, match=message):
        activation.grad(np.ones(size))


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_only_one_dimensional_input(name: str) -> None:
    with pytest.raises(ActcliError, match="acts on a 1-D vector"):
        actcli.get(name)(np.ones((2, 2)))


# The callable API and the registry entries ---------------------------------------------------------

def test_callable_api() -> None:
    softmax = actcli.get("softmax")
    p = softmax(np.array([1.0, 2.0, 3.0]))
    assert p.shape == (3,) and math.isclose(p.sum(), 1.0) and p[2] > p[1] > p[0]
    assert softmax.grad(np.array([1.0, 2.0, 3.0])).shape == (3, 3)
    assert softmax([1.0, 2.0]).dtype == np.float64
    assert softmax(np.array([1.0, 2.0]), dtype="float32").dtype == np.float32
    assert softmax(np.zeros(0)).shape == (0,) and softmax.grad(np.zeros(0)).shape == (0, 0)
    with pytest.raises(ActcliError, match="no second derivative"):
        softmax.grad2(np.array([1.0, 2.0]))


@pytest.mark.parametrize("name", list(GATES))
def test_glu_output_and_jacobian_shapes(name: str) -> None:
    _gate(name)
    activation = actcli.get(name)
    assert activation(np.ones(6)).shape == (3,)
    assert activation.grad(np.ones(6)).shape == (3, 6)
    assert activation(np.zeros(0)).shape == (0,)


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_registry_entry(name: str) -> None:
    definition = actcli.lookup(name)
    assert definition.vector and definition.family == "vector" and definition.grad2 is None
    assert definition.monotonic is False and definition.zero_centred is False
    assert definition.smoothness == ("C0" if name in ("sparsemax", "reglu") else "C∞")
    assert definition.kinks is None and definition.breakpoints is None
    ranges = {"log_softmax": "(-∞, 0]", **{gated: "(-∞, ∞)" for gated in GATES}}
    assert str(definition.range_for({})) == ranges.get(name, "[0, 1]")
    assert any("3-tensor" in note for note in definition.notes)
    from matplotlib.mathtext import MathTextParser

    MathTextParser("agg").parse(f"${definition.latex}$")
