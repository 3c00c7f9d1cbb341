"""Whether the extract stage runs compiled and whether that build is older than its sources.

setup.py compiles the extract stage's modules with mypyc, in place beside their sources in
an editable install; Python then imports the compiled module, so an edit to a source does
nothing until the package is rebuilt (`make build`). The tests refuse to run on such a
stale build and the extraction benchmark says which build it measured.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

EXTRACT = Path(__file__).parent / "extract"


def _compiled_files() -> dict[str, Path]:
    """Module name -> its compiled file, for the extract stage's compiled modules."""
    found: dict[str, Path] = {}
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for path in EXTRACT.glob(f"*{suffix}"):
            found[path.name.removesuffix(suffix)] = path
    return found


def extractor_build() -> str:
    """ "compiled" when the extract stage's modules load as extensions, else "interpreted"."""
    spec = importlib.util.find_spec("corroborate.extract.quantities")
    origin = spec.origin if spec is not None else None
    return "compiled" if origin and origin.endswith(_EXTENSIONS) else "interpreted"


_EXTENSIONS = tuple(importlib.machinery.EXTENSION_SUFFIXES)


def stale_modules() -> list[str]:
    """The sources edited after they were compiled: their compiled form is what runs."""
    return sorted(
        f"{EXTRACT / name}.py"
        for name, compiled in _compiled_files().items()
        if (EXTRACT / f"{name}.py").exists()
        and (EXTRACT / f"{name}.py").stat().st_mtime > compiled.stat().st_mtime
    )


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """Finds the extract stage's modules as their Python sources, past the compiled ones."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "corroborate.extract" and not fullname.startswith("corroborate.extract."):
            return None
        folder = EXTRACT.parent if fullname == "corroborate.extract" else EXTRACT
        loaders = (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES)
        return importlib.machinery.FileFinder(str(folder), loaders).find_spec(fullname, target)


def run_interpreted() -> None:
    """Import the extract stage from its sources from now on, compiled or not (for the
    tests and benchmarks that compare the two builds in one run). Call it before anything
    imports ``corroborate.extract``."""
    if "corroborate.extract" in sys.modules:
        raise RuntimeError("corroborate.extract is already imported: call run_interpreted first")
    sys.meta_path.insert(0, _SourcesFirst())
