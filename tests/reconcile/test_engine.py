"""The question-level engine: echoes, learned reliability, time and plausibility."""

from __future__ import annotations

from datetime import date

from corroborate.reconcile.engine import (
    Evidence,
    estimate_at,
    find_echoes,
    learn_reliability,
    reconcile,
    weighted_median,
)

_ids = iter(range(1, 10_000))


def ev(source: str, value: float, when: date | None, **kw: object) -> Evidence:
    claim_id = next(_ids)
    return Evidence(
        claim_id=claim_id,
        question_id=int(kw.pop("question_id", 1)),  # type: ignore[call-overload]
        source=source,
        value=value,
        when=when,
        published=kw.pop("published", when),  # type: ignore[arg-type]
        sentence=str(kw.pop("sentence", f"{source} said {value} on {when} ({claim_id})")),
        document_id=int(kw.pop("document_id", claim_id)),  # type: ignore[call-overload]
        **kw,  # type: ignore[arg-type]
    )


def day(n: int) -> date:
    return date(2024, 10, n)


def test_weighted_median() -> None:
    assert weighted_median([1, 2, 3], [1, 1, 1]) == 2
    assert weighted_median([1, 2, 3], [10, 1, 1]) == 1
    assert weighted_median([5], [0]) == 5


def test_wire_copy_and_repeats_count_once() -> None:
    said = "North Korea sent 1,500 troops, the NIS said."
    original = ev("NIS", 1500, day(18), sentence=said, source_kind="agency")
    wire = ev("NIS", 1500, day(18), sentence=said, source_kind="agency")
    repeat = ev("NIS", 1500, day(21), source_kind="agency")
    restated = ev("Demo Wire (author)", 1500, day(19), source_kind="author")
    other = ev("Pentagon", 1500, day(19), source_kind="official")
    echoes = find_echoes([original, wire, repeat, restated, other])
    assert echoes == {
        wire.claim_id: original.claim_id,
        repeat.claim_id: original.claim_id,
        restated.claim_id: original.claim_id,
    }  # a named, different source with the same figure is a confirmation, not an echo


def test_reliability_learns_who_is_off() -> None:
    items = []
    for question in range(1, 31):
        truth = 1000 * question
        items += [
            ev("good-a", truth, day(1), question_id=question),
            ev("good-b", truth * 1.05, day(1), question_id=question),
            ev("good-c", truth * 0.97, day(1), question_id=question),
            ev("wild", truth * 6, day(1), question_id=question),
        ]
    weights = learn_reliability(items)
    assert min(weights["good-a"], weights["good-b"], weights["good-c"]) > 2 * weights["wild"]


def test_analyst_grade_is_the_prior() -> None:
    graded = ev("graded", 100, day(1), grade="A")
    ungraded = ev("ungraded", 200, day(1))
    weights = learn_reliability([graded, ungraded])
    assert weights["graded"] > weights["ungraded"]


def test_estimate_follows_each_sources_latest_figure() -> None:
    items = [
        ev("NIS", 1500, day(18)),
        ev("NIS", 3000, day(23)),
        ev("Pentagon", 10000, day(28)),
        ev("HUR", 11000, day(24)),
        # a forecast: "up to 10,000 by December", said on the 23rd
        ev("NIS", 10000, date(2024, 12, 1), published=day(23), qualifier="up_to"),
    ]
    weights = {"NIS": 1.0, "Pentagon": 1.0, "HUR": 1.0}
    early = estimate_at(items, weights, day(18))
    late = estimate_at(items, weights, day(30))
    assert early is not None and early.value == 1500
    assert late is not None and late.value == 10000 and late.n_sources == 3
    assert late.low <= late.value <= late.high
    december = estimate_at(items, weights, date(2024, 12, 2))
    assert december is not None and december.n_sources == 3  # the forecast is never weighed


def test_rumour_far_above_a_well_supported_estimate_is_flagged() -> None:
    items = [
        ev("Pentagon", 10000, day(28), source_kind="official"),
        ev("HUR", 12000, day(24), source_kind="agency"),
        ev("Budanov", 11000, day(20), source_kind="person"),
        ev("Zelensky", 11000, day(27), source_kind="person"),
        ev("social media", 200000, day(25), source_kind="social", hedged=True),
    ]
    result = reconcile(items)
    rumour = result.claims[items[-1].claim_id]
    assert rumour.credibility == 5
    assert rumour.flag is not None
    assert rumour.flag.startswith("200,000 is 18x the estimate of 11,000")
    assert "its only source is social media" in rumour.flag
    current = result.questions[1].current
    assert current is not None and 10000 <= current.value <= 12000


