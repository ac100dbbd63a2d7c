"""Lazily built caches: safe from many threads at once, first call included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from typing import Any

import pytest

from scenario_schema._cache import BuildCache
from tests.conftest import ROOT

# Every entry point, on documents with issues at every level (a missed issue shows
# a checker that was used before it was complete). Defined as text: the child
# processes run it in many threads at once, the test runs it here for reference.
ENTRY_POINTS = textwrap.dedent(
    """
    import copy, json
    import scenario_schema as ss

    with open("examples/train-action-response.json", encoding="utf-8") as handle:
        RESPONSE = json.load(handle)
    BROKEN = copy.deepcopy(RESPONSE)
    BROKEN["model"]["parameters"]["rank"] = 1000
    BROKEN["model"]["inputs"][0]["required"]["always"] = "yes"
    BROKEN["model"]["uiConfig"]["presets"][0]["fields"] = [1]
    del BROKEN["model"]["uiConfig"]["resolutionComponent"]["label"]
    del BROKEN["model"]["trainingImages"][0]["name"]
    BROKEN["model"]["undocumented"] = {"deep": [float("nan")]}
    DOCUMENTS = {
        "train-action-response": BROKEN,
        "model": BROKEN["model"],
        "model-parameters": BROKEN["model"]["parameters"],
        "train-action-params": {"action": "nope", "originalAssets": 1},
    }
    VALID = {"train-action-response": RESPONSE, "model": RESPONSE["model"]}
    # Required fields missing at every level: the generated checks hand these to the
    # walker's object checks, the ones that were once published before complete.
    SKELETONS = {
        "train-action-response": {"model": {"id": "x", "uiConfig": {"triggerGenerate": {}}}},
        "model": {"id": "x", "inputs": [{"required": {}}]},
        "train-action-params": {},
        "model-parameters": [],
    }

    def issues(report):
        return [[issue.path, issue.code, issue.severity] for issue in report.issues]

    def run():
        # Every thread in the same order: the same first uses race.
        cases = [
            (name, mode, formats)
            for name in DOCUMENTS
            for mode in ("strict", "lenient")
            for formats in (False, True)
        ]
        out = {}
        for name, mode, formats in cases:
            report = ss.validate(SKELETONS[name], name, mode=mode, check_formats=formats)
            out[f"skeleton {name} {mode} {formats}"] = issues(report)
        for name, mode, formats in cases:
            where = f"{name} {mode} {formats}"
            cls = ss._api.resolve_schema(name)
            report = ss.validate(DOCUMENTS[name], name, mode=mode, check_formats=formats)
            out["validate " + where] = issues(report)
            try:
                ss.load(cls, DOCUMENTS[name], mode=mode, check_formats=formats)
                out["load " + where] = "loaded"
            except ss.ContractError as error:
                out["load " + where] = [[i.path, i.code] for i in error.issues]
            if name in VALID:
                loaded = ss.load(cls, VALID[name], mode=mode)
                out["dump " + where] = ss.dump(loaded) == VALID[name]
            out["schema " + where] = ss.json_schema(name, mode=mode)
        model = BROKEN["model"]
        out["training"] = issues(
            ss.check_training_parameters(model["parameters"], "sd-xl-lora", revision="page")
        )
        out["model training"] = issues(ss.check_model_training(BROKEN, revision="page"))
        out["drift"] = ss.drift([BROKEN, model, RESPONSE]).to_json()
        return out
    """
)

THREADS = 8
PROCESSES = 4

CHILD = ENTRY_POINTS + textwrap.dedent(
    f"""
    import sys, threading
    # Switch threads as often as the interpreter allows: a window between building
    # and finishing a cached value shows up in a few runs instead of a few thousand.
    sys.setswitchinterval(1e-6)
    barrier = threading.Barrier({THREADS})
    results = [None] * {THREADS}

    def work(turn):
        barrier.wait()
        try:
            results[turn] = run()
        except BaseException as error:
            results[turn] = f"{{type(error).__name__}}: {{error}}"

    threads = [threading.Thread(target=work, args=(turn,)) for turn in range({THREADS})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))
    """
)


def _reference() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(ENTRY_POINTS, namespace)
        result: dict[str, Any] = json.loads(json.dumps(namespace["run"]()))
    finally:
        os.chdir(previous)
    return result


def test_first_calls_from_many_threads_at_once_all_succeed_and_agree() -> None:
    """Fresh processes, eight threads each released at once on their first calls of
    every entry point: no exception, and every thread gets the single-threaded result."""
    expected = _reference()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        for result in json.loads(out):
            assert isinstance(result, dict), result  # an exception, as text
            assert result == expected


def test_a_value_is_built_once_and_then_shared() -> None:
    cache: BuildCache[str, list[str]] = BuildCache()
    built: list[str] = []

    def build(key: str) -> list[str]:
        built.append(key)
        return [key]

    first = cache.get("a", build)
    assert cache.get("a", build) is first
    assert built == ["a"]


def test_a_build_that_reaches_itself_finds_its_registered_entry() -> None:
    cache: BuildCache[str, list[Any]] = BuildCache()

    def build(key: str) -> list[Any]:
        value: list[Any] = []
        cache.register(key, value)
        value.append(cache.get(key, build))  # the recursion finds the unfinished value
        return value

    value = cache.get("loop", build)
    assert value[0] is value


def test_a_value_is_published_only_when_the_outermost_build_is_complete() -> None:
    """Another thread never sees an inner value while the outer build is still running."""
    outer: BuildCache[str, str] = BuildCache()
    inner: BuildCache[str, str] = BuildCache()
    seen_inside: list[object] = []

    def look() -> None:
        seen_inside.append(inner._ready.get("inner"))

    def build_outer(key: str) -> str:
        inner.get("inner", lambda _: "built")
        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
        return "outer"

    assert outer.get("outer", build_outer) == "outer"
    assert seen_inside == [None]
    assert inner.get("inner", lambda _: "other") == "built"


def test_a_failed_build_leaves_nothing_behind() -> None:
    cache: BuildCache[str, str] = BuildCache()

    def failing(key: str) -> str:
        cache.register(key, "unfinished")
        raise RuntimeError(key)

    with pytest.raises(RuntimeError):
        cache.get("key", failing)
    assert cache.get("key", lambda _: "finished") == "finished"


def test_register_outside_a_build_is_refused() -> None:
    cache: BuildCache[str, str] = BuildCache()
    with pytest.raises(RuntimeError):
        cache.register("key", "value")
