"""Regenerate sample_outputs/: the gallery of figures and text outputs that the README shows.

Usage: python tools/gallery.py          rewrite sample_outputs/ (and README.md's gallery block)
       python tools/gallery.py --check  exit 1 naming every file that is out of date
                                        (tests/test_gallery.py does this)

Every item is an actcli command line, run in this process (about a second for the lot). Figures
are SVG, which actcli writes deterministically (the same command gives the same bytes); text
items are what the command prints with NO_COLOR and a fixed terminal size. sample_outputs/README.md
shows each command above its output; README.md gets the same between the markers
<!-- gallery:start --> and <!-- gallery:end --> when it has them. An item that names a function
or command this build does not have yet is left out, and the page says which and why.

SVG bytes depend on matplotlib's version, which gallery.json records: against another version
the check compares the text in each figure (title, legend, tick labels) instead of the bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "sample_outputs"
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- gallery:start -->\n).*?(<!-- gallery:end -->)", re.DOTALL)
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "LINES": "30", "FORCE_COLOR": ""}
TERMINAL_ENV = {"NO_COLOR": "1", "COLUMNS": "80", "LINES": "24", "FORCE_COLOR": ""}


class Item(NamedTuple):
    """One gallery entry: `args` is the actcli command line (figures get `-o NAME.svg` added)."""

    name: str
    title: str
    args: tuple[str, ...]
    figure: bool = True
    env: tuple[tuple[str, str], ...] = tuple(ENV.items())


ITEMS = (
    Item("rectifiers", "Rectifiers, kinks marked",
         ("plot", "relu", "leaky_relu:negative_slope=0.1", "relu6", "hard_tanh", "--mark-kinks")),
    Item("smooth_gates", "Smooth gates",
         ("plot", "silu", "mish", "gelu", "swish_beta:beta=4", "--range", "-5", "3", "--legend", "upper-left")),
    Item("sigmoid_like", "Sigmoid-like functions, where they saturate shaded",
         ("plot", "sigmoid", "tanh", "softsign", "--range", "-8", "8", "--shade-saturation",
          "--legend", "lower-right")),
    Item("shrinkage", "Shrinkage functions",
         ("plot", "hard_shrink", "soft_shrink", "tanh_shrink", "--range", "-3", "3", "--mark-kinks",
          "--legend", "upper-left")),
    Item("gelu_variants", "GELU variants and their derivatives",
         ("plot", "gelu", "gelu_tanh", "quick_gelu", "--grad", "--range", "-4", "4", "--legend", "upper-left")),
    Item("elu_sweep", "A parameter sweep: ELU's alpha",
         ("plot", "elu:alpha=0.5", "elu:alpha=1", "elu:alpha=2", "--range", "-4", "2", "--legend", "upper-left")),
    Item("dark_theme", "Dark theme, first and second derivatives",
         ("plot", "softplus", "squareplus", "--grad", "--grad2", "--range", "-4", "4", "--theme", "dark",
          "--legend", "outside")),
    Item("vector_slice", "Vector functions along the slice [x, 0]",
         ("plot", "softmax", "sparsemax", "log_softmax", "--grad", "--range", "-4", "4", "--legend", "lower-right")),
    Item("terminal", "In the terminal", ("plot", "sigmoid", "tanh", "--grad", "--terminal"), figure=False,
         env=tuple(TERMINAL_ENV.items())),
    Item("eval", "eval", ("eval", "gelu", "--range", "-3", "3", "--num", "7", "--format", "table"), figure=False),
    Item("grad", "grad", ("grad", "elu:alpha=2", "--check", "--format", "table", "--", "-1", "0", "1"),
         figure=False),
    Item("compare", "compare",
         ("compare", "relu", "gelu", "silu", "--range", "-3", "3", "--num", "7", "--format", "table",
          "--table", "values"), figure=False),
)


def generate(directory: Path) -> list[Item]:
    """Write every item's file, the index page and gallery.json into `directory`."""
    from click.testing import CliRunner

    from actcli.cli import cli

    directory.mkdir(parents=True, exist_ok=True)
    for item in ITEMS:
        target = directory / f"{item.name}.{'svg' if item.figure else 'txt'}"
        args = [*item.args, "-o", str(target)] if item.figure else list(item.args)
        result = CliRunner().invoke(cli, args, env=dict(item.env))
        if result.exit_code != 0:
            message = (result.stderr or result.output).strip()
            raise SystemExit(f"gallery: `{command(item)}` failed: {message or result.exception!r}")
        if not item.figure:
            target.write_text(result.stdout)
    (directory / "README.md").write_text(page(ITEMS, directory, prefix=""))
    (directory / "gallery.json").write_text(json.dumps(metadata(), indent=2, sort_keys=True) + "\n")
    return list(ITEMS)


