"""The stages and what each may import (DEVELOPING.md, "Map of the stages"), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ametijuhend"

CORE = {"yamlio", "ids", "errors", "messages", "models", "load", "validate", "link", "project", "wording", "schema",
        "settings", "writer", "structure"}
"""load → validate → link: knows nothing of pages, search, documents or MkDocs."""
FORBIDDEN = {
    "core": {"render", "search", "hook", "cli", "importer", "document", "history", "synthetic", "mkdocs",
             "material"},
    "render": {"hook", "cli", "importer", "mkdocs", "material"},
    "search": {"hook", "cli", "importer", "mkdocs", "material"},
    "importer": {"render", "search", "hook", "mkdocs", "material"},
    "document": {"render", "search", "hook", "cli", "importer", "mkdocs", "material"},
}


def stage(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[0] in CORE:
        return "core"
    return parts[0] if parts[0] in FORBIDDEN else None


def imported(path: Path) -> set[str]:
    """First names of what a module imports: `ametijuhend.x` and `.x` as `x`, others as the package."""
    names = set()
    package = path.relative_to(PACKAGE).parent.parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                first, _, rest = alias.name.partition(".")
                names.add(rest.split(".")[0] if first == "ametijuhend" and rest else first)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0:
                first, _, rest = module.partition(".")
                names.add(rest.split(".")[0] if first == "ametijuhend" and rest else first)
            else:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *module.split(".")] if module else list(base)
                if target:
                    names.add(target[0])
                else:  # `from . import x` at the top of the package
                    names.update(alias.name for alias in node.names)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if stage(p) is not None)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_stage_imports_only_what_it_may(path: Path) -> None:
    kind = stage(path)
    assert kind is not None
    wrong = imported(path) & FORBIDDEN[kind]
    assert not wrong, f"{path.relative_to(PACKAGE)} ({kind}) imports {sorted(wrong)}"


def test_only_the_adapters_know_mkdocs() -> None:
    """The hook, and `pages` (which reads mkdocs.yml's `!ENV` tags with MkDocs' own YAML loader)."""
    knowing = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "mkdocs" in imported(p))
    assert knowing == ["hook.py", "pages.py"]
