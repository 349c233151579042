"""The JSON API under /api and the app that also serves the pages (``sitroom serve``)."""

from sitroom.api.app import create_app

__all__ = ["create_app"]
