"""Piecewise-linear and piecewise-quadratic rectifiers: ReLU and its relatives, hard gates, steps."""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from actcli.definition import REALS, Array, Definition, Interval, Kink, Param, Smoothness
from actcli.stable import indicator, keep_nan, single_pass, zero

NONNEGATIVE = Interval(0.0, math.inf, True, False)


@single_pass
def _one(x: Array, **_: Any) -> Array:
    return keep_nan(x, 1.0)


def _step(x: Array, at: float, value: float = 1.0) -> Array:
    """`value` where x > at, else 0, NaN kept."""
    return keep_nan(x, indicator(x > at, value))


def _leaky(x: Array, slope: float) -> Array:
    return np.where(x >= 0, x, slope * x)


def _leaky_grad(x: Array, slope: float) -> Array:
    return keep_nan(x, np.where(x > 0, 1.0, slope))


def _leaky_range(slope: float) -> Interval:
    return REALS if slope > 0 else NONNEGATIVE


def _leaky_exact(mp: Any, x: Any, slope: float) -> Any:
    return x if x >= 0 else slope * x


def _leaky_kinks(slope: float) -> tuple[Kink, ...]:
    # torch tests x > 0 (slope at 0); jax tests x >= 0 (1 at 0).
    return (Kink(0.0, slope, 1.0),)


def _leaky_definition(name: str, param: Param, summary: str, source: str,
                      aliases: tuple[str, ...] = ()) -> Definition:
    key = param.name
    latex_key = key.replace("_", r"\_")
    return Definition(
        name=name,
        aliases=aliases,
        summary=summary,
        formula=f"x if x ≥ 0 else {key}·x",
        grad_formula=f"1 if x > 0 else {key}",
        latex=rf"x\ (x \geq 0),\quad {latex_key}\,x\ (x < 0)",
        params=(param,),
        value=lambda x, **p: _leaky(x, p[key]),
        grad=lambda x, **p: _leaky_grad(x, p[key]),
        grad2=zero,
        exact=lambda mp, x, **p: _leaky_exact(mp, x, p[key]),
        output_range=lambda **p: _leaky_range(p[key]),
        source=source,
        family="rectifier",
        smoothness=lambda **p: "C∞" if p[key] == 1 else "C0",
        monotonic=lambda **p: p[key] >= 0,
        zero_centred=False,
        kinks=lambda **p: _leaky_kinks(p[key]),
        examples=(f"{name}:{key}=0.2",),
    )


def _rrelu_slope(lower: float, upper: float) -> float:
    return (lower + upper) / 2


def _rrelu_check(lower: float, upper: float) -> str | None:
    return None if lower <= upper else f"lower ({lower:g}) must not exceed upper ({upper:g})"


def _clip_check(min_val: float, max_val: float) -> str | None:
    return None if min_val < max_val else f"min_val ({min_val:g}) must be less than max_val ({max_val:g})"


def _hard_sigmoid(x: Array) -> Array:
    return np.clip((x + 3.0) / 6.0, 0.0, 1.0)  # x + 3 is exact near -3, where x/6 + 0.5 cancels


def _hard_swish(x: Array) -> Array:
    out = np.maximum(x, -3.0)  # so that -inf meets a zero gate as a finite number
    gate = out + 3.0
    np.minimum(gate, 6.0, out=gate)
    gate /= 6.0  # exactly 1 beyond x = 3, where the result is x itself
    out *= gate
    out += 0.0  # -3·0 is -0.0: hard_swish is +0 below -3
    return out


