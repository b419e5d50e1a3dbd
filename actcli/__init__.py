"""actcli: evaluate, differentiate, plot and compare neural-network activation functions."""

from actcli.activation import Activation
from actcli.errors import ActcliError
from actcli.registry import definitions, get, lookup, names

__version__ = "0.1.0"
__all__ = ["ActcliError", "Activation", "__version__", "definitions", "get", "lookup", "names"]
