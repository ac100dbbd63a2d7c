"""The fast path equals the plain one: same issues, same objects, same dumps.

validate/load/dump run generated code (``_fastpath``); the reference is the closure
walker (``_validate``) and the cattrs converter (``_converter``). Every property
here runs over the Hypothesis strategies, the mutations and arbitrary JSON, and
over the same documents disguised: ``Mapping`` and ``list``/``str``/``int``/``float``
subclasses where ``json.loads`` would give exact types (what an ``object_hook`` or
``object_pairs_hook`` builds).
"""

from __future__ import annotations

import collections
import json
import random
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import _dumpers as dumpers
from scenario_schema import _fastpath as fast
from scenario_schema import _validate as plain
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._converter import dump_object, structure_object
from scenario_schema._frozen import FrozenDict, FrozenList
from scenario_schema.models import SCHEMAS, Contract, SchemaName
from tests.conftest import PAGE_EXAMPLE, REVISION_CASES, per_revision
from tests.test_strategies import ARBITRARY

NAMES = list(SCHEMAS)

OPTIONS = [("strict", False), ("lenient", False), ("strict", True)]


def _issues(check: Any, payload: Any) -> list[Any]:
    out: list[Any] = []
    check(payload, "", out)
    return out


class _Dict(dict[Any, Any]):
    pass


class _List(list[Any]):
    pass


class _Str(str):
    __slots__ = ()


class _Int(int):
    pass


class _Float(float):
    pass


