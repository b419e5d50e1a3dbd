"""Keep README.md true: regenerate its function table and the output of every example command.

Usage: python tools/readme.py          rewrite README.md in place
       python tools/readme.py --check  exit 1 if README.md is out of date (tests/test_docs.py does this)

Example commands live in ```console blocks as lines starting with "$ "; everything up to the next
"$ " line or the end of the block is that command's output. The function table lives between
<!-- functions:start --> and <!-- functions:end -->.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
TABLE = re.compile(r"(<!-- functions:start -->\n).*?(<!-- functions:end -->)", re.DOTALL)


def function_table() -> str:
    """The Markdown table of every registry entry."""
    import actcli
    from actcli.commands.catalogue import parameters_text

    lines = ["| name | aliases | parameters | range | summary |", "|---|---|---|---|---|"]
    for d in actcli.definitions():
        output_range = "vector" if d.vector else str(d.range_for(d.defaults()))
        cells = [f"`{d.name}`", ", ".join(d.aliases), parameters_text(d), output_range, d.summary]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def examples(text: str) -> list[tuple[str, str]]:
    """(command, output shown) for every example in the README's console blocks."""
    found = []
    for block in CONSOLE_BLOCK.findall(text):
        for part in ("\n" + block).split("\n$ ")[1:]:
            command, _, output = part.partition("\n")
            found.append((command, output if not output or output.endswith("\n") else output + "\n"))
    return found


def run(command: str) -> str:
    """What `command` prints (stdout then stderr), run by bash in a scratch directory."""
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    env.pop("FORCE_COLOR", None)
    if shutil.which("actcli") is None:
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    scratch = ROOT / "build" / "readme"
    scratch.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=scratch, env=env,
                            timeout=120)
    return result.stdout + result.stderr


def render_table(text: str) -> str:
    """README text with a fresh function table."""
    return TABLE.sub(lambda m: m.group(1) + function_table() + m.group(2), text)


def render(text: str) -> str:
    """README text with fresh outputs and function table."""
    text = render_table(text)

    def block(match: re.Match[str]) -> str:
        fresh = "".join(f"$ {command}\n{run(command)}" for command, _ in examples(match.group(0)))
        return "```console\n" + fresh + "```"

    return CONSOLE_BLOCK.sub(block, text)


def main() -> None:
    current = README.read_text()
    fresh = render(current)
    if "--check" in sys.argv:
        sys.exit(0 if fresh == current else 1)
    README.write_text(fresh)


if __name__ == "__main__":
    main()
