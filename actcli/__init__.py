"""actcli: evaluate, differentiate, plot and compare neural-network activation functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actcli.errors import ActcliError

if TYPE_CHECKING:
    from actcli.activation import Activation
    from actcli.registry import definitions, get, lookup, names

__version__ = "0.1.0"
__all__ = ["ActcliError", "Activation", "__version__", "definitions", "get", "lookup", "names"]


def __getattr__(name: str) -> Any:
    """The numeric API, imported on first use, so that `actcli --help` and shell completion never
    load numpy."""
    if name == "Activation":
        from actcli.activation import Activation

        return Activation
    if name in ("definitions", "get", "lookup", "names"):
        from actcli import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'actcli' has no attribute {name!r}")
