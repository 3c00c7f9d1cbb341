"""The ingest stage: files, folders, globs and web archives in, ``Document`` records out."""

from corroborate.ingest.files import IngestError, expand_paths, read_file
from corroborate.ingest.warc import is_warc, read_warc, scan_warc

__all__ = ["IngestError", "expand_paths", "is_warc", "read_file", "read_warc", "scan_warc"]
