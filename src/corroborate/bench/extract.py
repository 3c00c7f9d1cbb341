"""Benchmarks of the extract stage, as data: the CLI prints them as a table or JSON.

- ``bench_newsquant``: value and value+qualifier P/R/F1 and sentences per second on
  NewsQuant (Almasian et al., EMNLP 2023), for corroborate and quantulum3, in one run.
- ``bench_samples``: claim recall, source and qualifier accuracy on ``samples/*.gold.jsonl``.
- ``bench_attribution``: source-span P/R/F1 on PolNeAR (Newell et al., LREC 2018).

The corpora are read in place from ``../shared/data`` (never copied into the repository).
"""

from __future__ import annotations

import gc
import json
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from corroborate.compiled import extractor_build
from corroborate.extract import extract_claims
from corroborate.extract.sources import canonical_source, normalise
from corroborate.records import Claim, Document

DEFAULT_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
NEWSQUANT = Path("extraction") / "newsquant" / "formatted_test_set" / "NewsQuant.json"
POLNEAR = Path("extraction") / "polnear"

# NewsQuant's `change` field next to our qualifiers: "~" approx, ">" lower bound,
# "<" upper bound ("up to" and "under" alike), "up"/"down" a change, "=" anything else.
QUALIFIER_TO_CHANGE = {"approx": "~", "at_least": ">", "at_most": "<", "up_to": "<"}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value as the benchmark compares it: a closed interval and a change label."""

    low: float
    high: float
    change: str = "="


# ---------------------------------------------------------------------------- NewsQuant


def data_dir(path: str | Path | None = None) -> Path:
    """The shared evaluation data folder; raise FileNotFoundError naming it when absent."""
    folder = Path(path) if path else DEFAULT_DATA
    if not folder.is_dir():
        raise FileNotFoundError(f"evaluation data folder not found: {folder.resolve()}")
    return folder


def load_newsquant(path: str | Path | None = None) -> list[tuple[str, list[Quantity]]]:
    """NewsQuant's sentences with their gold quantities."""
    rows = json.loads((data_dir(path) / NEWSQUANT).read_text("utf-8"))
    return [(row["text"], [_gold_quantity(q) for q in row["quantities"]]) for row in rows]


_GOLD_RANGE = re.compile(r"^\s*(\d[\d.]*)\s*-\s*(\d[\d.]*)\s*$")


def _gold_quantity(q: dict[str, str]) -> Quantity:
    value = q["value"].strip()
    match = _GOLD_RANGE.match(value)
    if match:
        low, high = float(match.group(1)), float(match.group(2))
    else:
        low = high = float(value)
    return Quantity(min(low, high), max(low, high), q["change"])


def corroborate_quantities(sentence: str) -> list[Quantity]:
    """corroborate's figures in one sentence, as the benchmark compares them."""
    return [claim_quantity(c) for c in extract_claims(Document(text=sentence))]


def claim_quantity(claim: Claim) -> Quantity:
    """A claim as NewsQuant compares it: an interval and one ``change`` label.

    NewsQuant has one label where a claim has a qualifier and a change; these are its
    conventions, read off its gold annotations (counts are of the test set's matched
    figures):

    - vague amounts and ranges are plain intervals ("="), unless the range is hedged
      ("about 10 to 12") or is the amount of a change ("dropped by 1 to 1.5 degrees" is
      "down"); "jumped from 240 to 273" gives two levels, not a change (the extractor
      marks it ``change_cue == "level"``);
    - a change wins over an approximation: "rose about 1.5%" is "up" (four of the six
      approximate changes; the extractor keeps qualifier "approx" and ``is_change``);
    - a change named by a noun ("a 5% increase", "5% higher") is a plain value;
    - a conversion in parentheses takes no qualifier ("about $113 trillion ($161
      trillion)": the second figure is "="), although the extractor gives it the first
      figure's qualifier (``extras["qualifier_from"] == "conversion"``).
    """
    vague = claim.extras.get("vague")
    moved = claim.extras.get("moved")  # "jumped from 240 to 273": NewsQuant's range
    if isinstance(moved, list):
        low, high = float(moved[0]), float(moved[1])
    elif isinstance(vague, list) and claim.value is not None:
        # "thousands" is 1,000 as a lower bound for us (ACLED); NewsQuant writes 1000-10000.
        low, high = float(vague[0]), float(vague[1])
    elif claim.value is not None:
        low = high = claim.value
    else:
        low, high = claim.low or 0.0, claim.high or 0.0
    change = QUALIFIER_TO_CHANGE.get(claim.qualifier, "=")
    if claim.extras.get("qualifier_from") == "conversion" and claim.qualifier == "approx":
        change = "="
    ranged = isinstance(vague, list) or isinstance(moved, list) or claim.qualifier == "range"
    if ranged:
        change = "~" if claim.extras.get("approx_range") else "="
    cue = claim.extras.get("change_cue")
    if change in ("=", "~") and claim.is_change and cue != "noun":
        # NewsQuant marks a change when a verb moves the figure ("rose 5%"), not for
        # "a 5% increase" or "5% higher", which it annotates as plain values.
        change = str(claim.extras.get("direction", "="))
    return Quantity(min(low, high), max(low, high), change)


