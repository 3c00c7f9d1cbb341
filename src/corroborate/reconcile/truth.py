"""Numeric truth discovery: reconcile conflicting figures from many sources.

Input is three parallel arrays, one entry per claim: ``source_idx`` (int), ``object_idx``
(int, the question the figure answers) and ``values`` (float). Output, for every method,
is a :class:`TruthResult`: an estimate and an interval per object and a weight per source.

All methods share one code path. Claims are sorted once by (object, value); every
per-object operation is then a ``np.bincount`` or a search over a global cumulative sum,
so there is no Python loop over objects: 10 million claims on 1 million questions from
10,000 sources reconcile in well under a minute on two cores
(``corroborate.bench.truth.bench_scale``).

Methods (``METHODS``):

- ``median``, ``mean``: the plain statistics of an object's claims (analyst priors, when
  given, act as fixed weights).
- ``conservative``: the lowest figure, the rule ACLED applies to fatality counts.
- ``crh``: Q. Li, Y. Li, J. Gao, B. Zhao, W. Fan, J. Han. "Resolving conflicts in
  heterogeneous data by truth discovery and source reliability estimation", SIGMOD 2014.
- ``catd``: Q. Li, Y. Li, J. Gao, L. Su, B. Zhao, M. Demirbas, W. Fan, J. Han. "A
  confidence-aware approach for truth discovery on long-tail data", PVLDB 8(4), 2015.
- ``gtm``: B. Zhao, J. Han. "A probabilistic model for estimating real-valued truth from
  conflicting sources", QDB workshop at VLDB 2012 (Gaussian Truth Model).
- ``corroborate``: the project's own method, see :func:`_corroborate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.integer[Any]]  # claim, source and object positions: int32 or int64
Bools = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.integer[Any] | np.floating[Any]]  # claim counts, summed or not

METHODS: tuple[str, ...] = ("median", "mean", "conservative", "crh", "catd", "gtm", "corroborate")

# NATO Admiralty source-reliability grades as multipliers of a source's weight. A source
# graded C ("fairly reliable") counts as an ungraded one; F means "cannot be judged",
# which carries no information either way.
ADMIRALTY_PRIOR: dict[str, float] = {"A": 4.0, "B": 2.0, "C": 1.0, "D": 0.5, "E": 0.25, "F": 1.0}


@dataclass(frozen=True)
class TruthResult:
    """Estimates per object (NaN where an object has no claim) and weights per source."""

    method: str
    estimate: Floats
    low: Floats
    high: Floats
    source_weight: Floats
    iterations: int = 0


@dataclass(frozen=True)
class Grouped:
    """Claims sorted by (object, value) with each object's slice, built once per run."""

    src: Ints
    obj: Ints
    val: Floats
    start: npt.NDArray[np.int64]  # first claim of each object
    count: npt.NDArray[np.intp]  # claims per object
    n_sources: int
    n_objects: int

    @property
    def end(self) -> npt.NDArray[np.int64]:
        return self.start + self.count

    @cached_property
    def claim_start(self) -> Ints:
        """For each claim, the position of its object's first claim."""
        return self.start[self.obj].astype(self.pos_dtype)

    @cached_property
    def claim_pos(self) -> Ints:
        """Each claim's own position in the sorted arrays."""
        return np.arange(self.val.size, dtype=self.pos_dtype)

    @property
    def pos_dtype(self) -> type[np.int32] | type[np.int64]:
        # int32 positions halve the memory traffic of the per-claim searches.
        return np.int32 if self.val.size < 2**31 - 2 else np.int64

    @cached_property
    def claim_last(self) -> Ints:
        """For each claim, the position of its object's last claim."""
        return self.claim_start + self.count[self.obj] - 1

    def sum(self, x: Floats) -> Floats:
        """Per-object sum of a per-claim array."""
        # bincount with weights gives float64; the stubs do not tell its overloads apart.
        return np.asarray(np.bincount(self.obj, weights=x, minlength=self.n_objects), float)

    def per_source(self, x: Floats) -> Floats:
        """Per-source sum of a per-claim array."""
        return np.asarray(np.bincount(self.src, weights=x, minlength=self.n_sources), float)

    def claims_per_source(self) -> Floats:
        return np.bincount(self.src, minlength=self.n_sources).astype(float)


