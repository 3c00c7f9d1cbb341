"""Parsing feeds safely: RSS, Atom, broken feeds, and XML entity attacks."""

from __future__ import annotations

from datetime import date

import pytest

from corroborate.ingest.feeds import parse_feed
from corroborate.ingest.files import IngestError

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Agency releases</title>
  <entry>
    <id>tag:agency.example,2024:1</id>
    <title>Statement on troop numbers</title>
    <link href="https://agency.example/statements/1"/>
    <updated>2024-10-23T08:00:00Z</updated>
    <summary>The agency said 3,000 troops had arrived.</summary>
  </entry>
  <entry>
    <title>No id, only a link</title>
    <link href="https://agency.example/statements/2"/>
    <content type="html">&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second 12,000.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_items_with_summary_and_full_content(kit) -> None:
    body = kit.rss(
        [
            {"title": "One", "link": "https://wire.example/1", "guid": "g-1"},
            {
                "title": "Two &amp; more",
                "link": "https://wire.example/2",
                "guid": "g-2",
                "content": "<p>Full text.</p><p>1,500 troops.</p>",
            },
        ]
    )
    feed = parse_feed(body, "https://wire.example/feed")
    assert feed.title == "Test Wire: World"
    first, second = feed.entries
    assert (first.guid, first.url, first.title) == ("g-1", "https://wire.example/1", "One")
    assert first.published == date(2024, 10, 18)
    assert first.summary == "A short summary." and first.content == ""
    assert second.title == "Two & more"
    assert second.content == "Full text.\n\n1,500 troops."


def test_atom_entries_and_guid_fallback_to_link() -> None:
    feed = parse_feed(ATOM, "https://agency.example/atom")
    assert [e.guid for e in feed.entries] == [
        "tag:agency.example,2024:1",
        "https://agency.example/statements/2",
    ]
    assert feed.entries[0].published == date(2024, 10, 23)
    assert "12,000" in feed.entries[1].content


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>&d;</title>
<item><title>x</title><description>&d;</description></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&secret;</title></item></channel></rss>"""

MALFORMED_WITH_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x "xxxxxxxxxxxxxxxx">]>
<rss version="2.0"><channel><title>&x;<item><title>&x;"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL, MALFORMED_WITH_ENTITY])
def test_entity_declarations_are_refused(body: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        parse_feed(body, "https://bad.example/feed")
    assert "entities" in caught.value.reason
    assert caught.value.origin == "https://bad.example/feed"


def test_a_plain_doctype_without_entities_is_read() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
        b'<rss version="0.91"><channel><title>Old</title><item><title>A</title>'
        b"<link>https://old.example/a</link><description>Hi</description></item></channel></rss>"
    )
    assert parse_feed(body, "u").entries[0].url == "https://old.example/a"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"<html><body><p>A web page, not a feed.</p></body></html>", "not an RSS or Atom"),
        (b"just some words", "not an RSS or Atom"),
        (b"<rss version='2.0'><channel><item><title>cut", "malformed feed"),
    ],
)
def test_broken_feeds_are_rejected_with_a_reason(body: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_feed(body, "https://x.example/feed")
    assert reason.lower() in caught.value.reason.lower(), caught.value.reason


def test_a_slightly_broken_feed_is_forgiven_with_a_warning(kit) -> None:
    body = kit.rss([{"title": "A", "link": "https://w.example/a", "guid": "a"}])
    body = body.replace(b"</channel></rss>", b"<item><title>unclosed</channel></rss>")
    feed = parse_feed(body, "u")
    assert feed.entries[0].guid == "a"
    assert feed.warning


def test_javascript_links_are_dropped() -> None:
    body = (
        b"<rss version='2.0'><channel><title>t</title><item><title>A</title>"
        b"<link>javascript:alert(1)</link><guid>x1</guid></item></channel></rss>"
    )
    (entry,) = parse_feed(body, "u").entries
    assert entry.url is None and entry.guid == "x1"
