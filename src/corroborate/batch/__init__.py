"""Batch ingest over partitions: a runner (in-process or Dask) maps plain functions over
partitions of the input (lists of files, JSONL shards, web-archive record batches)."""

from corroborate.batch.partitions import Partition, plan_partitions, read_partition
from corroborate.batch.runner import DaskRunner, InProcessRunner, Runner, make_runner
from corroborate.batch.tasks import PartitionResult, process_partition

__all__ = [
    "DaskRunner",
    "InProcessRunner",
    "Partition",
    "PartitionResult",
    "Runner",
    "make_runner",
    "plan_partitions",
    "process_partition",
    "read_partition",
]
