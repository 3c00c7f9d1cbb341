"""The ingest stage: files, folders and globs in, ``Document`` records out."""

from corroborate.ingest.files import IngestError, expand_paths, read_file

__all__ = ["IngestError", "expand_paths", "read_file"]