def quantulum_quantities(sentence: str) -> list[Quantity]:
    """quantulum3's figures in one sentence (imported lazily: it is a benchmark extra)."""
    from quantulum3 import parser

    out = []
    for q in parser.parse(sentence):
        value = float(q.value)
        out.append(Quantity(value, value, "="))
    return out


def _same_value(a: Quantity, b: Quantity) -> bool:
    return _close(a.low, b.low) and _close(a.high, b.high)


def _close(x: float, y: float) -> bool:
    """Equal to 0.1%: relative only, so that 1.99e-30 and 1.99e-29 are different values."""
    return math.isclose(x, y, rel_tol=1e-3)


def score(
    gold: list[list[Quantity]], predicted: list[list[Quantity]], with_change: bool = False
) -> dict[str, float]:
    """Micro P/R/F1; per sentence, each gold quantity matches at most one prediction."""
    tp = fp = fn = 0
    for golds, preds in zip(gold, predicted, strict=True):
        left = list(preds)
        for g in golds:
            same = [p for p in left if _same_value(g, p)]
            hit = next((p for p in same if not with_change or p.change == g.change), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                left.remove(hit)
        fp += len(left)
    return _prf(tp, fp, fn)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _timed(system: Callable[[str], list[Quantity]], sentences: list[str]) -> float:
    start = time.perf_counter()
    for sentence in sentences:
        system(sentence)
    return time.perf_counter() - start


def _speeds(
    systems: dict[str, Callable[[str], list[Quantity]]], sentences: list[str], rounds: int
) -> dict[str, float]:
    """Sentences per second of each system, measured fairly on a shared machine.

    The sentences are cut into chunks; each chunk is timed for every system in turn, so
    that both see the same load, and over ``rounds`` passes the fastest time of each chunk
    is kept (the one least disturbed by other work). Each system reads a chunk once
    untimed before it is timed on it: otherwise it starts on caches the other system has
    just filled, which costs the faster system most (about 12% of corroborate's time).
    Garbage collection is paused while timing, as ``timeit`` does.
    """
    chunks = [sentences[i : i + 50] for i in range(0, len(sentences), 50)]
    best = {name: [math.inf] * len(chunks) for name in systems}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(max(1, rounds)):
            for index, chunk in enumerate(chunks):
                for name, system in systems.items():
                    _timed(system, chunk)  # warm: the same steady state as a long batch
                    best[name][index] = min(best[name][index], _timed(system, chunk))
    finally:
        if enabled:
            gc.enable()
    return {name: len(sentences) / sum(times) for name, times in best.items()}


def bench_newsquant(
    path: str | Path | None = None, rounds: int = 3, include_quantulum: bool = True
) -> dict[str, object]:
    """Both systems on the same sentences in one process (single core).

    Each system is warmed up once (quantulum3 loads its classifier on first use), then
    timed over ``rounds`` passes interleaved chunk by chunk (see ``_speeds``).
    """
    rows = load_newsquant(path)
    sentences = [text for text, _ in rows]
    gold = [quantities for _, quantities in rows]
    systems: dict[str, Callable[[str], list[Quantity]]] = {"corroborate": corroborate_quantities}
    if include_quantulum:
        systems["quantulum3"] = quantulum_quantities
    results: dict[str, dict[str, object]] = {}
    for name, system in systems.items():
        predicted = [system(s) for s in sentences]  # also the warm-up
        results[name] = {
            "value": score(gold, predicted),
            "value+qualifier": score(gold, predicted, with_change=True),
        }
    speeds = _speeds(systems, sentences, rounds)
    for name, speed in speeds.items():
        results[name]["sentences_per_second"] = speed
    out: dict[str, object] = {
        "dataset": "NewsQuant",
        "extractor": extractor_build(),  # compiled by setup.py (mypyc), or interpreted
        "sentences": len(sentences),
        "quantities": sum(len(g) for g in gold),
        "systems": results,
    }
    if include_quantulum:
        out["speedup"] = speeds["corroborate"] / speeds["quantulum3"]
    return out


# ---------------------------------------------------------------------------- samples gold


def source_matches(predicted: str, gold: str) -> bool:
    """Whether a predicted source names the entity a gold annotation names.

    Gold sources are free descriptions, so both sides are canonicalised and compared. A
    gold note in parentheses ("social media (disputed by the author)") is the annotator's
    comment on the stance, not part of the name, and is dropped. A gold description that
    wraps the entity ("reports discussed by X and Y") matches when the wrapped entity is
    exactly what was predicted, after canonicalisation.
    """
    gold_name = re.sub(r"\s*\([^)]*\)\s*$", "", gold).strip()
    pred = normalise(canonical_source(predicted))
    if pred == normalise(canonical_source(gold_name)):
        return True
    wrapped = re.match(r"^(?:reports?|claims?|figures?)\s+\w+\s+by\s+(.+)$", gold_name)
    return bool(wrapped) and pred == normalise(canonical_source(wrapped.group(1)))


def gold_value_matches(claim: Claim, value: object) -> bool:
    if isinstance(value, list):
        return (claim.low, claim.high) == (float(value[0]), float(value[1]))
    if not isinstance(value, int | float | str):
        return False
    return claim.value is not None and _close(claim.value, float(value))


def match_gold(claims: list[Claim], gold: dict[str, object]) -> Claim | None:
    """The claim with the gold's sentence and value (the samples README's rule)."""
    for claim in claims:
        if claim.sentence == gold["sentence"] and gold_value_matches(claim, gold["value"]):
            return claim
    return None


def _document(doc_path: Path) -> Document:
    raw = json.loads(doc_path.read_text("utf-8"))
    published = None
    if raw.get("published"):
        from datetime import date

        published = date.fromisoformat(str(raw["published"])[:10])
    return Document(
        text=raw["text"], url=raw.get("url"), outlet=raw.get("outlet"), published=published
    )


def bench_samples(path: str | Path | None = None) -> dict[str, object]:
    """Claim recall, source accuracy and qualifier accuracy on each ``*.gold.jsonl``."""
    folder = data_dir(path) / "samples"
    per_doc: list[dict[str, object]] = []
    totals = {"gold": 0, "matched": 0, "source": 0, "qualifier": 0}
    for gold_path in sorted(folder.glob("*.gold.jsonl")):
        doc_path = folder / gold_path.name.replace(".gold.jsonl", ".json")
        if not doc_path.exists():
            continue
        golds = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line]
        claims = extract_claims(_document(doc_path))
        counts = _sample_counts(claims, golds)
        per_doc.append({"document": doc_path.name, **counts, **_ratios(counts)})
        for key in totals:
            totals[key] += counts[key]
    return {"documents": per_doc, "total": {**totals, **_ratios(totals)}}


