"""The fast path equals the plain one: same issues, same objects, same dumps.

validate/load/dump run generated code (``_fastpath``); the reference is the closure
walker (``_validate``) and the cattrs converter (``_converter``). Every property
here runs over the Hypothesis strategies, the mutations and arbitrary JSON.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_schema import _fastpath as fast
from scenario_schema import _validate as plain
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._converter import dump_object, structure_object
from tests.conftest import REVISION_CASES, per_revision
from tests.test_strategies import ARBITRARY

OPTIONS = [("strict", False), ("lenient", False), ("strict", True)]


def _issues(check: Any, payload: Any) -> list[Any]:
    out: list[Any] = []
    check(payload, "", out)
    return out


def _documents(name: str, revision: Any = "page") -> st.SearchStrategy[Any]:
    return (
        ss_st.payloads(name, mode="lenient", revision=revision)
        | ss_st.payloads(name, revision=revision)
        | ss_st.invalid_payloads(name, revision=revision).map(lambda mutation: mutation.payload)
        | ARBITRARY
    )


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_checker_reports_exactly_what_the_walker_reports(
    name: str, revision: Any, mode: Any, formats: bool
) -> None:
    cls = resolve_schema(name)
    reference = plain.checker(cls, mode, check_formats=formats, revision=revision)
    generated = fast.checker(cls, mode, check_formats=formats, revision=revision)
    loading = fast.loader(cls, mode, check_formats=formats, revision=revision)

    @per_revision(revision)
    @given(_documents(name, revision))
    def check(payload: Any) -> None:
        expected = _issues(reference, payload)
        assert _issues(generated, payload) == expected
        assert _issues(loading, payload) == expected

    check()


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_loader_builds_what_cattrs_builds(name: str, revision: Any, mode: Any) -> None:
    cls = resolve_schema(name)
    loading = fast.loader(cls, mode, revision=revision)

    @per_revision(revision)
    @given(ss_st.payloads(name, mode=mode, revision=revision))
    def check(payload: dict[str, Any]) -> None:
        out: list[Any] = []
        built = loading(payload, "", out)
        assert not [issue for issue in out if issue.severity == "error"]
        with plain.structuring():
            expected = structure_object(payload, cls, revision)
        assert built == expected
        assert built.null_fields == expected.null_fields
        assert fast.dumper(cls)(built) == dump_object(expected) == payload

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_dumper_dumps_what_cattrs_dumps(name: str, revision: Any) -> None:
    cls = resolve_schema(name)

    @per_revision(revision)
    @given(ss_st.instances(cls, mode="lenient", revision=revision))
    def check(instance: Any) -> None:
        generated, expected = fast.dumper(cls)(instance), dump_object(instance)
        assert generated == expected
        assert list(generated) == list(expected)  # the same key order too

    check()


def test_both_paths_share_the_reference_messages() -> None:
    """A broken value is reported by the walker's own check, so messages cannot differ."""
    payload = {"rank": "16", "wandbKey": 123456789, "extraKey": float("nan")}
    cls = resolve_schema("model-parameters")
    expected = _issues(plain.checker(cls), payload)
    assert _issues(fast.checker(cls), payload) == expected
    assert [issue.code for issue in expected] == ["type", "type", "unknown-field", "not-finite"]
    assert "123456789" not in str(expected)
