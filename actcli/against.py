"""Evaluating the same functions in PyTorch or JAX and measuring how far they are from actcli.

Both libraries are optional (`pip install 'actcli[torch]'`, `'actcli[jax]'`) and imported only
here, only when asked. Values come from the library's function, derivatives from its autograd,
both in the requested dtype; the difference is measured in ULP of that dtype at actcli's value
(actcli rounds once from float64, so in narrow types it is the correctly rounded answer).
Derivatives are compared under the library's own kink convention, and each kink is checked
on its own: the library's autograd there, against the value the registry says it gives.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from actcli.activation import Activation
from actcli.definition import Convention, ParamValue
from actcli.errors import ActcliError

Library = Literal["torch", "jax"]
LIBRARIES: tuple[Library, ...] = ("torch", "jax")
PRETTY = {"torch": "PyTorch", "jax": "JAX"}

# name -> (the library's function as people write it, or a function of the parameters giving that;
# the call; which parameter sets it can take, None for all).
Call = Callable[..., Any]
Entry = tuple[str | Callable[..., str], Call, Callable[..., bool] | None]


@dataclass(frozen=True)
class KinkCheck:
    """One kink of a function: the derivative each library's convention gives there (from the
    registry), and what the library under test actually returned."""

    x: float
    torch: float
    jax: float
    measured: float
    expected: float

    @property
    def conventions_differ(self) -> bool:
        return self.torch != self.jax

    @property
    def agrees(self) -> bool:
        return self.measured == self.expected or (math.isnan(self.measured) and math.isnan(self.expected))


@dataclass(frozen=True)
class Check:
    """One function against the library: the largest difference in ULP of the value and of the
    derivative over the points, with where it occurs, the largest absolute difference of the
    value (for scale: a huge ULP count in a tail can be a tiny absolute error), and every kink.

    `function` is None (and the numbers NaN) when the library has no equivalent; `note` says why."""

    spec: str
    function: str | None
    max_ulp: float
    max_ulp_at: float
    grad_max_ulp: float
    grad_max_ulp_at: float
    max_abs: float
    kinks: tuple[KinkCheck, ...]
    note: str = ""


@dataclass(frozen=True)
class Report:
    """The checks of every function against one library, version and dtype, on `points` inputs."""

    library: Library
    version: str
    dtype: str
    points: int
    checks: tuple[Check, ...]


def available(library: Library) -> bool:
    """Whether `library` can be imported (without importing it)."""
    return importlib.util.find_spec(library) is not None


def require(library: str, context: str | None = None) -> None:
    """An ActcliError saying how to install `library` when it is missing (or unknown)."""
    if library not in LIBRARIES:
        raise ActcliError(f"cannot compare against {library!r}: choose {' or '.join(LIBRARIES)}")
    if not available(library):
        what = context or f"comparing against {library}"
        raise ActcliError(f"{what} needs {PRETTY[library]}: pip install 'actcli[{library}]'")


def _torch_entries() -> dict[str, Entry]:
    torch = _module("torch")
    F = _module("torch.nn.functional")

    def prelu(x: Any, a: float) -> Any:
        return F.prelu(x, torch.tensor([a], dtype=x.dtype))

    return {
        "identity": ("torch.nn.Identity", lambda x: x, None),
        "threshold": ("F.threshold", lambda x, threshold, value: F.threshold(x, threshold, value), None),
        "relu": ("F.relu", F.relu, None),
        "relu6": ("F.relu6", F.relu6, None),
        "leaky_relu": ("F.leaky_relu", lambda x, negative_slope: F.leaky_relu(x, negative_slope), None),
        "prelu": ("F.prelu", prelu, None),
        "rrelu": ("F.rrelu (eval)", lambda x, lower, upper: F.rrelu(x, lower, upper, training=False), None),
        "hard_tanh": ("F.hardtanh", lambda x, min_val, max_val: F.hardtanh(x, min_val, max_val), None),
        "hard_sigmoid": ("F.hardsigmoid", F.hardsigmoid, None),
        "hard_swish": ("F.hardswish", F.hardswish, None),
        "elu": ("F.elu", lambda x, alpha: F.elu(x, alpha), None),
        "celu": ("F.celu", lambda x, alpha: F.celu(x, alpha), None),
        "selu": ("F.selu", F.selu, None),
        "gelu": (lambda approximate: "F.gelu" + ("(approximate='tanh')" if approximate == "tanh" else ""),
                 lambda x, approximate: F.gelu(x, approximate=approximate), None),
        "gelu_tanh": ("F.gelu(approximate='tanh')", lambda x: F.gelu(x, approximate="tanh"), None),
        "sigmoid": ("torch.sigmoid", torch.sigmoid, None),
        "log_sigmoid": ("F.logsigmoid", F.logsigmoid, None),
        "silu": ("F.silu", F.silu, None),
        "mish": ("F.mish", F.mish, None),
        "tanh": ("torch.tanh", torch.tanh, None),
        "softplus": ("F.softplus", lambda x, beta, threshold: F.softplus(x, beta, threshold), None),
        "softsign": ("F.softsign", F.softsign, None),
        "hard_shrink": ("F.hardshrink", lambda x, lambd: F.hardshrink(x, lambd), None),
        "soft_shrink": ("F.softshrink", lambda x, lambd: F.softshrink(x, lambd), None),
        "tanh_shrink": ("F.tanhshrink", F.tanhshrink, None),
    }


def _jax_entries() -> dict[str, Entry]:
    jnp = _module("jax.numpy")
    nn = _module("jax.nn")

    def defaults(**wanted: float) -> Callable[..., bool]:
        return lambda **params: all(params[k] == v for k, v in wanted.items())

    entries: dict[str, Entry] = {
        "identity": ("jax.nn.identity", lambda x: x, None),
        "relu": ("jax.nn.relu", nn.relu, None),
        "relu6": ("jax.nn.relu6", nn.relu6, None),
        "leaky_relu": ("jax.nn.leaky_relu",
                       lambda x, negative_slope: nn.leaky_relu(x, negative_slope), None),
        "hard_tanh": ("jax.nn.hard_tanh", lambda x, min_val, max_val: nn.hard_tanh(x),
                      defaults(min_val=-1.0, max_val=1.0)),
        "hard_sigmoid": ("jax.nn.hard_sigmoid", nn.hard_sigmoid, None),
        "hard_swish": ("jax.nn.hard_silu", nn.hard_silu, None),
        "elu": ("jax.nn.elu", lambda x, alpha: nn.elu(x, alpha), None),
        "celu": ("jax.nn.celu", lambda x, alpha: nn.celu(x, alpha), None),
        "selu": ("jax.nn.selu", nn.selu, None),
        "gelu": (lambda approximate: f"jax.nn.gelu(approximate={approximate == 'tanh'})",
                 lambda x, approximate: nn.gelu(x, approximate=approximate == "tanh"), None),
        "gelu_tanh": ("jax.nn.gelu(approximate=True)", lambda x: nn.gelu(x, approximate=True), None),
        "sigmoid": ("jax.nn.sigmoid", nn.sigmoid, None),
        "log_sigmoid": ("jax.nn.log_sigmoid", nn.log_sigmoid, None),
        "silu": ("jax.nn.silu", nn.silu, None),
        "tanh": ("jax.numpy.tanh", jnp.tanh, None),
        "softplus": ("jax.nn.softplus", lambda x, beta, threshold: nn.softplus(x),
                     defaults(beta=1.0, threshold=math.inf)),
        "softsign": ("jax.nn.soft_sign", nn.soft_sign, None),
        "sparse_plus": ("jax.nn.sparse_plus", nn.sparse_plus, None),
        "sparse_sigmoid": ("jax.nn.sparse_sigmoid", nn.sparse_sigmoid, None),
    }
    if hasattr(nn, "mish"):
        entries["mish"] = ("jax.nn.mish", nn.mish, None)
    if hasattr(nn, "squareplus"):
        entries["squareplus"] = ("jax.nn.squareplus", lambda x, b: nn.squareplus(x, b), None)
    return entries


def _takes(call: Call, params: Mapping[str, ParamValue]) -> bool:
    """Whether `call` takes exactly these parameters after x (a library function taking only x
    fits a function without parameters)."""
    try:
        signature = inspect.signature(call)
    except (TypeError, ValueError):
        return not params
    names = list(signature.parameters)[1:]
    if any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
        return True
    if not params:
        return all(p.default is not p.empty for p in list(signature.parameters.values())[1:])
    return set(names) == set(params)


class _Backend:
    """One library: its version, its functions, and evaluation of a value and its autograd."""

    def __init__(self, library: Library, dtype: str) -> None:
        self.library = library
        self.dtype = dtype
        if library == "torch":
            torch = _module("torch")

            self.version = str(torch.__version__)
            self.entries = _torch_entries()
            self.native = {"float64": torch.float64, "float32": torch.float32, "float16": torch.float16,
                           "bfloat16": torch.bfloat16}[dtype]
        else:
            jax = _module("jax")
            jax.config.update("jax_enable_x64", True)  # float64 is what actcli computes in
            jnp = _module("jax.numpy")

            self.version = str(jax.__version__)
            self.entries = _jax_entries()
            self.native = {"float64": jnp.float64, "float32": jnp.float32, "float16": jnp.float16,
                           "bfloat16": jnp.bfloat16}[dtype]

    def evaluate(self, call: Call, xs: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The value and the autograd derivative at each of xs (already representable in dtype)."""
        if self.library == "torch":
            torch = _module("torch")
            tensor = torch.tensor(xs, dtype=torch.float64).to(self.native).requires_grad_()
            out = call(tensor)
            (g,) = torch.autograd.grad(out, tensor, grad_outputs=torch.ones_like(out), allow_unused=True)
            grad = torch.zeros_like(tensor) if g is None else g
            return (np.array(out.detach().to(torch.float64).numpy(), dtype=np.float64),
                    np.array(grad.detach().to(torch.float64).numpy(), dtype=np.float64))
        jax = _module("jax")
        jnp = _module("jax.numpy")
        array = jnp.asarray(xs, dtype=jnp.float64).astype(self.native)
        values = call(array)
        grads = jax.vmap(jax.grad(call))(array)
        return (np.array(jnp.asarray(values, dtype=jnp.float64), dtype=np.float64),
                np.array(jnp.asarray(grads, dtype=jnp.float64), dtype=np.float64))