def admiralty_prior(grades: list[str | None]) -> Floats:
    """Prior weights from Admiralty reliability grades (A-F, or None when ungraded)."""
    out = np.ones(len(grades))
    for i, grade in enumerate(grades):
        if grade:
            key = grade.strip().upper()[:1]
            if key not in ADMIRALTY_PRIOR:
                raise ValueError(f"unknown Admiralty grade {grade!r}: expected A-F")
            out[i] = ADMIRALTY_PRIOR[key]
    return out


def group_claims(
    source_idx: npt.ArrayLike,
    object_idx: npt.ArrayLike,
    values: npt.ArrayLike,
    n_sources: int | None = None,
    n_objects: int | None = None,
) -> Grouped:
    """Validate the claim arrays and sort them by (object, value)."""
    src = np.asarray(source_idx)
    obj = np.asarray(object_idx)
    val = np.asarray(values, dtype=np.float64)
    if not (src.ndim == obj.ndim == val.ndim == 1) or not (len(src) == len(obj) == len(val)):
        raise ValueError("source_idx, object_idx and values must be 1-D arrays of one length")
    for name, arr in (("source_idx", src), ("object_idx", obj)):
        if arr.size and not np.issubdtype(arr.dtype, np.integer):
            raise ValueError(f"{name} must hold integers, got {arr.dtype}")
        if arr.size and arr.min() < 0:
            raise ValueError(f"{name} must be non-negative")
    if not np.isfinite(val).all():
        raise ValueError("values must be finite numbers")
    n_src = int(src.max()) + 1 if src.size else 0
    n_obj = int(obj.max()) + 1 if obj.size else 0
    n_src = max(n_src, n_sources or 0)
    n_obj = max(n_obj, n_objects or 0)
    # int32 indices halve the memory of the sorted copies at 10M claims.
    src_t = np.int32 if n_src < 2**31 else np.int64
    obj_t = np.int32 if n_obj < 2**31 else np.int64
    order = np.lexsort((src, val, obj))  # ties in value by source: order-free results
    count = np.bincount(obj, minlength=n_obj)
    start = np.zeros(n_obj, dtype=np.int64)
    np.cumsum(count[:-1], out=start[1:])
    return Grouped(
        src=src[order].astype(src_t),
        obj=obj[order].astype(obj_t),
        val=val[order],
        start=start,
        count=count,
        n_sources=n_src,
        n_objects=n_obj,
    )


# ----------------------------------------------------------------------------- group stats


def weighted_quantile(g: Grouped, x: Floats, w: Floats, q: float) -> Floats:
    """Per-object weighted quantile of ``x`` (sorted within each object) with weights ``w``.

    One global cumulative sum; each object's target is found by a single searchsorted,
    which stays inside the object's slice because the cumulative sum never decreases.
    Returns the lower and upper candidates averaged, so an even split gives the midpoint.
    """
    has = g.count > 0
    cw = np.cumsum(w)
    end = g.end
    base = np.where(g.start > 0, cw[np.maximum(g.start - 1, 0)], 0.0)
    total = cw[np.maximum(end - 1, 0)] - base
    target = base + q * total
    lo = np.searchsorted(cw, target, side="left")
    hi = np.searchsorted(cw, target, side="right")
    last = np.maximum(end - 1, 0)
    lo = np.clip(lo, g.start, last)
    hi = np.clip(hi, g.start, last)
    out = np.full(g.n_objects, np.nan)
    out[has] = 0.5 * (x[lo[has]] + x[hi[has]])
    return out


def weighted_mean(g: Grouped, x: Floats, w: Floats) -> Floats:
    with np.errstate(invalid="ignore", divide="ignore"):
        return g.sum(w * x) / g.sum(w)


def _interval(
    g: Grouped, x: Floats, w: Floats, est: Floats, coverage: float
) -> tuple[Floats, Floats]:
    """Weighted quantile band of an object's claims, widened to contain the estimate."""
    tail = (1.0 - coverage) / 2.0
    low = np.fmin(weighted_quantile(g, x, w, tail), est)
    high = np.fmax(weighted_quantile(g, x, w, 1.0 - tail), est)
    return low, high


def _object_std(g: Grouped, x: Floats) -> Floats:
    """Population standard deviation of each object's claims."""
    n = np.maximum(g.count, 1)
    mean = g.sum(x) / n
    var = g.sum((x - mean[g.obj]) ** 2) / n
    return np.sqrt(var)


