"""The command as a process: Ctrl-C, closed pipes, stdin bytes, ``python -m``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenario_schema import cli
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

VALID = str(EXAMPLES / "train-action-response.json")
COMMAND = [sys.executable, "-m", "scenario_schema"]
ENV = {**os.environ, cli.DEBUG_VARIABLE: "1"}  # a bug shows as a traceback, failing the test
DEADLINE = 30.0
"""Seconds a process may take before the test gives up on it: a guard, not a measure."""

_FOREVER = """
import sys
line = b'{"action": "cancel"}\\n' * 1000
while True:
    sys.stdout.buffer.write(line)
"""


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _descendants(root: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                parents[int(entry.name)] = parent
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


@pytest.fixture
def endless_input() -> Iterator[subprocess.Popen[bytes]]:
    """A process writing valid JSON Lines to its stdout until its reader goes away."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _FOREVER], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    yield writer
    writer.kill()
    writer.wait()


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--jobs", "1", "--format", "json", "--lines", "-"],
        ["validate", "--jobs", "2", "--format", "json", "--lines", "-"],
        ["drift", "--lines", "-"],
    ],
    ids=["jobs-1", "jobs-2", "drift"],
)
def test_ctrl_c_exits_130_with_one_line_and_leaves_no_worker(
    endless_input: subprocess.Popen[bytes], argv: list[str]
) -> None:
    command = subprocess.Popen(
        [*COMMAND, *argv],
        stdin=endless_input.stdout,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert endless_input.stdout is not None
    endless_input.stdout.close()
    workers: set[int] = set()
    if argv[0] == "validate":  # a first result out: the command is running
        assert command.stdout is not None
        assert command.stdout.readline()
    else:  # the writer got 256 KiB out through a 64 KiB pipe: the command is reading
        written = Path(f"/proc/{endless_input.pid}/io")
        _wait_for(lambda: int(written.read_text().split()[3]) > 256 * 1024, "the command to read")
    if "2" in argv:

        def started() -> bool:
            workers.update(_descendants(command.pid))
            return len(workers) >= 2

        _wait_for(started, "two workers")
    os.killpg(command.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    _, err = command.communicate(timeout=DEADLINE)
    assert command.returncode == cli.EXIT_INTERRUPTED
    assert err.decode() == "scenario-schema: interrupted\n"
    _wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to exit")


def test_ctrl_c_with_forked_workers_on_a_file_exits_130_and_leaves_no_worker(
    tmp_path: Path,
) -> None:
    """A regular file with ``--jobs 3``: two forked children, and this process, work."""
    path = tmp_path / "many.jsonl"
    path.write_bytes(b'{"action": "cancel"}\n' * 2_000_000)  # far more than the test waits for
    command = subprocess.Popen(
        [*COMMAND, "validate", "--jobs", "3", "--format", "json", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,
    )
    assert command.stdout is not None
    assert command.stdout.readline()
    workers: set[int] = set()

    def started() -> bool:
        workers.update(_descendants(command.pid))
        return len(workers) >= 2

    _wait_for(started, "two workers")
    os.killpg(command.pid, signal.SIGINT)
    _, err = command.communicate(timeout=DEADLINE)
    assert command.returncode == cli.EXIT_INTERRUPTED
    assert err.decode() == "scenario-schema: interrupted\n"
    _wait_for(lambda: not any(_alive(pid) for pid in workers), "the workers to exit")


def _invalid_stream(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"action": 1, "originalAssets": "x"}\n' * 5000)
    return path


@pytest.mark.parametrize(("output", "jobs"), [("text", "1"), ("json", "2")])
def test_a_closed_pipe_exits_141_silently(tmp_path: Path, jobs: str, output: str) -> None:
    """`validate bad.jsonl | head -1`: the status is never 0, and no "Exception ignored"."""
    command = subprocess.Popen(
        [*COMMAND, "validate", "--jobs", jobs, "--format", output, str(_invalid_stream(tmp_path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert command.stdout is not None
    assert command.stderr is not None
    assert command.stdout.readline()
    command.stdout.close()  # what `head -1` does after its line
    err = command.stderr.read()
    assert command.wait(timeout=DEADLINE) == cli.EXIT_BROKEN_PIPE
    assert err == b""


def test_stdin_bytes_give_what_a_file_gives(tmp_path: Path) -> None:
    data = b'{"action": "cancel"}\n{"action": "\xff"}\n\n{"action": "x\xc3"}\n{"action": "stop"}\n'
    path = tmp_path / "params.jsonl"
    path.write_bytes(data)
    argv = [*COMMAND, "validate", "--lines", "--schema", "train-action-params", "--format", "json"]
    from_file = subprocess.run([*argv, str(path)], capture_output=True, env=ENV, check=False)
    from_stdin = subprocess.run([*argv, "-"], input=data, capture_output=True, env=ENV, check=False)
    assert from_stdin.returncode == from_file.returncode == 2
    assert from_stdin.stderr == from_file.stderr == b""
    expected = from_file.stdout.replace(json.dumps(str(path)).encode(), b'"<stdin>"')
    assert from_stdin.stdout == expected
    lines = [json.loads(line) for line in from_stdin.stdout.splitlines()]
    assert [(r["line"], r["issues"][0]["code"] if r["issues"] else None) for r in lines] == [
        (1, None),
        (2, "unreadable"),
        (4, "unreadable"),
        (5, "enum"),
    ]


def test_python_dash_m_is_the_command() -> None:
    version = subprocess.run(
        [*COMMAND, "--version"], capture_output=True, text=True, env=ENV, check=False
    )
    assert version.returncode == 0
    assert version.stdout.startswith("scenario-schema ")
    run = subprocess.run(
        [*COMMAND, "validate", VALID], capture_output=True, text=True, env=ENV, check=False
    )
    assert run.returncode == 0
    assert "1 document checked: 1 valid" in run.stdout