def metadata() -> dict[str, str]:
    import matplotlib

    return {"matplotlib": matplotlib.__version__, "made_by": "python tools/gallery.py"}


def command(item: Item) -> str:
    """The item's command as a person would type it."""
    extra = ["-o", f"{item.name}.svg"] if item.figure else []
    return "actcli " + " ".join(shlex.quote(a) for a in [*item.args, *extra])


def page(items: Sequence[Item], directory: Path, prefix: str) -> str:
    """Markdown with each command above its output; images and files relative to `prefix`."""
    lines = ["## Gallery", "",
             "Every picture and listing below is the output of the command above it, made by",
             "`python tools/gallery.py` (which `tests/test_gallery.py` runs to check that none is stale).", ""]
    if prefix == "":
        lines[0] = "# Gallery"
    for item in items:
        lines += [f"### {item.title}", "", "```sh", command(item), "```", ""]
        if item.figure:
            lines += [f"![{item.title}]({prefix}{item.name}.svg)", ""]
        else:
            text = (directory / f"{item.name}.txt").read_text()
            lines += ["```text", text.rstrip("\n"), "```", ""]
    return "\n".join(lines)


def readme_block(items: Sequence[Item], directory: Path) -> str:
    """The gallery for README.md, one heading level down, with paths into sample_outputs/."""
    return page(items, directory, prefix="sample_outputs/").replace("\n### ", "\n#### ").replace(
        "## Gallery", "### Gallery", 1)


def stale(gallery: Path = GALLERY, readme: Path = README) -> list[str]:
    """What is out of date: files of `gallery` that differ from fresh ones, missing or extra
    files, and README.md's gallery block."""
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh_dir = Path(scratch)
        items = generate(fresh_dir)
        committed_meta = _json(gallery / "gallery.json")
        same_version = committed_meta.get("matplotlib") == metadata()["matplotlib"]
        fresh = sorted(p.name for p in fresh_dir.iterdir())
        present = sorted(p.name for p in gallery.iterdir()) if gallery.is_dir() else []
        problems += [f"{name}: missing" for name in fresh if name not in present]
        problems += [f"{name}: not made by tools/gallery.py" for name in present if name not in fresh]
        for name in fresh:
            if name not in present or name == "gallery.json":
                continue
            new, old = (fresh_dir / name).read_bytes(), (gallery / name).read_bytes()
            if name.endswith(".svg") and not same_version:
                if _svg_text(new) != _svg_text(old):
                    problems.append(f"{name}: its text differs (matplotlib {metadata()['matplotlib']} here, "
                                    f"{committed_meta.get('matplotlib')} in gallery.json)")
            elif new != old:
                problems.append(f"{name}: differs")
        if readme.exists():
            text = readme.read_text()
            if BLOCK.search(text) and _with_block(text, readme_block(items, fresh_dir)) != text:
                problems.append(f"{readme.name}: its gallery block differs")
    return problems


def _json(path: Path) -> dict[str, str]:
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _svg_text(svg: bytes) -> list[str]:
    """The text matplotlib writes into an SVG as comments: title, labels, legend, tick labels."""
    return re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"))


def _with_block(text: str, block: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + block + m.group(2), text)


def write() -> None:
    """Replace sample_outputs/ with fresh files, atomically per file, and README.md's block."""
    with tempfile.TemporaryDirectory(dir=ROOT) as scratch:
        fresh_dir = Path(scratch)
        items = generate(fresh_dir)
        GALLERY.mkdir(exist_ok=True)
        fresh = {p.name for p in fresh_dir.iterdir()}
        for old in GALLERY.iterdir():
            if old.name not in fresh and old.is_file():
                old.unlink()
        for name in sorted(fresh):
            os.replace(fresh_dir / name, GALLERY / name)
        text = README.read_text() if README.exists() else ""
        if BLOCK.search(text):
            README.write_text(_with_block(text, readme_block(items, GALLERY)))
    print(f"gallery: {len(ITEMS)} items written to {GALLERY.relative_to(ROOT)}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the gallery is out of date")
    args = parser.parse_args()
    if args.check:
        problems = stale()
        for problem in problems:
            print(f"gallery: {problem}", file=sys.stderr)
        if problems:
            print("gallery: out of date; run: python tools/gallery.py", file=sys.stderr)
            sys.exit(1)
        return
    write()


if __name__ == "__main__":
    main()
