"""docs/architecture.md, "Which way imports go": the package's layers, checked from the source.

`plugins/clearinghouse/` is four sub-packages and a few top modules. Each
layer may import itself and the layers below it: build ← content ← site ←
publish ← the top modules. The other plugins build on the package and none
of it imports them. Read from each module's source (every `import` and
`from … import`, also inside functions), so a new import is checked
without anyone listing it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
PACKAGE = PLUGINS / "clearinghouse"
LAYERS = ("build", "content", "site", "publish", "top")  # lowest first
OTHER_PLUGINS = ("alert_feeds", "alert_search", "atomic_output", "open_data", "reporting", "weekly_digest")
MOST_TOP_MODULES = 8  # issue 22: the Pelican entry points and `check`
MOST_LINES = 400
# what `clearinghouse.<name>` can be: a layer or a top module
NAMES = frozenset((*LAYERS, *(p.stem for p in PACKAGE.glob("*.py"))))


def layer_of(module: str) -> str:
    """`clearinghouse.site.enrich` -> "site"; a top module -> "top"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "top"


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGINS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The modules a source file imports, as absolute names (relative ones resolved)."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, *([node.module] if node.module else [])])
            found.add(stem)
            found |= {f"{stem}.{alias.name}" for alias in node.names}  # `from x import module`
    return found


def wrong_way(importer: str, target: str) -> str | None:
    """Why `importer` may not import `target`, or None when it may."""
    if not importer.startswith("clearinghouse"):
        return None
    if target.split(".")[0] in OTHER_PLUGINS:
        return f"{importer} imports the plugin {target}: the package is what the plugins build on"
    if not target.startswith("clearinghouse.") or target.split(".")[1] not in NAMES:
        return None  # outside the package, or a name `clearinghouse/__init__.py` defines
    mine, theirs = layer_of(importer), layer_of(target)
    if LAYERS.index(theirs) > LAYERS.index(mine):
        return f"{importer} ({mine}) imports {target} ({theirs}): imports go {' ← '.join(LAYERS)}"
    return None


def sources() -> list[Path]:
    return sorted(p for p in PLUGINS.rglob("*.py") if "__pycache__" not in p.parts)


def test_imports_go_from_the_top_layers_down():
    problems = [
        reason
        for path in sources()
        for target in sorted(imported(path))
        if (reason := wrong_way(module_name(path), target))
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("importer", "target", "allowed"),
    [
        ("clearinghouse.build.snapshot", "clearinghouse.content.records", False),
        ("clearinghouse.content.read", "clearinghouse.site.markup", False),
        ("clearinghouse.site.enrich", "clearinghouse.publish.publisher", False),
        ("clearinghouse.publish.publisher", "clearinghouse.pipeline", False),
        ("clearinghouse.site.enrich", "alert_feeds.generator", False),
        ("clearinghouse.content.read", "clearinghouse.build.parallel", True),
        ("clearinghouse.publish.publisher", "clearinghouse.site.enrich", True),
        ("clearinghouse.generator", "clearinghouse.publish.publisher", True),
        ("alert_feeds.generator", "clearinghouse.generator", True),
    ],
)
def test_the_rule_itself(importer, target, allowed):
    assert (wrong_way(importer, target) is None) is allowed


def test_a_relative_import_is_read_as_the_module_it_names(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "PLUGINS", tmp_path)
    module = tmp_path / "clearinghouse" / "site" / "enrich.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..publish import publisher\nfrom .urls import x\n", encoding="utf-8")
    assert {"clearinghouse.publish.publisher", "clearinghouse.site.urls"} <= imported(module)


def test_the_package_shows_its_layers():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert len(top) <= MOST_TOP_MODULES, top
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == sorted(LAYERS[:-1])


def test_no_module_is_longer_than_400_lines():
    long = {
        str(p.relative_to(PLUGINS)): n
        for p in sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}
