"""The package's groups, and the one way their imports flow (``docs/project-layout.md``).

A module imports from its own group and the groups below it, never from a group
above, and never a private name (or private module) of another group: the groups
talk through each other's public names only (the engine through ``_engine``'s
``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "scenario_schema"

GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "_options",
            "_revisions",
            "_report",
            "_preview",
            "_typos",
            "_frozen",
            "_cache",
            "_version",
            "_hooks",
        ),
    ),
    ("declarations", ("literals", "_fields", "_rules")),
    ("engine", ("_engine",)),
    ("contract classes", ("models",)),
    (
        "verbs",
        (
            "_api",
            "_json_text",
            "_json_schema",
            "_openapi",
            "_public_converter",
            "training",
            "_preflight",
            "_policy",
            "_drift",
            "_shapes",
            "_diff",
            "strategies",
            "_mutations",
            "_hypothesis",
        ),
    ),
    ("stub", ("stub",)),
    ("command line", ("cli", "batch")),
    ("facade", ("__init__", "__main__")),
]
"""Each group and its top-level modules or folders, lowest first."""

RANK = {name: rank for rank, (_, names) in enumerate(GROUPS) for name in names}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _top(parts: tuple[str, ...]) -> str:
    """The top-level module or folder a dotted module path (inside the package) is in."""
    return parts[0] if parts else "__init__"


def _imports(path: Path) -> list[tuple[tuple[str, ...], list[str]]]:
    """Each relative import of a module: the module it names (parts) and the names taken."""
    own = path.relative_to(PACKAGE).with_suffix("").parts
    package = own[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = (*base, *(node.module.split(".") if node.module else ()))
            found.append((target, [alias.name for alias in node.names]))
    return found


def test_every_module_is_in_a_group() -> None:
    tops = {_top(path.relative_to(PACKAGE).with_suffix("").parts) for path in _modules()}
    assert tops <= set(RANK), sorted(tops - set(RANK))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_down_and_through_public_names(path: Path) -> None:
    own = path.relative_to(PACKAGE).with_suffix("").parts
    mine = _top(own)
    for target, names in _imports(path):
        theirs = _top(target)
        if target == ():  # `from . import x`: the modules named are the targets
            for name in names:
                assert RANK[name] <= RANK[mine], f"{own} imports {name}, a group above"
            continue
        assert RANK[theirs] <= RANK[mine], f"{own} imports {'.'.join(target)}, a group above"
        if RANK[theirs] == RANK[mine] and theirs == mine:
            continue  # inside one module or folder: its own business
        if RANK[theirs] != RANK[mine]:
            private = [n for n in names if n.startswith("_") and not n.endswith("__")]
            private_module = [part for part in target[1:] if part.startswith("_")]
            assert not private, f"{own} imports private {private} of {'.'.join(target)}"
            assert not private_module, f"{own} imports the private module {'.'.join(target)}"
