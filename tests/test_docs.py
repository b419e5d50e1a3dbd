"""The README tells the truth: its examples print what it shows, its function table matches the
registry, it documents every command and option, and CI runs its test command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click
import pytest

from actcli.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _readme_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("readme_tool", ROOT / "tools" / "readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_function_table_matches_the_registry() -> None:
    tool = _readme_tool()
    assert tool.TABLE.search(README).group(0) == tool.TABLE.search(tool.render_table(README)).group(0), (
        "README function table is stale: run python tools/readme.py"
    )


@pytest.mark.parametrize(("command", "shown"), _readme_tool().examples(README))
def test_example_prints_what_the_readme_shows(command: str, shown: str) -> None:
    assert _readme_tool().run(command) == shown


def _options(command: click.Command) -> list[str]:
    return [opt for param in command.params if isinstance(param, click.Option) for opt in param.opts
            if opt.startswith("--")]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    assert f"actcli {name}" in README
    for option in _options(cli.commands[name]):
        assert option in README, f"{option} of actcli {name} is not documented in README.md"


def test_ci_runs_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    install_and_test = quick_start.splitlines()[1].split("#")[0].strip()
    assert install_and_test == "pip install '.[test]' && python -m pytest"
    assert install_and_test in (ROOT / ".ci" / "run").read_text()