def chi2_lower_quantile(p: float, dof: Floats) -> Floats:
    """Quantile ``p`` of the chi-squared distribution for each ``dof`` (numpy only).

    Exact (bisection on the regularised lower incomplete gamma series) for dof <= 100,
    Wilson-Hilferty beyond, where its relative error is below 1e-4.
    """
    dof = np.asarray(dof, dtype=float)
    uniq, inverse = np.unique(dof, return_inverse=True)
    z = _normal_quantile(p)
    h = 2.0 / (9.0 * np.maximum(uniq, 1.0))
    table = uniq * (1.0 - h + z * np.sqrt(h)) ** 3
    for i, k in enumerate(uniq):
        if k <= 100:
            table[i] = _chi2_ppf_exact(p, k) if k > 0 else 0.0
    return table[inverse].reshape(dof.shape)


def _normal_quantile(p: float) -> float:
    # Bisection on erf keeps this dependency-free; called once per run.
    lo, hi = -10.0, 10.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _chi2_cdf(x: float, k: float) -> float:
    a, y = k / 2.0, x / 2.0
    if y <= 0:
        return 0.0
    term = 1.0 / a
    total = term
    n = 0
    while abs(term) > 1e-15 * abs(total) and n < 10_000:
        n += 1
        term *= y / (a + n)
        total += term
    return math.exp(a * math.log(y) - y - math.lgamma(a)) * total


def _chi2_ppf_exact(p: float, k: float) -> float:
    lo, hi = 0.0, k + 10.0 * math.sqrt(2.0 * k) + 10.0
    for _ in range(64):
        mid = 0.5 * (lo + hi)
        if _chi2_cdf(mid, k) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# ----------------------------------------------------------------------------- methods


def _equal_weights(g: Grouped, prior: Floats | None) -> Floats:
    return np.ones(g.n_sources) if prior is None else np.asarray(prior, dtype=float)


def _median(g: Grouped, prior: Floats | None, coverage: float, **_: object) -> TruthResult:
    sw = _equal_weights(g, prior)
    w = sw[g.src]
    est = weighted_quantile(g, g.val, w, 0.5)
    return TruthResult("median", est, *_interval(g, g.val, w, est, coverage), sw)


def _mean(g: Grouped, prior: Floats | None, coverage: float, **_: object) -> TruthResult:
    sw = _equal_weights(g, prior)
    w = sw[g.src]
    est = weighted_mean(g, g.val, w)
    return TruthResult("mean", est, *_interval(g, g.val, w, est, coverage), sw)


def _conservative(g: Grouped, prior: Floats | None, coverage: float, **_: object) -> TruthResult:
    est = np.full(g.n_objects, np.nan)
    has = g.count > 0
    est[has] = g.val[g.start[has]]  # values are sorted within each object
    w = np.ones(len(g.val))
    return TruthResult(
        "conservative", est, *_interval(g, g.val, w, est, coverage), np.ones(g.n_sources)
    )


def _crh(
    g: Grouped,
    prior: Floats | None,
    coverage: float,
    max_iter: int = 20,
    tol: float = 1e-6,
    **_: object,
) -> TruthResult:
    """CRH for continuous data (Li et al., SIGMOD 2014), normalised absolute deviation.

    Loss of a claim: |v - v*| / std(claims of its object) (std floored at ``eps``), truth
    = weighted median (the paper's estimator for this loss), source weight
    w_k = -log(sum of k's losses / sum of all sources' losses), truth initialised by the
    median. The prior is not part of the published method and is ignored.
    """
    eps = 1e-9
    std = np.maximum(_object_std(g, g.val), eps)[g.obj]
    sw = np.ones(g.n_sources)
    est = weighted_quantile(g, g.val, sw[g.src], 0.5)
    it = 0
    while it < max_iter:
        it += 1
        loss = g.per_source(np.abs(g.val - est[g.obj]) / std)
        total = loss.sum()
        if total <= 0:
            break
        # A source without loss would get an infinite weight; the smallest positive loss
        # stands in for it, as in the authors' code which floors the ratio.
        loss = np.maximum(loss, max(loss[loss > 0].min(), total * 1e-12))
        sw = -np.log(loss / total)
        new = weighted_quantile(g, g.val, sw[g.src], 0.5)
        done = np.nanmax(np.abs(new - est)) <= tol * (1 + np.nanmax(np.abs(est)))
        est = new
        if done:
            break
    low, high = _interval(g, g.val, sw[g.src], est, coverage)
    return TruthResult("crh", est, low, high, sw, it)


