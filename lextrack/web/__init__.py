"""The read-only web view: `lextrack serve`, or `create_app(store_dir)` for any ASGI server."""

from lextrack.web.app import create_app

__all__ = ["create_app"]
