"""The pieces of the HTML: highlight segments, the SVG charts, figures, safe links."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from corroborate.present.chart import sparkline_svg, timeline_svg
from corroborate.present.format import figure
from corroborate.query.documents import segments
from corroborate.web.render import ENV, safe_url, split_mention

TEXT = "Intro. The agency said 1,500 troops moved, then 2,000 more. End <script>."


def _claim(cid: int, sentence: tuple[int, int], mention: tuple[int, int]) -> dict:
    return {
        "id": cid,
        "start": sentence[0],
        "end": sentence[1],
        "mention_start": mention[0],
        "mention_end": mention[1],
    }


def test_segments_cover_the_text_and_mark_sentences_and_figures() -> None:
    sentence = (7, 59)
    first = (TEXT.index("1,500"), TEXT.index("1,500") + 5)
    second = (TEXT.index("2,000"), TEXT.index("2,000") + 5)
    parts = segments(TEXT, [_claim(1, sentence, first), _claim(2, sentence, second)])
    assert "".join(p["text"] for p in parts) == TEXT
    figures = [(p["text"], p["mention"], p["anchor"]) for p in parts if p["mention"]]
    assert figures == [("1,500", 1, True), ("2,000", 2, True)]
    inside = [p for p in parts if p["sentence"]]
    assert all(p["sentence"] == [1, 2] for p in inside)
    assert parts[0] == {"text": "Intro. ", "sentence": [], "mention": None, "anchor": False}


def test_segments_ignore_offsets_outside_the_text() -> None:
    parts = segments("short", [_claim(1, (0, 99), (-3, 2)), _claim(2, (4, 2), (1, 3))])
    assert "".join(p["text"] for p in parts) == "short"
    assert [p["mention"] for p in parts] == [None, 2, None]


def test_document_template_escapes_every_piece() -> None:
    claim = _claim(1, (7, 59), (TEXT.index("1,500"), TEXT.index("1,500") + 5))
    data = {
        "document": {
            "id": 1,
            "title": "<i>t</i>",
            "outlet": None,
            "published": None,
            "url": "javascript:alert(1)",
            "language": None,
            "text": TEXT,
        },
        "claims": [],
        "segments": segments(TEXT, [claim]),
    }
    page = ENV.get_template("document.html").render(
        data=data, request=None, path="", query=lambda **_: "?"
    )
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "&lt;i&gt;t&lt;/i&gt;" in page
    assert 'href="javascript:' not in page
    assert '<a class="figure" href="/claims/1" id="claim-1" title="claim 1">1,500</a>' in page


def test_timeline_svg_is_valid_and_escapes_source_names() -> None:
    points = [
        {
            "claim_id": i,
            "date": f"2024-10-{10 + i:02d}",
            "value": v,
            "source": s,
            "hedged": i == 2,
            "status": "wrong" if i == 3 else "ok",
            "n": 1,
            "weight": 0.5,
            "flag": "far off" if v > 100_000 else None,
            "echo_of": None,
        }
        for i, (v, s) in enumerate(
            [
                (1500, "NIS"),
                (11000, "<script>alert(1)</script>"),
                (12000, "HUR"),
                (200_000, "social media"),
                (10000, "Pentagon"),
            ]
        )
    ]
    timeline = [
        {"date": "2024-10-10", "estimate": 1500, "low": 1500, "high": 1500},
        {"date": "2024-10-14", "estimate": 11000, "low": 10000, "high": 12000},
    ]
    svg = str(
        timeline_svg(
            points, {"estimate": 11000, "low": 10000, "high": 12000}, timeline, label="troops"
        )
    )
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count('class="point') == 5
    assert 'class="point outlier rejected"' in svg and 'class="point"' in svg
    assert "log scale" in svg and "troops" in svg
    assert 'href="/claims/3"' in svg


def test_empty_and_small_charts() -> None:
    empty = str(timeline_svg([], {"estimate": None}))
    assert "No dated figures" in empty
    ET.fromstring(empty)
    ET.fromstring(str(sparkline_svg([["2024-10-01", 3.0], ["2024-10-02", 0.0]])))
    ET.fromstring(str(sparkline_svg([])))
    one = [{"claim_id": 1, "date": "2024-10-01", "value": 0.0, "source": "x", "status": "ok"}]
    ET.fromstring(str(timeline_svg(one, {"estimate": 0.0, "low": 0.0, "high": 0.0})))


def test_figures_and_links() -> None:
    assert figure({"value": 12000.0, "qualifier": "approx"}) == "≈12,000"
    assert figure({"value": None, "low": 10000.0, "high": 12000.0}) == "10,000–12,000"
    assert figure({"value": 1300.0, "qualifier": "at_least", "period": "per day"}) == (
        "≥1,300 per day"
    )
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url(" JavaScript:alert(1)") is None and safe_url("data:text/html,x") is None
    claim = {
        "sentence": "They said 1,500 went.",
        "start": 10,
        "mention_start": 20,
        "mention_end": 25,
    }
    assert split_mention(claim) == ("They said ", "1,500", " went.")
    assert split_mention({**claim, "mention_end": 99}) == ("They said 1,500 went.", "", "")
