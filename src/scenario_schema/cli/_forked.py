"""An ordered map over forked worker processes, the calling process one of the workers.

``--jobs N`` on regular files runs here (where ``os.fork`` exists): ``N - 1`` children
are forked once. Each item goes to the least busy child while one has fewer than
:data:`AHEAD` items unanswered, and is otherwise worked on by the parent at once. A child
receives only its items (small: a block names its place in a file), each as a
length-prefixed pickle on its own pipe, and sends each result back the same way on
another, which the parent reads as it comes; the parent yields the results in item order.
So no process is only a dispatcher, nothing is started per item, and no thread is
involved. At most ``2 * AHEAD * N`` items are dealt ahead of the one being yielded, which
keeps memory flat.

Items must be small when pickled (a pipe holds 64 KiB): a child blocked writing a large
result while the parent is blocked writing it a large item would wait forever. The
caller sends items that hold their data through :mod:`concurrent.futures` instead.

A child inherits ``work`` (it is never pickled) and ignores Ctrl-C, which the parent
handles; it leaves with ``os._exit``, so it never flushes the parent's buffers or runs
its exit handlers. When the parent stops early (an error, Ctrl-C, a closed output), it
kills the children and waits for them: none is left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import select
import signal
import struct
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import IO, Any, TypeVar

__all__ = ["AHEAD", "AVAILABLE", "ordered_map"]

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

AVAILABLE = hasattr(os, "fork") and sys.platform.startswith("linux")
"""Whether this platform forks safely (macOS frameworks do not survive a fork)."""

AHEAD = 2
"""Items dealt ahead per process, beyond the one being yielded."""

_SIZE = struct.Struct("<Q")


class WorkerLost(RuntimeError):
    """A worker process ended, or stopped reading, before answering an item it was given."""


_READ = 1 << 20
"""Bytes read from a child's answers at a time, and the size asked of its pipe."""


