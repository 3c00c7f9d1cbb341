"""The link stage: canonical sources and canonical questions."""
