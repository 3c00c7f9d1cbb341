"""End to end in a real browser: Debian's chromium driven by Playwright against a real
``corroborate serve`` on 127.0.0.1.

Chromium comes from apt (``scripts/ensure-chromium``), never from ``playwright install``.
Without /usr/bin/chromium these tests skip, except under CI=true, where they must run.
Set CORROBORATE_SCREENSHOTS=docs/img to save the README's screenshots while they run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.cli.export import CHROMIUM_FLAGS

from .conftest import MARKER, Server, fill, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = list(CHROMIUM_FLAGS)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing under CI: run scripts/ensure-chromium")
        pytest.skip("/usr/bin/chromium is absent: run scripts/ensure-chromium (apt) to test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("browser")
    examples = Path(__file__).resolve().parents[2] / "examples"
    db = str(folder / "browser.db")
    fill(db, examples, folder).dispose()
    server = start_server(db)
    yield server
    stop_server(server)


@pytest.fixture
def page(browser, server: Server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1360, "height": 900}, device_scale_factor=1
    )
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("CORROBORATE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_dashboard_question_chart_and_evidence(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.url.endswith("/questions")
    rows = page.locator("table.questions tbody tr")
    assert rows.count() >= 5
    _shot(page, "dashboard.png")
    first = rows.first.locator("td.q a")
    label = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/questions/\d+$"))
    assert page.locator("h1").inner_text() == label
    chart = page.locator("figure.chart svg.timeline")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 250
    assert chart.locator("a.point circle").count() >= 5
    assert page.locator("#estimate").inner_text().strip() not in ("", "—")
    page.locator("figure.chart").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "question.png")
    # follow a claim to its sentence in the article
    row = page.locator("table.claims tbody tr").first
    figure = row.locator("td.fig").inner_text().splitlines()[0]
    row.locator("a.more").click()
    page.wait_for_url(re.compile(r"/documents/\d+#claim-\d+$"))
    claim_id = page.url.rsplit("#claim-", 1)[1]
    target = page.locator(f"a#claim-{claim_id}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"claim-{claim_id}"
    assert target.locator("xpath=ancestor::mark").count() == 1  # inside its sentence
    assert figure  # the table showed the figure that led here
    # the highlight links on to the claim's own page
    target.click()
    page.wait_for_url(re.compile(rf"/claims/{claim_id}$"))
    assert page.locator("blockquote.quote strong").inner_text() == target_text(page, claim_id)
    assert not page.dialogs


def target_text(page, claim_id: str) -> str:  # type: ignore[no-untyped-def]
    return page.request.get(f"/api/claims/{claim_id}").json()["mention"]


def test_grading_needs_the_token_and_shows_at_once(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    sources = page.request.get("/api/sources").json()["sources"]
    source = next(s for s in sources if "NIS" in s["name"])
    page.goto(f"/sources/{source['id']}")
    # a wrong token is refused and changes nothing
    page.select_option("#grade-select", "A")
    page.locator("#grade-form input[name=token]").fill("not-the-token")
    page.locator("#grade-form button").click()
    assert page.locator("h1").inner_text() == "Refused"
    assert page.request.get(f"/api/sources/{source['id']}").json()["source"]["grade"] is None
    # without any token, the API says who may write
    refused = page.request.post(f"/api/sources/{source['id']}/grade", data={"grade": "A"})
    assert refused.status == 401
    # with the token printed by serve: saved, and the page shows the new grade
    page.goto(f"/sources/{source['id']}")
    page.select_option("#grade-select", "A")
    page.locator("#grade-form input[name=token]").fill(server.token)
    page.locator("#grade-form button").click()
    page.wait_for_url(re.compile(rf"/sources/{source['id']}\?saved=grade$"))
    assert page.locator("#grade").inner_text() == "A"
    assert "Saved" in page.locator("p.notice").inner_text()
    # the question pages show the new grade next to the source, estimates recomputed
    question = page.request.get("/api/questions", params={"source": "NIS"}).json()
    page.goto(f"/questions/{question['questions'][0]['id']}")
    row = page.locator("table.sources tbody tr", has_text=source["name"])
    assert row.locator("span.badge.grade").inner_text() == "A"
    assert page.locator("#estimate").inner_text().strip() not in ("", "—")
    page.goto("/edits")
    assert "grade source" in page.locator("table.edits tbody tr").first.inner_text()


def test_hostile_article_renders_inert(page) -> None:  # type: ignore[no-untyped-def]
    hits = page.request.get("/api/search", params={"q": MARKER}).json()["documents"]
    page.goto(f"/documents/{hits[0]['id']}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.title() != "pwned"
    article = page.locator("#article")
    text = article.inner_text()
    assert "<script>alert('text')</script>" in text
    assert "<img src=x onerror=\"alert('img')\">" in text
    assert page.locator(f"#{MARKER}").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("#article script, #article img, #article iframe").count() == 0
    assert page.locator("h1").first.inner_text().startswith("Spy agency says 4,000 troops <script>")


AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WIDTHS = (390, 1280)


def _pages(page) -> list[str]:  # type: ignore[no-untyped-def]
    """One page of each kind, with ids taken from the API."""
    api = page.request
    question = api.get("/api/questions").json()["questions"][0]["id"]
    source = api.get("/api/sources").json()["sources"][0]["id"]
    claim = api.get(f"/api/questions/{question}").json()["claims"][0]["id"]
    document = api.get(f"/api/claims/{claim}").json()["document_id"]
    return [
        "/questions",
        f"/questions/{question}",
        "/sources",
        f"/sources/{source}",
        "/documents",
        f"/documents/{document}",
        "/claims",
        f"/claims/{claim}",
        "/edits",
        "/search?q=troops",
    ]


def _overflowing(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Elements reaching past the viewport's right edge, and scroll boxes whose content
    is wider than they are (hidden unless the reader thinks to scroll)."""
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width) out.push('page ' +
            document.documentElement.scrollWidth + ' > ' + width);
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1 && !el.closest('.table-wrap')) {
                out.push(el.tagName.toLowerCase() + '.' + el.className + ' right ' + box.right);
            }
        }
        for (const wrap of document.querySelectorAll('.table-wrap')) {
            if (wrap.scrollWidth > wrap.clientWidth + 1) out.push('hidden in ' +
                wrap.firstElementChild.className + ' ' + wrap.scrollWidth + ' > ' +
                wrap.clientWidth);
        }
        return out.slice(0, 5);
    }"""
    )


def _axe(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_and_passes_axe(browser, server: Server, width: int) -> None:  # type: ignore[no-untyped-def]
    # the pages forbid every script (CSP default-src 'none'): let the test inject axe's
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": width, "height": 844},
        device_scale_factor=1,
        bypass_csp=True,
    )
    page = context.new_page()
    try:
        problems = {}
        for path in _pages(page):
            page.goto(path)
            found = _overflowing(page) + _axe(page)
            if found:
                problems[path] = found
            if width == 390 and path.startswith("/questions"):
                kind = "dashboard" if path == "/questions" else "question"
                _shot(page, f"phone-{kind}.png")
        assert problems == {}
    finally:
        context.close()


def test_focus_ring_is_visible_and_the_chart_has_a_table(page) -> None:  # type: ignore[no-untyped-def]
    question = page.request.get("/api/questions").json()["questions"][0]["id"]
    page.goto(f"/questions/{question}")
    # the chart's points, as a table a keyboard and a screen reader reach
    summary = page.locator("details.chart-table summary")
    summary.focus()
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert ring[0] != "none" and float(ring[1].rstrip("px")) >= 2
    assert _contrast(ring[2], "rgb(255, 255, 255)") >= 3  # WCAG 2.2 non-text contrast
    page.keyboard.press("Enter")
    rows = page.locator("details.chart-table table tbody tr")
    points = page.locator("figure.chart svg a.point").count()
    assert rows.count() == points and points >= 5
    assert rows.first.locator("a").get_attribute("href").startswith("/claims/")
    assert page.locator("figure.chart svg").get_attribute("role") != "img"


def _contrast(colour: str, against: str) -> float:
    def luminance(text: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", text)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(against)), reverse=True)
    return (high + 0.05) / (low + 0.05)
