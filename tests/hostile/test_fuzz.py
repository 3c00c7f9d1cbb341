"""Generated hostile input for the new readers: JSON and JSONL of any depth and text,
damaged web archives, feeds declaring entities in any encoding, folders of links. Each
test prints how many inputs it tried; none may crash, and no good document beside a bad
one may be lost."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.bench.hostile import _gzip_member, _page, _warc_record, article
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.ingest.feeds import parse_feed
from corroborate.sanitize import clean_text, csv_cell, json_for_script

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
CONTROLS = "".join(map(chr, [*range(0, 32), 127, *range(128, 160)]))
hostile_text = st.text(
    alphabet=st.sampled_from([*CONTROLS, "[", "]", "/", "=", "@", "<", ">", "&", "a", " "])
    | st.characters(blacklist_categories=("Cs",)),
    max_size=60,
)


def _reasoned(error: IngestError) -> None:
    assert error.origin and error.reason.strip()


def _nested(depth: int, kind: str) -> str:
    opening, closing = ("[", "]") if kind == "list" else ('{"a":', "}")
    return opening * depth + "1" + closing * depth


bad_json = st.one_of(
    st.builds(_nested, st.integers(33, 5000), st.sampled_from(["list", "dict"])),
    st.builds(lambda d: "[" * d, st.integers(1, 5000)),
    hostile_text,
    st.builds(lambda t: json.dumps({"text": t}), hostile_text),
    st.just('{"text": "x", "published": {"a": []}}'),
    st.just('{"text": 5}'),
)


def test_fuzz_jsonl_keeps_every_good_line(tally, tmp_path: Path) -> None:
    @settings(FUZZ, max_examples=300)
    @given(bad=st.lists(bad_json, min_size=1, max_size=4), seed=st.integers(0, 10**6))
    def run(bad: list[str], seed: int) -> None:
        tally.tried += 1
        good = [json.dumps({"text": article(n) + str(seed)}) for n in range(3)]
        lines = good + [b.replace("\n", " ") for b in bad]
        random.Random(seed).shuffle(lines)
        path = tmp_path / "mixed.jsonl"
        path.write_text("\n".join(lines) + "\n")
        items = list(read_file(path))
        docs = [i for i in items if not isinstance(i, IngestError)]
        for error in items:
            if isinstance(error, IngestError):
                tally.rejected += 1
                _reasoned(error)
        stored = {d.text for d in docs}
        assert all(clean_text(json.loads(g)["text"]).strip() in stored for g in good)
        assert not any(c in d.text for d in docs for c in "\x00\x1b\x7f\x9b")
        tally.good += 3

    run()
    assert tally.tried >= 200


def test_fuzz_damaged_warc_gz_loses_no_neighbour(tally, tmp_path: Path) -> None:
    first = _gzip_member([_warc_record("https://a.example/1", _page(1)) + b"\r\n\r\n"])
    middle = _gzip_member([_warc_record("https://a.example/2", _page(2)) + b"\r\n\r\n"])
    last = _gzip_member([_warc_record("https://a.example/3", _page(3)) + b"\r\n\r\n"])

    @settings(FUZZ, max_examples=200)
    @given(
        flips=st.lists(st.tuples(st.integers(0, len(middle) - 1), st.integers(0, 255)), max_size=8),
        cut=st.integers(1, len(middle)),
        junk=st.binary(max_size=300),
    )
    def run(flips: list[tuple[int, int]], cut: int, junk: bytes) -> None:
        tally.tried += 1
        damaged = bytearray(middle)
        for where, value in flips:
            damaged[where] = value
        path = tmp_path / "damaged.warc.gz"
        path.write_bytes(first + bytes(damaged[:cut]) + junk + last)
        items = list(read_file(path))
        urls = {i.url for i in items if not isinstance(i, IngestError)}
        for error in items:
            if isinstance(error, IngestError):
                tally.rejected += 1
                _reasoned(error)
        assert {"https://a.example/1", "https://a.example/3"} <= urls
        tally.good += 2

    run()
    assert tally.tried >= 150


def test_fuzz_entity_declarations_are_refused_wherever_and_however_encoded(tally) -> None:
    @settings(FUZZ, max_examples=300)
    @given(
        padding=st.integers(0, 300_000),
        encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-7"]),
        value=hostile_text.filter(lambda t: "'" not in t and "<" not in t and "&" not in t),
    )
    def run(padding: int, encoding: str, value: str) -> None:
        tally.tried += 1
        text = (
            f"<?xml version='1.0' encoding='{encoding}'?><!-- {'c' * padding} -->"
            f"<!DOCTYPE rss [<!ENTITY e '{value}'>]><rss version='2.0'><channel><title>t"
            "</title><item><title>&e;&e;</title><guid>g</guid></item></channel></rss>"
        )
        body = text.encode(encoding, errors="replace")
        with pytest.raises(IngestError) as caught:
            parse_feed(body, "https://feed.example/x")
        tally.rejected += 1
        _reasoned(caught.value)

    run()
    assert tally.tried >= 200


def test_fuzz_folder_walk_never_leaves_the_folder(tally, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")

    @settings(FUZZ, max_examples=150)
    @given(
        layout=st.lists(
            st.tuples(
                st.sampled_from(["file", "link-in", "link-out", "dirlink-out", "dir"]),
                st.text(alphabet="ab[]/=", min_size=1, max_size=6).map(
                    lambda t: t.replace("/", "_")
                ),
            ),
            max_size=10,
        )
    )
    def run(layout: list[tuple[str, str]]) -> None:
        tally.tried += 1
        root = tmp_path / f"root{tally.tried}"
        (root / "sub").mkdir(parents=True)
        good = 0
        for n, (kind, name) in enumerate(layout):
            target = root / ("sub" if n % 2 else "") / f"{name}{n}.txt"
            if kind == "file":
                target.write_text(article(n))
                good += 1
            elif kind == "link-in":
                (root / f"in{n}.txt").write_text(article(100 + n))
                good += 1
                target.symlink_to(root / f"in{n}.txt")
            elif kind == "link-out":
                target.symlink_to(outside / "secret.txt")
            elif kind == "dirlink-out":
                target.with_suffix("").symlink_to(outside)
            else:
                target.with_suffix("").mkdir()
        found = list(expand_paths([str(root)]))
        paths = [p for p in found if isinstance(p, Path)]
        tally.rejected += sum(isinstance(p, IngestError) for p in found)
        assert all(p.resolve().is_relative_to(root.resolve()) for p in paths)
        assert len({p.resolve() for p in paths}) >= good
        tally.good += good

    run()
    assert tally.tried >= 100


def test_fuzz_output_escapes(tally) -> None:
    @settings(FUZZ, max_examples=500)
    @given(value=hostile_text)
    def run(value: str) -> None:
        tally.tried += 1
        cell = csv_cell(value)
        assert (
            not str(cell).lstrip(" ").startswith(("=", "+", "-", "@"))
            or cell.startswith("'")
            or _number(value)
        )
        script = json_for_script({"v": value})
        assert "<" not in script and json.loads(script) == {"v": value}
        assert not any(c in clean_text(value) for c in CONTROLS.replace("\t", "").replace("\n", ""))

    run()
    assert tally.tried >= 400


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "wait.jsonl")
    [error] = expand_paths([str(tmp_path)])
    assert isinstance(error, IngestError) and error.reason.startswith("folder holds no")
