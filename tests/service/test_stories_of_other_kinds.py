"""Whole stories of the kinds corroborate must read besides wars: a protest movement whose
crowds the unions and the ministry count differently, and an earthquake's rising toll.

The articles are written for this test (synthetic, in the language of such reporting). Each
test asks what an analyst would: separate questions for separate things counted (and for
each protest day), each figure with its own source, and answers as of a date that use that
date's figures.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from corroborate.query.claims import list_claims
from corroborate.query.questions import list_questions
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

PROTESTS = [
    ("2023-01-19", "More than 1.1 million people marched across France on Thursday against the "
     "pension reform, the interior ministry said, including 80,000 in Paris.\n\nThe CGT union "
     "said 2 million people took part nationwide, and 400,000 in the capital."),
    ("2023-03-07", "According to the interior ministry, 1.28 million people demonstrated on "
     "Tuesday, the highest figure since the movement began. The CGT put turnout at more than "
     "3.5 million."),
    ("2023-03-24", "On Thursday, 1.09 million people protested across France, according to the "
     "ministry, while the unions claimed 3.5 million. Police arrested 457 people and 441 "
     "officers were injured, Interior Minister Gerald Darmanin said."),
]  # fmt: skip

QUAKE = [
    ("2025-03-29", "A magnitude 7.7 earthquake struck central Myanmar on Friday, killing at least "
     "1,002 people and injuring 2,376, the military government said on Saturday. Another 30 "
     "people were missing.\n\nThe US Geological Survey estimated that the death toll could "
     "exceed 10,000."),
    ("2025-03-31", "The death toll from Myanmar's earthquake has risen to 2,056, the junta said on "
     "Monday, with 3,900 injured and 270 missing."),
    ("2025-04-04", "Myanmar's junta said the number of people killed in the quake had climbed to "
     "3,145, up from 2,886 a day earlier."),
]  # fmt: skip


def _story(folder: Path, articles: list[tuple[str, str]]) -> Engine:
    (folder / "articles").mkdir()
    for number, (published, text) in enumerate(articles, start=1):
        doc = {"url": f"https://example.org/{folder.name}/{number}", "outlet": f"Outlet {number}",
               "published": published, "text": text}  # fmt: skip
        (folder / "articles" / f"{number}.json").write_text(json.dumps(doc), encoding="utf-8")
    folder = folder / "articles"
    engine = open_database(str(folder.parent / "story.db"))
    report = ingest_paths(engine, [str(folder)])
    assert not report.rejected
    return engine


@pytest.fixture(scope="module")
def protests(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _story(tmp_path_factory.mktemp("protests"), PROTESTS)


@pytest.fixture(scope="module")
def quake(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _story(tmp_path_factory.mktemp("quake"), QUAKE)


def _claim(engine: Engine, value: float) -> dict[str, Any]:
    return next(c for c in list_claims(engine) if c["value"] == value)


def _question(engine: Engine, label: str, as_of: date | None = None) -> dict[str, Any]:
    return next(q for q in list_questions(engine, as_of=as_of) if q["label"] == label)


def test_each_crowd_figure_has_its_own_source(protests: Engine) -> None:
    assert _claim(protests, 1_090_000)["source"] == "ministry"
    assert _claim(protests, 2_000_000)["source"] == "CGT union"
    unions = [c for c in list_claims(protests) if c["value"] == 3_500_000]
    assert {c["source"] for c in unions} == {"CGT", "unions"}
    assert all(c["via"] == [] for c in list_claims(protests))


def test_the_capital_and_arrests_are_questions_of_their_own(protests: Engine) -> None:
    capital = _claim(protests, 400_000)
    assert capital["place"] == "Paris"
    nation = _question(protests, "How many people were gathered in France on 19 January 2023?")
    paris = _question(
        protests, "How many people were gathered in Paris, France on 19 January 2023?"
    )
    assert capital["question_id"] == paris["id"] != nation["id"]
    assert _claim(protests, 80_000)["question_id"] == paris["id"]
    for value in (457, 441):  # arrested people, injured officers: not the crowd
        assert _claim(protests, value)["question_id"] not in (nation["id"], paris["id"])


def test_each_protest_day_is_a_question_of_its_own(protests: Engine) -> None:
    """The unions' 2 million of 19 January (no date of its own: the article's day) and the
    ministry's 1.1 million answer one question; 7 March's counts answer another."""
    january = _question(protests, "How many people were gathered in France on 19 January 2023?")
    assert (january["low"], january["high"]) == (1_100_000, 2_000_000)
    march = _question(protests, "How many people were gathered on 7 March 2023?", date(2023, 3, 7))
    assert 1_280_000 <= march["estimate"] <= 3_500_000
    assert _claim(protests, 2_000_000)["question_id"] == january["id"] != march["id"]


def test_the_toll_keeps_the_dead_apart_from_the_injured_and_missing(quake: Engine) -> None:
    killed = _claim(quake, 1002)
    injured = _claim(quake, 2376)
    assert (killed["event"], injured["event"]) == ("died", "wounded")
    assert killed["question_id"] != injured["question_id"]
    missing = _claim(quake, 30)
    assert (missing["event"], missing["kind"]) == ("missing", "total")
    assert _claim(quake, 10_000)["kind"] == "planned"  # a projection, not a count


def test_the_toll_as_of_each_day(quake: Engine) -> None:
    toll = "How many people were killed in Myanmar?"
    assert _question(quake, toll, date(2025, 3, 29))["estimate"] == 1002
    assert _question(quake, toll, date(2025, 4, 4))["estimate"] == 3145
    earlier = _claim(quake, 2886)
    assert earlier["as_of"] == "2025-04-03"  # "up from 2,886 a day earlier"