def _module(name: str) -> Any:
    """An optional library's module (typed loosely: actcli type-checks without torch or jax)."""
    return importlib.import_module(name)


def ulp_differences(library: NDArray[np.float64], actcli: NDArray[np.float64], dtype: str) -> NDArray[np.float64]:
    """|library - actcli| in ULP of `dtype` at actcli's value: accuracy.ulp_errors with actcli's
    (finite, already rounded to dtype) value as the reference, in numpy rather than mpmath since
    the reference is itself a float. A non-finite result where actcli's is finite counts as an
    infinite error; where actcli's is not finite, 0 when the library's is the same, else inf."""
    from actcli.accuracy import FORMATS

    fmt = FORMATS[dtype]
    got = np.asarray(library, dtype=np.float64)
    want = np.asarray(actcli, dtype=np.float64)
    finite = np.isfinite(want)
    safe = np.where(finite, want, 1.0)
    exponent = np.where(safe == 0, fmt.min_exponent, np.frexp(safe)[1] - 1)
    ulp = np.ldexp(1.0, np.maximum(exponent, fmt.min_exponent) - (fmt.bits - 1))
    with np.errstate(invalid="ignore", over="ignore"):
        errors = np.where(np.isfinite(got), np.abs(got - safe) / ulp, math.inf)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    return np.where(finite, errors, np.where(same, 0.0, math.inf))


