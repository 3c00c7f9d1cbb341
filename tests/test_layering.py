"""The layers import downwards only: the stages in their order, the application layer over
them, the presentation layers (cli, web, bench) on top; one write path to the store.

import-linter checks the same order in ``make test`` ([tool.importlinter] in
pyproject.toml); this test keeps it checked when pytest alone is run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corroborate"
# Lowest first: each may import only itself and the ones before it.
STAGES = ("records", "sanitize", "ingest", "extract", "link", "reconcile", "store")
CORE = (*STAGES, "service", "batch")
PRESENTATION = ("corroborate.cli", "corroborate.web", "corroborate.bench", "typer", "rich")
# Module-level objects of the store that add documents or claims: only the write path may.
STORE_WRITERS = {"store_document"}
WRITE_PATH = PACKAGE / "service" / "write.py"


def _files(part: str, root: Path = PACKAGE) -> list[Path]:
    folder, module = root / part, root / f"{part}.py"
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else [module]
    assert files and files[0].exists(), f"{part} is missing"
    return files


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _part_of(name: str) -> str | None:
    """The top-level part of corroborate that an imported name belongs to."""
    pieces = name.split(".")
    return pieces[1] if pieces[0] == "corroborate" and len(pieces) > 1 else None


def _offenders(parts: tuple[str, ...], forbidden: set[str], root: Path = PACKAGE) -> list[str]:
    found = []
    for part in parts:
        for path in _files(part, root):
            for name in sorted(_imports(path)):
                if _part_of(name) in forbidden or name.split(".")[0] in forbidden:
                    found.append(f"{path.relative_to(root)} imports {name}")
    return found


def test_core_never_imports_presentation() -> None:
    forbidden = {"cli", "web", "bench", "typer", "rich"}
    assert _offenders(CORE, forbidden) == []


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_before_it(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1 :]) | set(CORE[len(STAGES) :])
    assert _offenders((stage,), later) == []


def test_the_check_sees_backward_and_presentation_imports(tmp_path: Path) -> None:
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "files.py").write_text(
        "from corroborate import link\nfrom corroborate.records import Document\nimport rich\n"
    )
    later = set(STAGES[STAGES.index("ingest") + 1 :]) | {"rich"}
    assert _offenders(("ingest",), later, tmp_path) == [
        "ingest/files.py imports corroborate.link",
        "ingest/files.py imports rich",
    ]


def test_only_the_write_path_adds_documents_to_the_store() -> None:
    callers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WRITE_PATH or path.parent.name == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Name | ast.Attribute | ast.alias):
                name = getattr(node, "id", None) or getattr(node, "attr", None) or node.name
                if name in STORE_WRITERS:
                    callers.append(f"{path.relative_to(PACKAGE)} uses {name}")
                    break
    assert callers == []