def _catd(
    g: Grouped,
    prior: Floats | None,
    coverage: float,
    max_iter: int = 10,
    tol: float = 0.1,
    alpha: float = 0.05,
    **_: object,
) -> TruthResult:
    """CATD (Li et al., PVLDB 2015): confidence-aware weights for long-tail sources.

    A source's weight is the upper end of the (1 - alpha) confidence interval of its
    error precision: w_s = chi2_{alpha/2}(|N_s|) / sum over its claims of (v - v*)^2, so
    a source with few claims cannot earn a high weight by luck. Truth = weighted mean,
    initialised by the median. As in CRH, errors are divided by the object's claim spread
    so that attributes on different scales share one error unit.

    The loop stops when the weights change by less than ``tol`` (relative L2 norm) or
    after ``max_iter`` rounds, as in the public implementations: run to a fixed point, a
    source that dominates an object's weighted mean drives its own error to zero and its
    weight to infinity.
    """
    std = np.maximum(_object_std(g, g.val), 1e-9)[g.obj]
    chi = chi2_lower_quantile(alpha / 2.0, g.claims_per_source())
    est = weighted_quantile(g, g.val, np.ones(len(g.val)), 0.5)
    sw = np.ones(g.n_sources)
    it = 0
    while it < max_iter:
        it += 1
        err = g.per_source(((g.val - est[g.obj]) / std) ** 2)
        # A source without error would get an infinite weight: it is given a thousandth
        # of the smallest error seen instead (a very large, finite weight).
        pos = err[err > 0]
        floor = max(pos.min() * 1e-3 if pos.size else 1.0, 1e-300)
        new_w = chi / np.maximum(err, floor)
        new_w = new_w / new_w.max()  # scale-free; keeps the norms below finite
        est = weighted_mean(g, g.val, new_w[g.src])
        change = np.linalg.norm(new_w - sw) / np.linalg.norm(sw)
        sw = new_w
        if change < tol:
            break
    low, high = _interval(g, g.val, sw[g.src], est, coverage)
    return TruthResult("catd", est, low, high, sw, it)


def _gtm(
    g: Grouped,
    prior: Floats | None,
    coverage: float,
    max_iter: int = 50,
    tol: float = 1e-6,
    a: float = 10.0,
    b: float = 10.0,
    mu0: float = 0.0,
    sigma0: float = 1.0,
    **_: object,
) -> TruthResult:
    """Gaussian Truth Model (Zhao & Han, QDB 2012), EM with the paper's preprocessing.

    Per object: outliers are dropped (relative distance to the median > 1, then claims
    beyond 2 standard deviations, repeated), the rest standardised as z = (v - median) /
    std. Each source has an error variance with an inverse-gamma(a, b) prior, each truth a
    N(mu0, sigma0^2) prior in z units. E-step: truth = precision-weighted mean with the
    prior; M-step: var_s = (2b + sum (z - truth)^2) / (2(a + 1) + n_s).
    """
    med = weighted_quantile(g, g.val, np.ones(len(g.val)), 0.5)
    keep = _gtm_inliers(g, med)
    n_keep = np.bincount(g.obj[keep], minlength=g.n_objects)
    total = np.bincount(g.obj[keep], weights=g.val[keep], minlength=g.n_objects)
    mean = total / np.maximum(n_keep, 1)
    var = np.bincount(
        g.obj[keep], weights=(g.val[keep] - mean[g.obj[keep]]) ** 2, minlength=g.n_objects
    ) / np.maximum(n_keep, 1)
    scale = np.sqrt(var)
    scale = np.where(scale > 0, scale, 1.0)
    src, obj = g.src[keep], g.obj[keep]
    z = (g.val[keep] - med[obj]) / scale[obj]
    n_src = np.bincount(src, minlength=g.n_sources)
    truth = np.zeros(g.n_objects)
    it = 0
    while it < max_iter:
        it += 1
        resid = np.bincount(src, weights=(z - truth[obj]) ** 2, minlength=g.n_sources)
        var_s = (2 * b + resid) / (2 * (a + 1) + n_src)
        prec = 1.0 / var_s[src]
        num = mu0 / sigma0**2 + np.bincount(obj, weights=prec * z, minlength=g.n_objects)
        den = 1.0 / sigma0**2 + np.bincount(obj, weights=prec, minlength=g.n_objects)
        new = num / den
        done = np.max(np.abs(new - truth), initial=0.0) <= tol
        truth = new
        if done:
            break
    est = np.where(g.count > 0, med + truth * scale, np.nan)
    sw = 1.0 / var_s
    w = np.where(keep, sw[g.src], 0.0) + 1e-12
    low, high = _interval(g, g.val, w, est, coverage)
    return TruthResult("gtm", est, low, high, sw, it)