def _worst(errors: NDArray[np.float64], xs: NDArray[np.float64]) -> tuple[float, float]:
    """The largest error and the first x where it occurs (NaN when there is no error at all)."""
    if errors.size == 0 or not np.any(errors):
        return 0.0, math.nan
    k = int(np.argmax(errors))
    return float(errors[k]), float(xs[k])


def check(library: Library, activations: Sequence[Activation], xs: NDArray[np.float64],
          dtype: str = "float64") -> Report:
    """Each function evaluated in `library` at `xs` and at its kinks, against actcli."""
    require(library)
    from actcli.dtypes import round_to

    backend = _Backend(library, dtype)
    convention: Convention = library
    points = np.unique(round_to(np.asarray(xs, dtype=np.float64), dtype).astype(np.float64))
    points = points[np.isfinite(points)]
    checks = []
    for activation in activations:
        if activation.vector:
            raise ActcliError(f"{activation.name} acts on a whole vector; compare takes element-wise functions")
        found = _library_call(backend, activation)
        if isinstance(found, str):
            checks.append(_missing(activation, found))
            continue
        function, bound = found
        values, grads = backend.evaluate(bound, points)
        ours = np.asarray(activation(points, dtype=dtype), dtype=np.float64)
        our_grads = np.asarray(activation.grad(points, dtype=dtype, convention=convention), dtype=np.float64)
        max_ulp, max_at = _worst(ulp_differences(values, ours, dtype), points)
        grad_ulp, grad_at = _worst(ulp_differences(grads, our_grads, dtype), points)
        kinks = []
        for kink in activation.kinks:
            at = float(np.asarray(round_to(np.array([kink.x]), dtype), dtype=np.float64)[0])
            _, measured = backend.evaluate(bound, np.array([at]))
            expected = float(np.asarray(round_to(np.array([kink.grad(convention)]), dtype), dtype=np.float64)[0])
            kinks.append(KinkCheck(kink.x, kink.torch, kink.jax, float(measured[0]), expected))
        with np.errstate(invalid="ignore"):
            gaps = np.where(values == ours, 0.0, np.abs(values - ours))
        max_abs = float(np.nanmax(gaps)) if gaps.size and not np.all(np.isnan(gaps)) else 0.0
        checks.append(Check(activation.spec, function, max_ulp, max_at, grad_ulp, grad_at, max_abs, tuple(kinks)))
    return Report(library, backend.version, dtype, int(points.size), tuple(checks))


