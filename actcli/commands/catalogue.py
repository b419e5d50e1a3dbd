"""`list` and `info`: what the registry knows, as tables, CSV or JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

import actcli
from actcli.activation import Activation
from actcli.commands.output import make_writer
from actcli.definition import CONVENTIONS, Definition
from actcli.numfmt import format_compact


def parameters_text(definition: Definition) -> str:
    """`alpha=1, beta=2`: each parameter with its default."""
    return ", ".join(f"{p.name}={_value_text(p.default)}" for p in definition.params)


def _value_text(value: float | str) -> str:
    return value if isinstance(value, str) else format_compact(value)


def list_functions(output_format: str | None, no_header: bool) -> None:
    """Every function: name, aliases, parameters with defaults, output range, summary."""
    writer = make_writer(output_format, header=not no_header)
    writer.start(["name", "aliases", "parameters", "range", "summary"])
    rows = []
    for definition in actcli.definitions():
        output_range = "vector" if definition.vector else str(definition.range_for(definition.defaults()))
        rows.append([definition.name, ", ".join(definition.aliases), parameters_text(definition),
                     output_range, definition.summary])
    writer.write(rows)
    writer.finish()


def facts(activation: Activation) -> dict[str, Any]:
    """Everything `info` shows, as plain data."""
    definition = activation.definition
    params = activation.params
    data: dict[str, Any] = {
        "name": definition.name,
        "spec": activation.spec,
        "summary": definition.summary,
        "formula": definition.formula,
        "derivative": definition.grad_formula,
        "latex": definition.latex,
        "parameters": [
            {"name": p.name, "value": params[p.name], "default": p.default, "meaning": p.doc}
            for p in definition.params
        ],
        "vector": definition.vector,
        "second_derivative": definition.grad2 is not None,
        "source": definition.source,
        "aliases": list(definition.aliases),
        "examples": list(definition.examples),
        "notes": list(definition.notes),
    }
    if not definition.vector and definition.family != "expression":  # expressions are not analysed
        output_range = activation.output_range
        data |= {
            "range": str(output_range),
            "monotonic": definition.is_monotonic(params),
            "bounded": output_range.bounded,
            "zero_centred": definition.zero_centred,
            "smoothness": definition.smoothness_for(params),
            "kinks": [{"x": k.x, **{c: k.grad(c) for c in CONVENTIONS}} for k in activation.kinks],
        }
    return data


def describe(spec: str, output_format: str) -> None:
    """Print the facts about one function, as text or JSON."""
    data = facts(actcli.get(spec))
    if output_format == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.markup import escape

    from actcli.table import make_console

    rows = _text_rows(data)
    width = max(len(key) for key, _ in rows)
    console = make_console(sys.stdout)
    console.print(f"[bold]{escape(data['spec'])}[/bold]: {escape(data['summary'])}")
    for key, value in rows:
        indented = value.replace("\n", "\n" + " " * (width + 2))
        console.print(f"[bold]{key:<{width}}[/bold]  {escape(indented)}")


def _text_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [("formula", data["formula"]), ("derivative", data["derivative"])]
    if data["parameters"]:
        rows.append(("parameters", "\n".join(
            f"{p['name']} = {_value_text(p['value'])}  (default {_value_text(p['default'])}): {p['meaning']}"
            for p in data["parameters"])))
    if "range" in data:
        properties = [
            "monotonic" if data["monotonic"] else "not monotonic",
            "bounded" if data["bounded"] else "unbounded",
            "zero-centred" if data["zero_centred"] else "not zero-centred",
            data["smoothness"],
        ]
        rows += [("range", data["range"]), ("properties", ", ".join(properties))]
        if data["kinks"]:
            rows.append(("kinks", "\n".join(
                f"x = {format_compact(k['x'])}: derivative {format_compact(k['torch'])} (torch, default), "
                f"{format_compact(k['jax'])} (jax)" for k in data["kinks"])))
    elif data["vector"]:
        rows.append(("acts on", "the whole input vector; grad gives the Jacobian"))
    if not data["second_derivative"]:
        rows.append(("second derivative", "not provided"))
    rows.append(("source", data["source"]))
    for key in ("aliases", "examples", "notes"):
        if data[key]:
            rows.append((key, ("\n" if key == "notes" else ", ").join(data[key])))
    return rows
