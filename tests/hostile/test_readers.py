"""The pieces behind the hostile cases, one by one, on files made here and a local
server on 127.0.0.1: the address checks, the text made safe for each destination, the
folder walk, the WARC resync and the server's 4xx answers (also on PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from corroborate.bench.hostile import _gzip_member, _page, _warc_record, article
from corroborate.cli.output import safe
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.ingest.files import json_depth
from corroborate.ingest.web import is_public_address, vetted_address
from corroborate.sanitize import clean_field, clean_text, csv_cell, http_url, json_for_script

WRAPPED_LOOPBACK = [
    "::127.0.0.1",
    "::ffff:127.0.0.1",
    "::ffff:0:127.0.0.1",
    "64:ff9b::127.0.0.1",
    "64:ff9b:1::7f00:1",
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254, the metadata service
    "2001:0:4136:e378:8000:63bf:80ff:fffe",
    "2001:db8::5efe:7f00:1",  # ISATAP
    "::",
    "::1",
]


@pytest.mark.parametrize("address", WRAPPED_LOOPBACK)
def test_ipv4_wrapped_in_ipv6_is_unwrapped_before_the_check(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert is_public_address(address)


def test_one_private_answer_among_public_ones_refuses_the_host() -> None:
    with pytest.raises(IngestError) as caught:
        vetted_address("mixed.test", 80, "u", lambda h, p: ["8.8.8.8", "10.0.0.1"])
    assert "10.0.0.1" in caught.value.reason
    assert vetted_address("ok.test", 80, "u", lambda h, p: ["8.8.8.8"]) == "8.8.8.8"


def test_json_depth_stops_early_and_ignores_brackets_in_strings() -> None:
    assert json_depth('{"text": "[[[[{{{{\\"[["}', 32) == 1
    assert json_depth("[" * 200_000, 32) == 33


def test_control_characters_removed_and_offsets_follow_the_stored_text() -> None:
    assert clean_text("a\x1b[31mb\r\nc\rd\x00e\x9bf\tg") == "a[31mb\nc\ndef\tg"
    assert clean_field("  Title\x1b]0;x\x07\nnext ", 100) == "Title]0;x next"
    assert clean_text("bad \ud800 surrogate") == "bad \ufffd surrogate"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("-1500", "-1500"),
        ("+3.5", "+3.5"),
        ("plain", "plain"),
        (1500, 1500),
        (["=a"], '["=a"]'),
    ],
)
def test_csv_cells_are_inert_in_a_spreadsheet(cell: object, expected: object) -> None:
    assert csv_cell(cell) == expected


def test_json_for_script_cannot_close_the_element() -> None:
    data = {"s": "</script><script>alert(1)</script><!-- \u2028 &amp;"}
    text = json_for_script(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "/relative", "http://", "http://a b/"]
)
def test_only_http_urls_are_links(url: str) -> None:
    assert http_url(url) is None
    assert http_url("https://news.example/a?b=1") == "https://news.example/a?b=1"


def test_terminal_text_is_escaped_and_controlless() -> None:
    assert safe("a[/]b\x1b[2J\u202egnp.exe") == "a\\[/]b[2Jgnp.exe"


def test_symlinks_out_of_a_glob_folder_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(article(1))
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    found = list(expand_paths([str(folder / "*.txt")]))
    assert [p.name for p in found if isinstance(p, Path)] == ["good.txt"]
    assert any("outside the folder" in e.reason for e in found if isinstance(e, IngestError))
    # named on its own, a link is read where it points: the user asked for it
    assert list(expand_paths([str(folder / "passwd.txt")])) == [folder / "passwd.txt"]


def test_a_fifo_in_a_folder_is_passed_over_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(article(1))
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["good.txt"]


def test_uncompressed_warc_resyncs_after_an_oversized_line(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    bad = _warc_record("https://bad.example/", b"", b"X-Big: " + b"a" * 300_000 + b"\r\n")
    records = [
        _warc_record("https://a.example/1", _page(1)),
        bad,
        _warc_record("https://a.example/2", _page(2)),
    ]
    path.write_bytes(b"\r\n\r\n".join(records) + b"\r\n\r\n")
    items = list(read_file(path))
    docs = [i for i in items if not isinstance(i, IngestError)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert any("header line" in e.reason for e in errors)


def test_gzip_member_builder_makes_valid_gzip() -> None:
    import gzip

    assert gzip.decompress(_gzip_member([b"ab", (b"c", 3)])) == b"abccc"


def test_chart_svg_stays_well_formed_with_controls_in_names() -> None:
    from corroborate.present.chart import timeline_svg

    point = {"date": "2024-10-18", "value": 2.0, "id": 1, "claim_id": 1, "n": 1, "status": "ok"}
    points = [{**point, "source": "A\x1b[31m\x01\x0c<b>&"}, {**point, "source": "B\x7f"}]
    svg = str(timeline_svg(points, {"estimate": 2.0, "low": 1.0, "high": 3.0}, []))
    ElementTree.fromstring(svg)


def test_cli_csv_output_neutralises_formulas() -> None:
    code = (
        "from corroborate.cli.output import render, Format;"
        "render([{'a': '=1+1', 'b': '@x', 'c': -3}], Format.csv)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert list(csv.reader(io.StringIO(done.stdout)))[1] == ["'=1+1", "'@x", "-3"]


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("CORROBORATE_TEST_PG_URL")
    if not url:
        pytest.skip("no PostgreSQL: run under scripts/with-postgres")
    return url


@pytest.mark.postgres
def test_server_answers_4xx_to_malformed_requests_on_postgresql(tmp_path: Path, pg_url) -> None:
    from corroborate.bench.hostile import server_malformed

    outcome = server_malformed(tmp_path, db_url=pg_url)
    assert outcome.ok, outcome.outcome


def test_server_answers_4xx_to_malformed_requests_on_sqlite(tmp_path: Path) -> None:
    from corroborate.bench.hostile import server_malformed

    outcome = server_malformed(tmp_path)
    assert outcome.ok, outcome.outcome
