"""Function specs as typed on the command line: NAME[:KEY=VALUE[,KEY=VALUE...]]."""

from __future__ import annotations

from actcli.errors import ParameterError


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Split `leaky_relu:negative_slope=0.2` into ('leaky_relu', {'negative_slope': '0.2'})."""
    name, _, rest = spec.partition(":")
    params: dict[str, str] = {}
    if not rest.strip():
        if rest or spec.endswith(":"):
            raise ParameterError(f"{spec!r}: expected KEY=VALUE after ':'")
        return name.strip(), params
    for item in rest.split(","):
        key, equals, value = item.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise ParameterError(f"{spec!r}: expected KEY=VALUE, got {item!r}")
        key = key.strip().lower()
        if key in params:
            raise ParameterError(f"{spec!r}: parameter {key!r} given twice")
        params[key] = value.strip()
    return name.strip(), params
