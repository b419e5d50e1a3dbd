"""An activation function with its parameters bound: callable on arrays and scalars."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from actcli.definition import Array, Convention, Definition, Interval, Kink, ParamValue
from actcli.dtypes import round_to
from actcli.errors import ActcliError
from actcli.numfmt import format_compact
from actcli.stable import call_into, in_blocks, is_single_pass, writes_into


class Activation:
    """`f(x)`, `f.grad(x)` and `f.grad2(x)` for one function and parameter set.

    Inputs are rounded to `dtype` first, then everything is computed in float64 and the result
    rounded once to `dtype`, so results in narrow types are correctly rounded.
    """

    def __init__(
        self, definition: Definition, params: Mapping[str, ParamValue], explicit: tuple[str, ...] = ()
    ) -> None:
        self.definition = definition
        self.params: dict[str, ParamValue] = dict(params)
        self.explicit = explicit
        self._kinks_to_patch: dict[Convention, list[Kink]] = {}

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def spec(self) -> str:
        """Canonical text that `actcli.get` turns back into this activation."""
        if not self.explicit:
            return self.name
        return f"{self.name}:" + ",".join(f"{k}={self._param_text(k)}" for k in self.explicit)

    @property
    def label(self) -> str:
        """Human label for legends and headings: `elu (alpha=0.5)`."""
        if not self.explicit:
            return self.name
        return f"{self.name} (" + ", ".join(f"{k}={self._param_text(k)}" for k in self.explicit) + ")"

    @property
    def output_range(self) -> Interval:
        return self.definition.range_for(self.params)

    @property
    def kinks(self) -> tuple[Kink, ...]:
        return self.definition.kinks_for(self.params)

    @property
    def vector(self) -> bool:
        return self.definition.vector

    def _param_text(self, key: str) -> str:
        value = self.params[key]
        return value if isinstance(value, str) else format_compact(value)

    def __repr__(self) -> str:
        return f"actcli.get({self.spec!r})"

    def __call__(self, x: ArrayLike, dtype: str = "float64") -> Any:
        """The function's value."""
        return self._evaluate(self.definition.value, x, dtype)

    def grad(self, x: ArrayLike, dtype: str = "float64", convention: Convention = "torch") -> Any:
        """The first derivative (the Jacobian for vector functions); at kinks, `convention`'s value."""
        kinks = self._kinks_needing_a_pass(convention)

        @writes_into
        def first(x64: Array, out: Array | None = None, **params: ParamValue) -> Array:
            g = call_into(self.definition.grad, x64, out, **params)
            for kink in kinks:
                at_kink = x64 == kink.x
                if at_kink.any():
                    g = np.where(at_kink, kink.grad(convention), g)
                    if out is not None:
                        out[...] = g
            return g

        return self._evaluate(first, x, dtype, blocked=not is_single_pass(self.definition.grad))

    def _kinks_needing_a_pass(self, convention: Convention) -> list[Kink]:
        """The kinks where the derivative's formula does not give the convention's value (a kink
        where it does needs no pass over the data); worked out once per convention."""
        if convention not in self._kinks_to_patch:
            self._kinks_to_patch[convention] = [
                kink for kink in self.kinks if not self._formula_gives(kink, convention)
            ]
        return self._kinks_to_patch[convention]

    def _formula_gives(self, kink: Kink, convention: Convention) -> bool:
        """Whether the derivative's formula, evaluated at the kink, gives the convention's value."""
        if self.vector:
            return False
        at_kink = self.definition.grad(np.array([kink.x]), **self.params)[0]
        wanted = kink.grad(convention)
        return bool(at_kink == wanted and np.signbit(at_kink) == np.signbit(wanted))

    def grad2(self, x: ArrayLike, dtype: str = "float64") -> Any:
        """The second derivative."""
        if self.definition.grad2 is None:
            raise ActcliError(f"{self.name} has no second derivative in actcli")
        return self._evaluate(self.definition.grad2, x, dtype)

    def derivative(self, order: int) -> Callable[..., Any]:
        """The value (order 0), `grad` (1) or `grad2` (2) as one callable."""
        return {0: self.__call__, 1: self.grad, 2: self.grad2}[order]

    def _evaluate(self, fn: Callable[..., Array], x: ArrayLike, dtype: str, blocked: bool = True) -> Any:
        data = np.asarray(x)
        if data.dtype.kind not in "biuf" and data.dtype.name != "bfloat16":
            raise ActcliError(f"expected real numbers, got an array of {data.dtype}")
        x64 = np.asarray(data if dtype == "float64" else round_to(data, dtype), dtype=np.float64)
        if self.vector and x64.ndim != 1:
            raise ActcliError(f"{self.name} acts on a 1-D vector, got shape {x64.shape}")
        # A result beyond float64's range rounds to ±inf, which is the correct answer; an
        # intermediate overflow that spoils a finite result is caught by the ULP tests instead.
        # Element-wise functions run in cache-sized blocks: their careful formulas make several
        # passes over the data, and in blocks those passes cost little more than one.
        run = in_blocks(fn) if blocked and not self.vector else fn
        with np.errstate(over="ignore"):
            result: NDArray[Any] = round_to(run(x64, **self.params), dtype)
        return result[()] if result.ndim == 0 else result