def _gtm_inliers(g: Grouped, med: Floats, rounds: int = 5) -> Bools:
    m = med[g.obj]
    with np.errstate(over="ignore"):  # a tiny median makes the ratio inf: an outlier
        rel = np.abs(g.val - m) / np.where(m != 0, np.abs(m), 1.0)
    keep = (m == 0) | (rel <= 1.0)
    for _ in range(rounds):
        n = np.bincount(g.obj, weights=keep, minlength=g.n_objects)
        total = np.bincount(g.obj, weights=keep * g.val, minlength=g.n_objects)
        mean = total / np.maximum(n, 1)
        dev2 = keep * (g.val - mean[g.obj]) ** 2
        sd = np.sqrt(np.bincount(g.obj, weights=dev2, minlength=g.n_objects) / np.maximum(n, 1))
        new = keep & ((sd[g.obj] == 0) | (np.abs(g.val - m) <= 2 * sd[g.obj]))
        if (new == keep).all():
            break
        keep = new
    # An object whose every claim was dropped keeps them all rather than vanish.
    n = np.bincount(g.obj, weights=keep, minlength=g.n_objects)
    kept: Bools = keep | (n[g.obj] == 0)
    return kept


# ----------------------------------------------------------------------------- corroborate


def choose_scale(g: Grouped) -> str:
    """``log`` for count-like data: never negative and spanning three orders of magnitude.

    Compares the 5th and 95th percentiles of the objects' medians, so a few huge or tiny
    objects do not decide it.
    """
    if g.val.size == 0 or g.val.min() < 0:
        return "linear"
    med = weighted_quantile(g, g.val, np.ones(len(g.val)), 0.5)
    med = med[np.isfinite(med) & (med > 0)]
    if med.size == 0:
        return "linear"
    p5, p95 = np.quantile(med, [0.05, 0.95])
    return "log" if p95 >= 1000 * max(p5, 1e-300) else "linear"


def _pairs_within(start: Ints, size: Ints) -> tuple[Ints, Ints]:
    """Every position pair (i < j) inside each contiguous block, one size at a time."""
    firsts, seconds = [], []
    for k in np.unique(size[size >= 2]):
        block = start[size == k]
        iu, ju = np.triu_indices(int(k), 1)
        firsts.append((block[:, None] + iu).ravel())
        seconds.append((block[:, None] + ju).ravel())
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def echo_pairs(
    g: Grouped,
    x: Floats,
    agreement: float = 0.999,
    min_shared: int = 20,
    max_pairs: int = 2_000_000,
    max_object: int = 200,
    seed: int = 0,
) -> tuple[Ints, Floats]:
    """Source pairs that give the very same figure on at least ``agreement`` of the
    questions they share (and share at least ``min_shared``), as sorted pair keys
    ``a * n_sources + b`` (a < b) plus their agreement rates.

    Rates are measured on a seeded sample of questions worth at most ``max_pairs``
    claim pairs (questions with more than ``max_object`` claims are skipped), so the
    cost stays flat however large the table.
    """
    keys, same, shared = pair_agreement(g, x, max_pairs, max_object, seed)
    return agreeing_pairs(keys, same, shared, agreement, min_shared)


