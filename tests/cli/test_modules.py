"""The command line's modules: the entry module imports the command modules, never the
other way round, so no two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import corroborate.cli

CLI = Path(corroborate.cli.__file__).parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_command_modules_never_import_the_entry_module() -> None:
    modules = [p for p in CLI.glob("*.py") if p.name not in ("app.py", "__init__.py")]
    assert len(modules) >= 6
    for path in modules:
        assert "corroborate.cli.app" not in _imports(path), path.name


def test_the_entry_module_registers_every_command_module() -> None:
    registered = _imports(CLI / "app.py")
    for path in CLI.glob("*.py"):
        if path.name not in ("app.py", "__init__.py", "_app.py", "output.py"):
            assert f"corroborate.cli.{path.stem}" in registered, path.name
