"""What a registry entry is: an activation function's maths and facts, before parameters are bound."""

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from actcli.errors import ParameterError
from actcli.numfmt import format_compact

Array = NDArray[np.float64]
ParamValue = float | str
Params = Mapping[str, ParamValue]
Convention = Literal["torch", "jax"]
CONVENTIONS: tuple[Convention, ...] = ("torch", "jax")

Constraint = Literal["real", "finite", "positive", "nonnegative"]
_CONSTRAINT_TEXT = {
    "real": "a number",
    "finite": "a finite number",
    "positive": "a finite number > 0",
    "nonnegative": "a finite number >= 0",
}


class Param(NamedTuple):
    """One parameter of a function: its default, meaning and allowed values."""

    name: str
    default: ParamValue
    doc: str
    constraint: Constraint = "finite"
    choices: tuple[str, ...] = ()

    def parse(self, text: str, owner: str) -> ParamValue:
        """Turn the text after `NAME=` into a validated value."""
        if self.choices:
            value = text.strip().lower()
            if value not in self.choices:
                raise ParameterError(
                    f"{owner}: {self.name} must be one of {', '.join(self.choices)}, not {text!r}"
                )
            return value
        try:
            number = float(text)
        except ValueError:
            raise ParameterError(
                f"{owner}: {self.name} must be {_CONSTRAINT_TEXT[self.constraint]}, not {text!r}"
            ) from None
        self.check(number, owner)
        return number

    def check(self, number: float, owner: str) -> None:
        """Raise ParameterError when `number` is outside this parameter's domain."""
        ok = {
            "real": not math.isnan(number),
            "finite": math.isfinite(number),
            "positive": math.isfinite(number) and number > 0,
            "nonnegative": math.isfinite(number) and number >= 0,
        }[self.constraint]
        if not ok:
            raise ParameterError(
                f"{owner}: {self.name} must be {_CONSTRAINT_TEXT[self.constraint]}, "
                f"not {format_compact(number)}"
            )


class Interval(NamedTuple):
    """A set of real numbers [lo, hi], each end open or closed."""

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def __str__(self) -> str:
        left = "[" if self.lo_closed and math.isfinite(self.lo) else "("
        right = "]" if self.hi_closed and math.isfinite(self.hi) else ")"
        return f"{left}{_end(self.lo)}, {_end(self.hi)}{right}"

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)


def _end(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return format_compact(value)


REALS = Interval(-math.inf, math.inf, False, False)


class Kink(NamedTuple):
    """A point where the derivative jumps, and the value each library's autograd gives there."""

    x: float
    torch: float
    jax: float

    def grad(self, convention: Convention) -> float:
        return self.torch if convention == "torch" else self.jax


Smoothness = Literal["discontinuous", "C0", "C1", "C2", "C∞"]


class Definition(NamedTuple):
    """A registry entry. Element-wise functions take and return arrays of one shape;
    vector functions map a 1-D array to a 1-D array and their `grad` is the Jacobian.

    `kinks` are the points where the first derivative jumps, with each library's value there;
    `breakpoints` are further points where a formula switches pieces (in the maths or in the
    implementation): the accuracy grid samples both, with their neighbours.

    `examples` are specs with non-default parameters, shown by `info` and checked by the tests.
    `exact(mp, x, **params)` is the value written with mpmath (passed in as `mp`, so that mpmath
    is imported only by the code that checks accuracy); it is the reference for the value and,
    through `mp.diff`, for every derivative. `source` is the paper or library it comes from.
    """

    name: str
    summary: str
    formula: str
    grad_formula: str
    latex: str
    value: Callable[..., Array]
    grad: Callable[..., Array]
    grad2: Callable[..., Array] | None
    exact: Callable[..., Any]
    output_range: Interval | Callable[..., Interval]
    source: str
    family: str
    smoothness: Smoothness | Callable[..., Smoothness]
    monotonic: bool | Callable[..., bool]
    zero_centred: bool
    aliases: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    kinks: Callable[..., tuple[Kink, ...]] | None = None
    breakpoints: Callable[..., tuple[float, ...]] | None = None
    check: Callable[..., str | None] | None = None
    vector: bool = False
    examples: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def bind_params(self, given: Mapping[str, Any]) -> dict[str, ParamValue]:
        """Merge `given` (text or numbers) over the defaults, validating each value."""
        by_name = {p.name: p for p in self.params}
        values = self.defaults()
        for key, raw in given.items():
            param = by_name.get(key.strip().lower())
            if param is None:
                known = ", ".join(by_name) or "none"
                raise ParameterError(f"{self.name} has no parameter {key!r} (parameters: {known})")
            if isinstance(raw, str):
                values[param.name] = param.parse(raw, self.name)
            elif param.choices:
                values[param.name] = param.parse(str(raw), self.name)
            else:
                param.check(float(raw), self.name)
                values[param.name] = float(raw)
        if self.check is not None:
            problem = self.check(**values)
            if problem:
                raise ParameterError(f"{self.name}: {problem}")
        return values

    def range_for(self, params: Params) -> Interval:
        if isinstance(self.output_range, Interval):
            return self.output_range
        return self.output_range(**params)

    def is_monotonic(self, params: Params) -> bool:
        if isinstance(self.monotonic, bool):
            return self.monotonic
        return self.monotonic(**params)

    def smoothness_for(self, params: Params) -> Smoothness:
        if isinstance(self.smoothness, str):
            return self.smoothness
        return self.smoothness(**params)

    def kinks_for(self, params: Params) -> tuple[Kink, ...]:
        return self.kinks(**params) if self.kinks is not None else ()

    def breakpoints_for(self, params: Params) -> tuple[float, ...]:
        """Kinks and breakpoints, sorted."""
        extra = self.breakpoints(**params) if self.breakpoints is not None else ()
        return tuple(sorted({k.x for k in self.kinks_for(params)} | set(extra)))
