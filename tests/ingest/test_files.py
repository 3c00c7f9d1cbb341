from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.ingest.files import from_plain
from corroborate.records import Document

ARTICLE_HTML = """<!doctype html><html><head><title>Troops reach the border | Demo Wire</title>
<meta property="og:site_name" content="Demo Wire">
<meta property="article:published_time" content="2024-10-21T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Troops reach the border</h1>
<p>About 2,000 soldiers reached the border on Monday, the ministry said in a statement
issued in the capital.</p>
<p>Officials added that a second group of 500 soldiers would follow within the week, and
that the whole movement would be finished before the winter.</p>
</article><footer>Copyright Demo Wire</footer></body></html>"""


def _docs(path: Path) -> list[Document | IngestError]:
    return list(read_file(path))


def test_json_document_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            {
                "text": "Some 40 people left.",
                "outlet": "Demo Wire",
                "published": "2024-10-18",
                "url": "https://example.org/a",
                "title": "T",
            }
        )
    )
    [doc] = _docs(path)
    assert isinstance(doc, Document)
    assert (doc.outlet, doc.published, doc.origin) == ("Demo Wire", date(2024, 10, 18), str(path))


def test_jsonl_bad_line_is_named_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "one 10"}\n{not json}\n\n{"title": "no text"}\n{"text": "two 20"}\n')
    items = _docs(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.text for d in docs] == ["one 10", "two 20"]
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "malformed JSON" in errors[0].reason and "'text'" in errors[1].reason


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML)
    [doc] = _docs(path)
    assert isinstance(doc, Document)
    assert "About 2,000 soldiers" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text  # boilerplate dropped
    assert doc.outlet == "Demo Wire"
    assert doc.published == date(2024, 10, 21)


def test_plain_text_headers() -> None:
    doc = from_plain("Troops arrive\nOutlet: Mock Herald\nPublished: 2024-11-04\n\nBody 12.", "x")
    assert (doc.title, doc.outlet, doc.published, doc.text) == (
        "Troops arrive",
        "Mock Herald",
        date(2024, 11, 4),
        "Body 12.",
    )


def test_markdown_title() -> None:
    doc = from_plain("# Heading here\n\nFirst paragraph with 3 numbers.", "x.md")
    assert doc.title == "Heading here"
    assert doc.text == "First paragraph with 3 numbers."


def test_plain_text_without_headers_keeps_everything() -> None:
    text = "The ministry said 300 people were evacuated. More would follow."
    assert from_plain(text, "x").text == text


def test_bad_files_are_named_with_a_reason(tmp_path: Path) -> None:
    cases = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02binary",
        "latin1.txt": "caf\u00e9 1,500".encode("latin-1"),
        "list.json": b"[1, 2]",
        "broken.json": b'{"text": ',
        "notext.json": b'{"title": "x"}',
        "baddate.json": b'{"text": "x 1", "published": "last tuesday-ish"}',
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    reasons = {}
    for name in cases:
        [item] = _docs(tmp_path / name)
        assert isinstance(item, IngestError), name
        assert item.origin == str(tmp_path / name)
        reasons[name] = item.reason
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "JSON object" in reasons["list.json"]
    assert "malformed JSON" in reasons["broken.json"]
    assert "ISO date" in reasons["baddate.json"]


def test_unreadable_file(tmp_path: Path) -> None:
    [item] = _docs(tmp_path / "missing.txt")
    assert isinstance(item, IngestError) and "cannot read" in item.reason


def test_expand_paths_folders_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.json", "sub/c.html", "sheet.xlsx", ".hidden.txt", "README.md"):
        (tmp_path / name).write_text("x")
    found = list(expand_paths([str(tmp_path), str(tmp_path / "*.txt"), "nope/none.txt"]))
    paths = [p.name for p in found if isinstance(p, Path)]
    errors = [e for e in found if isinstance(e, IngestError)]
    assert paths == ["a.txt", "b.json", "c.html", "a.txt"]
    # a file of another type is named; hidden files and READMEs pass without a word
    assert [e.origin for e in errors] == [str(tmp_path / "sheet.xlsx"), "nope/none.txt"]
    assert errors[0].reason.startswith("unsupported file type .xlsx")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=2000),
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".html", ".pdf", ".docx"]),
)
def test_fuzzed_bytes_never_crash(tmp_path: Path, content: bytes, suffix: str) -> None:
    """Any bytes in any supported file give documents or reasoned errors, never a crash."""
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    for item in read_file(path):
        if isinstance(item, IngestError):
            assert item.reason and item.origin.startswith(str(path))
        else:
            assert item.text.strip()


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300).filter(str.strip),
    outlet=st.one_of(st.none(), st.text(max_size=30)),
    published=st.one_of(st.none(), st.dates()),
)
def test_json_round_trip(text: str, outlet: str | None, published: date | None) -> None:
    """A document written as JSON reads back with the same text and metadata."""
    from corroborate.ingest.files import from_json_text

    payload = json.dumps(
        {"text": text, "outlet": outlet, "published": published and published.isoformat()}
    )
    doc = from_json_text(payload, "x")
    assert doc.text == text
    assert doc.outlet == ((outlet.strip() or None) if outlet else None)
    assert doc.published == published


def test_a_binary_or_undecodable_jsonl_line_loses_no_other(tmp_path: Path) -> None:
    good = [json.dumps({"text": f"Officials said {n},000 people were evacuated."}) for n in (1, 2)]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        (good[0] + "\n").encode() + b'{"text": "a\x00b"}\n' + b'{"text": "\xff\xfe"}\n'
        + (good[1] + "\n").encode()
    )  # fmt: skip
    items = list(read_file(path))
    docs = [i for i in items if not isinstance(i, IngestError)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.text for d in docs] == [json.loads(g)["text"] for g in good]
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2", "3"]
    assert "binary" in str(errors[0]) and "UTF-8" in str(errors[1])
