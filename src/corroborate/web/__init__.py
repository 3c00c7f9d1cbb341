"""The web layer: a FastAPI app serving HTML pages and a JSON API over the store."""

from corroborate.web.app import create_app

__all__ = ["create_app"]