def _hard_swish_grad(x: Array) -> Array:
    return keep_nan(x, np.where(x <= -3.0, 0.0, np.where(x >= 3.0, 1.0, (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0)))


def _hard_swish_grad2(x: Array) -> Array:
    return keep_nan(x, indicator((x > -3.0) & (x < 3.0), 1.0 / 3.0))


def _squared_relu(x: Array) -> Array:
    r = np.maximum(x, 0.0)
    return r * r


@functools.cache
def _star_root(scale: float, bias: float) -> tuple[float, float, float] | None:
    """The root x0 = √(-bias/scale) of scale·x² + bias as hi + lo, and a float near x0 for the
    factor u + x0 such that the formula gives no less than bias (for scale < 0: no more) at u = 0;
    None where the sum has no finite root. In integers: exact, whatever the parameters' size."""
    bias_p, bias_q = bias.as_integer_ratio()
    scale_p, scale_q = scale.as_integer_ratio()
    num, den = -bias_p * scale_q, bias_q * scale_p
    if den < 0:
        num, den = -num, -den
    if num <= 0:
        return None
    # n = ⌊√(num/den)·2^k⌋ with k chosen so that n has at least 120 bits: x0 = n·2^-k to 2^-120.
    k = max(0, 120 - (num.bit_length() - den.bit_length()) // 2)
    n = math.isqrt((num << (2 * k)) // den)
    try:
        hi = n / (1 << k)  # int / int rounds correctly
    except OverflowError:
        return None
    hi_p, hi_q = hi.as_integer_ratio()
    lo = (n * hi_q - hi_p * (1 << k)) / (hi_q << k)
    # At u = 0 the product rounds to within an ULP or two of bias; a factor an ULP larger moves
    # it to bias's far side, so that the final max (min) returns bias exactly for every x ≤ 0.
    at_zero = scale * ((0.0 - hi) - lo)  # the formula's first steps at u = 0, rounded as numpy does
    factor = hi
    while (at_zero * factor - bias) * scale > 0:
        factor = math.nextafter(factor, math.inf)
    return hi, lo, factor


def _star_breakpoints(scale: float, bias: float) -> tuple[float, ...]:
    """0, and the root, where scale·x² + bias cancels: the grid samples them and their neighbours."""
    root = _star_root(scale, bias) if scale else None
    return (0.0, root[0]) if root else (0.0,)


def _star_relu(x: Array, scale: float, bias: float) -> Array:
    """scale·relu(x)² + bias; around the root x0, as scale·(u - x0)·(u + x0), exact near x0."""
    u = np.maximum(x, 0.0)
    if scale == 0:
        return keep_nan(x, bias)
    root = _star_root(scale, bias)
    if root is None:  # scale·u² and bias have one sign: nothing cancels
        out = u * scale  # scaled before squaring: u² may overflow where the result does not
        out *= u
        out += bias
        return out
    hi, lo, factor = root
    out = u - hi  # exact within a factor 2 of x0 (Sterbenz), where the sum cancels
    out -= lo
    out *= scale
    u += factor
    out *= u
    return np.maximum(out, bias) if scale > 0 else np.minimum(out, bias)


def _smelu(x: Array, beta: float) -> Array:
    """Smooth ReLU (Shamir et al. 2020): quadratic on (-beta, beta), 0 left of it, x right of it."""
    inside = np.clip(x, -beta, beta)
    quad = (inside + beta) ** 2 / (4.0 * beta) if beta else inside
    return np.where(x >= beta, x, np.where(x <= -beta, 0.0, quad))


def _smelu_grad(x: Array, beta: float) -> Array:
    slope = (np.clip(x, -beta, beta) + beta) / (2.0 * beta) if beta else 0.0
    return keep_nan(x, np.where(x >= beta, 1.0, np.where(x <= -beta, 0.0, slope)))


def _smelu_grad2(x: Array, beta: float) -> Array:
    inside = (x > -beta) & (x < beta)
    return keep_nan(x, np.where(inside, 1.0 / (2.0 * beta) if beta else 0.0, 0.0))


def _smelu_exact(mp: Any, x: Any, beta: float) -> Any:
    if x >= beta:
        return x
    if x <= -beta:
        return mp.mpf(0)
    return (x + beta) ** 2 / (4 * mp.mpf(beta))


def _smelu_kinks(beta: float) -> tuple[Kink, ...]:
    return (Kink(0.0, 0.0, 0.0),) if beta == 0 else ()


def _threshold_range(threshold: float, value: float) -> Interval:
    return Interval(min(threshold, value), math.inf, value <= threshold, False)


def _threshold_smoothness(threshold: float, value: float) -> Smoothness:
    return "C0" if value == threshold else "discontinuous"


SMELU_SOURCE = "Shamir, Lin, Coviello 2020, Smooth activations and reproducibility in deep networks"

DEFINITIONS = (
    Definition(
        name="identity",
        aliases=("linear",),
        summary="Returns its input unchanged",
        formula="x",
        grad_formula="1",
        latex="x",
        value=lambda x: x.copy(),
        grad=_one,
        grad2=zero,
        exact=lambda mp, x: x,
        output_range=REALS,
        source="jax.nn.identity; keras.activations.linear",
        family="rectifier",
        smoothness="C∞",
        monotonic=True,
        zero_centred=True,
    ),
    Definition(
        name="binary_step",
        aliases=("heaviside", "step"),
        summary="1 at or above the threshold, 0 below",
        formula="1 if x ≥ threshold else 0",
        grad_formula="0 (undefined at the threshold; autograd gives 0)",
        latex=r"1\ (x \geq \theta),\quad 0\ (x < \theta)",
        params=(Param("threshold", 0.0, "where the step happens"),),
        value=lambda x, threshold: keep_nan(x, indicator(x >= threshold)),
        grad=zero,
        grad2=zero,
        exact=lambda mp, x, threshold: mp.mpf(1) if x >= threshold else mp.mpf(0),
        output_range=Interval(0.0, 1.0),
        source="Heaviside step function; McCulloch & Pitts 1943",
        family="rectifier",
        smoothness="discontinuous",
        monotonic=True,
        zero_centred=False,
        kinks=lambda threshold: (Kink(threshold, 0.0, 0.0),),
        examples=("binary_step:threshold=0.5",),
    ),
    Definition(
        name="threshold",
        summary="x above the threshold, a fixed value at or below it",
        formula="x if x > threshold else value",
        grad_formula="1 if x > threshold else 0",
        latex=r"x\ (x > \theta),\quad v\ (x \leq \theta)",
        params=(Param("threshold", 0.0, "inputs at or below this are replaced"),
                Param("value", 0.0, "what replaces them")),
        value=lambda x, threshold, value: np.where(x > threshold, x, keep_nan(x, value)),
        grad=lambda x, threshold, value: _step(x, threshold),
        grad2=zero,
        exact=lambda mp, x, threshold, value: x if x > threshold else mp.mpf(value),
        output_range=_threshold_range,
        source="torch.nn.Threshold; keras.activations.threshold",
        family="rectifier",
        smoothness=_threshold_smoothness,
        monotonic=lambda threshold, value: value <= threshold,
        zero_centred=False,
        kinks=lambda threshold, value: (Kink(threshold, 0.0, 0.0),),
        examples=("threshold:threshold=1,value=-2",),
    ),
    Definition(
        name="relu",
        summary="Rectified linear unit: max(0, x)",
        formula="max(0, x)",
        grad_formula="1 if x > 0 else 0",
        latex=r"\max(0, x)",
        value=lambda x: np.maximum(x, 0.0),
        grad=lambda x: _step(x, 0.0),
        grad2=zero,
        exact=lambda mp, x: mp.mpf(x) if x > 0 else mp.mpf(0),
        output_range=NONNEGATIVE,
        source="Nair & Hinton 2010; torch.nn.ReLU",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        kinks=lambda: (Kink(0.0, 0.0, 0.0),),
    ),
    Definition(
        name="relu6",
        summary="ReLU capped at 6: min(max(0, x), 6)",
        formula="min(max(0, x), 6)",
        grad_formula="1 if 0 < x < 6 else 0",
        latex=r"\min(\max(0, x), 6)",
        value=lambda x: np.clip(x, 0.0, 6.0),
        grad=lambda x: keep_nan(x, indicator((x > 0) & (x < 6))),
        grad2=zero,
        exact=lambda mp, x: min(max(mp.mpf(x), mp.mpf(0)), mp.mpf(6)),
        output_range=Interval(0.0, 6.0),
        source="Krizhevsky 2010; Howard et al. 2017 (MobileNets); torch.nn.ReLU6",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        kinks=lambda: (Kink(0.0, 0.0, 0.0), Kink(6.0, 0.0, 0.0)),
    ),
    _leaky_definition(
        "leaky_relu",
        Param("negative_slope", 0.01, "slope for x < 0 (keras uses 0.2, its layer 0.3)"),
        "ReLU with a small slope for negative inputs",
        "Maas, Hannun, Ng 2013; torch.nn.LeakyReLU",
    ),
    _leaky_definition(
        "prelu",
        Param("a", 0.25, "the learned negative slope (torch's initial value)"),
        "Parametric ReLU: a leaky ReLU whose slope is learned (here fixed)",
        "He et al. 2015, Delving deep into rectifiers; torch.nn.PReLU",
    ),
    Definition(
        name="rrelu",
        summary="Randomized leaky ReLU in evaluation mode: slope (lower+upper)/2",
        formula="x if x ≥ 0 else (lower+upper)/2·x",
        grad_formula="1 if x > 0 else (lower+upper)/2",
        latex=r"x\ (x \geq 0),\quad \frac{l+u}{2}\,x\ (x < 0)",
        params=(Param("lower", 1 / 8, "lower bound of the random slope", "nonnegative"),
                Param("upper", 1 / 3, "upper bound of the random slope", "nonnegative")),
        value=lambda x, lower, upper: _leaky(x, _rrelu_slope(lower, upper)),
        grad=lambda x, lower, upper: _leaky_grad(x, _rrelu_slope(lower, upper)),
        grad2=zero,
        exact=lambda mp, x, lower, upper: _leaky_exact(mp, x, _rrelu_slope(lower, upper)),
        output_range=lambda lower, upper: _leaky_range(_rrelu_slope(lower, upper)),
        source="Xu et al. 2015, Empirical evaluation of rectified activations; torch.nn.RReLU",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        kinks=lambda lower, upper: _leaky_kinks(_rrelu_slope(lower, upper)),
        check=_rrelu_check,
        examples=("rrelu:lower=0.1,upper=0.3",),
    ),
    Definition(
        name="hard_tanh",
        aliases=("hardtanh",),
        summary="x clipped to [min_val, max_val]",
        formula="min(max(x, min_val), max_val)",
        grad_formula="1 if min_val < x < max_val else 0",
        latex=r"\min(\max(x, a), b)",
        params=(Param("min_val", -1.0, "lower clip"), Param("max_val", 1.0, "upper clip")),
        value=lambda x, min_val, max_val: np.clip(x, min_val, max_val),
        grad=lambda x, min_val, max_val: keep_nan(x, indicator((x > min_val) & (x < max_val))),
        grad2=zero,
        exact=lambda mp, x, min_val, max_val: min(max(mp.mpf(x), mp.mpf(min_val)), mp.mpf(max_val)),
        output_range=lambda min_val, max_val: Interval(min_val, max_val),
        source="Collobert 2004; torch.nn.Hardtanh",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=True,
        kinks=lambda min_val, max_val: (Kink(min_val, 0.0, 1.0), Kink(max_val, 0.0, 1.0)),
        check=_clip_check,
        examples=("hard_tanh:min_val=-2,max_val=3",),
    ),
    Definition(
        name="hard_sigmoid",
        aliases=("hardsigmoid",),
        summary="Piecewise-linear sigmoid: relu6(x + 3) / 6",
        formula="relu6(x + 3) / 6",
        grad_formula="1/6 if -3 < x < 3 else 0",
        latex=r"\frac{\operatorname{ReLU6}(x + 3)}{6}",
        value=_hard_sigmoid,
        grad=lambda x: keep_nan(x, indicator((x > -3) & (x < 3), 1.0 / 6.0)),
        grad2=zero,
        exact=lambda mp, x: min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6,
        output_range=Interval(0.0, 1.0),
        source="Howard et al. 2019 (MobileNetV3); torch.nn.Hardsigmoid",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        kinks=lambda: (Kink(-3.0, 0.0, 0.0), Kink(3.0, 0.0, 0.0)),
    ),
    Definition(
        name="hard_swish",
        aliases=("hardswish", "hard_silu"),
        summary="x · hard_sigmoid(x): a piecewise-quadratic SiLU",
        formula="x · relu6(x + 3) / 6",
        grad_formula="0 if x ≤ -3; (2x + 3)/6 if -3 < x < 3; 1 if x ≥ 3",
        latex=r"x\,\frac{\operatorname{ReLU6}(x + 3)}{6}",
        value=_hard_swish,
        grad=_hard_swish_grad,
        grad2=_hard_swish_grad2,
        exact=lambda mp, x: x * min(max(x + 3, mp.mpf(0)), mp.mpf(6)) / 6,
        output_range=Interval(-0.375, math.inf, True, False),
        source="Howard et al. 2019 (MobileNetV3); torch.nn.Hardswish",
        family="rectifier",
        smoothness="C0",
        monotonic=False,
        zero_centred=False,
        kinks=lambda: (Kink(-3.0, 0.0, 0.0), Kink(3.0, 1.0, 1.0)),
    ),
    Definition(
        name="squared_relu",
        summary="relu(x)²",
        formula="max(0, x)²",
        grad_formula="2·max(0, x)",
        latex=r"\max(0, x)^2",
        value=_squared_relu,
        grad=lambda x: 2.0 * np.maximum(x, 0.0),
        grad2=lambda x: _step(x, 0.0, 2.0),
        exact=lambda mp, x: x * x if x > 0 else mp.mpf(0),
        output_range=NONNEGATIVE,
        source="So et al. 2021, Primer: searching for efficient transformers",
        family="rectifier",
        smoothness="C1",
        monotonic=True,
        zero_centred=False,
        breakpoints=lambda: (0.0,),
    ),
    Definition(
        name="star_relu",
        summary="scale · relu(x)² + bias",
        formula="scale · max(0, x)² + bias",
        grad_formula="2·scale·max(0, x)",
        latex=r"s\,\max(0, x)^2 + b",
        params=(Param("scale", 0.8944, "s, the learnable scale (initial value)"),
                Param("bias", -0.4472, "b, the learnable bias (initial value)")),
        value=_star_relu,
        grad=lambda x, scale, bias: 2.0 * scale * np.maximum(x, 0.0),
        grad2=lambda x, scale, bias: _step(x, 0.0, 2.0 * scale),
        exact=lambda mp, x, scale, bias: scale * (x * x if x > 0 else 0) + mp.mpf(bias),
        output_range=lambda scale, bias: (
            Interval(bias, math.inf, True, False) if scale > 0
            else Interval(-math.inf, bias, False, True) if scale < 0
            else Interval(bias, bias)
        ),
        source="Yu et al. 2022, MetaFormer baselines for vision",
        family="rectifier",
        smoothness="C1",
        monotonic=lambda scale, bias: scale >= 0,
        zero_centred=False,
        examples=("star_relu:scale=1,bias=-2",),
        breakpoints=_star_breakpoints,
    ),
    Definition(
        name="smelu",
        summary="Smooth ReLU: a quadratic bridge of width 2·beta between 0 and x",
        formula="0 if x ≤ -β; (x + β)²/(4β) if |x| < β; x if x ≥ β",
        grad_formula="0 if x ≤ -β; (x + β)/(2β) if |x| < β; 1 if x ≥ β",
        latex=r"0,\ \frac{(x+\beta)^2}{4\beta},\ x\ \ (x \leq -\beta,\ |x| < \beta,\ x \geq \beta)",
        params=(Param("beta", 1.0, "half-width of the quadratic region", "nonnegative"),),
        value=_smelu,
        grad=_smelu_grad,
        grad2=_smelu_grad2,
        exact=_smelu_exact,
        output_range=NONNEGATIVE,
        source=SMELU_SOURCE,
        family="rectifier",
        smoothness=lambda beta: "C1" if beta > 0 else "C0",
        monotonic=True,
        zero_centred=False,
        kinks=_smelu_kinks,
        breakpoints=lambda beta: (-beta, beta),
        examples=("smelu:beta=2.5",),
    ),
    Definition(
        name="sparse_plus",
        summary="Piecewise-quadratic softplus: 0, (x + 1)²/4, x",
        formula="0 if x ≤ -1; (x + 1)²/4 if -1 < x < 1; x if x ≥ 1",
        grad_formula="sparse_sigmoid(x)",
        latex=r"0,\ \frac{(x+1)^2}{4},\ x\ \ (x \leq -1,\ |x| < 1,\ x \geq 1)",
        value=lambda x: _smelu(x, 1.0),
        grad=lambda x: _smelu_grad(x, 1.0),
        grad2=lambda x: _smelu_grad2(x, 1.0),
        exact=lambda mp, x: _smelu_exact(mp, x, 1.0),
        output_range=NONNEGATIVE,
        source="jax.nn.sparse_plus; keras.activations.sparse_plus",
        family="rectifier",
        smoothness="C1",
        monotonic=True,
        zero_centred=False,
        breakpoints=lambda: (-1.0, 1.0),
    ),
    Definition(
        name="sparse_sigmoid",
        summary="Piecewise-linear sigmoid reaching 0 and 1: clip((x + 1)/2, 0, 1)",
        formula="clip((x + 1)/2, 0, 1)",
        grad_formula="1/2 if -1 < x < 1 else 0",
        latex=r"\operatorname{clip}\left(\frac{x+1}{2}, 0, 1\right)",
        value=lambda x: np.clip(0.5 * (x + 1.0), 0.0, 1.0),
        grad=lambda x: keep_nan(x, indicator((x > -1) & (x < 1), 0.5)),
        grad2=zero,
        exact=lambda mp, x: min(max((x + 1) / 2, mp.mpf(0)), mp.mpf(1)),
        output_range=Interval(0.0, 1.0),
        source="Martins & Astudillo 2016 (sparsemax's 1-D case); jax.nn.sparse_sigmoid",
        family="rectifier",
        smoothness="C0",
        monotonic=True,
        zero_centred=False,
        # jax differentiates clip as max/min, each giving 1/2 on a tie: 1/2 · 1/2.
        kinks=lambda: (Kink(-1.0, 0.25, 0.25), Kink(1.0, 0.25, 0.25)),
    ),
)
