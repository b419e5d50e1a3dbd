"""The floating-point types results can be computed in, and rounding into them."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from actcli.errors import ActcliError

DTYPES = ("float64", "float32", "float16", "bfloat16")


def numpy_dtype(name: str) -> np.dtype[Any]:
    """The numpy dtype for a dtype name; bfloat16 comes from ml_dtypes, imported only when asked."""
    if name not in DTYPES:
        raise ActcliError(f"unknown dtype {name!r} (choose from {', '.join(DTYPES)})")
    if name == "bfloat16":
        import ml_dtypes

        bfloat16: np.dtype[Any] = np.dtype(ml_dtypes.bfloat16)
        return bfloat16
    return np.dtype(name)


def round_to(values: NDArray[Any], name: str) -> NDArray[Any]:
    """Round float64 `values` once to the type `name`; out-of-range values become ±inf as the type's
    own cast would, without a warning."""
    if name == "float64":
        return np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float64).astype(numpy_dtype(name))
