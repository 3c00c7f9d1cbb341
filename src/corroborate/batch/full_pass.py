"""The full pass on a Dask cluster (``corroborate reconcile --full --workers N`` or
``--scheduler tcp://…``): the same links, reliability and estimates as
``analysis.refresh``, with no process holding every claim.

1. **Link.** Workers recompute the claims' own question keys over ranges of documents
   (a document's figures share what each leaves unsaid) and return how many claims give
   each key; the driver decides the question of each distinct key (``attach`` over the
   keys that can refine it) and workers point the claims of ranges of claim ids at them.
   The analyst's merges and splits are replayed after, so they keep winning.
2. **Partition.** Questions are cut into partitions of about ``partition_claims`` claims,
   a question always with its "how many more" question (derived totals read both).
3. **Learn reliability.** Each worker reads its partitions' claims once and keeps them as
   arrays (source, question × fortnight, value: ~100 bytes a claim); truth discovery's
   rounds are map/reduce rounds over them: the driver sends the source weights, each
   partition returns its sources' summed errors, the driver adds them up and computes the
   next weights (``truth.source_loss`` / ``truth.next_weights``, the in-process loop's own
   steps). The choice of scale and the echoing source pairs are reduced the same way.
4. **Judge.** Each worker reconciles its partitions with the learned weights and writes
   their estimates and judgements, one transaction per partition.

Only ``batch/runner.py`` imports Dask: this module uses the runner's client.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from corroborate.batch.runner import DaskRunner
from corroborate.link.questions import QuestionKey, attach
from corroborate.reconcile.engine import FORTNIGHT, _object, find_echoes, prior_weight
from corroborate.reconcile.truth import (
    Grouped,
    agreeing_pairs,
    discount_for,
    group_claims,
    next_weights,
    pair_agreement,
    source_loss,
    weighted_quantile,
)
from corroborate.service.analysis import (
    _NOT_AN_ANSWER,
    _answers_query,
    _evidence,
    _evidence_query,
    _store_reliability,
    _upsert_questions,
    chunks,
    counts_over_time,
    link_key_row,
    own_keys,
    write_own_keys,
)
from corroborate.service.edits import replay
from corroborate.service.incremental import reconcile_questions
from corroborate.store.db import lock_for_relink, make_engine
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    LinkKeyRow,
    QuestionRow,
    SourceRow,
)

PARTITION_CLAIMS = 100_000  # claims per partition: a worker's memory is bounded by this
MAX_ROUNDS, TOLERANCE = 4, 1e-3  # truth discovery's defaults (``truth._corroborate``)


@dataclass
class DistributedReport:
    questions: int = 0
    claims: int = 0
    partitions: int = 0
    workers: int = 0
    rounds: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each phase


def full_pass_on(
    engine: Engine, runner: DaskRunner, partition_claims: int = PARTITION_CLAIMS
) -> DistributedReport:
    """Link every claim, learn source reliability over all of them and reconcile every
    question on the runner's workers; the workers open the database themselves."""
    url = engine.url.render_as_string(hide_password=False)
    report = DistributedReport(workers=runner.workers)
    started = time.perf_counter()
    with _relink_lock(engine):
        _link(engine, runner, url, partition_claims)
        report.phases["link"] = _lap(started)
        partitions = plan_partitions(engine, partition_claims)
        report.partitions = len(partitions)
        weights, report.rounds = _learn(runner, url, partitions)
        report.phases["reliability"] = _lap(started) - report.phases["link"]
        [learned] = runner.client.scatter([weights], broadcast=True)
        judged = runner.client.map(_judge, partitions, url=url, weights=learned, pure=False)
        report.claims = sum(runner.client.gather(judged))
        _store_weights(engine, weights, report.claims)
    report.seconds = _lap(started)
    report.phases["judge"] = report.seconds - sum(report.phases.values())
    with Session(engine) as session:
        report.questions = session.scalar(select(func.count()).select_from(QuestionRow)) or 0
    return report


def _lap(started: float) -> float:
    return round(time.perf_counter() - started, 3)


@contextmanager
def _relink_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL the driver holds the relink lock while workers write on their own
    connections, so an ingest's relink waits. SQLite's lock is the database's one write
    lock, which the workers need: there the pass relies on being run alone."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with Session(engine) as session:
        lock_for_relink(session)
        yield
        session.commit()


# -- 1. link --------------------------------------------------------------------------


