"""The clean tier (``_clean``) says yes exactly to the documents with nothing wrong in them.

A wrong yes would hide an issue; ``test_fastpath`` catches that, since the checker
runs the tier first. A wrong no costs only speed, so it would go unseen there:
these tests pin that the tier answers yes to every plain JSON document the full
check passes with no issue but the warnings the tier gives itself, and gives those
warnings exactly.
"""

from __future__ import annotations

import copy
import threading
from typing import Any, get_args

import pytest
from hypothesis import given

from scenario_schema import _validate as plain
from scenario_schema._api import resolve_schema
from scenario_schema._clean import ANY_DEPTH, clean_function
from scenario_schema._fields import class_spec
from scenario_schema._validate import _Options
from scenario_schema.models import SCHEMAS, SchemaName
from tests.conftest import PAGE_EXAMPLE, REVISION_CASES, per_revision
from tests.test_fastpath import OPTIONS, _documents

QUIET = {"not-applicable", "required-for-type", "conflict"}
"""The codes of the warnings the tier gives itself: a document with only these is clean."""


def _nesting(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_nesting(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_nesting(item) for item in value), default=0)
    return 0


def _tier(name: SchemaName, revision: Any, mode: Any, formats: bool) -> Any:
    cls = resolve_schema(name)
    resolved = class_spec(cls, revision).revision
    clean = clean_function(cls, _Options(mode=mode, check_formats=formats, revision=resolved))
    assert clean is not None, "every schema of the contract is covered by the tier"

    def run(payload: Any) -> tuple[bool, list[Any]]:
        out: list[Any] = []
        ok = clean.function(payload, "", out) if clean.takes_path else clean.function(payload)
        return ok, out

    return run


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_the_tier_says_yes_exactly_to_documents_with_only_its_own_warnings(
    name: SchemaName, revision: Any, mode: Any, formats: bool
) -> None:
    reference = plain.checker(resolve_schema(name), mode, check_formats=formats, revision=revision)
    tier = _tier(name, revision, mode, formats)

    @per_revision(revision)
    @given(_documents(name, revision))
    def check(payload: Any) -> None:
        expected: list[Any] = []
        reference(payload, "", expected)
        quiet = all(issue.code in QUIET for issue in expected)
        ok, given_ = tier(payload)
        if ok:
            assert quiet
            assert given_ == expected
        elif _nesting(payload) < ANY_DEPTH:  # deeper free-form values are the full check's
            assert not quiet

    check()


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_schema_is_covered_by_the_tier(name: SchemaName) -> None:
    for revision in ("page", "sdk-2.4"):
        _tier(name, revision, "strict", False)


def test_the_page_example_passes_the_tier_with_its_warnings() -> None:
    payload = copy.deepcopy(PAGE_EXAMPLE)
    ok, given_ = _tier("train-action-response", "page", "strict", False)(payload)
    expected: list[Any] = []
    plain.checker(resolve_schema("train-action-response"), revision="page")(payload, "", expected)
    assert ok
    assert given_ == expected
    assert {issue.code for issue in given_} == {"conflict", "not-applicable"}


def test_free_form_values_deeper_than_the_tier_follows_go_to_the_full_check() -> None:
    payload = copy.deepcopy(PAGE_EXAMPLE)
    deep: Any = "leaf"
    for _ in range(ANY_DEPTH + 1):
        deep = [deep]
    payload["model"]["inputs"][0]["default"] = deep
    ok, _ = _tier("train-action-response", "page", "strict", False)(payload)
    assert not ok
    expected: list[Any] = []
    plain.checker(resolve_schema("train-action-response"), revision="page")(payload, "", expected)
    assert {issue.code for issue in expected} <= QUIET  # still clean: only slower


def _rules_tables(function: Any) -> list[dict[Any, Any]]:
    from scenario_schema._clean import _RulesTable

    return [value for value in function.__globals__.values() if isinstance(value, _RulesTable)]


def _with_input_types(types: list[str]) -> dict[str, Any]:
    payload = copy.deepcopy(PAGE_EXAMPLE)
    template = payload["model"]["inputs"][0]
    payload["model"]["inputs"] = [
        {**template, "name": f"in{i}", "type": t} for i, t in enumerate(types)
    ]
    return payload


def test_a_rules_function_is_generated_for_the_values_seen_only() -> None:
    from scenario_schema.literals import InputType

    cls = resolve_schema("train-action-response")
    clean = clean_function(cls, _Options(mode="strict", check_formats=False, revision="page"))
    assert clean is not None
    tables = _rules_tables(clean.function)
    assert tables, "the tier plans the prose rules"
    assert all(not table for table in tables)  # nothing generated before a document
    seen = ["boolean", "number"]
    payload = _with_input_types(seen)
    out: list[Any] = []
    assert clean.function(payload, "", out)
    expected: list[Any] = []
    plain.checker(cls, revision="page")(payload, "", expected)
    assert out == expected
    kinds = {kind for table in tables for kind in table}
    assert set(seen) <= kinds
    assert kinds < set(get_args(InputType)) | {payload["model"]["type"]}


def test_rules_functions_made_in_many_threads_at_once_give_the_reference_warnings() -> None:
    from scenario_schema.literals import InputType

    cls = resolve_schema("train-action-response")
    payload = _with_input_types(list(get_args(InputType)))
    expected: list[Any] = []
    plain.checker(cls, revision="page")(payload, "", expected)
    for _ in range(5):  # a fresh tier each time: the first uses race
        clean = clean_function(cls, _Options(mode="strict", check_formats=False, revision="page"))
        assert clean is not None
        barrier = threading.Barrier(8)
        results: list[list[Any]] = []

        def run(
            clean: Any = clean, barrier: threading.Barrier = barrier, results: Any = results
        ) -> None:
            barrier.wait()
            out: list[Any] = []
            assert clean.function(payload, "", out)
            results.append(out)

        threads = [threading.Thread(target=run) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [expected] * 8