def _sample_counts(claims: list[Claim], golds: list[dict[str, object]]) -> dict[str, int]:
    counts = {"gold": len(golds), "matched": 0, "source": 0, "qualifier": 0}
    for gold in golds:
        claim = match_gold(claims, gold)
        if claim is None:
            continue
        counts["matched"] += 1
        counts["source"] += source_matches(claim.source, str(gold["source"]))
        counts["qualifier"] += claim.qualifier == gold.get("qualifier")
    return counts


def _ratios(counts: dict[str, int]) -> dict[str, float]:
    matched = counts["matched"]
    return {
        "claim_recall": matched / counts["gold"] if counts["gold"] else 0.0,
        "source_accuracy": counts["source"] / matched if matched else 0.0,
        "qualifier_accuracy": counts["qualifier"] / matched if matched else 0.0,
    }


# ---------------------------------------------------------------------------- PolNeAR


def polnear_documents(split: str, path: str | Path | None = None) -> Iterable[tuple[str, list]]:
    """(text, gold source spans) per article of a split; one annotator per article.

    Where several annotators worked on an article, the first annotation file (by name) is
    used, so that every article counts once.
    """
    folder = data_dir(path) / POLNEAR / split
    seen: set[str] = set()
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        text_path = folder / "text" / f"{article}.txt"
        if article in seen or not text_path.exists():
            continue
        seen.add(article)
        yield text_path.read_text("utf-8"), _source_spans(ann.read_text("utf-8"))


