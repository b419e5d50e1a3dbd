"""Plugins and completion: a real installed distribution adds a function through the
`actcli.activations` entry points; the built-ins are registered the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import actcli
from actcli.cli import cli
from actcli.registry import BUILTIN_MODULES, GROUP, entry_points

ROOT = Path(__file__).resolve().parent.parent

PLUGIN = '''
import numpy as np
from actcli.definition import REALS, Definition

DEFINITIONS = (
    Definition(
        name="cube", aliases=("cubic",), summary="x cubed", formula="x³", grad_formula="3x²", latex="x^3",
        value=lambda x: x * x * x, grad=lambda x: 3 * x * x, grad2=lambda x: 6 * x,
        exact=lambda mp, x: x ** 3, output_range=REALS, source="a test plugin", family="test",
        smoothness="C∞", monotonic=True, zero_centred=True,
    ),
)
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding an installed plugin distribution and a broken one, as pip lays them out."""
    root = tmp_path_factory.mktemp("site")
    (root / "cubeplug").mkdir()
    (root / "cubeplug" / "__init__.py").write_text(PLUGIN)
    for dist, entries in (("cubeplug-1.0", "cube = cubeplug\ncubic = cubeplug\n"),
                          ("brokenplug-0.1", "broken = brokenplug_missing_module\n")):
        info = root / f"{dist}.dist-info"
        info.mkdir()
        name, version = dist.split("-")
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(f"[{GROUP}]\n{entries}")
    return root


def _actcli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, "-m", "actcli", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_plugin_function_works_like_a_builtin(site: Path) -> None:
    result = _actcli(site, "eval", "cube", "2", "-3")
    assert result.stdout == "x,cube\n2.0,8.0\n-3.0,-27.0\n"
    assert _actcli(site, "grad", "cubic", "2").stdout == "x,cube'\n2.0,12.0\n"
    assert "cube: x cubed" in _actcli(site, "info", "cube").stdout


def test_plugin_is_listed_and_a_broken_one_only_warns(site: Path) -> None:
    result = _actcli(site, "list", "--format", "csv")
    assert result.returncode == 0
    assert "\ncube,cubic,,\"(-∞, ∞)\",x cubed\n" in result.stdout
    warnings = result.stderr.splitlines()
    assert warnings == ["actcli: warning: plugin brokenplug_missing_module failed to load "
                        "(ModuleNotFoundError: No module named 'brokenplug_missing_module')"]


def test_names_are_read_without_importing_the_plugin(site: Path) -> None:
    code = ("import sys, actcli.registry as r; names = r.known_names(); "
            "print('cube' in names, 'broken' in names, 'cubeplug' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(site)), timeout=60)
    assert result.stdout == "True True False\n"


def test_scanner_agrees_with_importlib_metadata(site: Path) -> None:
    code = ("import importlib.metadata as m, actcli.registry as r; "
            f"a = {{e.name: e.value for e in m.entry_points(group='{GROUP}')}}; "
            "b = r.entry_points(); print(a == b)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(site)), timeout=60)
    assert result.stdout == "True\n", result.stderr


def test_builtins_are_registered_through_the_same_entry_points() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"][GROUP]
    expected = {name: module for module in BUILTIN_MODULES
                for d in __import__(module, fromlist=["DEFINITIONS"]).DEFINITIONS
                for name in (d.name, *d.aliases)}
    assert declared == expected
    assert {k: v for k, v in entry_points().items() if v in BUILTIN_MODULES} == expected
    assert len(actcli.names()) == len({d.name for d in actcli.definitions()})


def _complete(words: str, index: int) -> list[str]:
    env = dict(os.environ, _ACTCLI_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=str(index))
    result = subprocess.run([sys.executable, "-m", "actcli"], capture_output=True, text=True, env=env, timeout=60)
    return result.stdout.splitlines()


def test_completion_of_commands_names_options_and_parameters() -> None:
    assert "plain,eval" in _complete("actcli ev", 1)
    assert _complete("actcli eval relu", 2) == ["plain,relu", "plain,relu6"]
    assert _complete("actcli grad hardt", 2) == ["plain,hardtanh"]
    assert _complete("actcli eval hard_tanh:min_val=1,m", 2) == [
        "plain,hard_tanh:min_val=1,min_val=", "plain,hard_tanh:min_val=1,max_val="]
    assert "plain,--format" in _complete("actcli eval relu --fo", 3)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = CliRunner().invoke(cli, ["completion", shell])
    assert result.exit_code == 0
    assert "_ACTCLI_COMPLETE" in result.stdout and f"{shell}_complete" in result.stdout


def test_completion_does_not_import_heavy_modules() -> None:
    env = dict(os.environ, _ACTCLI_COMPLETE="bash_complete", COMP_WORDS="actcli eval re", COMP_CWORD="2")
    code = ("import sys, runpy; sys.argv = ['actcli']\n"
            "try:\n    runpy.run_module('actcli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('matplotlib', 'scipy', 'pandas', 'polars', 'rich', 'mpmath') "
            "if m in sys.modules)\nprint(heavy, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.stderr.strip() == "[]"
