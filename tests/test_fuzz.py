"""The CI-sized fuzz run (issue #11), and the harness's own parts checked on planted faults.

``python -m tests.fuzz --n 1000000 --jobs 2`` is the long run; this file runs a
few thousand inputs with a fixed seed and asserts that no invariant breaks.
"""

from __future__ import annotations

import collections
import math
from collections import Counter
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema.models import SchemaName
from tests.fuzz import runner
from tests.fuzz.coldstart import first_use_race
from tests.fuzz.generators import NO_PAYLOAD, Case, Pool, generate, inject_marker, to_text
from tests.fuzz.invariants import Violation, check_case, resolves
from tests.fuzz.values import MARKER, FuzzDict, FuzzList, clone, huge_int, nest, render, same

SEED = 11
INPUTS = 2000
POOL = 20


@pytest.fixture(scope="module")
def pool() -> Pool:
    return Pool.build(POOL, SEED)


def _findings(outcome: runner.Outcome) -> list[str]:
    return sorted(
        f"{f.violation.key} ({f.count} inputs; replay: python -m tests.fuzz --seed {SEED}"
        f" --pool {POOL} --replay {f.index}): {f.violation.detail}"
        for f in outcome.findings.values()
    )


def test_ci_sized_fuzz_run_breaks_no_invariant(pool: Pool) -> None:
    outcome = runner.run(INPUTS, SEED, pool=pool)
    assert outcome.inputs == INPUTS
    assert set(outcome.origins) == {
        "seed",
        "mutated",
        "training",
        "invalid-payload",
        "arbitrary",
        "raw-text",
    }
    found = _findings(outcome)
    assert not found, f"{len(found)} distinct violations:\n" + "\n".join(found)


def test_first_use_from_many_threads_gives_one_threads_answers(pool: Pool) -> None:
    assert first_use_race(runner.cold_start_documents(pool), attempts=1) == []


# --- the harness itself -------------------------------------------------------------------


def test_an_input_is_rebuilt_from_its_number(pool: Pool) -> None:
    for index in (0, 7, 1234):
        first, again = generate(pool, SEED, index), generate(pool, SEED, index)
        assert render(first.payload) == render(again.payload)
        assert (first.text, first.training_images) == (again.text, again.training_images)


def test_a_pointer_resolves_to_a_value_or_a_missing_member_of_an_object() -> None:
    document = {"a": [{"b": 1}], "~/": {}}
    assert resolves(document, "")
    assert resolves(document, "/a/0/b")
    assert resolves(document, "/a/0/missing")
    assert resolves(document, "/~0~1/x")
    assert not resolves(document, "/missing/x")
    assert not resolves(document, "/a/1")
    assert not resolves(document, "/a/01")
    assert not resolves(document, "/a/0/b/c")
    assert not resolves(document, "a")


def test_same_tells_ints_from_floats_and_ignores_container_subclasses() -> None:
    assert same({"n": 1, "l": [1.5]}, FuzzDict(n=1, l=FuzzList([1.5]))) is None
    assert same(collections.OrderedDict(x=math.nan), {"x": math.nan}) is None
    difference = same({"n": 1}, {"n": 1.0})
    assert difference is not None
    assert difference[:2] == ("/n", "int -> float")
    missing = ("", "missing member", "dict of 1", "dict of 0 (missing member: 'a')")
    assert same({"a": 1}, {}) == missing


def test_render_rebuilds_huge_ints_and_nesting() -> None:
    namespace: dict[str, Any] = {"huge_int": huge_int, "nest": nest, "FuzzDict": FuzzDict}
    for value in (huge_int(5000), -(10**400), 2**4000 + 1, FuzzDict(a=[math.inf])):
        rebuilt = eval(render(value), namespace)
        assert same(value, rebuilt) is None
        assert type(rebuilt) is type(value)
    assert render(nest(1, 300)).count("nest(1, ") == 1


