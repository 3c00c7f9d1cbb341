"""Being right on real reporting: claims, their origin, kind and grouping, and
time-specific questions, on the real news stories of ``../shared/data/realnews``.

The measure is the evaluation set's own ``score.py`` (imported from the data folder at run
time, never copied): each story is ingested into a fresh SQLite database with this
corroborate, and its claims and its questions as of each question's date are scored
against the gold. The issue's targets are printed beside the figures as the baseline.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from corroborate.bench.extract import data_dir

# What "right on real reporting" means (issues 11 and 12): the bar each figure must reach.
TARGETS = {
    "recall": 0.95,
    "precision": 0.92,
    "source": 0.90,
    "chain": 0.95,
    "kind": 0.90,
    "questions": 0.90,
    "grouping": 0.85,
}
COLUMNS = ("recall", "precision", "f1", "source", "chain", "kind", "questions", "grouping")


def _scorer(folder: Path) -> ModuleType:
    path = folder / "score.py"
    if not path.is_file():
        raise FileNotFoundError(f"no score.py in {folder}: pass --data with the realnews set")
    spec = importlib.util.spec_from_file_location("realnews_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corroborate_command() -> str:
    """This corroborate's command: the one beside the running Python, else on PATH."""
    beside = Path(sys.executable).with_name("corroborate")
    return str(beside) if beside.exists() else (shutil.which("corroborate") or "corroborate")


def bench_realnews(data: Path | None = None, stories: list[str] | None = None) -> dict[str, Any]:
    """Per story and in total: claim recall and precision, origin (``source``) and chain
    accuracy, kind accuracy, questions right as of their dates, grouping B-cubed F1."""
    root = data_dir(data)
    folder = root if (root / "score.py").is_file() else root / "realnews"
    scorer = _scorer(folder)
    topics = sorted(p.parent for p in folder.glob("*/gold.jsonl"))
    if stories:
        topics = [t for t in topics if t.name in stories]
    command = corroborate_command()
    results = [scorer.score_topic(command, str(t)) for t in topics]
    rows = [_row(r) for r in results]
    return {
        "stories": [*rows, _row(_total(results)), {"story": "target", **TARGETS}],
        "questions": [line for r in results for line in (f"{r['topic']} {d}" for d in r["detail"])],
    }


def _row(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "story": result["topic"],
        "recall": round(result["recall"], 3),
        "precision": round(result["precision"], 3),
        "f1": round(result["f1"], 3),
        "source": round(result["source"], 3),
        "chain": round(result["chain"], 3),
        "kind": None if result["kind"] is None else round(result["kind"], 3),
        "questions": f"{result['right']}/{result['asked']}",
        "grouping": round(result["bcubed"], 3),
    }


def _total(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The TOTAL line as score.py prints it: sums over stories, not means of means."""
    matched = sum(r["matched"] for r in results)
    gold = sum(r["gold"] for r in results)
    considered = sum(r["considered"] for r in results)
    recall = matched / max(1, gold)
    precision = sum(r["tp"] for r in results) / max(1, considered)
    kind_n = sum(r["kind_n"] for r in results)
    items = sum(r["b_items"] for r in results)
    return {
        "topic": "TOTAL",
        "recall": recall,
        "precision": precision,
        "f1": 2 * recall * precision / max(1e-9, recall + precision),
        "source": sum(r["src_n"] for r in results) / max(1, matched),
        "chain": sum(r["chain_n"] for r in results) / max(1, matched),
        "kind": sum(r["kind_ok"] for r in results) / kind_n if kind_n else None,
        "right": sum(r["right"] for r in results),
        "asked": sum(r["asked"] for r in results),
        "bcubed": sum(r["bcubed"] * r["b_items"] for r in results) / max(1, items),
        "detail": [],
    }