class _Mapping(Mapping[Any, Any]):
    """A Mapping that is not a dict at all."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        self._data = dict(pairs)

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


_MAPPINGS: list[Any] = [
    dict,
    collections.OrderedDict,
    _Dict,
    lambda pairs: types.MappingProxyType(dict(pairs)),
    _Mapping,
]


def disguise(value: Any, chance: random.Random, depth: int = 0) -> Any:
    """The same JSON value with any container or scalar possibly of another Python type.

    Past 20 levels the value is left as it is (the walk is recursive).
    """
    kind = type(value)
    if depth > 20:
        return value
    if kind is dict:
        pairs = [
            (
                _Str(key) if type(key) is str and chance.random() < 0.3 else key,
                disguise(item, chance, depth + 1),
            )
            for key, item in value.items()
        ]
        return chance.choice(_MAPPINGS)(pairs)
    if kind is list:
        items = [disguise(item, chance, depth + 1) for item in value]
        return _List(items) if chance.random() < 0.5 else items
    wrappers: dict[type, Any] = {str: _Str, int: _Int, float: _Float}
    if kind in wrappers and chance.random() < 0.5:
        return wrappers[kind](value)
    return value


def _documents(name: SchemaName, revision: Any = "page") -> st.SearchStrategy[Any]:
    return (
        ss_st.payloads(name, mode="lenient", revision=revision)
        | ss_st.payloads(name, revision=revision)
        | ss_st.invalid_payloads(name, revision=revision).map(lambda mutation: mutation.payload)
        | ARBITRARY
    )


def _with_disguise(name: SchemaName) -> st.SearchStrategy[tuple[Any, Any]]:
    """A document and the same document disguised."""
    return st.tuples(_documents(name), st.randoms(use_true_random=False)).map(
        lambda drawn: (drawn[0], disguise(drawn[0], drawn[1]))
    )


def _exact_all_the_way_down(obj: Any) -> None:
    """A loaded object holds only exact scalars, read-only containers and contract objects."""
    stack = [obj]
    while stack:
        value = stack.pop()
        if isinstance(value, Contract):
            stack.extend(getattr(value, field.name) for field in attrs.fields(type(value)))
            continue
        assert type(value) in (str, int, float, bool, type(None), FrozenList, FrozenDict, frozenset)
        if type(value) is FrozenDict:
            assert all(type(key) is str for key in value)
            stack.extend(value.values())
        elif type(value) in (FrozenList, frozenset):
            stack.extend(value)


@pytest.mark.parametrize(("mode", "formats"), OPTIONS)
@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_checker_reports_exactly_what_the_walker_reports(
    name: SchemaName, revision: Any, mode: Any, formats: bool
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
def test_fast_loader_builds_what_cattrs_builds(name: SchemaName, revision: Any, mode: Any) -> None:
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
        assert dumpers.dumper(cls)(built) == dump_object(expected) == payload

    check()


@pytest.mark.parametrize(("name", "revision"), REVISION_CASES)
def test_fast_dumper_dumps_what_cattrs_dumps(name: SchemaName, revision: Any) -> None:
    cls = resolve_schema(name)

    @per_revision(revision)
    @given(ss_st.instances(cls, mode="lenient", revision=revision))
    def check(instance: Any) -> None:
        generated, expected = dumpers.dumper(cls)(instance), dump_object(instance)
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


@pytest.mark.parametrize("name", NAMES)
def test_disguised_documents_get_exactly_the_issues_of_their_plain_equivalent(
    name: SchemaName,
) -> None:
    """Walker, generated check and generated loader agree on subclasses too, in every mode."""
    cls = resolve_schema(name)

    @given(_with_disguise(name), st.sampled_from(OPTIONS))
    def check(pair: tuple[Any, Any], options: tuple[Any, bool]) -> None:
        (document, disguise), (mode, formats) = pair, options
        expected = _issues(plain.checker(cls, mode, check_formats=formats), document)
        assert _issues(plain.checker(cls, mode, check_formats=formats), disguise) == expected
        assert _issues(fast.checker(cls, mode, check_formats=formats), disguise) == expected
        assert _issues(fast.loader(cls, mode, check_formats=formats), disguise) == expected

    check()


@pytest.mark.parametrize("name", NAMES)
def test_disguised_documents_load_exactly_as_their_plain_equivalent(name: SchemaName) -> None:
    """``validate(p).ok`` is "``load(p)`` succeeds"; what loads is the plain document's
    object (exact types inside) and dumps as the plain document. Never None."""
    cls = resolve_schema(name)

    @given(_with_disguise(name), st.sampled_from(["strict", "lenient"]))
    def check(pair: tuple[Any, Any], mode: Any) -> None:
        document, disguise = pair
        report = ss.validate(disguise, name, mode=mode)
        if not report.ok:
            with pytest.raises(ss.ContractError) as caught:
                ss.load(cls, disguise, mode=mode)
            assert caught.value.issues == report.issues
            return
        loaded = ss.load(cls, disguise, mode=mode)
        assert isinstance(loaded, cls)
        _exact_all_the_way_down(loaded)
        expected = ss.load(cls, document, mode=mode)
        assert loaded == expected
        assert loaded.null_fields == expected.null_fields
        assert ss.dump(loaded) == document
        with plain.structuring():
            assert structure_object(dumpers.dumper(cls)(loaded), cls) == loaded

    check()


def test_ordered_dict_parameters_load_like_a_dict() -> None:
    loaded = ss.load(ss.ModelParameters, collections.OrderedDict(rank=4))
    assert loaded == ss.load(ss.ModelParameters, {"rank": 4})
    assert loaded.rank == 4


def test_a_response_read_with_object_pairs_hook_loads_like_plain_json() -> None:
    text = json.dumps(PAGE_EXAMPLE)
    ordered = json.loads(text, object_pairs_hook=collections.OrderedDict)
    assert ss.validate(ordered, "train-action-response").ok
    loaded = ss.load(ss.TrainActionResponse, ordered)
    assert loaded == ss.load(ss.TrainActionResponse, json.loads(text))
    assert ss.dump(loaded) == json.loads(text)
    _exact_all_the_way_down(loaded)


def test_an_ordered_dict_at_model_parameters_loads_every_field(model: dict[str, Any]) -> None:
    expected = ss.load(ss.Model, model)
    model["parameters"] = collections.OrderedDict(model["parameters"])
    loaded = ss.load(ss.Model, model)
    assert loaded.parameters is not None
    assert loaded == expected


def test_a_list_subclass_for_capabilities_loads_as_a_list(model: dict[str, Any]) -> None:
    model["capabilities"] = _List(model["capabilities"])
    loaded = ss.load(ss.Model, model)
    assert type(loaded.capabilities) is FrozenList
    assert loaded.capabilities == model["capabilities"]


def test_mapping_proxies_and_non_dict_mappings_load_as_dicts(model: dict[str, Any]) -> None:
    expected = ss.load(ss.Model, model)
    model["uiConfig"] = types.MappingProxyType(model["uiConfig"])
    model["inputs"][0]["default"] = _Mapping([("a", collections.OrderedDict(b=[1]))])
    loaded = ss.load(ss.Model, model)
    assert loaded.ui_config == expected.ui_config
    assert loaded.inputs is not None
    assert loaded.inputs[0].default == {"a": {"b": [1]}}
    assert type(loaded.inputs[0].default) is FrozenDict
