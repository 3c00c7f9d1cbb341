"""Compile the extract stage with mypyc when it can be, else install it as plain Python.

Everything else about the package is declared in pyproject.toml. The extractor is pure,
strictly typed Python; mypyc turns its modules into C extensions (1.3x faster on
NewsQuant, see docs/BENCHMARKS.md). ``CORROBORATE_PURE_PYTHON=1`` skips the compilation,
as does a machine without a C compiler: the same code then runs interpreted.

In an editable install the compiled modules sit beside their sources and are imported in
their place, so an edited source runs only once the package is built again (`make build`;
the tests refuse a stale build, see corroborate/compiled.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

# The hot modules of the extract stage; the lexicon loader runs once and stays Python.
COMPILED = sorted(str(p) for p in Path("src/corroborate/extract").glob("*.py"))


def compiled_modules() -> list[object]:
    if os.environ.get("CORROBORATE_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("corroborate: mypyc not found, installing the extractor as Python", file=sys.stderr)
        return []
    modules = mypycify(["--strict", *COMPILED], opt_level="3", group_name="corroborate_extract")
    for module in modules:
        module.optional = True  # no C compiler: a warning, and the modules stay Python
    return list(modules)


setup(ext_modules=compiled_modules())