class _Child:
    """A forked worker: its process, the pipe it reads items from, the answers it sent.

    The parent reads a child's answers as they come (:meth:`pump`) and keeps them until
    their turn, so that a child never waits on a full pipe while the parent works on
    its own items. A child holds at most :data:`AHEAD` unanswered items.
    """

    def __init__(self, pid: int, items: IO[bytes], answers_fd: int) -> None:
        self.pid, self.items, self.fd = pid, items, answers_fd
        self.buffer = bytearray()
        self.answers: deque[bytes] = deque()  # unpickled at their turn
        self.poll = select.poll()  # not select(): any descriptor number
        self.poll.register(answers_fd, select.POLLIN)
        self.ended = False
        self.given = self.received = 0

    def unanswered(self) -> int:
        """Items given that the child has not answered yet (the ones it is working on)."""
        return self.given - self.received

    def give(self, item: Any) -> None:
        try:
            _send(self.items, item)
            self.given += 1
        except BrokenPipeError:  # not a closed output: the CLI must not take it for one
            raise WorkerLost("a worker process ended unexpectedly") from None

    def pump(self, *, until_answer: bool) -> None:
        """Decode what the child has sent; first wait for a whole answer if ``until_answer``."""
        while not self.ended and not (until_answer and self.answers):
            if not until_answer and not self.poll.poll(0):
                return
            data = os.read(self.fd, _READ)
            if not data:
                self.ended = True
                return
            self.buffer += data
            while len(self.buffer) >= _SIZE.size:
                (size,) = _SIZE.unpack_from(self.buffer)
                end = _SIZE.size + size
                if len(self.buffer) < end:
                    break
                self.answers.append(bytes(self.buffer[_SIZE.size : end]))
                self.received += 1
                del self.buffer[:end]

    def answer(self) -> Any:
        """The result of the oldest item given, or what ``work`` raised on it."""
        self.pump(until_answer=True)
        if not self.answers:
            msg = "a worker process ended unexpectedly"
            raise WorkerLost(msg)
        try:
            succeeded, value = pickle.loads(self.answers.popleft())  # our own child's
        except Exception as error:  # an exception that cannot be rebuilt here
            msg = f"a worker's answer cannot be read: {type(error).__name__}: {error}"
            raise WorkerLost(msg) from None
        if not succeeded:
            raise value
        return value


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    stream.write(_SIZE.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[bool, Any]:
    """``(True, value)``, or ``(False, None)`` at the end of the stream."""
    head = stream.read(_SIZE.size)
    if len(head) < _SIZE.size:
        return False, None
    (size,) = _SIZE.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        return False, None
    return True, pickle.loads(data)  # from our own parent


def _serve(work: Callable[[Any], Any], items: IO[bytes], answers: IO[bytes]) -> None:
    """A child's life: answer each item with ``(True, result)`` or ``(False, exception)``."""
    while True:
        received, item = _receive(items)
        if not received:
            return
        try:
            answer: tuple[bool, Any] = (True, work(item))
        except Exception as error:  # the parent raises it
            answer = (False, error)
        try:
            _send(answers, answer)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            _send(answers, (False, RuntimeError(f"a worker's answer cannot be sent: {error!r}")))


def _fork(work: Callable[[Any], Any], children: list[_Child]) -> None:
    """Fork a child that serves ``work``, and add it to ``children``."""
    items_read, items_write = os.pipe()
    answers_read, answers_write = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        # Room for a whole answer, so the child goes on while the parent works (above
        # the system's limit, the default size: only slower).
        with contextlib.suppress(OSError):
            fcntl.fcntl(answers_write, fcntl.F_SETPIPE_SZ, _READ)
    items = open(items_write, "wb")  # noqa: SIM115 (the child's; closed by _stop)
    try:
        pid = os.fork()
    except OSError:
        items.close()
        for descriptor in (items_read, answers_read, answers_write):
            os.close(descriptor)
        raise
    if pid == 0:  # the child
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            items.close()
            os.close(answers_read)
            for other in children:  # or another child's end of the stream never comes
                other.items.close()
                os.close(other.fd)
            with open(items_read, "rb") as reader, open(answers_write, "wb") as writer:
                _serve(work, reader, writer)
            status = 0
        finally:
            os._exit(status)
    children.append(_Child(pid, items, answers_read))  # killed and reaped from now on
    os.close(items_read)
    os.close(answers_write)


def ordered_map(
    work: Callable[[_Item], _Result],
    items: Iterable[_Item],
    jobs: int,
    *,
    local: Callable[[_Item], bool] = lambda item: False,
) -> Generator[_Result, None, None]:
    """``work`` of each item, in item order, computed in ``jobs`` processes (this one included).

    Items for which ``local`` is true (too large to send) are worked on here. An
    exception ``work`` raised, here or in a child, is raised at its item's turn; a
    child that dies gives :class:`WorkerLost`.
    """
    children: list[_Child] = []
    finished = False
    try:
        for _ in range(jobs - 1):
            _fork(work, children)
        pending: deque[_Pending] = deque()
        window = 2 * AHEAD * jobs
        for item in items:
            for child in children:
                child.pump(until_answer=False)
            idle = None if local(item) else _least_busy(children)
            if idle is not None:
                idle.give(item)
                pending.append(_Pending(idle))
            else:
                pending.append(_Pending(None, work, item))
            while pending and (len(pending) > window or pending[0].ready()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        _stop(children, kill=not finished)


def _least_busy(children: list[_Child]) -> _Child | None:
    """A child with fewer than :data:`AHEAD` items unanswered, if any."""
    child = min(children, key=_Child.unanswered)
    return child if child.unanswered() < AHEAD else None


class _Pending:
    """An item dealt: to a child, or worked on here at once (its result or its exception)."""

    def __init__(
        self, child: _Child | None, work: Callable[[Any], Any] | None = None, item: Any = None
    ) -> None:
        self.child = child
        self.outcome: tuple[bool, Any] | None = None
        if work is not None:
            try:
                self.outcome = (True, work(item))
            except Exception as error:  # raised at its turn, as a child's would be
                self.outcome = (False, error)

    def ready(self) -> bool:
        return self.child is None or bool(self.child.answers)

    def result(self) -> Any:
        if self.child is not None:
            return self.child.answer()
        assert self.outcome is not None
        succeeded, value = self.outcome
        if not succeeded:
            raise value
        return value


def _stop(children: list[_Child], *, kill: bool) -> None:
    """End the children: their item streams closed, killed first unless all went well."""
    for child in children:
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)
        with contextlib.suppress(BrokenPipeError):
            child.items.close()
    for child in children:
        os.waitpid(child.pid, 0)
        os.close(child.fd)
