"""Whether the extract stage runs compiled and whether that build is older than its sources.

setup.py compiles the extract stage's modules with mypyc, in place beside their sources in
an editable install; Python then imports the compiled module, so an edit to a source does
nothing until the package is rebuilt (`make build`). The tests refuse to run on such a
stale build and the extraction benchmark says which build it measured.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

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
    from corroborate.extract import quantities

    suffix = Path(quantities.__file__ or "").suffix
    return "compiled" if suffix in (".so", ".pyd") else "interpreted"


def stale_modules() -> list[str]:
    """The sources edited after they were compiled: their compiled form is what runs."""
    return sorted(
        f"{EXTRACT / name}.py"
        for name, compiled in _compiled_files().items()
        if (EXTRACT / f"{name}.py").exists()
        and (EXTRACT / f"{name}.py").stat().st_mtime > compiled.stat().st_mtime
    )
