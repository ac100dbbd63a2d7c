"""The forked workers of ``--jobs`` (``_forked.ordered_map``): order, errors, no child left."""

from __future__ import annotations

import os
import resource
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from scenario_schema.cli import _forked
from scenario_schema.cli._forked import WorkerLost, ordered_map

pytestmark = pytest.mark.skipif(not _forked.AVAILABLE, reason="forks on Linux only")


@pytest.fixture(autouse=True)
def _no_child_left(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test ends with every child it forked reaped (none running, none a zombie)."""
    forked: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    yield
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _tagged(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def _slow_tagged(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that every child is kept busy, and the parent works too
    return _tagged(item)


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize("count", [0, 1, 5, 101])
def test_results_come_in_item_order_from_every_process(jobs: int, count: int) -> None:
    results = list(ordered_map(_slow_tagged, range(count), jobs))
    assert [square for square, _ in results] == [i * i for i in range(count)]
    if count >= 50:  # each process takes a share
        assert len({pid for _, pid in results}) == jobs
        assert os.getpid() in {pid for _, pid in results}


def test_items_marked_local_are_worked_on_here() -> None:
    results = list(ordered_map(_tagged, range(40), 2, local=lambda item: item % 4 == 0))
    assert all(pid == os.getpid() for i, (_, pid) in enumerate(results) if i % 4 == 0)
    assert [square for square, _ in results] == [i * i for i in range(40)]


def test_answers_larger_than_a_pipe_come_back_whole() -> None:
    def big(item: int) -> bytes:
        return bytes([item]) * (3 << 20)  # 3 MiB: more than a pipe holds

    results = list(ordered_map(big, range(6), 2))
    assert results == [bytes([i]) * (3 << 20) for i in range(6)]


def _fails_on_7(item: int) -> int:
    if item == 7:
        msg = f"item {item}"
        raise ValueError(msg)
    return item


@pytest.mark.parametrize("local", [False, True])
def test_an_error_is_raised_at_its_turn(local: bool) -> None:
    """After the results before it, whichever process worked on the item."""
    got: list[int] = []
    with pytest.raises(ValueError, match="item 7"):
        got.extend(ordered_map(_fails_on_7, range(30), 2, local=lambda item: local))
    assert got == list(range(7))


def _dies_on_5(item: int) -> int:
    if item == 5 and os.getpid() != PARENT:
        os._exit(3)
    return item


PARENT = os.getpid()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    got: list[int] = []
    with pytest.raises(WorkerLost):
        got.extend(ordered_map(_dies_on_5, range(40), 2, local=lambda item: item != 5))
    assert got == list(range(5))


def test_stopping_early_kills_and_reaps_the_children() -> None:
    results = ordered_map(_tagged, range(1000), 3)
    assert next(results)[0] == 0
    results.close()  # a consumer that stops (a closed output pipe)


def test_children_leave_ctrl_c_to_the_parent() -> None:
    def handler(item: int) -> Any:
        return signal.getsignal(signal.SIGINT), os.getpid()

    results = list(ordered_map(handler, range(20), 2))
    assert {h for h, pid in results if pid != os.getpid()} == {signal.SIG_IGN}
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


class _Unbuildable(Exception):
    """An exception whose pickle cannot be loaded: ``__init__`` takes two arguments."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(first)
        self.second = second


def _unbuildable_on_3(item: int) -> int:
    if item == 3:
        raise _Unbuildable("a", "b")
    return item


def test_an_answer_that_cannot_be_read_is_an_error_at_its_turn() -> None:
    got: list[int] = []
    with pytest.raises(WorkerLost, match="cannot be read"):
        got.extend(ordered_map(_unbuildable_on_3, range(20), 2, local=lambda item: item != 3))
    assert got == [0, 1, 2]


def test_descriptors_past_1024_are_fine() -> None:
    """The parent waits on its children's pipes with poll, which has no descriptor limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        if hard != resource.RLIM_INFINITY and hard < 1200:
            pytest.skip("too few file descriptors allowed")
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
    spare = [os.dup(0) for _ in range(1030)]
    try:
        results = list(ordered_map(_tagged, range(40), 3))
    finally:
        for descriptor in spare:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert [square for square, _ in results] == [i * i for i in range(40)]
