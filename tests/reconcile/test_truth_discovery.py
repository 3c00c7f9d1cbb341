"""Truth discovery methods: recovery on synthetic data and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.reconcile.truth import (
    METHODS,
    admiralty_prior,
    chi2_lower_quantile,
    choose_scale,
    discover,
    echo_discount,
    group_claims,
    leave_one_out_median,
    weighted_quantile,
)

LEARNING = ("crh", "catd", "gtm", "corroborate")


def noisy_claims(seed: int = 1, n_objects: int = 300, n_good: int = 6, n_bad: int = 3):
    """Good sources err by 1 %, bad ones by 40 % with some gross errors."""
    rng = np.random.default_rng(seed)
    truth = np.exp(rng.uniform(np.log(100), np.log(1e5), n_objects))
    src, obj, val = [], [], []
    for s in range(n_good + n_bad):
        seen = rng.random(n_objects) < 0.7
        sigma = 0.01 if s < n_good else 0.4
        noise = rng.normal(0, sigma, seen.sum())
        if s >= n_good:
            noise[rng.random(seen.sum()) < 0.1] += np.log(10)
        src.append(np.full(seen.sum(), s))
        obj.append(np.flatnonzero(seen))
        val.append(truth[seen] * np.exp(noise))
    return np.concatenate(src), np.concatenate(obj), np.concatenate(val), truth, n_good


@pytest.mark.parametrize("method", LEARNING)
def test_learning_methods_trust_reliable_sources(method):
    src, obj, val, truth, n_good = noisy_claims()
    result = discover(src, obj, val, method)
    w = result.source_weight
    assert w[:n_good].min() > w[n_good:].max()
    rel = np.abs(result.estimate / truth - 1)
    assert np.median(rel) < 0.02


@pytest.mark.parametrize("method", METHODS)
def test_every_method_returns_full_shapes(method):
    src, obj, val, _, _ = noisy_claims(n_objects=50)
    result = discover(src, obj, val, method, n_objects=60)
    assert result.estimate.shape == result.low.shape == result.high.shape == (60,)
    assert np.isnan(result.estimate[50:]).all()  # objects without claims
    ok = np.isfinite(result.estimate)
    assert (result.low[ok] <= result.estimate[ok]).all()
    assert (result.estimate[ok] <= result.high[ok]).all()
    assert result.source_weight.shape == (9,)


def test_corroborate_beats_median_with_bad_sources():
    src, obj, val, truth, _ = noisy_claims(seed=3)
    err = {
        m: np.mean(np.abs(np.log(discover(src, obj, val, m).estimate / truth)))
        for m in ("median", "corroborate")
    }
    assert err["corroborate"] < err["median"]


def test_conservative_is_lowest_figure():
    result = discover(
        np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([1500.0, 10000, 200000]), "conservative"
    )
    assert result.estimate[0] == 1500.0


def test_prior_moves_the_estimate_towards_graded_source():
    src = np.array([0, 1, 2, 0, 1, 2])
    obj = np.array([0, 0, 0, 1, 1, 1])
    val = np.array([10.0, 20, 30, 10, 20, 30])
    plain = discover(src, obj, val, "median").estimate
    graded = discover(src, obj, val, "median", prior=admiralty_prior(["A", None, "E"])).estimate
    assert plain[0] == 20.0
    assert graded[0] == 10.0


def test_admiralty_prior_rejects_unknown_grade():
    with pytest.raises(ValueError, match="Admiralty"):
        admiralty_prior(["Z"])


def test_weighted_quantile_matches_numpy_median():
    rng = np.random.default_rng(0)
    obj = rng.integers(0, 30, 400)
    val = rng.normal(size=400)
    g = group_claims(np.zeros(400, dtype=int), obj, val)
    med = weighted_quantile(g, g.val, np.ones(400), 0.5)
    expected = [np.median(val[obj == o]) for o in range(30)]
    np.testing.assert_allclose(med, expected)


def test_chi2_quantiles_match_tables():
    got = chi2_lower_quantile(0.025, np.array([1, 10, 100, 1000]))
    np.testing.assert_allclose(got, [0.000982069, 3.246973, 74.221927, 914.257], rtol=2e-4)


@pytest.mark.parametrize(
    "bad",
    [
        dict(source_idx=np.array([0, 1]), object_idx=np.array([0]), values=np.array([1.0, 2.0])),
        dict(source_idx=np.array([0]), object_idx=np.array([0]), values=np.array([np.nan])),
        dict(source_idx=np.array([-1]), object_idx=np.array([0]), values=np.array([1.0])),
        dict(source_idx=np.array([0.5]), object_idx=np.array([0]), values=np.array([1.0])),
    ],
)
def test_bad_arrays_are_rejected(bad):
    with pytest.raises(ValueError):
        discover(**bad)


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        discover(np.array([0]), np.array([0]), np.array([1.0]), "vote")


def test_empty_input_gives_empty_result():
    empty = np.array([], dtype=int)
    result = discover(empty, empty, np.array([]), n_objects=2, n_sources=1)
    assert np.isnan(result.estimate).all() and result.estimate.shape == (2,)


# ----------------------------------------------------------------------------- properties

claims_strategy = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 5), min_size=n, max_size=n),
        st.lists(st.integers(0, 7), min_size=n, max_size=n),
        st.lists(st.floats(0, 1e7, allow_nan=False, allow_infinity=False), min_size=n, max_size=n),
    )
)


def _arrays(data):
    src, obj, val = (np.asarray(x) for x in data)
    return src.astype(np.int64), obj.astype(np.int64), val.astype(float)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(data=claims_strategy)
def test_estimates_lie_within_claims(method, data):
    src, obj, val = _arrays(data)
    est = discover(src, obj, val, method).estimate
    for o in np.unique(obj):
        lo, hi = val[obj == o].min(), val[obj == o].max()
        tol = 1e-9 * max(1.0, abs(hi))
        assert lo - tol <= est[o] <= hi + tol


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=30, deadline=None)
@given(data=claims_strategy, seed=st.integers(0, 2**16))
def test_claim_order_does_not_matter(method, data, seed):
    src, obj, val = _arrays(data)
    perm = np.random.default_rng(seed).permutation(len(val))
    a = discover(src, obj, val, method)
    b = discover(src[perm], obj[perm], val[perm], method)
    np.testing.assert_allclose(a.estimate, b.estimate, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=30, deadline=None)
@given(data=claims_strategy)
def test_single_claim_objects_return_that_value(method, data):
    src, obj, val = _arrays(data)
    # Give every claim an object of its own.
    obj = np.arange(len(val))
    est = discover(src, obj, val, method).estimate
    np.testing.assert_allclose(est, val, rtol=1e-9, atol=1e-9)


# ----------------------------------------------------------------------------- internals


def test_leave_one_out_median_matches_brute_force():
    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(1, 25))
        obj = rng.integers(0, 4, n)
        val = rng.integers(0, 6, n).astype(float)
        g = group_claims(np.zeros(n, dtype=int), obj, val)
        w = rng.choice([0.5, 1.0, 2.0], n) if trial % 2 else rng.random(n) + 0.01
        got = leave_one_out_median(g, g.val, w)
        for i in range(n):
            others = [j for j in range(n) if g.obj[j] == g.obj[i] and j != i]
            if not others:
                assert got[i] == g.val[i]
                continue
            cum = np.cumsum(w[others])
            half, eps = 0.5 * cum[-1], 1e-12 * cum[-1]
            lo = np.searchsorted(cum, half - eps)
            hi = min(np.searchsorted(cum, half + eps, side="right"), len(others) - 1)
            assert got[i] == pytest.approx(0.5 * (g.val[others][lo] + g.val[others][hi]))


def cloned_claims(n_objects: int = 120, n_independent: int = 5, n_clones: int = 6):
    """Independent sources report truth +- 1 %; a group of clones repeats one bad feed."""
    rng = np.random.default_rng(11)
    truth = rng.uniform(1000, 5000, n_objects)
    src, obj, val = [], [], []
    for s in range(n_independent):
        src.append(np.full(n_objects, s))
        obj.append(np.arange(n_objects))
        val.append(np.round(truth * (1 + rng.normal(0, 0.01, n_objects)), 1))
    feed = np.round(truth * 1.3, 1)  # the copied figure is 30 % too high
    for c in range(n_clones):
        src.append(np.full(n_objects, n_independent + c))
        obj.append(np.arange(n_objects))
        val.append(feed)
    return np.concatenate(src), np.concatenate(obj), np.concatenate(val), truth


def test_echoing_sources_count_once():
    src, obj, val, truth = cloned_claims()
    g = group_claims(src, obj, val)
    discount = echo_discount(g, g.val)
    clones = g.src >= 5
    np.testing.assert_allclose(discount[clones], 1 / 6)
    np.testing.assert_allclose(discount[~clones], 1.0)
    fused = discover(src, obj, val, "corroborate").estimate
    plain = discover(src, obj, val, "median").estimate
    assert np.median(np.abs(fused / truth - 1)) < 0.02
    assert np.median(np.abs(plain / truth - 1)) > 0.25  # six copies outvote five voices


def test_echo_can_be_switched_off():
    src, obj, val, truth = cloned_claims()
    est = discover(src, obj, val, "corroborate", echo=False).estimate
    assert np.median(np.abs(est / truth - 1)) > 0.25


def test_log_scale_is_chosen_for_counts_only():
    counts = group_claims(np.zeros(4, dtype=int), np.arange(4), np.array([5.0, 80, 4e3, 9e5]))
    temps = group_claims(np.zeros(4, dtype=int), np.arange(4), np.array([-3.0, 10, 20, 30]))
    assert choose_scale(counts) == "log"
    assert choose_scale(temps) == "linear"
