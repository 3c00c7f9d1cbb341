"""Plain records passed between the pipeline stages.

Stages exchange these dataclasses, never database rows, so that each stage can be used
as a library on its own (``extract_claims(Document(text=...))`` needs no database).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

Qualifier = Literal["exact", "approx", "at_least", "at_most", "up_to", "range"]
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most", "up_to", "range")

# Who a claim belongs to when the text names nobody: the document's author/outlet.
AUTHOR = "the author"


@dataclass(slots=True)
class Document:
    """One article. Only ``text`` is required."""

    text: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    language: str | None = None
    origin: str | None = None  # the file or URL it was read from, for error messages

    @property
    def content_hash(self) -> str:
        """Identity of a document: its text and the metadata that says where it appeared.

        The same file ingested twice hashes the same; the same wire story published by two
        outlets does not, because echo detection needs both copies.
        """
        identity = {
            "text": " ".join(self.text.split()),
            "url": self.url or "",
            "outlet": self.outlet or "",
            "title": " ".join((self.title or "").split()),
            "published": self.published.isoformat() if self.published else "",
        }
        payload = json.dumps(identity, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Claim:
    """One quantitative statement found in a document.

    ``start``/``end`` index the sentence in the document's text and
    ``mention_start``/``mention_end`` the figure itself, so that
    ``text[start:end] == sentence``.
    """

    sentence: str
    start: int
    end: int
    mention: str
    mention_start: int
    mention_end: int
    value: float | None = None  # None for a range
    low: float | None = None  # None for a single value
    high: float | None = None
    qualifier: str = "exact"
    unit: str | None = None  # None for a count; "percent", "USD", ...
    counted: str | None = None  # "special forces troops"
    owner: str | None = None  # "North Korean"
    event: str | None = None  # "shipped to Russia's Far East"
    place: str | None = None
    as_of: date | None = None
    period: str | None = None  # "per day"
    source: str = AUTHOR  # who the claim is attributed to
    source_kind: str = "author"  # author, agency, person, media, social, official, report
    hedged: bool = False
    hedge: str | None = None  # rumour, estimate, likely, unconfirmed, denied, disputed
    is_change: bool = False  # "rose by 2,000"
    extras: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat() if self.as_of else None
        return out
