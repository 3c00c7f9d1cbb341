"""Runners: where the work on partitions runs. One small interface, two backends.

``InProcessRunner`` (the default) calls the function on each partition in turn in this
process. ``DaskRunner`` sends the partitions to Dask workers: a LocalCluster of N worker
processes of one thread each (``workers=N``), or an existing cluster
(``scheduler="tcp://host:8786"``). The functions mapped are plain picklable functions;
nothing outside this module imports Dask.

A worker that dies (killed, out of memory, its machine lost) does not lose its
partitions: the scheduler sends them to another worker. A partition whose function
raises is retried ``retries`` times, then reported as failed without stopping the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Runner(Protocol):
    @property
    def workers(self) -> int:
        """How many partitions run at once."""
        ...

    #: whether the workers see this machine's files (and a SQLite file on it)
    shares_files: bool

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        """``(item, fn(item))`` as each finishes, or ``(item, error)`` when it failed."""
        ...

    def close(self) -> None: ...


class InProcessRunner:
    """Runs each partition in turn in the calling process: no start-up, no copying."""

    workers = 1
    shares_files = True

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        for item in items:
            try:
                yield item, fn(item)
            except Exception as exc:
                yield item, exc

    def close(self) -> None:
        pass

    def __enter__(self) -> InProcessRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskRunner:
    """Runs partitions on Dask workers; ``client`` reuses a ``distributed.Client``."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        client: Any = None,
        retries: int = 2,
        memory_limit: str | None = "auto",
    ) -> None:
        from distributed import Client, LocalCluster

        self.retries = retries
        self._owned: list[Any] = []
        if client is not None:
            self.client = client
            self.shares_files = _is_local(client)
        elif scheduler:
            self.client = Client(scheduler)
            self._owned.append(self.client)
            self.shares_files = False
        else:
            cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                memory_limit=memory_limit,
            )
            self.client = Client(cluster)
            self._owned.extend([self.client, cluster])
            self.shares_files = True
        if workers and scheduler is None and client is None:
            self.client.wait_for_workers(workers, timeout=120)

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[T, R | BaseException]]:
        from distributed import as_completed

        if not items:
            return
        futures = self.client.map(fn, list(items), retries=self.retries, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                item = items[index[future.key]]
                try:
                    yield item, future.result()
                except Exception as exc:  # retries spent, or the worker died too often
                    yield item, exc
                finally:
                    future.release()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def worker_pids(self) -> dict[str, int]:
        """The process id of each worker (for measuring their memory)."""
        import os

        pids: dict[str, int] = self.client.run(os.getpid)
        return pids

    def close(self) -> None:
        for owned in self._owned:
            owned.close()
        self._owned = []

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_runner(*, workers: int | None = None, scheduler: str | None = None) -> Runner:
    """In-process unless a worker count or a scheduler address is given."""
    if scheduler or (workers and workers > 0):
        return DaskRunner(workers=workers, scheduler=scheduler)
    return InProcessRunner()


def _is_local(client: Any) -> bool:
    address = str(getattr(client.scheduler, "address", "") or "")
    return address.startswith(("inproc://", "tcp://127.0.0.1", "tcp://localhost"))