def _source_spans(ann: str) -> list[tuple[int, int]]:
    spans = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Source "):
            offsets = parts[1].split(" ", 1)[1]
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans.append((min(p[0] for p in pieces), max(p[1] for p in pieces)))
    return sorted(set(spans))


def bench_attribution(
    split: str = "test", path: str | Path | None = None, limit: int | None = None
) -> dict[str, object]:
    """Source-span P/R/F1 on a PolNeAR split: exact spans, and overlapping spans.

    Develop on ``train`` only; ``test`` is for the reported figure (the corpus authors ask
    that dev and test are not read while building a system).
    """
    from corroborate.extract.attribution import source_spans

    exact = [0, 0, 0]
    overlap = [0, 0, 0]
    articles = 0
    for text, gold in polnear_documents(split, path):
        if limit is not None and articles >= limit:
            break
        articles += 1
        predicted = sorted(set(source_spans(text)))
        _count(exact, gold, predicted, lambda g, p: g == p)
        _count(overlap, gold, predicted, lambda g, p: g[0] < p[1] and p[0] < g[1])
    result: dict[str, object] = {
        "dataset": f"PolNeAR {split}",
        "articles": articles,
        "exact": _prf(*exact),
        "overlap": _prf(*overlap),
    }
    result["table"] = table_rows(result)
    return result


def _count(
    acc: list[int],
    gold: list[tuple[int, int]],
    predicted: list[tuple[int, int]],
    same: Callable[[tuple[int, int], tuple[int, int]], bool],
) -> None:
    left = list(predicted)
    for g in gold:
        hit = next((p for p in left if same(g, p)), None)
        if hit is None:
            acc[2] += 1
        else:
            acc[0] += 1
            left.remove(hit)
    acc[1] += len(left)


def bench_extract(path: str | Path | None = None, rounds: int = 3) -> dict[str, object]:
    """Everything ``corroborate bench extract`` prints: NewsQuant and the samples gold."""
    result: dict[str, object] = {
        "newsquant": bench_newsquant(path, rounds=rounds),
        "samples": bench_samples(path),
    }
    result["table"] = table_rows(result)
    return result


def table_rows(result: dict[str, object]) -> list[dict[str, object]]:
    """Flat rows for a table: one per system and measure, from any ``bench_*`` result."""
    rows: list[dict[str, object]] = []
    newsquant = result.get("newsquant", result)
    systems = newsquant.get("systems") if isinstance(newsquant, dict) else None
    if isinstance(systems, dict):
        for system, measures in systems.items():
            speed = measures.get("sentences_per_second")
            for name in ("value", "value+qualifier"):
                m = measures[name]
                rows.append({"dataset": "NewsQuant", "system": system, "measure": name,
                             "precision": m["precision"], "recall": m["recall"], "f1": m["f1"],
                             "sentences_per_second": speed})  # fmt: skip
    samples = result.get("samples")
    if isinstance(samples, dict):
        total = samples["total"]
        for name in ("claim_recall", "source_accuracy", "qualifier_accuracy"):
            rows.append({"dataset": "samples gold", "system": "corroborate", "measure": name,
                         "value": total[name]})  # fmt: skip
    if "exact" in result and "overlap" in result:
        for name in ("exact", "overlap"):
            m = result[name]
            rows.append({"dataset": result["dataset"], "system": "corroborate",
                         "measure": f"source span ({name})", "precision": m["precision"],
                         "recall": m["recall"], "f1": m["f1"]})  # fmt: skip
    return rows
