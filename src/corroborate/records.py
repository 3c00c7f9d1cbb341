"""Plain records passed between the pipeline stages.

Stages exchange these dataclasses, never database rows, so that each stage can be used
as a library on its own (``extract_claims(Document(text=...))`` needs no database).

Every closed set of values is a ``Literal`` with the tuple of its values beside it: the
values are stored, serialised and compared as the plain strings they are, with no
conversion at the store, the API or the CSV, and mypy rejects a value outside the set.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal, get_args

Qualifier = Literal["exact", "approx", "at_least", "at_most", "up_to", "range"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)

# What kind of figure a claim is: only totals estimate a total; an increment is a batch or a
# count over a bounded period; planned has not happened yet; a subset is part of a figure
# given beside it; a rate is per day or week; other is one incident or a per-unit size.
Kind = Literal["total", "increment", "planned", "subset", "rate", "other"]
KINDS: tuple[Kind, ...] = get_args(Kind)

# What happened to the counted: the closed taxonomy of ``extract/lexicon/en/events.toml``.
EventClass = Literal[
    "deployed", "present", "killed", "died", "wounded", "casualties", "captured", "missing",
    "displaced", "rescued", "attended", "arrested", "affected", "damaged", "enlisted",
]  # fmt: skip
EVENT_CLASSES: tuple[EventClass, ...] = get_args(EventClass)

# Why a figure is not simply asserted: the sentence hedges it, or the writer doubts it.
Hedge = Literal["rumour", "estimate", "likely", "unconfirmed", "denied", "disputed"]
HEDGES: tuple[Hedge, ...] = get_args(Hedge)

# What kind of voice a source is; "author" is the outlet's own voice.
SourceKind = Literal["author", "agency", "person", "media", "social", "official", "report", "other"]
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)

# NATO Admiralty information credibility, as reconcile grades a claim: 1 confirmed,
# 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.
Credibility = Literal[1, 2, 3, 4, 5, 6]
CREDIBILITIES: tuple[Credibility, ...] = get_args(Credibility)

# NATO Admiralty source reliability, as an analyst grades a source: A completely reliable
# ... E unreliable, F cannot be judged.
Grade = Literal["A", "B", "C", "D", "E", "F"]
GRADES: tuple[Grade, ...] = get_args(Grade)

# An analyst's verdict on a claim; only "ok" claims are weighed.
ClaimStatus = Literal["ok", "wrong", "duplicate"]
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)

# How precisely a date is known: "2024-10-31", "2025-01", "2024".
Precision = Literal["day", "month", "year"]

# Who a claim belongs to when the text names nobody: the document's author/outlet.
AUTHOR = "the author"


@dataclass(slots=True)
class Document:
    """One article. Only ``text`` is required."""

    text: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None  # the first day of the interval ``published_precision`` names
    title: str | None = None
    language: str | None = None
    origin: str | None = None  # the file or URL it was read from, for error messages
    published_precision: Precision | None = None  # None: a day (or no date at all)
    pages: list[int] | None = None  # where each page starts in ``text`` (a PDF), else None

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
    qualifier: Qualifier = "exact"
    unit: str | None = None  # None for a count; "percent", "USD", ...
    counted: str | None = None  # "special forces troops"
    owner: str | None = None  # "North Korean"
    event: str | None = None  # the words: "shipped to Russia's Far East"
    event_class: EventClass | None = None  # "deployed"
    kind: Kind = "total"
    place: str | None = None
    as_of: date | None = None  # the first day of the interval ``as_of_precision`` names
    as_of_precision: Precision | None = None
    period: str | None = None  # "per day"
    source: str = AUTHOR  # the origin: whose knowledge the figure is
    via: list[str] = field(default_factory=list)  # relays, outermost (nearest the outlet) first
    speaker: str | None = None  # who is quoted or named as saying it
    source_kind: SourceKind = "author"
    hedged: bool = False
    hedge: Hedge | None = None
    is_change: bool = False  # "rose by 2,000"
    rules: list[str] = field(default_factory=list)  # the named rules that shaped the reading
    extras: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["as_of"] = date_text(self.as_of, self.as_of_precision)
        return out


def date_text(day: date | str | None, precision: str | None = "day") -> str | None:
    """A date as precisely as it is known: "2024-10-31", "2025-01" or "2024". A raw query
    on SQLite gives the stored ISO text, which is read as the date it is."""
    if day is None:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