def test_clone_keeps_container_types_and_copies() -> None:
    original = FuzzDict(a=FuzzList([{"b": 1}]), c=(1, 2))
    copied = clone(original)
    assert type(copied) is FuzzDict
    assert type(copied["a"]) is FuzzList
    assert copied["c"] == (1, 2)
    copied["a"][0]["b"] = 2
    assert original["a"][0]["b"] == 1


def test_the_marker_goes_where_wandb_key_lives(pool: Pool) -> None:
    import random

    rng = random.Random(1)
    document = inject_marker(rng, {"model": {"parameters": {}}}, "train-action-response")
    assert "wandbKey" in document["model"]["parameters"]
    assert inject_marker(rng, {}, "model")["parameters"]["wandbKey"]


def test_raw_text_decodes_to_the_same_document() -> None:
    import json
    import random

    document = {"a": [1, 2.5, "\u00e9", None, True], "b": {"c": -3}}
    text = to_text(random.Random(0), document)
    assert json.loads(text) == document or "NaN" in text or "Infinity" in text


def _case(payload: Any, schema: SchemaName = "model-parameters", **changes: Any) -> Case:
    return Case(index=0, schema=schema, payload=payload, origin="seed", **changes)


def test_a_raising_entry_point_is_a_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("planted")

    monkeypatch.setattr(ss, "drift", broken)
    keys = [v.key for v in check_case(_case({"rank": 4}))]
    assert any(key.startswith("no-unexpected-exception | drift | RuntimeError") for key in keys)


def test_bad_messages_and_paths_and_leaks_are_violations(monkeypatch: pytest.MonkeyPatch) -> None:
    def issue(path: str, code: str, message: str) -> ss.Issue:
        made = ss.Issue(path, code, "")
        object.__setattr__(made, "message", message)  # past Issue's own bounding converter
        return made

    planted = ss.Report(
        (
            issue("/nowhere/x", "type", "two\nlines"),
            issue("/rank", "type", "x" * 301),
            issue("/rank", "maximum", f"leaks {MARKER}"),
        )
    )
    monkeypatch.setattr(ss, "validate", lambda *args, **kwargs: planted)
    invariants = {v.invariant for v in check_case(_case({"rank": 4}))}
    assert {
        "message-one-line",
        "path-resolves",
        "message-bounded",
        "no-secret-in-output",
        "one-root-cause",
        "validate-ok-iff-load",
    } <= invariants


def test_an_object_sharing_the_input_is_a_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = ss.load

    def sharing(cls: Any, payload: Any, **kwargs: Any) -> Any:
        obj = real_load(cls, payload, **kwargs)
        object.__setattr__(obj, "extra", {"free": payload["free"]})  # the caller's own dict
        return obj

    monkeypatch.setattr(ss, "load", sharing)
    found = {v.invariant for v in check_case(_case({"rank": 4, "free": {"k": 1}}))}
    assert "no-alias-input" in found


def test_raw_text_that_does_not_decode_runs_only_the_text_entry_points() -> None:
    calls: Counter[str] = Counter()
    check_case(_case(NO_PAYLOAD, text="{", parser="project"), calls)
    assert calls["decode"] == calls["check_text"] == 1
    assert calls["validate"] == 0


def test_the_command_exits_1_and_lists_a_violation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    planted = Violation("message-bounded", "validate", "type", "planted")
    monkeypatch.setattr(runner, "check_case", lambda case, calls=None: [planted])
    status = runner.main(["--n", "20", "--pool", "2", "--cold-start", "0", "--no-shrink"])
    out = capsys.readouterr().out
    assert status == 1
    assert "fuzz: 20 inputs" in out
    assert "[1] message-bounded | validate | type  (20 inputs)" in out


def test_the_command_exits_0_when_nothing_breaks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(runner, "check_case", lambda case, calls=None: [])
    real_drift = ss.drift
    monkeypatch.setattr(ss, "drift", lambda documents: real_drift([]))
    status = runner.main(["--n", "20", "--pool", "2", "--cold-start", "0"])
    assert status == 0
    assert "0 distinct violations" in capsys.readouterr().out
