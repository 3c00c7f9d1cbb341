"""The web app in-process (httpx through the ASGI app), on SQLite and PostgreSQL: every
page as HTML and as JSON from the same view, analyst actions behind the token, inert
hostile text, full-text search, exports and the request limits."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from markupsafe import escape
from sqlalchemy import Engine

from corroborate.web import create_app
from corroborate.web.app import allowed_hosts_for

TOKEN_HEADER = {"Authorization": "Bearer test-write-token"}


def _esc(text: str) -> str:
    return str(escape(text))


def _top_question(client) -> dict:  # type: ignore[no-untyped-def]
    data = client.get("/api/questions").json()
    assert data["total"] >= 5
    return data["questions"][0]


def test_dashboard_html_and_json_come_from_one_view(reader) -> None:  # type: ignore[no-untyped-def]
    api = reader.get("/api/questions", params={"limit": 3}).json()
    assert api["limit"] == 3 and len(api["questions"]) == 3
    top = api["questions"][0]
    assert {"estimate", "low", "high", "n_sources", "latest", "trend", "flags"} <= set(top)
    page = reader.get("/questions", params={"limit": 3})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for question in api["questions"]:
        assert _esc(question["label"]) in page.text
        assert f'href="/questions/{question["id"]}"' in page.text
    assert 'class="spark"' in page.text  # the trend lines
    assert reader.get("/").headers["content-type"].startswith("text/html")  # redirected


def test_dashboard_filters(reader) -> None:  # type: ignore[no-untyped-def]
    every = reader.get("/api/questions").json()["total"]
    nis = reader.get("/api/questions", params={"source": "NIS"}).json()
    assert 0 < nis["total"] < every
    late = reader.get("/api/questions", params={"since": "2024-12-01"}).json()
    assert 0 < late["total"] < every
    nothing = reader.get("/api/questions", params={"place": "no such place"}).json()
    assert nothing == {**nothing, "total": 0, "questions": []}
    assert reader.get("/questions", params={"counted": "troops", "until": "2024-10-20"}).is_success


def test_question_page_chart_claims_and_reasoning(reader) -> None:  # type: ignore[no-untyped-def]
    top = _top_question(reader)
    data = reader.get(f"/api/questions/{top['id']}", params={"limit": 500}).json()
    assert data["question"]["estimate"] == top["estimate"]
    assert data["total"] == len(data["claims"]) == top["n_claims"]
    assert data["reasoning"] and data["reasoning"][0].startswith("The estimate is")
    assert data["chart"]["points"] and data["chart"]["timeline"]
    page = reader.get(f"/questions/{top['id']}").text
    svg = re.search(r"<svg[^>]*class=\"timeline\".*?</svg>", page, re.S)
    assert svg, "the timeline chart is inline SVG"
    ET.fromstring(svg.group(0))  # well-formed
    assert svg.group(0).count('class="point') == len(data["chart"]["points"])
    first = data["claims"][0]
    assert f'href="/documents/{first["document_id"]}#claim-{first["id"]}"' in page
    assert _esc(data["reasoning"][0]) in page
    paged = reader.get(f"/api/questions/{top['id']}", params={"limit": 2, "offset": 2}).json()
    assert [c["id"] for c in paged["claims"]] == [c["id"] for c in data["claims"][2:4]]


def test_source_and_claim_pages(reader) -> None:  # type: ignore[no-untyped-def]
    sources = reader.get("/api/sources").json()["sources"]
    nis = next(s for s in sources if "NIS" in s["name"])
    data = reader.get(f"/api/sources/{nis['id']}").json()
    assert data["source"]["name"] == nis["name"]
    assert data["written_as"] and data["outlets"] and data["record"]["n_compared"] > 0
    page = reader.get(f"/sources/{nis['id']}").text
    assert _esc(nis["name"]) in page and 'action="/sources/' in page
    claim = data["claims"][0]
    one = reader.get(f"/api/claims/{claim['id']}").json()
    assert one["sentence"] == claim["sentence"] and one["source"] == nis["name"]
    assert reader.get(f"/claims/{claim['id']}").status_code == 200
    assert (
        reader.get("/api/claims", params={"source_id": nis["id"]}).json()["total"]
        == (data["total"])
    )


def test_document_page_highlights_every_claim(reader) -> None:  # type: ignore[no-untyped-def]
    documents = reader.get("/api/documents", params={"limit": 100}).json()["documents"]
    doc = max(documents, key=lambda d: d["n_claims"])
    data = reader.get(f"/api/documents/{doc['id']}").json()
    assert "".join(s["text"] for s in data["segments"]) == data["document"]["text"]
    page = reader.get(f"/documents/{doc['id']}").text
    for claim in data["claims"]:
        anchor = re.search(
            rf'<a class="figure" href="/claims/{claim["id"]}" '
            rf'id="claim-{claim["id"]}"[^>]*>([^<]*)</a>',
            page,
        )
        assert anchor, f"claim {claim['id']} has no highlighted figure"
        assert unescape(anchor.group(1)) in claim["mention"]
    assert page.count("<mark>") >= 1


def test_not_found_and_bounds(reader) -> None:  # type: ignore[no-untyped-def]
    assert reader.get("/api/questions/999999").status_code == 404
    assert reader.get("/questions/999999").status_code == 404
    assert "text/html" in reader.get("/questions/999999").headers["content-type"]
    assert reader.get("/api/documents/999999").status_code == 404
    assert reader.get("/api/claims", params={"limit": 501}).status_code == 422
    assert reader.get("/api/claims", params={"limit": 0}).status_code == 422
    assert reader.get("/api/claims", params={"offset": -1}).status_code == 422
    assert reader.get("/api/questions/99999999999999999999").status_code == 422
    assert reader.get("/api/claims", params={"offset": 10**6}).json()["claims"] == []
    schema = reader.get("/openapi.json").json()
    assert "/api/questions/{question_id}" in schema["paths"]
    assert "/api/sources/{source_id}/grade" in schema["paths"]


def test_security_headers_and_body_limit(reader) -> None:  # type: ignore[no-untyped-def]
    response = reader.get("/questions")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    huge = reader.post(
        "/api/sources/1/grade",
        content=b'{"grade": "' + b"A" * 100_000 + b'"}',
        headers={**TOKEN_HEADER, "content-type": "application/json"},
    )
    assert huge.status_code == 413

    def chunks():  # no Content-Length: the body is counted as it streams in
        for _ in range(20):
            yield b"x" * 10_000

    streamed = reader.post(
        "/sources/1/grade", content=chunks(), headers={"content-type": "text/plain"}
    )
    assert streamed.status_code == 413


def test_host_check_refuses_other_hosts(engine: Engine) -> None:
    from fastapi.testclient import TestClient

    app = create_app(engine, token="t", allowed_hosts=allowed_hosts_for("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as rebound:
        assert rebound.get("/api").status_code == 400
    wildcard = allowed_hosts_for("0.0.0.0", ["news.example"])
    assert {"127.0.0.1", "localhost", "news.example"} <= set(wildcard)
    assert "attacker.example" not in wildcard
    with pytest.raises(ValueError):
        create_app(engine, token="")


def test_hostile_article_renders_inert(reader) -> None:  # type: ignore[no-untyped-def]
    found = reader.get("/api/search", params={"q": "INJECTED MARKER"}).json()
    [doc] = found["documents"]
    data = reader.get(f"/api/documents/{doc['id']}").json()
    assert data["claims"], "the hostile article's figures are extracted and highlighted"
    page = reader.get(f"/documents/{doc['id']}").text
    lowered = page.lower()
    for active in (
        "<script",
        "<iframe",
        "<img",
        "<svg onload",
        'href="javascript:',
        'src="javascript:',
        '<h1 id="injected',
    ):
        assert active not in lowered, active
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in page  # shown as text
    assert "&lt;b&gt;Evil&lt;/b&gt; Outlet" in page
    assert "javascript:alert(&#39;url&#39;)" in page  # not http(s): text, never a link
    for url in ("/questions", "/claims?limit=500", "/search?q=Evil", "/sources", "/documents"):
        body = reader.get(url).text.lower()
        assert "<script" not in body and 'href="javascript:' not in body, url


def test_full_text_search(reader) -> None:  # type: ignore[no-untyped-def]
    data = reader.get("/api/search", params={"q": "Kursk soldiers"}).json()
    assert data["total_documents"] >= 1 and data["documents"][0]["snippet"]
    assert any(part["hit"] for part in data["documents"][0]["snippet"])
    assert data["total_claims"] >= 1
    assert all("kursk" in (c["sentence"] + (c["place"] or "")).lower() for c in data["claims"])
    stemmed = reader.get("/api/search", params={"q": "soldier"}).json()
    assert stemmed["total_claims"] >= 1  # "soldiers" found by stemming
    for odd in ('"', "AND OR NOT", "troops*", "(", "NEAR(a b)", "'; DROP TABLE claims; --", "é"):
        assert reader.get("/api/search", params={"q": odd}).status_code == 200
    empty = reader.get("/api/search", params={"q": ""}).json()
    assert empty["documents"] == [] and empty["claims"] == []
    page = reader.get("/search", params={"q": "Kursk"}).text
    assert '<span class="hit">Kursk</span>' in page


def test_exports(reader) -> None:  # type: ignore[no-untyped-def]
    total = reader.get("/api/claims", params={"limit": 1}).json()["total"]
    rows = list(csv.DictReader(io.StringIO(reader.get("/api/export/claims.csv").text)))
    assert len(rows) == total and rows[0]["sentence"] and rows[0]["source"]
    claims = reader.get("/api/export/claims.json").json()
    assert len(claims) == total
    questions = reader.get("/api/export/questions.json").json()
    assert questions and {"estimate", "low", "high", "n_sources"} <= set(questions[0])
    assert reader.get("/api/export/questions.csv").text.startswith("id,label,")
    assert reader.get("/api/export/claims.xml").status_code == 422
    top = _top_question(reader)
    svg = reader.get(f"/questions/{top['id']}/chart.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(svg.content)
    brief = reader.get(f"/questions/{top['id']}/brief").text
    assert "<svg" in brief and "Key evidence" in brief and 'class="brief"' in brief
    assert "@media print" in reader.get("/static/style.css").text
    per_question = reader.get(f"/questions/{top['id']}/claims.csv").text
    assert len(list(csv.DictReader(io.StringIO(per_question)))) == top["n_claims"]


def test_claimreview(reader) -> None:  # type: ignore[no-untyped-def]
    claim = reader.get("/api/claims", params={"limit": 1}).json()["claims"][0]
    response = reader.get(f"/api/claims/{claim['id']}/claimreview")
    assert response.headers["content-type"].startswith("application/ld+json")
    review = response.json()
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim["sentence"]
    assert review["itemReviewed"]["author"]["name"] == claim["source"]
    assert review["url"].endswith(f"/claims/{claim['id']}")
    assert 1 <= review["reviewRating"]["ratingValue"] <= 5
    assert review["reviewRating"]["alternateName"]


def test_writes_need_the_token(reader) -> None:  # type: ignore[no-untyped-def]
    source = reader.get("/api/sources").json()["sources"][0]
    url = f"/api/sources/{source['id']}/grade"
    assert reader.post(url, json={"grade": "A"}).status_code == 401
    wrong = reader.post(url, json={"grade": "A"}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert (
        reader.post(url, json={"grade": "A"}, headers={"Authorization": "nope"}).status_code == 403
    )
    form = reader.post(
        f"/sources/{source['id']}/grade", data={"grade": "A"}, follow_redirects=False
    )
    assert form.status_code == 401
    form = reader.post(
        f"/sources/{source['id']}/grade",
        data={"grade": "A", "token": "nope"},
        follow_redirects=False,
    )
    assert form.status_code == 403
    assert reader.get(f"/api/sources/{source['id']}").json()["source"]["grade"] is None
    assert reader.get("/api/edits").json()["total"] == 0


def test_analyst_actions_update_estimates_and_audit_log(client) -> None:  # type: ignore[no-untyped-def]
    top = _top_question(client)
    data = client.get(f"/api/questions/{top['id']}", params={"limit": 500}).json()
    source = data["sources"][0]
    # grade a source (JSON API)
    done = client.post(
        f"/api/sources/{source['id']}/grade", json={"grade": "e"}, headers=TOKEN_HEADER
    )
    assert done.status_code == 200, done.text
    assert client.get(f"/api/sources/{source['id']}").json()["source"]["grade"] == "E"
    # grade again through the page's form: redirected back, saved
    form = client.post(
        f"/sources/{source['id']}/grade",
        data={"grade": "B", "token": "test-write-token"},
        follow_redirects=False,
    )
    assert form.status_code == 303 and form.headers["location"].startswith(
        f"/sources/{source['id']}"
    )
    assert client.get(f"/api/sources/{source['id']}").json()["source"]["grade"] == "B"
    # mark a claim wrong: it is no longer weighed
    claim = next(c for c in data["claims"] if c["status"] == "ok" and not c["echo_of"])
    response = client.post(
        f"/api/claims/{claim['id']}/status", json={"status": "wrong"}, headers=TOKEN_HEADER
    )
    assert response.status_code == 200, response.text
    marked = client.get(f"/api/claims/{claim['id']}").json()
    assert marked["status"] == "wrong" and not marked["weight"]
    # split every claim but one off: the estimate follows the one left, at once
    keep = next(
        c
        for c in data["claims"]
        if c["qualifier"] == "exact"
        and c["kind"] == "total"  # a plan is a forecast: it never makes the estimate
        and c["value"] not in (None, top["estimate"])
        and not c["echo_of"]
        and not c["flag"]
        and c["id"] != claim["id"]
    )
    rest = [c["id"] for c in data["claims"] if c["id"] != keep["id"]]
    response = client.post(
        f"/api/questions/{top['id']}/split",
        json={"claim_ids": rest, "label": "Everything else"},
        headers=TOKEN_HEADER,
    )
    assert response.status_code == 200, response.text
    alone = client.get(f"/api/questions/{top['id']}").json()["question"]
    assert alone["estimate"] == keep["value"] != top["estimate"]
    back = client.post(
        f"/api/questions/{top['id']}/merge",
        json={"others": [response.json()["result"]["question"]]},
        headers=TOKEN_HEADER,
    )
    assert back.status_code == 200
    # rename, split, merge
    renamed = client.post(
        f"/api/questions/{top['id']}/rename",
        json={"label": "Renamed <b>question</b>"},
        headers=TOKEN_HEADER,
    )
    assert renamed.status_code == 200
    assert "Renamed &lt;b&gt;question&lt;/b&gt;" in client.get(f"/questions/{top['id']}").text
    moved = [c["id"] for c in data["claims"][:2]]
    split = client.post(
        f"/api/questions/{top['id']}/split",
        json={"claim_ids": moved, "label": "Split part"},
        headers=TOKEN_HEADER,
    )
    assert split.status_code == 200, split.text
    new_id = split.json()["result"]["question"]
    assert client.get(f"/api/questions/{new_id}").json()["total"] == 2
    merged = client.post(
        f"/api/questions/{top['id']}/merge", json={"others": [new_id]}, headers=TOKEN_HEADER
    )
    assert merged.status_code == 200
    assert client.get(f"/api/questions/{new_id}").status_code == 404
    # refused edits say why
    bad = client.post(
        f"/api/claims/{moved[0]}/status", json={"status": "maybe"}, headers=TOKEN_HEADER
    )
    assert bad.status_code == 422
    missing = client.post("/api/questions/999999/rename", json={"label": "x"}, headers=TOKEN_HEADER)
    assert missing.status_code == 422 and "no question" in missing.json()["detail"]
    # the audit log, newest first
    log = client.get("/api/edits").json()
    actions = [e["action"] for e in log["edits"]]
    assert actions[:3] == ["merge_questions", "split_question", "rename_question"]
    assert actions.count("split_question") == 2
    assert "grade_source" in actions and "mark_claim" in actions
    assert all(e["at"] and e["actor"] == "web" for e in log["edits"])
    assert "merge questions" in client.get("/edits").text


def test_html_forms_for_question_edits(client) -> None:  # type: ignore[no-untyped-def]
    top = _top_question(client)
    claims = client.get(f"/api/questions/{top['id']}").json()["claims"]
    response = client.post(
        f"/questions/{top['id']}/split",
        data={
            "claim_ids": f"{claims[0]['id']}, {claims[1]['id']}",
            "label": "By hand",
            "token": "test-write-token",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200 and "By hand" in response.text and "Saved" in response.text
    bad = client.post(
        f"/questions/{top['id']}/merge",
        data={"others": "one, two", "token": "test-write-token"},
    )
    assert bad.status_code == 422 and "ids" in bad.text
    marked = client.post(
        f"/claims/{claims[2]['id']}/status",
        data={"status": "duplicate", "token": "test-write-token"},
    )
    assert (
        marked.status_code == 200
        and client.get(f"/api/claims/{claims[2]['id']}").json()["status"] == "duplicate"
    )


def test_openapi_schema_lists_every_api_route(reader) -> None:  # type: ignore[no-untyped-def]
    schema = reader.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/questions",
        "/api/sources/{source_id}",
        "/api/documents/{document_id}",
        "/api/claims/{claim_id}/claimreview",
        "/api/search",
        "/api/edits",
    ):
        assert path in paths
    assert not any(
        p.startswith("/questions") and "brief" not in p and "." not in p and "claims" not in p
        for p in paths
    )
    assert json.loads(reader.get("/api").text)["openapi"] == "/openapi.json"