def _link(engine: Engine, runner: DaskRunner, url: str, partition_claims: int) -> None:
    documents = _id_ranges(engine, DocumentRow.id, ClaimRow.document_id, partition_claims)
    found = runner.client.map(_own_keys_of, documents, url=url, pure=False)
    support: Counter[QuestionKey] = Counter()
    for counted in runner.client.gather(found):
        support.update(counted)
    with Session(engine) as session:
        _store_support(session, support)
        questions = _decide_all(session, support)
        session.commit()
    claims = _id_ranges(engine, ClaimRow.id, ClaimRow.id, partition_claims)
    [mapping] = runner.client.scatter([questions], broadcast=True)
    runner.client.gather(runner.client.map(_point, claims, url=url, questions=mapping, pure=False))
    with Session(engine) as session:
        replay(session)  # the analyst's merges and splits win over the machine's links
        linked = exists().where(ClaimRow.question_id == QuestionRow.id)
        session.execute(delete(QuestionRow).where(~linked))
        session.commit()


def _id_ranges(
    engine: Engine, id_column: Any, claim_column: Any, partition_claims: int
) -> list[tuple[int, int]]:
    """Half-open id ranges of about ``partition_claims`` claims each, assuming claims
    spread evenly over the ids (a range is only a unit of work)."""
    with engine.connect() as connection:
        low, high = connection.execute(select(func.min(id_column), func.max(id_column))).one()
        n_claims = connection.scalar(select(func.count(claim_column))) or 0
    if low is None:
        return []
    span = high - low + 1
    step = max(1, span * partition_claims // max(n_claims, 1))
    return [(start, min(start + step, high + 1)) for start in range(low, high + 1, step)]


_ENGINES: dict[str, Engine] = {}


def _worker_engine(url: str) -> Engine:
    """One engine (one connection pool) per database per worker process."""
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def _own_keys_of(documents: tuple[int, int], *, url: str) -> Counter[QuestionKey]:
    """Store the own key of each claim of ``documents`` ("" when it answers no question)
    and count the claims giving each key."""
    low, high = documents
    in_range = (ClaimRow.document_id >= low, ClaimRow.document_id < high)
    with Session(_worker_engine(url)) as session:
        rows = [
            row
            for row in session.execute(_answers_query().where(*in_range))
            if not _NOT_AN_ANSWER.intersection(row.extras or {})
        ]
        keys = own_keys(rows)
        write_own_keys(session, rows, keys, *in_range)
        session.commit()
    return Counter(keys)


def _store_support(session: Session, support: Counter[QuestionKey]) -> None:
    session.execute(delete(LinkKeyRow))
    for chunk in chunks(sorted(support, key=QuestionKey.text), 2000):
        session.execute(insert(LinkKeyRow), [link_key_row(key, support[key]) for key in chunk])


def _decide_all(session: Session, support: Counter[QuestionKey]) -> dict[str, int | None]:
    """Each distinct key's question id (None: it counts nothing a reader asks about),
    decided as ``attach_unspecified`` decides each claim's: from the keys that can refine
    it, which share its counted thing, period, unit and kind."""
    # (counted, period, unit, kind) -> the keys sharing them, with their support
    groups: dict[tuple[str | None, ...], dict[QuestionKey, int]] = {}
    for key, n in support.items():
        groups.setdefault((key.counted, key.period, key.unit, key.kind), {})[key] = n
    joins = {key: attach(key, groups[(key.counted, key.period, key.unit, key.kind)])
             for key in support}  # fmt: skip
    ids = _upsert_questions(session, {target for target in joins.values() if target.counted})
    return {key.text(): ids.get(target) for key, target in joins.items()}


def _point(claims: tuple[int, int], *, url: str, questions: dict[str, int | None]) -> int:
    """Point the claims of an id range at their key's question; write only the moves."""
    low, high = claims
    query = select(ClaimRow.id, ClaimRow.link_key, ClaimRow.question_id).where(
        ClaimRow.id >= low, ClaimRow.id < high
    )
    with Session(_worker_engine(url)) as session:
        moves = [
            {"id": claim_id, "question_id": questions.get(link_key or "")}
            for claim_id, link_key, current in session.execute(query)
            if questions.get(link_key or "") != current
        ]
        if moves:
            session.execute(update(ClaimRow), moves)  # bulk UPDATE by primary key
        session.commit()
    return len(moves)


# -- 2. partition ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionPartition:
    question_ids: tuple[int, ...]
    claims: int


def plan_partitions(engine: Engine, partition_claims: int) -> list[QuestionPartition]:
    """Questions in partitions of about ``partition_claims`` claims, each question with its
    "how many more" question."""
    with engine.connect() as connection:
        keys = dict(connection.execute(select(QuestionRow.id, QuestionRow.key)).all())
        sizes = dict(
            connection.execute(
                select(ClaimRow.question_id, func.count())
                .where(ClaimRow.question_id.is_not(None))
                .group_by(ClaimRow.question_id)
            ).all()
        )
    families: dict[str, list[int]] = {}
    for question_id in sorted(keys):
        families.setdefault(keys[question_id].removesuffix("|increment"), []).append(question_id)
    partitions: list[QuestionPartition] = []
    batch: list[int] = []
    size = 0
    for family in sorted(families.values()):
        batch += family
        size += sum(sizes.get(q, 0) for q in family)
        if size >= partition_claims:
            partitions.append(QuestionPartition(tuple(batch), size))
            batch, size = [], 0
    if batch:
        partitions.append(QuestionPartition(tuple(batch), size))
    return partitions


# -- 3. learn reliability -------------------------------------------------------------


@dataclass
class _Figures:
    """A partition's original point figures, as truth discovery reads them."""

    sources: list[str]  # this partition's voices; ``source`` indexes them
    priors: list[float]
    source: np.ndarray
    obj: np.ndarray
    value: np.ndarray


@dataclass
class _Prepared:
    """A partition's figures grouped by object with global source numbers, on the scale
    chosen, with each claim's echo discount once the echoing pairs are known."""

    g: Grouped
    x: np.ndarray
    multi: np.ndarray
    discount: np.ndarray | None = None


def _learn(
    runner: DaskRunner, url: str, partitions: Sequence[QuestionPartition]
) -> tuple[dict[str, float], int]:
    """Source weights over every partition, 1 for the most reliable, as
    ``engine.learn_reliability`` learns them in one process; and the rounds it took."""
    client = runner.client
    figures = client.map(_read_figures, partitions, url=url, pure=False)
    names: dict[str, int] = {}
    priors: list[float] = []
    for sources, source_priors in client.gather(client.map(_voices, figures, pure=False)):
        for name, prior in zip(sources, source_priors, strict=True):
            if name not in names:
                names[name] = len(names)
                priors.append(prior)
            else:
                priors[names[name]] = prior
    if not names:
        return {}, 0
    # Numbered by name, as ``learn_reliability`` numbers them: ties in value are ordered
    # by source number.
    by_name = sorted(names)
    priors = [priors[names[name]] for name in by_name]
    names = {name: i for i, name in enumerate(by_name)}
    [index] = client.scatter([names], broadcast=True)
    # Each stage's futures are dropped once the next holds what it needs: Dask frees a
    # partition's arrays when nothing refers to them.
    grouped = client.map(_group, figures, names=index, pure=False)
    del figures
    use_log = _log_scale(client.gather(client.map(_medians, grouped, pure=False)))
    prepared = client.map(_on_scale, grouped, use_log=use_log, pure=False)
    del grouped
    echoes = _echoing(client.gather(client.map(_pair_counts, prepared, pure=False)))
    [pairs] = client.scatter([echoes], broadcast=True)
    ready = client.map(_with_discount, prepared, pairs=pairs, pure=False)
    del prepared
    n_multi = np.zeros(len(names))
    n_points = 0
    for per_source, count in client.gather(client.map(_multi_counts, ready, pure=False)):
        n_multi += per_source
        n_points += count
    prior = np.asarray(priors)
    weights, rounds = prior.copy(), 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        losses = client.gather(client.map(_round, ready, weights=weights, pure=False))
        loss = np.sum([per_source for per_source, _ in losses], axis=0)
        mean_loss = sum(total for _, total in losses) / max(n_points, 1)
        new = next_weights(prior, loss, mean_loss, n_multi)
        change = float(np.max(np.abs(new - weights)))
        weights = new
        if change < TOLERANCE:
            break
    del ready
    weights = np.nan_to_num(weights, nan=0.0)
    top = float(weights.max()) or 1.0
    return {name: float(weights[i]) / top for name, i in names.items()}, rounds


def _read_figures(partition: QuestionPartition, *, url: str) -> _Figures:
    """The partition's original point figures (echoes found within each question, as
    ``reconcile`` finds them), one object per question × fortnight (× day for a crowd)."""
    with Session(_worker_engine(url)) as session:
        evidence = []
        for chunk in chunks(partition.question_ids, 2000):
            query = _evidence_query().where(
                ClaimRow.question_id.in_(chunk), ClaimRow.status == "ok"
            )
            evidence += [_evidence(row) for row in session.execute(query)]
        momentary = counts_over_time(session, partition.question_ids)["momentary"]
    echo_of = find_echoes(evidence)
    points = [e for e in evidence if e.claim_id not in echo_of and e.is_point and not e.is_forecast]
    del evidence
    sources: dict[str, int] = {}
    priors: dict[int, float] = {}
    objects: dict[tuple[int, int], int] = {}
    source, obj = [], []
    for item in points:
        i = sources.setdefault(item.source, len(sources))
        priors[i] = prior_weight(item)  # the last figure's, as ``learn_reliability``
        source.append(i)
        grain = 1 if item.question_id in momentary else FORTNIGHT
        obj.append(objects.setdefault(_object(item, grain), len(objects)))
    return _Figures(
        list(sources),
        [priors[i] for i in range(len(sources))],
        np.asarray(source, dtype=np.int64),
        np.asarray(obj, dtype=np.int64),
        np.asarray([item.point for item in points], dtype=float),
    )


def _voices(figures: _Figures) -> tuple[list[str], list[float]]:
    return figures.sources, figures.priors


def _group(figures: _Figures, *, names: dict[str, int]) -> _Prepared:
    to_global = np.asarray([names[s] for s in figures.sources], dtype=np.int64)
    source = to_global[figures.source] if figures.source.size else figures.source
    g = group_claims(source, figures.obj, figures.value, n_sources=len(names))
    return _Prepared(g, g.val, (g.count >= 2)[g.obj])


def _medians(part: _Prepared) -> tuple[float, np.ndarray]:
    """What ``truth.choose_scale`` reads: the smallest figure, each object's median."""
    g = part.g
    if g.val.size == 0:
        return np.inf, np.zeros(0)
    return float(g.val.min()), weighted_quantile(g, g.val, np.ones(len(g.val)), 0.5)


def _log_scale(stats: list[tuple[float, np.ndarray]]) -> bool:
    """``truth.choose_scale`` over the medians of every partition."""
    if not stats or min(low for low, _ in stats) < 0:
        return False
    med = np.concatenate([medians for _, medians in stats])
    med = med[np.isfinite(med) & (med > 0)]
    if med.size == 0:
        return False
    p5, p95 = np.quantile(med, [0.05, 0.95])
    return bool(p95 >= 1000 * max(p5, 1e-300))


def _on_scale(part: _Prepared, *, use_log: bool) -> _Prepared:
    return _Prepared(part.g, np.log1p(part.g.val) if use_log else part.g.val, part.multi)


def _pair_counts(part: _Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return pair_agreement(part.g, part.x)


def _echoing(counts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
    """The source pairs that echo each other, from every partition's pair counts."""
    keys = np.concatenate([k for k, _, _ in counts]) if counts else np.zeros(0, np.int64)
    if keys.size == 0:
        return keys
    unique, inverse = np.unique(keys, return_inverse=True)
    same = np.bincount(inverse, weights=np.concatenate([s for _, s, _ in counts]))
    shared = np.bincount(inverse, weights=np.concatenate([n for _, _, n in counts]))
    return agreeing_pairs(unique, same, shared)[0]


def _with_discount(part: _Prepared, *, pairs: np.ndarray) -> _Prepared:
    return _Prepared(part.g, part.x, part.multi, discount_for(part.g, part.x, pairs))


def _multi_counts(part: _Prepared) -> tuple[np.ndarray, int]:
    return part.g.per_source(part.multi.astype(float)), int(part.multi.sum())


def _round(part: _Prepared, *, weights: np.ndarray) -> tuple[np.ndarray, float]:
    assert part.discount is not None
    return source_loss(part.g, part.x, weights[part.g.src] * part.discount, part.multi)


# -- 4. judge -------------------------------------------------------------------------


def _judge(partition: QuestionPartition, *, url: str, weights: dict[str, float]) -> int:
    with Session(_worker_engine(url)) as session:
        judged = reconcile_questions(session, partition.question_ids, weights)
        session.commit()
    return judged


def _store_weights(engine: Engine, weights: dict[str, float], n_claims: int) -> None:
    with Session(engine) as session:
        session.execute(update(SourceRow).values(reliability=None))
        for chunk in chunks(sorted(weights), 5000):
            for source in session.scalars(select(SourceRow).where(SourceRow.name.in_(chunk))):
                source.reliability = weights[source.name]
        _store_reliability(session, weights, n_claims)
        session.commit()
