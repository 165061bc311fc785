"""The layers of the package, kept by its imports (see docs/architecture.md).

Every ``import`` of every module counts, at the top of a module, inside a function or under
``if TYPE_CHECKING:``: a layer that names a higher one, even only for a type, leans on it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_neuroterms"
NAME = "sphinx_neuroterms"
#: The most lines a module may have: past it, a module holds more than one concern.
MAX_LINES = 500
#: Modules of the Sphinx side that every phase stands on, beside the domain.
FLOOR = {"config", "config_checks", "logs", "nodes", "i18n", "sphinx_compat"}


class Import(NamedTuple):
    """One import statement's target, where it is written."""

    importer: str
    imported: str
    line: int
    #: The function it is written in (``""`` at the top of the module).
    function: str


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _target(module: str, alias: ast.alias) -> str:
    """The module ``from module import name`` loads: ``name`` itself if it is a submodule.

    (The package imports absolutely only; a relative import fails the layers test below.)
    """
    candidate = f"{module}.{alias.name}"
    return candidate if candidate in MODULES else module


def _imports_of(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{function}.{child.name}" if function else child.name
            if isinstance(child, ast.Import):
                found.extend(
                    Import(module, alias.name, child.lineno, name) for alias in child.names
                )
            elif isinstance(child, ast.ImportFrom):
                source = "." * child.level + (child.module or "")
                found.extend(
                    Import(module, _target(source, alias), child.lineno, name)
                    for alias in child.names
                )
            visit(child, name)

    visit(tree, "")
    return found


IMPORTS = [found for module, path in MODULES.items() for found in _imports_of(module, path)]


def _layer(module: str) -> str:
    """The folder of one of our modules (``floor`` for the shared top-level modules)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    if len(parts) == 2 and parts[1] in FLOOR:
        return "floor"
    return parts[1]


def _ours(name: str) -> bool:
    return name == NAME or name.startswith(NAME + ".")


def _is_sphinx(name: str) -> bool:
    return name == "sphinx" or name.startswith("sphinx.")


def _is_sphinx_side(name: str) -> bool:
    """Sphinx, or one of our modules that stand on it."""
    if _is_sphinx(name):
        return True
    return _ours(name) and _layer(name) not in {"terms", "loaders", "cli", "package"}


def _report(found: list[Import]) -> str:
    return "\n".join(
        f"{item.importer}:{item.line} ({item.function or 'top'}) imports {item.imported}"
        for item in found
    )


def test_the_layers_are_folders() -> None:
    layers = {_layer(module) for module in MODULES}
    assert {"terms", "loaders", "cli", "domain", "reading", "project", "output"} <= layers
    relative = [item for item in IMPORTS if item.imported.startswith(".")]
    assert not relative, _report(relative)


def test_terms_and_loaders_never_import_sphinx() -> None:
    wrong = [
        item
        for item in IMPORTS
        if _layer(item.importer) in {"terms", "loaders"}
        and (_is_sphinx_side(item.imported) or (_ours(item.imported)
             and _layer(item.imported) not in {"terms", "loaders"}))
    ]
    assert not wrong, _report(wrong)


def test_the_command_line_imports_sphinx_only_to_lint() -> None:
    wrong = [
        item
        for item in IMPORTS
        if _layer(item.importer) == "cli"
        and _is_sphinx_side(item.imported)
        and not item.function.startswith("run_lint")
    ]
    assert not wrong, _report(wrong)


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("floor", {"domain", "reading", "project", "output", "cli"}),
        ("domain", {"reading", "project", "output", "cli"}),
        ("reading", {"project", "output", "cli"}),
        ("project", {"reading", "output", "cli"}),
        ("output", {"cli"}),
    ],
)
def test_each_phase_imports_only_what_runs_before_it(layer: str, forbidden: set[str]) -> None:
    wrong = [
        item
        for item in IMPORTS
        if _layer(item.importer) == layer
        and _ours(item.imported)
        and _layer(item.imported) in forbidden
    ]
    assert not wrong, _report(wrong)


def test_only_setup_imports_the_extension_module() -> None:
    wrong = [
        item
        for item in IMPORTS
        if item.imported == f"{NAME}.extension"
        and (item.importer, item.function) != (NAME, "setup")
    ]
    assert not wrong, _report(wrong)


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for item in IMPORTS:
        if item.imported in MODULES and item.imported != item.importer:
            graph[item.importer].add(item.imported)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(module: str) -> None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append([*path[path.index(imported):], imported])
            elif imported not in state:
                walk(imported)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        module: count
        for module, path in MODULES.items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_command_line_loads_without_sphinx() -> None:
    """``import sphinx_neuroterms.cli`` (what ``neuroterms check`` pays) loads no Sphinx."""
    probe = (
        "import sys, sphinx_neuroterms.cli\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'sphinx'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout
