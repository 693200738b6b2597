"""The web interface: `searchlib serve`.

A search page, an article page and a JSON API over one index, read-only,
rendered on the server (no JavaScript needed) and tested in a real browser.
:func:`create_app` builds the ASGI application for any ASGI server;
:func:`serve` runs it with uvicorn.
"""

from searchlib.web.app import create_app
from searchlib.web.server import serve

__all__ = ["create_app", "serve"]