def test_low_early_count_is_doubtful_not_improbable() -> None:
    items = [
        ev("A", 11000, day(20)),
        ev("B", 12000, day(21)),
        ev("C", 10000, day(22)),
        ev("NIS", 1500, day(22)),
    ]
    judged = reconcile(items).claims[items[-1].claim_id]
    assert judged.credibility == 4 and judged.flag is None
    assert "earlier stage or a part" in judged.reason


def test_independent_agreement_confirms() -> None:
    items = [ev("A", 10000, day(20)), ev("B", 10500, day(22)), ev("C", 30000, day(22))]
    claims = reconcile(items).claims
    assert claims[items[0].claim_id].credibility == 1
    assert claims[items[0].claim_id].reason == "confirmed by 1 independent source (B)"


def test_single_claim_cannot_be_judged() -> None:
    [item] = [ev("A", 10, day(1))]
    judged = reconcile([item]).claims[item.claim_id]
    assert judged.credibility == 6


def test_lower_bounds_are_checked_not_averaged() -> None:
    items = [
        ev("A", 11000, day(20)),
        ev("B", 12000, day(21)),
        ev("US", 3000, day(22), qualifier="at_least"),
    ]
    result = reconcile(items)
    assert result.questions[1].current.value >= 11000  # type: ignore[union-attr]
    assert "consistent with" in result.claims[items[-1].claim_id].reason


def test_the_estimate_never_rests_on_a_flagged_figure() -> None:
    """A dated rumour among undated figures is judged against them and weighs nothing."""
    items = [
        ev("A", 10000, None),
        ev("B", 12000, None),
        ev("C", 10000, None),
        ev("social media", 200000, day(21), source_kind="social"),
    ]
    result = reconcile(items)
    assert result.claims[items[-1].claim_id].flag is not None
    current = result.questions[1].current
    assert current is not None and current.value <= 12000
    assert all(step.value <= 12000 for step in result.questions[1].timeline)


def test_a_first_batch_does_not_drag_the_total_down() -> None:
    """Two sources give the total, one a first batch the same week: the estimate follows
    the totals, and the batch is kept as doubtful rather than averaged in."""
    items = [
        ev("NIS", 1500, day(18), source_kind="agency"),
        ev("HUR", 11000, day(18), source_kind="agency"),
        ev("Pentagon", 10000, day(19), source_kind="official"),
    ]
    result = reconcile(items)
    assert result.claims[items[0].claim_id].partial
    assert [step.value for step in result.questions[1].timeline][-1] >= 10000


def test_older_figures_fade_from_the_current_estimate() -> None:
    items = [ev("A", 2000, day(1)), ev("B", 2100, day(2)), ev("C", 9000, day(30))]
    weights = {"A": 1.0, "B": 1.0, "C": 1.0}
    now = estimate_at(items, weights, day(30))
    assert now is not None and now.value == 9000  # two figures a month old weigh less


def test_echo_chains_resolve_to_their_original() -> None:
    """A wire copy of an outlet's restatement of a named source's figure is an echo of
    the named source's claim, whatever order the claims arrive in."""
    named = ev("NIS", 3000, day(23), source_kind="agency", sentence="The NIS said 3,000.")
    restated = ev("Demo Wire (author)", 3000, day(22), source_kind="author",
                  sentence="About 3,000 have been sent.", document_id=901)  # fmt: skip
    wire = ev("Mock Herald (author)", 3000, day(24), source_kind="author",
              sentence="About 3,000 have been sent.", document_id=902)  # fmt: skip
    for order in ([named, restated, wire], [wire, restated, named]):
        echoes = find_echoes(order)
        assert echoes == {restated.claim_id: named.claim_id, wire.claim_id: named.claim_id}
        result = reconcile(order)
        assert result.claims[wire.claim_id].echo_of == named.claim_id


def test_plans_never_move_the_present_estimate() -> None:
    items = [ev("A", 3000, day(20)), ev("B", 3100, day(21)), ev("C", 2900, day(22))]
    before = reconcile(items).questions[1].current
    plan = ev("A", 10000, day(23), kind="planned")
    after = reconcile([*items, plan]).questions[1]
    assert after.current is not None and before is not None
    assert after.current.value == before.value
    assert all(step.value < 10000 for step in after.timeline)


