"""The compiled extractor reads every text exactly as its Python sources do.

setup.py compiles the extract stage with mypyc, and mypyc can differ from CPython where
Python leaves room (a generator passed to ``list.extend`` that reads the list it extends
was one such difference). These tests read the same documents twice, compiled in this
process and interpreted in a child process that imports the sources
(``CORROBORATE_INTERPRETED=1``), and compare every field of every claim.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.compiled import extractor_build
from corroborate.extract import extract_claims
from corroborate.ingest.files import expand_paths, read_file
from corroborate.records import Document

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(
    extractor_build() != "compiled",
    reason="the extractor is interpreted here (make pure, CORROBORATE_PURE_PYTHON=1, no compiler)",
)


def documents(paths: list[str]) -> list[Document]:
    """The documents of the bundled examples and, beside the project, the shared corpora."""
    found: list[Document] = []
    for path in expand_paths(paths):
        if isinstance(path, Path):
            found += [d for d in read_file(path) if isinstance(d, Document)]
    return found


def readings(docs: list[Document]) -> list[str]:
    """Every claim of every document, each as one line of JSON."""
    return [
        json.dumps(dataclasses.asdict(claim), default=str, sort_keys=True)
        for doc in docs
        for claim in extract_claims(doc)
    ]


def interpreted(docs: list[Document]) -> list[str]:
    """``readings(docs)`` from the extractor's Python sources, in a child process."""
    child = (
        "import json, sys\n"
        "from datetime import date\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from corroborate.records import Document\n"
        "from test_compiled_build import readings\n"
        "from corroborate.compiled import extractor_build\n"
        "assert extractor_build() == 'interpreted'\n"
        "day = lambda d: d['published'] and date.fromisoformat(d['published'])\n"
        "docs = [Document(**{**d, 'published': day(d)}) for d in json.load(sys.stdin)]\n"
        "print(json.dumps(readings(docs)))\n"
    )
    payload = json.dumps([dataclasses.asdict(d) for d in docs], default=str)
    env = {**os.environ, "CORROBORATE_INTERPRETED": "1"}
    done = subprocess.run(
        [sys.executable, "-c", child], input=payload, capture_output=True, text=True,
        check=True, env=env,
    )  # fmt: skip
    return list(json.loads(done.stdout))


def _corpora() -> list[str]:
    paths = [str(REPO / "examples")]
    for folder in ("realnews", "samples"):
        if (SHARED / folder).is_dir():
            paths.append(str(SHARED / folder))
    return paths


def test_same_claims_on_the_corpora() -> None:
    docs = documents(_corpora())
    compiled = readings(docs)
    assert len(compiled) > 50  # the bundled examples alone hold well over 50 claims
    assert interpreted(docs) == compiled


_PIECES = st.sampled_from(
    [
        " ", ". ", ", ", "\n\n", "“", "”", "said", " said ", "according to ", "the ministry",
        "Reuters", "1,500", "2,000 more", "10,000", "about 300", "dozens of", "troops",
        "soldiers", "killed", "wounded", "sent", "to Russia", "in Kursk", "on Monday",
        "last year", "in October 2024", "he", "they", "another", "a day", "including",
        "North Korean", "Ukraine's military", "plans to send", "up to", "at least",
    ]
)  # fmt: skip


@settings(max_examples=3, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=3, max_size=40).map("".join), min_size=150,
                max_size=150))  # fmt: skip
def test_same_claims_on_generated_text(texts: list[str]) -> None:
    """One child process per 150 generated texts: far cheaper than one per text."""
    docs = [Document(text=t) for t in texts]
    assert interpreted(docs) == readings(docs)