def _library_call(backend: _Backend, activation: Activation) -> tuple[str, Call] | str:
    """The library's function as people write it and a call of it at x with the activation's
    parameters, or why the library has none."""
    entry = backend.entries.get(activation.name)
    if entry is None:
        return f"{PRETTY[backend.library]} has no {activation.name}"
    text, call, accepts = entry
    params = activation.params
    if not _takes(call, params) or (accepts is not None and not accepts(**params)):
        where = text if isinstance(text, str) else PRETTY[backend.library]
        return f"{where} cannot take {activation.spec}'s parameters"

    def bound(x: Any) -> Any:
        return call(x, **params)

    return (text if isinstance(text, str) else text(**params)), bound


def library_values(library: Library, activation: Activation, xs: NDArray[np.float64],
                   order: int) -> NDArray[np.float64] | None:
    """The library's float64 value (order 0) or autograd derivative (1) at xs; None where it has
    no such function or the order is not measured."""
    backend = _Backend(library, "float64")
    found = _library_call(backend, activation)
    if isinstance(found, str) or order > 1:
        return None
    return backend.evaluate(found[1], np.asarray(xs, dtype=np.float64))[order]


def _missing(activation: Activation, note: str) -> Check:
    return Check(activation.spec, None, math.nan, math.nan, math.nan, math.nan, math.nan, (), note)
