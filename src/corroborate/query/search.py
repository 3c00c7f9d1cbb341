"""Full-text search over documents (title, text) and claims (sentence, what is counted,
source as written): SQLite FTS5 tables or PostgreSQL text search (migration 0002)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from corroborate.query.rows import claim_row, claims_by_ids

_WORD = re.compile(r"\w+", re.UNICODE)
_HIT_OPEN, _HIT_CLOSE = "\ue000", "\ue001"  # private-use markers, never in article text


def _words(query: str) -> list[str]:
    return _WORD.findall(query)[:20]


def search(engine: Engine, *, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search over documents (title, text) and claims (sentence, what is
    counted, source as written): SQLite FTS5 or PostgreSQL text search."""
    words = _words(q)
    result: dict[str, Any] = {
        "q": q,
        "documents": [],
        "claims": [],
        "total_documents": 0,
        "total_claims": 0,
        "limit": limit,
        "offset": offset,
    }
    if not words:
        return result
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            _search_postgres(connection, " ".join(words), result, limit, offset)
        else:
            _search_sqlite(connection, " ".join(f'"{w}"' for w in words), result, limit, offset)
    for doc in result["documents"]:
        doc["snippet"] = _snippet_parts(doc.pop("raw_snippet") or "")
    return result


def _search_sqlite(
    connection: Connection, match: str, result: dict[str, Any], limit: int, offset: int
) -> None:
    params = {"match": match, "limit": limit, "offset": offset}
    result["total_documents"] = connection.execute(
        text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :match"), params
    ).scalar()
    docs = connection.execute(
        text(
            "SELECT d.id, d.title, d.outlet, d.published, "
            f"snippet(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 16) AS raw_snippet "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :match ORDER BY rank LIMIT :limit OFFSET :offset"
        ),
        params,
    )
    result["documents"] = [claim_row(r) for r in docs]
    result["total_claims"] = connection.execute(
        text("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH :match"), params
    ).scalar()
    ids = [
        r[0]
        for r in connection.execute(
            text(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match "
                "ORDER BY rank LIMIT :limit OFFSET :offset"
            ),
            params,
        )
    ]
    result["claims"] = claims_by_ids(connection, ids)


# What the GIN indexes cover, so PostgreSQL uses them: the expression of migration 0002
# for documents, the vector each claim stores (migration 0009) for claims.
_PG_DOCUMENTS = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
_PG_CLAIMS = "c.sentence_fts"


def _search_postgres(
    connection: Connection, words: str, result: dict[str, Any], limit: int, offset: int
) -> None:
    params = {"q": words, "limit": limit, "offset": offset}
    query = "plainto_tsquery('english', :q)"
    result["total_documents"] = connection.execute(
        text(f"SELECT count(*) FROM documents d WHERE {_PG_DOCUMENTS} @@ {query}"), params
    ).scalar()
    docs = connection.execute(
        text(
            "SELECT id, title, outlet, published, ts_headline('english', text, "
            f"{query}, 'StartSel={_HIT_OPEN}, StopSel={_HIT_CLOSE}, MaxWords=30, MinWords=12') "
            "AS raw_snippet FROM ("
            f"SELECT d.*, ts_rank({_PG_DOCUMENTS}, {query}) AS rank FROM documents d "
            f"WHERE {_PG_DOCUMENTS} @@ {query} ORDER BY rank DESC, d.id "
            "LIMIT :limit OFFSET :offset) AS hits ORDER BY rank DESC, id"
        ),
        params,
    )
    result["documents"] = [claim_row(r) for r in docs]
    result["total_claims"] = connection.execute(
        text(f"SELECT count(*) FROM claims c WHERE {_PG_CLAIMS} @@ {query}"), params
    ).scalar()
    ids = [
        r[0]
        for r in connection.execute(
            text(
                f"SELECT c.id FROM claims c WHERE {_PG_CLAIMS} @@ {query} "
                f"ORDER BY ts_rank({_PG_CLAIMS}, {query}) DESC, c.id LIMIT :limit OFFSET :offset"
            ),
            params,
        )
    ]
    result["claims"] = claims_by_ids(connection, ids)


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet with hit markers as ``[{"text", "hit"}]`` pieces, for escaping one by one."""
    parts: list[dict[str, Any]] = []
    hit = False
    for piece in re.split(f"([{_HIT_OPEN}{_HIT_CLOSE}])", snippet):
        if piece == _HIT_OPEN:
            hit = True
        elif piece == _HIT_CLOSE:
            hit = False
        elif piece:
            parts.append({"text": piece, "hit": hit})
    return parts
