"""The database schema: documents, sources, claims, questions and estimates.

One set of SQLAlchemy 2 models serves SQLite and PostgreSQL; alembic migrations in
``store/migrations`` are generated from and checked against these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(8))  # None: a day
    pages: Mapped[list[int] | None] = mapped_column(JSON)  # each page's start offset (a PDF)
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="document")


class SourceRow(Base):
    """A canonical source: an agency, a person, an outlet, "social media", an author."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="other")
    # NATO Admiralty source reliability A-F set by an analyst; None until graded.
    grade: Mapped[str | None] = mapped_column(String(1))
    # Learned by the reconcile engine (1 = the most reliable source seen), recomputed often.
    reliability: Mapped[float | None] = mapped_column(Float)

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="source")


class QuestionRow(Base):
    """Claims that answer the same question: what is counted x event x place."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    label: Mapped[str] = mapped_column(Text)
    counted: Mapped[str | None] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200))
    event: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="question")
    estimate: Mapped[EstimateRow | None] = relationship(
        back_populates="question", cascade="all, delete-orphan"
    )


class ClaimRow(Base):
    __tablename__ = "claims"
    # A figure is found once per position in a document: this makes re-runs idempotent.
    __table_args__ = (
        UniqueConstraint("document_id", "mention_start", "mention_end", name="uq_claim_mention"),
        Index("ix_claims_question", "question_id"),
        # a question's date span without reading its claims' rows (migration 0010)
        Index("ix_claims_question_dates", "question_id", "id", "document_id", "as_of"),
        Index("ix_claims_source", "source_id"),
        Index("ix_claims_link_key", "link_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    mention: Mapped[str] = mapped_column(String(300))
    mention_start: Mapped[int] = mapped_column(Integer)
    mention_end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(32))
    counted: Mapped[str | None] = mapped_column(String(300))
    owner: Mapped[str | None] = mapped_column(String(200))
    event: Mapped[str | None] = mapped_column(String(300))  # the words
    event_class: Mapped[str | None] = mapped_column(String(32))  # the closed class
    kind: Mapped[str] = mapped_column(String(16), default="total", server_default="total")
    place: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[date | None] = mapped_column(Date)  # first day of the interval
    as_of_precision: Mapped[str | None] = mapped_column(String(8))  # day, month, year
    period: Mapped[str | None] = mapped_column(String(100))
    source_text: Mapped[str] = mapped_column(String(300))  # as written in the article
    via: Mapped[list[str] | None] = mapped_column(JSON)  # relays, outermost first
    speaker: Mapped[str | None] = mapped_column(String(300))
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    hedge: Mapped[str | None] = mapped_column(String(32))
    is_change: Mapped[bool] = mapped_column(Boolean, default=False)
    # An analyst's verdict: "ok", "wrong" or "duplicate"; only "ok" claims are weighed.
    status: Mapped[str] = mapped_column(String(16), default="ok", server_default="ok")
    # The reconcile engine's judgement, recomputed after every change.
    echo_of: Mapped[int | None] = mapped_column(Integer)  # the original this one repeats
    weight: Mapped[float | None] = mapped_column(Float)
    credibility: Mapped[int | None] = mapped_column(Integer)  # Admiralty 1-6
    credibility_reason: Mapped[str | None] = mapped_column(Text)
    flag: Mapped[str | None] = mapped_column(Text)  # why the figure is implausible
    extras: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The question key the claim's own words give (``link_keys.key``), before it joins a
    # better-supported question; "" once the linker found it answers none, None until
    # the linker has seen it (an incremental relink takes exactly those).
    link_key: Mapped[str | None] = mapped_column(String(400))

    document: Mapped[DocumentRow] = relationship(back_populates="claims")
    source: Mapped[SourceRow] = relationship(back_populates="claims")
    question: Mapped[QuestionRow | None] = relationship(back_populates="claims")


class EstimateRow(Base):
    __tablename__ = "estimates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str] = mapped_column(String(32))
    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    n_claims: Mapped[int] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer)  # independent sources
    as_of: Mapped[date | None] = mapped_column(Date)  # the date the estimate speaks for
    timeline: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    question: Mapped[QuestionRow] = relationship(back_populates="estimate")


class LinkKeyRow(Base):
    """A question key as claims' own words give it, with how many claims give it: what
    ``attach_unspecified`` weighs, kept so that an incremental relink re-decides only the
    keys a new claim can sway, without reading every claim."""

    __tablename__ = "link_keys"
    __table_args__ = (Index("ix_link_keys_refining", "counted", "place", "owner", "event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    counted: Mapped[str | None] = mapped_column(String(300))
    event: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    period: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str | None] = mapped_column(String(16))
    support: Mapped[int] = mapped_column(Integer, default=0)


class PassRow(Base):
    """When a whole-database pass last ran (``name``: "reliability" for the last time
    source reliability was learned over every claim)."""

    __tablename__ = "passes"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    claims: Mapped[int] = mapped_column(Integer, default=0)  # claims it read


class ReliabilityRow(Base):
    """Each voice's weight as the last full pass learned it (1 for the most reliable):
    the sources, and each outlet's own unattributed voice. An incremental pass weighs
    with these; a voice first heard since weighs its prior until the next full pass."""

    __tablename__ = "reliability"

    voice: Mapped[str] = mapped_column(String(400), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class SourceAliasRow(Base):
    """An analyst's alias: claims attributed to ``alias`` belong to source ``name``."""

    __tablename__ = "source_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(300), unique=True)  # lower-cased
    name: Mapped[str] = mapped_column(String(300))


class EditRow(Base):
    """The audit log of analyst edits. It is also their record: after every automatic
    relink the edits are replayed in order, so the analyst's word wins over the machine's."""

    __tablename__ = "edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    actor: Mapped[str] = mapped_column(String(100), default="analyst")
    action: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class FeedRow(Base):
    """An RSS/Atom feed the user follows, with what the last poll learned."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    etag: Mapped[str | None] = mapped_column(Text)  # for conditional requests
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_checked: Mapped[datetime | None] = mapped_column(DateTime)
    last_success: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # back-off


class FeedItemRow(Base):
    """An item seen in a feed: stored once, so a restarted watch neither repeats nor
    loses it (``document_id`` stays empty until its article is stored)."""

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_feed_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # failed tries
