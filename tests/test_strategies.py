"""Property tests: the library held to its promises over generated documents."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import hypothesis
import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._json_schema import shipped_schema
from scenario_schema.models import SCHEMAS, Contract, SchemaName
from tests.conftest import REVISION_CASES, canonical, per_revision

NAMES = list(SCHEMAS)


def _errors(
    payload: Any, name: SchemaName, mode: Any = "strict", revision: Any = "page"
) -> list[tuple[str, str]]:
    report = ss.validate(payload, name, mode=mode, revision=revision)
    return [(issue.path, issue.code) for issue in report.errors]


def test_ci_profile_is_loaded() -> None:
    """The main session's profile, or the other interpreters' (tests/conftest.py)."""
    current = hypothesis.settings()
    main = os.environ.get("SCENARIO_SCHEMA_HYPOTHESIS_PROFILE", "ci") == "ci"
    assert current.derandomize
    assert current.database is None
    assert current.max_examples >= (200 if main else 50)
    assert list(current.suppress_health_check) == []


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_round_trip_is_lossless_for_every_generated_payload(
    name: SchemaName, revision: Any, mode: Any
) -> None:
    cls = resolve_schema(name)

    @per_revision(revision)
    @given(ss_st.payloads(name, mode=mode, revision=revision))
    def check(payload: dict[str, Any]) -> None:
        report = ss.validate(payload, name, mode=mode, check_formats=True, revision=revision)
        assert report.ok, report.errors
        loaded = ss.load(cls, payload, mode=mode, revision=revision)
        assert canonical(ss.dump(loaded)) == canonical(payload)

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_every_mutation_is_reported_at_its_path_and_code_only(
    name: SchemaName, revision: Any
) -> None:
    @per_revision(revision)
    @given(ss_st.invalid_payloads(name, revision=revision))
    def check(mutation: ss_st.Mutation) -> None:
        errors = _errors(mutation.payload, name, revision=revision)
        assert errors == [(mutation.path, mutation.code)]
        with pytest.raises(ss.ContractError) as caught:
            ss.load(resolve_schema(name), mutation.payload, revision=revision)
        assert [(i.path, i.code) for i in caught.value.issues if i.severity == "error"] == [
            (mutation.path, mutation.code)
        ]

    check()


def test_mutations_cover_every_kind_of_constraint() -> None:
    seen: set[str] = set()

    @hypothesis.settings(max_examples=200)  # every kind shows up within the main profile's count
    @given(
        ss_st.invalid_payloads("train-action-response") | ss_st.invalid_payloads("model-parameters")
    )
    def collect(mutation: ss_st.Mutation) -> None:
        seen.add(mutation.code)

    collect()
    assert seen >= {"type", "required", "enum", "minimum", "maximum", "not-finite"}


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_dump_of_an_instance_always_validates(name: SchemaName, revision: Any) -> None:
    @per_revision(revision)
    @given(ss_st.instances(resolve_schema(name), revision=revision))
    def check(instance: ss.Model) -> None:
        dumped = ss.dump(instance)
        assert ss.validate(dumped, name, check_formats=True, revision=revision).ok
        assert ss.load(type(instance), dumped, revision=revision) == instance

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_strict_valid_implies_lenient_valid(name: SchemaName, revision: Any) -> None:
    documents = ss_st.payloads(name, mode="lenient", revision=revision) | ss_st.invalid_payloads(
        name, revision=revision
    ).map(lambda mutation: mutation.payload)

    @per_revision(revision)
    @given(documents)
    def check(payload: Any) -> None:
        strict = _errors(payload, name, revision=revision)
        lenient = _errors(payload, name, "lenient", revision)
        assert set(lenient) <= set(strict)
        if not strict:
            assert not lenient

    check()


def _nest(depth: int) -> Any:
    value: Any = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


DEEP = st.integers(min_value=1, max_value=400).map(_nest)
ARBITRARY = ss_st.json_values(max_leaves=60) | DEEP


@pytest.mark.parametrize("name", NAMES)
def test_validate_and_load_never_raise_on_arbitrary_json(name: SchemaName) -> None:
    cls = resolve_schema(name)

    @given(ARBITRARY)
    def check(payload: Any) -> None:
        for mode in ("strict", "lenient"):
            report = ss.validate(payload, name, mode=mode)
            assert isinstance(report, ss.Report)
            if report.ok:
                ss.load(cls, payload, mode=mode)
                continue
            with pytest.raises(ss.ContractError) as caught:
                ss.load(cls, payload, mode=mode)
            assert caught.value.issues == report.issues

    check()


@pytest.mark.parametrize("name", NAMES)
def test_arbitrary_json_grafted_into_a_valid_document_never_raises(name: SchemaName) -> None:
    @given(ss_st.payloads(name), st.data())
    def check(payload: dict[str, Any], data: st.DataObject) -> None:
        if not payload:
            return
        before = set(ss.validate(payload, name).issues)  # e.g. a conflict warning elsewhere
        key = data.draw(st.sampled_from(sorted(payload)))
        payload[key] = data.draw(ARBITRARY)
        report = ss.validate(payload, name)
        assert all(issue.path == f"/{key}" or issue.path.startswith(f"/{key}/")
                   for issue in report.issues if issue not in before)  # fmt: skip

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_generated_documents_agree_with_the_committed_json_schema(
    name: SchemaName, revision: Any
) -> None:
    """The committed schema files are the published contract: a bound changed in the code
    without regenerating them makes this property fail."""
    validator = jsonschema_rs.validator_for(shipped_schema(name, revision=revision))
    documents = ss_st.payloads(name, revision=revision) | ss_st.invalid_payloads(
        name, revision=revision
    ).map(lambda m: m.payload)

    @per_revision(revision)
    @given(documents)
    def check(payload: Any) -> None:
        verdict = ss.validate(payload, name, revision=revision).ok
        assert validator.is_valid(payload) == verdict or any(
            code == "not-finite" for _, code in _errors(payload, name, revision=revision)
        )

    check()


CLASSES: list[type[Contract]] = [
    cls
    for cls in (getattr(ss, name) for name in ss.__all__)
    if isinstance(cls, type) and cls.__module__ == "scenario_schema.models"
]


def test_every_class_is_covered() -> None:
    assert len(CLASSES) == 27


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_from_type_works_for_every_class_through_the_entry_point(cls: type[Contract]) -> None:
    @given(st.from_type(cls))
    def check(instance: Any) -> None:
        assert isinstance(instance, cls)
        assert ss.validate(ss.dump(instance), cls).ok

    check()


def test_entry_point_registers_without_importing_the_strategies_module() -> None:
    """A fresh interpreter that never imports the strategies module gets from_type."""
    code = (
        "import sys, hypothesis.strategies as st, scenario_schema as ss;"
        "assert 'scenario_schema.strategies' not in sys.modules;"
        "print(type(st.from_type(ss.TrainActionParams).example()).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "TrainActionParams"
