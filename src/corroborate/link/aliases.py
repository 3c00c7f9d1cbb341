"""A source as written, resolved to its canonical name: the analyst's aliases first."""

from __future__ import annotations

from corroborate.extract.sources import canonical_source


def normalise_alias(text: str) -> str:
    """The key an alias is stored and looked up under: lower case, single spaces."""
    return " ".join(text.lower().split())


def source_name(written: str, alias_map: dict[str, str]) -> str:
    """The analyst's alias table first, then the built-in canonical names."""
    return alias_map.get(normalise_alias(written)) or canonical_source(written) or written
