"""`searchlib serve` in a process of its own, as a user starts it, for the tests that need one."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Seconds a server gets to print its address, and to stop; generous for a loaded machine.
START_TIMEOUT = 60
STOP_TIMEOUT = 30


@dataclass
class ServerProcess:
    """A running `searchlib serve`: its address and everything it printed on stderr."""

    process: subprocess.Popen[str]
    url: str = ""
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str]:
        """Send `signum`, wait for the process to end; its exit code and whole stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.reader is not None:
            self.reader.join(timeout=STOP_TIMEOUT)
        return self.process.returncode, "".join(self.lines)


@contextmanager
def running_server(index: Path, *extra: str) -> Iterator[ServerProcess]:
    """`searchlib serve` on a free loopback port (--port 0), stopped on the way out."""
    process = subprocess.Popen(
        [sys.executable, "-m", "searchlib", "serve", "-i", str(index), "--port", "0", *extra],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    server = ServerProcess(process)
    addresses: queue.Queue[str] = queue.Queue()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            server.lines.append(line)
            match = re.search(r"Serving at (http://\S+)", line)
            if match:
                addresses.put(match.group(1))
        addresses.put("")

    server.reader = threading.Thread(target=read_stderr, daemon=True)
    server.reader.start()
    try:
        try:
            server.url = addresses.get(timeout=START_TIMEOUT)
        except queue.Empty:
            server.url = ""
        if not server.url:
            code, stderr = server.stop(signal.SIGKILL)
            raise AssertionError(f"searchlib serve printed no address (exit {code}): {stderr!r}")
        yield server
    finally:
        server.stop()