def test_a_running_count_stands_on_its_highest_firm_figure() -> None:
    items = [
        ev("Outlet A", 1400, day(6), qualifier="at_least"),
        ev("Outlet B", 3000, day(6), qualifier="at_least"),
        ev("Outlet C", 5000, day(7), qualifier="at_least"),
    ]
    toll = reconcile(items, running={1}).questions[1].current
    median = reconcile(items).questions[1].current
    assert toll is not None and toll.value == 5000
    assert median is not None and median.value < 5000


def test_a_running_count_floor_ignores_a_figure_far_off() -> None:
    items = [
        ev("A", 3000, day(6)),
        ev("B", 3200, day(6)),
        ev("C", 40000, day(7)),  # a misread figure: 13x the others
    ]
    toll = reconcile(items, running={1}).questions[1].current
    assert toll is not None and toll.value < 10000


def test_a_growing_count_weighs_figures_a_later_one_exceeds_as_earlier_stages() -> None:
    items = [
        ev("NIS", 1500, day(18)),
        ev("Lawmaker", 1500, day(19)),
        ev("White House", 1600, day(20)),
        ev("Ministry", 1500, day(26)),
        ev("Agency", 1550, day(27)),
        ev("Pentagon", 10000, day(28)),
        ev("HUR", 12000, day(29)),
    ]
    grown = reconcile(items, growing={1}).questions[1].current
    plain = reconcile(items).questions[1].current
    assert grown is not None and plain is not None
    assert grown.value >= 10000 > plain.value


def test_camps_are_shown_with_the_one_the_estimate_follows() -> None:
    items = [
        ev("NIS", 3000, day(23)),
        ev("White House", 3000, day(23)),
        ev("Lawmakers", 3100, day(23)),
        ev("HUR", 11000, day(23)),
        ev("Zelensky", 12000, day(23)),
    ]
    result = reconcile(items).questions[1]
    assert len(result.camps) == 2
    followed = [c for c in result.camps if c.followed]
    assert len(followed) == 1 and followed[0].value == 3000
    assert set(followed[0].sources) == {"NIS", "White House", "Lawmakers"}
    words = result.as_dict()["follows"]
    assert isinstance(words, str) and "3,000" in words and "12,000" not in words.split(";")[0]
    assert "HUR" in words


def test_a_named_sources_lone_figure_is_disputed_not_flagged() -> None:
    items = [
        ev("NIS", 3000, day(23)),
        ev("White House", 3000, day(23)),
        ev("Lawmakers", 3100, day(23)),
        ev("HUR", 11000, day(23), source_kind="agency"),
        ev("social media", 200000, day(24), source_kind="social"),
    ]
    claims = reconcile(items).claims
    assert claims[items[3].claim_id].flag is None
    assert claims[items[3].claim_id].credibility == 4
    assert claims[items[4].claim_id].flag is not None


def test_an_increment_yields_a_derived_total_never_weighed() -> None:
    totals = [ev("JCS", 11000, day(1), question_id=1), ev("NIS", 11000, day(2), question_id=1)]
    more = ev("JCS", 3000, day(20), question_id=2, kind="increment")
    result = reconcile([*totals, more], increments_of={2: 1})
    (derived,) = result.questions[1].derived
    assert derived["estimate"] == 14000 and derived["increment_claim"] == more.claim_id
    assert result.questions[1].current is not None
    assert result.questions[1].current.value == 11000  # shown as derived, not weighed
    stated = ev("NIS", 15000, day(20), question_id=1)
    again = reconcile([*totals, stated, more], increments_of={2: 1})
    assert again.questions[1].derived == []  # a total was stated that day


def test_a_figure_is_judged_by_the_estimate_of_its_own_date() -> None:
    early = ev("NIS", 1500, day(1))
    later = [ev("A", 11000, day(20)), ev("B", 12000, day(21)), ev("C", 10500, day(22))]
    judged = reconcile([early, *later]).claims[early.claim_id]
    assert judged.flag is None
    assert "no independent figure" in judged.reason  # nothing had been said before it
    rumour = ev("social media", 200000, day(23), source_kind="social")
    flagged = reconcile([early, *later, rumour]).claims[rumour.claim_id]
    assert flagged.flag is not None and "independent sources" in flagged.flag


def test_a_growing_counts_band_leaves_out_its_earlier_stages() -> None:
    items = [ev("A", 1400, day(6)), ev("B", 3000, day(6)), ev("C", 17000, day(9)),
             ev("D", 17500, day(9))]  # fmt: skip
    current = reconcile(items, running={1}, growing={1}).questions[1].current
    assert current is not None and current.low >= 17000
