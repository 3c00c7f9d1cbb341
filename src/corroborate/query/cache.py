"""A small in-process cache for the expensive summaries (dashboard rows, a question's
sources and chart), keyed by the data's version.

The version is read with a handful of O(1) lookups: the newest edit, claim and document
ids, the estimates' count and latest computation, and when source reliability was last
learned. Every change the product makes moves one of them: an ingest adds claims, an
analyst edit adds an audit-log row, a relink recomputes estimates, a full pass learns
reliability (within the same second as the last estimates, too). So a cached summary is
never served after a change, and between changes each summary is computed once however
many readers ask (concurrent readers of a missing entry wait for the one computing it
rather than all computing it).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, func, select

from corroborate.store.models import ClaimRow, DocumentRow, EditRow, EstimateRow, PassRow

T = TypeVar("T")
MAX_ENTRIES = 512

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_flights: dict[Hashable, threading.Lock] = {}
_lock = threading.Lock()


_VERSION = select(
    select(func.max(EditRow.id)).scalar_subquery(),
    select(func.max(ClaimRow.id)).scalar_subquery(),
    select(func.max(DocumentRow.id)).scalar_subquery(),
    select(func.count()).select_from(EstimateRow).scalar_subquery(),
    select(func.max(EstimateRow.id)).scalar_subquery(),
    select(func.max(EstimateRow.computed_at)).scalar_subquery(),
    select(PassRow.at).where(PassRow.name == "reliability").scalar_subquery(),
)


def data_version(engine: Engine) -> tuple[Any, ...]:
    with engine.connect() as connection:
        return tuple(connection.execute(_VERSION).one())


def cached(engine: Engine, kind: str, args: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value for (engine, kind, args) at the data's current version."""
    key = (id(engine), str(engine.url), kind, args, data_version(engine))
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return cast(T, _entries[key])
        flight = _flights.setdefault(key, threading.Lock())
    with flight:
        with _lock:
            if key in _entries:
                return cast(T, _entries[key])
        value = compute()
        with _lock:
            _entries[key] = value
            _flights.pop(key, None)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