def pair_agreement(
    g: Grouped, x: Floats, max_pairs: int = 2_000_000, max_object: int = 200, seed: int = 0
) -> tuple[Ints, Floats, Ints]:
    """For each source pair sharing a sampled question (see :func:`echo_pairs`), its key
    ``a * n_sources + b`` (a < b, sorted), the claim pairs giving the very same figure and
    the claim pairs shared. Counts add up over disjoint sets of questions, so a
    partitioned pass sums them."""
    rng = np.random.default_rng(seed)
    candidates = np.flatnonzero((g.count >= 2) & (g.count <= max_object))
    candidates = candidates[rng.permutation(candidates.size)]
    cost = g.count[candidates].astype(np.int64)
    cost = cost * (cost - 1) // 2
    chosen = candidates[np.cumsum(cost) <= max_pairs]
    first, second = _pairs_within(g.start[chosen], g.count[chosen])
    sa, sb = g.src[first].astype(np.int64), g.src[second].astype(np.int64)
    other = sa != sb
    lo, hi = np.minimum(sa, sb)[other], np.maximum(sa, sb)[other]
    same = (x[first] == x[second])[other]
    keys, inverse, shared = np.unique(
        lo * g.n_sources + hi, return_inverse=True, return_counts=True
    )
    same_count = np.asarray(np.bincount(inverse, weights=same, minlength=keys.size), float)
    return keys, same_count, shared


def agreeing_pairs(
    keys: Ints,
    same: Counts,
    shared: Counts,
    agreement: float = 0.999,
    min_shared: int = 20,
) -> tuple[Ints, Floats]:
    """The pairs of :func:`pair_agreement` that echo each other, with their rates."""
    rate = same / np.maximum(shared, 1)
    echo = (shared >= min_shared) & (rate >= agreement)
    return keys[echo], rate[echo]


def echo_discount(
    g: Grouped, x: Floats, max_run: int = 64, max_pairs: int = 20_000_000, **options: Any
) -> Floats:
    """Per-claim weight multiplier that makes echoing sources count once.

    Two sources echo each other when they give the very same figure on nearly every
    question they share (:func:`echo_pairs`): independent reporting does not match to
    the last digit that often, syndication and copied feeds do. Where k echoing claims
    repeat one figure on one question, each keeps 1/k of its weight, so the figure
    counts as one voice; a source repeating its own figure counts once too. Echo is
    pairwise, not transitive: two groups that both agree with a third source are not
    merged. Runs of more than ``max_run`` identical claims, and pairs beyond
    ``max_pairs``, keep their full weight (cost stays linear).
    """
    keys, _ = echo_pairs(g, x, **options)
    return discount_for(g, x, keys, max_run, max_pairs)


