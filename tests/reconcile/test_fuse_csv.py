"""The table interface: CSV in, estimates and source weights out, clear errors."""

from __future__ import annotations

import csv

import pytest

from corroborate.reconcile.fuse import FuseInputError, fuse_csv, read_claims_csv


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CLAIMS = """source,object,value
NIS,nk_troops,10000
Budanov,nk_troops,"11,000"
media,nk_troops,12000
social media,nk_troops,200000
NIS,nk_killed,100
media,nk_killed,120
"""


def test_round_trip(tmp_path):
    claims = write(tmp_path / "claims.csv", CLAIMS)
    out, weights = tmp_path / "est.csv", tmp_path / "w.csv"
    fuse_csv(claims, out, "median", sources_out=weights)
    rows = {r["object"]: r for r in read(out)}
    assert list(read(out)[0])[:4] == ["object", "estimate", "low", "high"]
    assert float(rows["nk_troops"]["estimate"]) == pytest.approx(11500)
    assert float(rows["nk_killed"]["estimate"]) == pytest.approx(110)
    for r in rows.values():
        assert float(r["low"]) <= float(r["estimate"]) <= float(r["high"])
    sources = {r["source"]: r for r in read(weights)}
    assert set(sources) == {"NIS", "Budanov", "media", "social media"}
    assert sources["NIS"]["claims"] == "2"


@pytest.mark.parametrize("method", ["corroborate", "crh", "catd", "gtm", "conservative"])
def test_every_method_writes_estimates(tmp_path, method):
    claims = write(tmp_path / "claims.csv", CLAIMS)
    out = tmp_path / "est.csv"
    fuse_csv(claims, out, method)
    assert {r["object"] for r in read(out)} == {"nk_troops", "nk_killed"}


def test_time_column_splits_questions(tmp_path):
    claims = write(
        tmp_path / "c.csv",
        "source,object,value,time\n"
        "a,troops,1500,2024-10-18\nb,troops,11000,2024-11-01\n"
        "c,troops,12000,2024-11-01\n",
    )
    out = tmp_path / "o.csv"
    fuse_csv(claims, out)
    rows = {r["time"]: float(r["estimate"]) for r in read(out)}
    assert rows["2024-10-18"] == pytest.approx(1500)
    assert 11000 <= rows["2024-11-01"] <= 12000


def test_grade_column_acts_as_prior(tmp_path):
    text = "source,object,value,grade\nA1,x,10,A\nB1,x,20,\nE1,x,30,E\n"
    out = tmp_path / "o.csv"
    fuse_csv(write(tmp_path / "c.csv", text), out, "median")
    assert float(read(out)[0]["estimate"]) == pytest.approx(10)


def test_missing_column_names_file(tmp_path):
    path = write(tmp_path / "bad.csv", "source,object\nNIS,troops\n")
    with pytest.raises(FuseInputError, match=r"bad\.csv.*missing column.*value"):
        read_claims_csv(path)


def test_non_numeric_value_names_file_and_line(tmp_path):
    path = write(tmp_path / "bad.csv", "source,object,value\nNIS,troops,10000\nX,troops,many\n")
    with pytest.raises(FuseInputError, match=r"bad\.csv: line 3: value 'many' is not a number"):
        read_claims_csv(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty file"),
        ("source,object,value\n", "no claims"),
        ("source,object,value\nNIS,,5\n", "line 2: empty source or object"),
        ("source,object,value\nNIS,x,\n", "line 2: empty value"),
        ("source,object,value\nNIS,x,inf\n", "line 2: value 'inf'"),
        ("source,object,value,grade\nNIS,x,1,Q\n", "line 2: grade 'Q'"),
        ("source,object,value,grade\nNIS,x,1,A\nNIS,y,2,B\n", "line 3: source 'NIS' graded"),
    ],
)
def test_bad_tables(tmp_path, text, message):
    path = write(tmp_path / "t.csv", text)
    with pytest.raises(FuseInputError, match=message):
        read_claims_csv(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FuseInputError, match=r"nope\.csv"):
        read_claims_csv(tmp_path / "nope.csv")


def test_unknown_method(tmp_path):
    with pytest.raises(ValueError, match="unknown method"):
        fuse_csv(write(tmp_path / "c.csv", CLAIMS), tmp_path / "o.csv", "vote")
