"""The estimate explained in sentences, from the read layer's data of a question."""

from __future__ import annotations

from typing import Any

from corroborate.present.reasoning import question_reasoning


def _source(name: str, median: float, **counts: Any) -> dict[str, Any]:
    base = {"n_flagged": 0, "n_echoes": 0, "n_hedged": 0, "n_rejected": 0, "n_outlets": 1}
    return {"name": name, "median": median, "grade": None, "reliability": None, **base, **counts}


def _page(**question: Any) -> dict[str, Any]:
    return {
        "question": {"estimate": 11000.0, "low": 10000.0, "high": 12000.0, "n_sources": 2,
                     "as_of": "2024-10-31", **question},
        "sources": [_source("NIS", 11000.0, n_outlets=3, n_echoes=2),
                    _source("social media", 200000.0, n_flagged=1, n_hedged=1)],
        "chart": {"timeline": [{"date": "2024-10-18", "estimate": 1500.0},
                               {"date": "2024-10-31", "estimate": 11000.0}]},
        "flagged": [{"id": 9, "flag": "200,000 is 18x the estimate", "source": "social media"}],
        "follows": None,
    }  # fmt: skip


def test_the_reasoning_names_the_estimate_its_growth_and_what_is_set_aside() -> None:
    lines = question_reasoning(_page())
    assert lines[0] == (
        "The estimate is 11,000 as of 2024-10-31, from 2 independent sources, with the "
        "current figures between 10,000 and 12,000."
    )
    assert any(line.startswith("Over time it grew from 1,500 on 2024-10-18") for line in lines)
    assert "Agreeing with it (within 25%): NIS (11,000)." in lines
    assert any("Flagged: 200,000 is 18x the estimate (social media; claim 9)" in x for x in lines)
    assert any("NIS (3 outlets)" in line for line in lines)


def test_no_estimate_says_so() -> None:
    assert question_reasoning(_page(estimate=None)) == [
        "No estimate yet: no claim of this question can be weighed."
    ]