def discount_for(
    g: Grouped, x: Floats, keys: Ints, max_run: int = 64, max_pairs: int = 20_000_000
) -> Floats:
    """:func:`echo_discount` with the echoing pairs (sorted keys) given."""
    n = x.size
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (g.obj[1:] != g.obj[:-1]) | (x[1:] != x[:-1])
    run_start = np.flatnonzero(new_run)
    run_size = np.diff(np.append(run_start, n))
    keep = (run_size >= 2) & (run_size <= max_run)
    cost = np.where(keep, run_size * (run_size - 1) // 2, 0)
    keep &= np.cumsum(cost) <= max_pairs
    first, second = _pairs_within(run_start[keep], run_size[keep])
    if first.size == 0:
        return np.ones(n)
    sa, sb = g.src[first].astype(np.int64), g.src[second].astype(np.int64)
    key = np.minimum(sa, sb) * g.n_sources + np.maximum(sa, sb)
    if keys.size:
        pos = np.minimum(np.searchsorted(keys, key), keys.size - 1)
        echo = (sa == sb) | (keys[pos] == key)
    else:
        echo = sa == sb
    partners = np.bincount(first, weights=echo, minlength=n) + np.bincount(
        second, weights=echo, minlength=n
    )
    return np.asarray(1.0 / (1.0 + partners), dtype=float)


def _search_in_slices(cw: Floats, target: Floats, lo: Ints, hi: Ints) -> Ints:
    """First position p in [lo, hi] with cw[p] >= target (hi if none), per query.

    A vectorised binary search bounded by each claim's own object: log2(largest object)
    passes over memory near each claim, instead of a global searchsorted whose random
    probes into a 10-million-long array miss the cache.
    """
    lo = lo.copy()
    hi = hi.copy()
    steps = int(np.ceil(np.log2(max(int((hi - lo).max(initial=0)) + 1, 1)))) + 1
    mid = np.empty_like(lo)
    below = np.empty(lo.shape, dtype=bool)
    for _ in range(steps):
        np.add(lo, hi, out=mid)
        mid >>= 1
        np.less(cw[mid], target, out=below)
        mid += 1
        np.copyto(lo, mid, where=below)
        mid -= 1
        np.logical_not(below, out=below)
        np.copyto(hi, mid, where=below)
    return np.minimum(lo, hi, out=lo)


def leave_one_out_median(g: Grouped, x: Floats, w: Floats) -> Floats:
    """For each claim, the weighted median of the *other* claims of its object.

    Removing claim i lowers the cumulative weight of every later position by w_i, so the
    target is searched before i as is, and after i shifted by w_i. When the remaining
    weight splits exactly in two, the midpoint of the two middle claims is returned, as
    :func:`weighted_quantile` does. Claims alone in their object get their own value.
    """
    i = g.claim_pos
    cw = np.cumsum(w)
    start, last = g.claim_start, g.claim_last
    # Per object: half of its total weight, counted from the global cumulative sum.
    has = g.count > 0
    obj_base = np.zeros(g.n_objects)
    obj_base[has] = np.where(g.start[has] > 0, cw[np.maximum(g.start[has] - 1, 0)], 0.0)
    obj_half = obj_base.copy()
    obj_half[has] += 0.5 * (cw[g.end[has] - 1] - obj_base[has])
    target = obj_half[g.obj] - 0.5 * w  # half of the weight left without claim i
    before = _search_in_slices(cw, target, start, np.maximum(i - 1, start))
    found = (before < i) & (cw[before] >= target)
    after = _search_in_slices(cw, target + w, np.minimum(i + 1, last), last)
    lo = np.where(found, before, after)
    # Exact split: the upper median is the next claim other than i.
    reached = cw[lo] - np.where(lo > i, w, 0.0)
    tie = np.abs(reached - target) <= 1e-12 * cw[-1]
    nxt = np.minimum(lo + 1 + (lo + 1 == i), last)
    hi = np.where(tie & (nxt != i), nxt, lo)
    return 0.5 * (x[lo] + x[hi])


def _inliers(g: Grouped, x: Floats, est: Floats, cut: float = 2.5) -> Floats:
    """1 for claims within ``cut`` mean deviations of their object's estimate, else 0.

    Keeps the 200,000 of "10,000 / 11,000 / 12,000 / 200,000" out of the band of
    credible figures; it stays in the evidence (and is flagged elsewhere).
    """
    dev = np.abs(x - est[g.obj])
    unit = g.sum(dev) / np.maximum(g.count, 1)
    return (dev <= cut * unit[g.obj]).astype(float)


def _corroborate(
    g: Grouped,
    prior: Floats | None,
    coverage: float,
    max_iter: int = 4,
    tol: float = 1e-3,
    scale: str = "auto",
    pseudo: float = 5.0,
    pessimism: float = 4.0,
    echo: bool = True,
    **_: object,
) -> TruthResult:
    """corroborate's method: robust, self-excluding, confidence-aware truth discovery.

    1. Scale: counts (non-negative, spanning orders of magnitude, see
       :func:`choose_scale`) are reconciled as log(1 + v): "10,000 vs 12,000" and
       "1,000 vs 1,200" are the same disagreement, and a vandal's "1" or an extra zero is
       one large error instead of a number that drags an average.
    2. Self-excluding errors: a claim is scored against the weighted median of the
       *other* claims of its object (leave-one-out), so a source cannot vouch for itself;
       CRH, CATD and GTM score a source against an estimate it helped make, which lets
       a heavy source lock in its own figures.
    3. One error unit per object: a claim's error is divided by the mean leave-one-out
       error of its object, so every question (and every attribute, whatever its unit)
       weighs the same in a source's record, and a source is judged by how it compares
       with its peers on the questions it answered.
    4. Confidence for sparse sources: a source's mean squared error is a posterior mean
       with a pessimistic prior worth ``pseudo`` claims at ``pessimism`` times the
       average error: a source seen once is presumed worse than average until its record
       says otherwise (the CATD idea, without CATD's collapse of weights onto a source
       that dominates its own estimate). Single-claim objects teach nothing about
       reliability and are left out of the record.
    5. Weight = prior / RMS error: the weight a weighted median wants for Laplace-like
       errors (1 / scale), much flatter than the 1 / variance of CATD and GTM, so one
       strong source cannot outvote the rest. Analyst grades are the prior
       (:data:`ADMIRALTY_PRIOR`).
    6. Echoes: sources that repeat each other's figures to the last digit count once
       (:func:`echo_discount`), so a syndicated figure does not outvote independent ones
       and copies cannot vouch for each other.
    7. Estimate = weighted median (a claimed figure, never an average of a figure and a
       typo); interval = weighted 10th-90th percentiles (``coverage``) of the claims that
       lie within 2.5 mean deviations of the estimate (:func:`_inliers`), so one wild
       figure does not stretch the band of credible ones.
    """
    use_log = scale == "log" or (scale == "auto" and choose_scale(g) == "log")
    x = np.log1p(g.val) if use_log else g.val
    pri = _equal_weights(g, prior)
    multi = (g.count >= 2)[g.obj]
    n_s = g.per_source(multi.astype(float))
    discount = echo_discount(g, x) if echo else np.ones(x.size)
    sw = pri.copy()
    est = weighted_quantile(g, x, sw[g.src] * discount, 0.5)
    it = 0
    while it < max_iter:
        it += 1
        loss, total = source_loss(g, x, sw[g.src] * discount, multi)
        mean_loss = total / max(int(multi.sum()), 1)
        new_sw = next_weights(pri, loss, mean_loss, n_s, pseudo, pessimism)
        change = np.max(np.abs(new_sw - sw))
        sw = new_sw
        est = weighted_quantile(g, x, sw[g.src] * discount, 0.5)
        if change < tol:
            break
    low, high = _interval(g, x, sw[g.src] * discount * _inliers(g, x, est), est, coverage)
    if use_log:
        est, low, high = np.expm1(est), np.expm1(low), np.expm1(high)
    return TruthResult("corroborate", est, low, high, sw, it)


def source_loss(g: Grouped, x: Floats, w: Floats, multi: Bools) -> tuple[Floats, float]:
    """One round of :func:`_corroborate` over some objects: each source's summed squared
    error in its objects' units, and the sum over all claims. Sums over disjoint sets of
    objects add up, so a partitioned pass computes them apart and adds them."""
    err = np.abs(x - leave_one_out_median(g, x, w))
    err[~multi] = 0.0
    unit = g.sum(err) / np.maximum(g.count, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r2 = np.where(err > 0, (err / unit[g.obj]) ** 2, 0.0)
    return g.per_source(r2), float(r2.sum())


def next_weights(
    prior: Floats,
    loss: Floats,
    mean_loss: float,
    n_multi: Floats,
    pseudo: float = 5.0,
    pessimism: float = 4.0,
) -> Floats:
    """Source weights from their losses (:func:`_corroborate`, steps 4 and 5), top = 1."""
    mse = (loss + pessimism * pseudo * mean_loss) / (n_multi + pseudo)
    weights = prior / np.sqrt(np.maximum(mse, 1e-300))
    return weights / float(weights.max())


_DISPATCH: dict[str, Callable[..., TruthResult]] = {
    "median": _median,
    "mean": _mean,
    "conservative": _conservative,
    "crh": _crh,
    "catd": _catd,
    "gtm": _gtm,
    "corroborate": _corroborate,
}


def discover(
    source_idx: npt.ArrayLike,
    object_idx: npt.ArrayLike,
    values: npt.ArrayLike,
    method: str = "corroborate",
    *,
    prior: Floats | None = None,
    n_sources: int | None = None,
    n_objects: int | None = None,
    coverage: float = 0.8,
    **options: float | str,
) -> TruthResult:
    """Reconcile claims with one of ``METHODS``.

    ``prior`` is an optional weight multiplier per source (see :func:`admiralty_prior`);
    ``coverage`` is the share of the weighted claims the interval spans. Extra keyword
    options tune a method (``max_iter``, ``tol``; for ``corroborate`` also ``scale`` =
    auto|log|linear, ``echo`` = True|False, ``pseudo``, ``pessimism``); options a
    method does not know are ignored.
    """
    if method not in _DISPATCH:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    if not 0.0 < coverage < 1.0:
        raise ValueError("coverage must lie strictly between 0 and 1")
    g = group_claims(source_idx, object_idx, values, n_sources, n_objects)
    if prior is not None:
        prior = np.asarray(prior, dtype=float)
        if prior.shape != (g.n_sources,) or (prior <= 0).any() or not np.isfinite(prior).all():
            raise ValueError(f"prior must hold {g.n_sources} positive finite weights")
    if g.val.size == 0:
        empty = np.full(g.n_objects, np.nan)
        return TruthResult(method, empty, empty.copy(), empty.copy(), np.ones(g.n_sources))
    return _DISPATCH[method](g, prior, coverage, **options)
