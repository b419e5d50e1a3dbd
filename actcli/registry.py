"""Finding registry entries by name or alias, and binding their parameters.

Functions are registered through the entry-point group `actcli.activations`: built-ins in
actcli's own pyproject.toml, plugins in theirs. An entry point's name is a function name or alias
and its value a module (whose DEFINITIONS hold it) or `module:attribute` (a Definition or a
sequence of them). Names are read from the installed metadata without importing anything, and
a module is imported only when one of its functions is asked for.
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import cache
from typing import TYPE_CHECKING

from actcli.errors import UnknownFunctionError
from actcli.spec import parse_spec

if TYPE_CHECKING:  # both need numpy, which names and completion must not load
    from actcli.activation import Activation
    from actcli.definition import Definition

GROUP = "actcli.activations"
# Catalogue order for `list`; also what is registered when actcli runs from an uninstalled tree.
BUILTIN_MODULES = (
    "actcli.functions.rectifiers",
    "actcli.functions.exponential",
    "actcli.functions.sigmoidal",
    "actcli.functions.gaussian_error",
    "actcli.functions.gated",
    "actcli.functions.shrink",
    "actcli.functions.periodic",
    "actcli.functions.vector",
)


def _key(name: str) -> str:
    return name.strip().lower().replace("-", "_")


@cache
def entry_points() -> dict[str, str]:
    """Every registered name and alias, with the module or object that defines it."""
    found: dict[str, str] = {}
    for directory in sys.path:
        for path in _entry_point_files(directory or "."):
            for name, target in _read_group(path):
                found.setdefault(_key(name), target)  # the first on sys.path wins, as for imports
    if not any(target in BUILTIN_MODULES for target in found.values()):
        for module_name in BUILTIN_MODULES:  # a source tree that was never installed
            for definition in _load(module_name):
                for name in (definition.name, *definition.aliases):
                    found.setdefault(_key(name), module_name)
    return found


def _entry_point_files(directory: str) -> list[str]:
    # importlib.metadata would cost 30 ms of start-up; the files it reads are simple to read here.
    try:
        entries = os.listdir(directory)
    except OSError:
        return []
    return [os.path.join(directory, entry, "entry_points.txt") for entry in entries
            if entry.endswith((".dist-info", ".egg-info"))]


def _read_group(path: str) -> list[tuple[str, str]]:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError:
        return []
    pairs: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == GROUP and "=" in line and not line.startswith(("#", ";")):
            name, _, target = line.partition("=")
            pairs.append((name.strip(), target.split("[")[0].strip()))
    return pairs


@cache
def _load(target: str) -> tuple[Definition, ...]:
    """The definitions behind one entry point; a plugin that fails to load is skipped with a warning."""
    from actcli.definition import Definition

    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        found = getattr(module, attribute) if attribute else module.DEFINITIONS
        definitions = (found,) if isinstance(found, Definition) else tuple(found)
        if not all(isinstance(d, Definition) for d in definitions):
            raise TypeError("it does not provide actcli Definition objects")
    except Exception as error:  # third-party code may fail in any way: warn and go on without it
        if target in BUILTIN_MODULES:
            raise
        sys.stderr.write(f"actcli: warning: plugin {target} failed to load ({type(error).__name__}: {error})\n")
        return ()
    return definitions


def _targets_in_order() -> list[str]:
    targets = list(dict.fromkeys(entry_points().values()))
    builtin = [t for t in BUILTIN_MODULES if t in targets]
    return builtin + sorted(t for t in targets if t not in BUILTIN_MODULES)


@cache
def _catalogue() -> dict[str, Definition]:
    table: dict[str, Definition] = {}
    for target in _targets_in_order():
        for definition in _load(target):
            table.setdefault(definition.name, definition)
    return table


def definitions() -> list[Definition]:
    """Every registry entry: built-ins in catalogue order, then plugins."""
    return list(_catalogue().values())


def names() -> list[str]:
    """Canonical names of every function, in the order of `definitions`."""
    return list(_catalogue())


def known_names() -> list[str]:
    """Every name and alias, without importing any function module (for completion)."""
    return sorted(entry_points())


def _matches(definition: Definition, key: str) -> bool:
    return definition.name == key or key in (_key(alias) for alias in definition.aliases)


def lookup(name: str) -> Definition:
    """The entry called `name` (case-insensitive, aliases resolve), or a did-you-mean error."""
    key = _key(name)
    target = entry_points().get(key)
    if target is not None:
        for definition in _load(target):
            if _matches(definition, key):
                return definition
    for definition in definitions():
        if _matches(definition, key):
            return definition
    import difflib

    close = difflib.get_close_matches(key, known_names(), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; see 'actcli list'"
    raise UnknownFunctionError(f"unknown function {name!r}{hint}")


def get(spec: str) -> Activation:
    """The activation named by `spec`, e.g. `get("elu:alpha=0.5")` or `get("expr:x*sigmoid(x)")`."""
    from actcli.activation import Activation

    if spec.strip().lower().startswith("expr:"):
        from actcli.expression import define

        return Activation(define(spec.strip()[5:]), {})
    name, given = parse_spec(spec)
    definition = lookup(name)
    params = definition.bind_params(given)
    order = [p.name for p in definition.params]
    explicit = tuple(sorted({k.strip().lower() for k in given}, key=order.index))
    return Activation(definition, params, explicit)
