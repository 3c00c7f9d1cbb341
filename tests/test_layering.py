"""The stages and the store never import the CLI (or any presentation layer)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corroborate"
CORE = ("ingest", "extract", "link", "reconcile", "store", "records.py", "pipeline.py")
PRESENTATION = ("corroborate.cli", "corroborate.web", "typer", "rich")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_presentation() -> None:
    offenders = []
    for part in CORE:
        target = PACKAGE / part
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        assert files, f"{target} is missing"
        for path in files:
            for name in _imports(path):
                if any(name == p or name.startswith(p + ".") for p in PRESENTATION):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []
