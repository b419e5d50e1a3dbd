"""Running the CLI in tests: its output, or the one error line it must give."""

from __future__ import annotations

from click.testing import CliRunner, Result

from actcli.cli import cli


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def ok(*args: str, stdin: str | bytes | None = None) -> str:
    result = run(*args, stdin=stdin)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def fails(*args: str, stdin: str | bytes | None = None) -> str:
    """The single stderr line of a command that must exit 2 and print nothing on stdout."""
    result = run(*args, stdin=stdin)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
