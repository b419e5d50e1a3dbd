"""Finding registry entries by name or alias, and binding their parameters."""

from __future__ import annotations

import importlib
from functools import cache

from actcli.activation import Activation
from actcli.definition import Definition
from actcli.errors import UnknownFunctionError
from actcli.spec import parse_spec

BUILTIN_MODULES = (
    "actcli.functions.rectifiers",
    "actcli.functions.exponential",
    "actcli.functions.sigmoidal",
    "actcli.functions.gated",
    "actcli.functions.shrink",
    "actcli.functions.periodic",
    "actcli.functions.vector",
)


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


@cache
def _catalogue() -> tuple[dict[str, Definition], dict[str, str]]:
    definitions: dict[str, Definition] = {}
    aliases: dict[str, str] = {}
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(module_name)
        for definition in module.DEFINITIONS:
            definitions[definition.name] = definition
            for alias in definition.aliases:
                aliases[_key(alias)] = definition.name
    return definitions, aliases


def definitions() -> list[Definition]:
    """Every registry entry, in catalogue order."""
    return list(_catalogue()[0].values())


def names() -> list[str]:
    """Canonical names of every function, in catalogue order."""
    return list(_catalogue()[0])


def lookup(name: str) -> Definition:
    """The entry called `name` (case-insensitive, aliases resolve), or a did-you-mean error."""
    table, aliases = _catalogue()
    key = _key(name)
    found = table.get(key) or table.get(aliases.get(key, ""))
    if found is not None:
        return found
    import difflib

    close = difflib.get_close_matches(key, [*table, *aliases], n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; see 'actcli list'"
    raise UnknownFunctionError(f"unknown function {name!r}{hint}")


def get(spec: str) -> Activation:
    """The activation named by `spec`, e.g. `get("elu:alpha=0.5")`."""
    name, given = parse_spec(spec)
    definition = lookup(name)
    params = definition.bind_params(given)
    order = [p.name for p in definition.params]
    explicit = tuple(sorted({k.strip().lower() for k in given}, key=order.index))
    return Activation(definition, params, explicit)
