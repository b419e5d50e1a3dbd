"""sample_outputs/ is what tools/gallery.py makes now: a test fails when the committed gallery is stale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_gallery() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "tools" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gallery"] = module
    spec.loader.exec_module(module)
    return module


gallery = load_gallery()


def test_committed_gallery_is_up_to_date() -> None:
    problems = gallery.stale()
    assert problems == [], "run: python tools/gallery.py\n" + "\n".join(problems)


def test_gallery_covers_the_families_and_the_text_commands() -> None:
    names = {item.name for item in gallery.ITEMS}
    assert {"rectifiers", "smooth_gates", "sigmoid_like", "shrinkage", "gelu_variants", "elu_sweep", "dark_theme",
            "terminal", "eval", "grad", "compare"} <= names
    gelu = next(item for item in gallery.ITEMS if item.name == "gelu_variants")
    assert "--grad" in gelu.args
    dark = next(item for item in gallery.ITEMS if item.name == "dark_theme")
    assert dark.args[dark.args.index("--theme") + 1] == "dark"


def test_stale_files_are_reported(tmp_path: Path) -> None:
    copy = tmp_path / "sample_outputs"
    gallery.generate(copy)
    assert gallery.stale(copy, tmp_path / "README.md") == []  # and so the gallery is deterministic
    figure = next(copy.glob("*.svg"))
    figure.write_text(figure.read_text().replace("<!-- ", "<!-- changed ", 1))
    (copy / "extra.svg").write_text("<svg/>")
    (copy / "terminal.txt").unlink()
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- gallery:start -->\nold\n<!-- gallery:end -->\n")
    problems = gallery.stale(copy, readme)
    assert f"{figure.name}: differs" in problems
    assert "extra.svg: not made by tools/gallery.py" in problems
    assert "terminal.txt: missing" in problems
    assert "README.md: its gallery block differs" in problems


def test_another_matplotlib_compares_the_text_of_figures(tmp_path: Path) -> None:
    copy = tmp_path / "sample_outputs"
    gallery.generate(copy)
    (copy / "gallery.json").write_text('{"matplotlib": "0.0"}\n')
    first, second = sorted(copy.glob("*.svg"))[:2]
    first.write_text(first.read_text().replace(" d=\"M ", " d=\"M 0 0 L ", 1))  # other drawing, same text
    second.write_text(second.read_text().replace("<!-- ", "<!-- changed ", 1))
    problems = gallery.stale(copy, tmp_path / "README.md")
    assert [p.split(":")[0] for p in problems] == [second.name]
    assert "its text differs" in problems[0]


def test_readme_names_the_script_and_embeds_the_gallery() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "tools/gallery.py" in readme
    assert "<!-- gallery:start -->" in readme and "](sample_outputs/" in readme
