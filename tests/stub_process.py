"""A ``scenario-schema stub`` subprocess on 127.0.0.1 and a free port, for the server tests.

Every wait is bounded by :data:`DEADLINE`; :meth:`Server.stop` sends SIGINT (Ctrl-C).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from scenario_schema import cli

DEADLINE = 30.0
"""Seconds a server may take to start or stop before the test gives up: a guard, not a measure."""
LISTENING = re.compile(r"listening on http://(127\.0\.0\.1):(\d+)")
ENV = {**os.environ, cli.DEBUG_VARIABLE: "1"}


def _command() -> list[str]:
    """``scenario-schema`` as installed beside this Python, else ``python -m scenario_schema``."""
    script = Path(sys.executable).parent / "scenario-schema"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "scenario_schema"]  # pragma: no cover


class Server:
    """A running ``scenario-schema stub``: its address, its stderr lines so far."""

    def __init__(self, *arguments: str) -> None:
        self.process = subprocess.Popen(
            [*_command(), "stub", "--host", "127.0.0.1", "--port", "0", *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        match = LISTENING.fullmatch(self.next_line())
        assert match is not None, self.seen
        self.url = f"http://{match.group(1)}:{match.group(2)}"
        served = self.next_line()
        assert served.startswith("serving "), self.seen
        self.model_ids = served.split(": ", 1)[1].split(", ")

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def next_line(self) -> str:
        line = self.lines.get(timeout=DEADLINE)
        self.seen.append(line)
        return line

    def stop(self) -> int:
        """Ctrl-C, then wait (bounded) for the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=DEADLINE)
        finally:
            if self.process.poll() is None:  # pragma: no cover - a hung server
                self.process.kill()
                self.process.wait(timeout=DEADLINE)

    def rest_of_stderr(self) -> list[str]:
        """Every stderr line, once the server has exited."""
        self.reader.join(timeout=DEADLINE)
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return self.seen
