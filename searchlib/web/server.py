"""Running the web application: one uvicorn server on one socket.

The socket is bound here, before uvicorn starts, so that the address printed
is the one listened on (`--port 0` picks a free port) and a port already in
use is one clear error instead of a log record.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import uvicorn

from searchlib.errors import SearchlibError
from searchlib.web.app import create_app
from searchlib.web.views import ReadOnlyIndex

# Access lines (one per request) and warnings go to stderr; uvicorn's start-up chatter
# does not, since `serve` prints the address itself.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"},
        "access": {
            "()": "uvicorn.logging.AccessFormatter",
            "fmt": '%(levelprefix)s %(client_addr)s "%(request_line)s" %(status_code)s',
        },
    },
    "handlers": {
        "default": {"formatter": "default", "class": "logging.StreamHandler",
                    "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler",
                   "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"level": "WARNING"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "searchlib.web": {"handlers": ["default"], "level": "WARNING", "propagate": False},
    },
}
# Seconds that open requests get to finish after Ctrl+C.
SHUTDOWN_GRACE = 5


def serve(
    index: ReadOnlyIndex,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    announce: Callable[[str], None] = print,
    access_log: bool = True,
) -> None:
    """Serve `index` at http://HOST:PORT/ until Ctrl+C or SIGTERM, then return.

    `announce` receives the address once the socket listens (and a warning
    when the address is reachable from other machines); `open_browser` then
    opens the search page in the user's browser.
    """
    listener = bind(host, port)
    url = page_url(host, listener.getsockname()[1])
    announce(f"Serving at {url} (press Ctrl+C to stop)")
    if not is_loopback(host):
        announce(f"warning: {host} is reachable from other machines; anyone who can reach it "
                 "can search this index")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    config = uvicorn.Config(
        create_app(index),
        log_config=LOG_CONFIG,
        access_log=access_log,
        lifespan="off",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
    with _stopped_by_signals():
        try:
            uvicorn.Server(config).run(sockets=[listener])
        finally:
            listener.close()


class _Stop(Exception):
    """SIGTERM, turned into a clean return like Ctrl+C."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Return normally once the server has shut down for Ctrl+C or SIGTERM.

    uvicorn finishes open requests on either signal and then raises it again
    for the caller; stopping a server is how its work ends, not a failure.
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_stop) if in_main_thread else None
    try:
        yield
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host`:`port` (port 0: any free one).

    SearchlibError when the address cannot be used (taken, unknown, not this machine's).
    """
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listener = socket.socket(family, kind, protocol)
    except (OSError, UnicodeError) as error:
        raise SearchlibError(f"cannot listen on {host}: {_reason(error)}") from error
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(socket.SOMAXCONN)
    except OSError as error:
        listener.close()
        raise SearchlibError(f"cannot listen on {host}:{port}: {_reason(error)}") from error
    listener.set_inheritable(True)
    return listener


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def page_url(host: str, port: int) -> str:
    """The address a browser on this machine opens: a wildcard host means this machine."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
