"""Frozen all the way down: the input, the object and the dump never share a mutable container."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema._frozen import FrozenDict, FrozenList, freeze, plain, thaw
from scenario_schema.models import SCHEMAS, Contract, SchemaName

NAMES = list(SCHEMAS)
MARK = "\x00mutated"


def _rich(model: dict[str, Any]) -> dict[str, Any]:
    """The page's model with a container in every kind of container-bearing place."""
    model["inputs"][0]["default"] = {"nested": [{"deep": [1, "two"]}]}
    model["inputs"][0]["allowedValues"] = [{"a": [1]}, [2], "three"]
    model["inputs"][0]["inputs"] = [{"name": {"x": [1]}}]
    model["inputs"][0]["required"]["conditionalValues"] = {"when": ["a", {"b": 1}]}
    model["uiConfig"]["selects"] = {"size": {"options": [1, 2]}}
    model["uiConfig"]["presets"][0]["presets"] = {"p": [{"q": 1}]}
    model["undocumented"] = {"kept": [{"deeply": {"x": 1}}]}
    model["parameters"]["alsoUndocumented"] = [[1], {"y": 2}]
    return model


def _containers(value: Any) -> Iterator[Any]:
    """Every dict and list of a JSON value (or of a contract object), outermost first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Contract):
            stack.extend(getattr(item, field.name) for field in attrs.fields(type(item)))
        elif isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            yield item
            stack.extend(item)


def _mutate_all(value: Any) -> int:
    """Change every container of a plain JSON value in place; how many were changed."""
    containers = list(_containers(value))
    for container in containers:
        if isinstance(container, dict):
            container[MARK] = 1
        else:
            container.append(MARK)
    return len(containers)


def _payloads(name: SchemaName) -> st.SearchStrategy[dict[str, Any]]:
    return ss_st.payloads(name, mode="lenient")


def test_mutating_the_input_after_load_never_changes_the_object_or_its_dump(
    model: dict[str, Any],
) -> None:
    document = _rich(model)
    original = copy.deepcopy(document)
    loaded = ss.load(ss.Model, document, mode="lenient")
    assert _mutate_all(document) > 30
    assert loaded == ss.load(ss.Model, original, mode="lenient")
    assert ss.dump(loaded) == original


def test_mutating_a_dump_never_changes_the_object_or_the_input(model: dict[str, Any]) -> None:
    document = _rich(model)
    original = copy.deepcopy(document)
    loaded = ss.load(ss.Model, document, mode="lenient")
    dumped = ss.dump(loaded)
    assert _mutate_all(dumped) > 30
    assert document == original
    assert ss.dump(loaded) == original
    assert loaded == ss.load(ss.Model, original, mode="lenient")


@pytest.mark.parametrize("name", NAMES)
def test_input_object_and_dump_never_alias_for_any_document(name: SchemaName) -> None:
    """Over generated documents (undocumented fields and `object` values included)."""
    cls = resolve_schema(name)

    @given(_payloads(name))
    def check(payload: dict[str, Any]) -> None:
        original = copy.deepcopy(payload)
        loaded = ss.load(cls, payload, mode="lenient")
        dumped = ss.dump(loaded)
        _mutate_all(payload)
        _mutate_all(dumped)
        assert ss.dump(loaded) == original
        assert loaded == ss.load(cls, original, mode="lenient")

    check()


def _refusals(container: Any) -> list[Any]:
    """Every in-place change a list or dict offers, as calls."""
    if isinstance(container, list):
        return [
            lambda: container.append(1),
            lambda: container.extend([1]),
            lambda: container.insert(0, 1),
            container.pop,
            lambda: container.remove(container[0] if container else 1),
            container.clear,
            container.sort,
            container.reverse,
            lambda: container.__setitem__(0, 1),
            lambda: container.__delitem__(0),
            lambda: container.__iadd__([1]),
            lambda: container.__imul__(2),
        ]
    return [
        lambda: container.__setitem__("k", 1),
        lambda: container.__delitem__("k"),
        lambda: container.update(k=1),
        lambda: container.setdefault("k", 1),
        lambda: container.pop("k", None),
        container.popitem,
        container.clear,
        lambda: container.__ior__({"k": 1}),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_containers_of_a_loaded_object_cannot_change_in_place(name: SchemaName) -> None:
    cls = resolve_schema(name)

    @given(_payloads(name))
    def check(payload: dict[str, Any]) -> None:
        loaded = ss.load(cls, payload, mode="lenient")
        for container in _containers(loaded):
            assert type(container) in (FrozenList, FrozenDict)
            for change in _refusals(container):
                with pytest.raises(TypeError, match="frozen"):
                    change()
        assert ss.dump(loaded) == payload

    check()


def test_the_page_example_holds_only_read_only_containers(model: dict[str, Any]) -> None:
    loaded = ss.load(ss.Model, _rich(model), mode="lenient")
    kinds = {type(container) for container in _containers(loaded)}
    assert kinds == {FrozenList, FrozenDict}


def test_an_object_built_by_hand_copies_its_containers_in() -> None:
    thumbnails = ["a.png"]
    extra = {"note": {"list": [1]}}
    built = ss.ModelClass(
        category="c",
        concept_prompt="p",
        model_id="m",
        name="n",
        prompt="p",
        slug="s",
        status="published",
        thumbnails=thumbnails,
        extra=extra,
    )
    thumbnails.append("b.png")
    extra["note"]["list"].append(2)
    assert built.thumbnails == ["a.png"]
    assert built.extra == {"note": {"list": [1]}}
    with pytest.raises(TypeError):
        built.thumbnails.append("c.png")
    with pytest.raises(TypeError):
        built.extra["note"]["list"].append(3)


def test_evolve_copy_deepcopy_and_pickle_keep_objects_frozen(model: dict[str, Any]) -> None:
    loaded = ss.load(ss.Model, _rich(model), mode="lenient")
    changed = attrs.evolve(loaded, tags=["x"])
    for twin in (
        changed,
        copy.copy(loaded),
        copy.deepcopy(loaded),
        pickle.loads(pickle.dumps(loaded)),
    ):
        kinds = {type(container) for container in _containers(twin)}
        assert kinds == {FrozenList, FrozenDict}
    assert copy.deepcopy(loaded) == loaded
    assert pickle.loads(pickle.dumps(loaded)) == loaded
    assert changed.tags == ["x"]


def test_read_only_containers_compare_serialise_and_copy_like_plain_ones() -> None:
    value = {"a": [1, {"b": None}], "c": "d"}
    frozen = freeze(value)
    assert frozen == value
    assert json.dumps(frozen) == json.dumps(value)
    assert repr(frozen) == repr(value)
    thawed = plain(frozen)
    assert type(thawed) is dict
    assert type(thawed["a"]) is list
    assert type(thawed["a"][1]) is dict
    thawed["a"].append(2)  # a plain copy: free to change
    assert frozen == value
    assert type(frozen.copy()) is dict
    assert type(frozen["a"].copy()) is list


def test_dump_holds_only_plain_json_types(model: dict[str, Any]) -> None:
    dumped = ss.dump(ss.load(ss.Model, _rich(model), mode="lenient"))
    stack: list[Any] = [dumped]
    while stack:
        value = stack.pop()
        assert type(value) in (dict, list, str, int, float, bool, type(None))
        if type(value) is dict:
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)


def _shape(value: Any) -> Any:
    """The value with every container and scalar tagged by its exact type."""
    if isinstance(value, dict):
        return (type(value), [(type(k), k, _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value), [_shape(item) for item in value])
    return (type(value), repr(value))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=30,
    )
)
def test_thaw_copies_what_freeze_made_exactly_as_plain_does(value: Any) -> None:
    frozen = freeze(value)
    thawed = thaw(frozen)
    assert _shape(thawed) == _shape(plain(frozen)) == _shape(plain(value))
    if isinstance(frozen, (FrozenDict, FrozenList)) and frozen:
        assert thawed is not frozen  # a new plain container, never the object's own


def test_read_only_containers_hash_consistently_with_equality() -> None:
    assert hash(FrozenList([1, "a"])) == hash(FrozenList([1.0, "a"]))
    assert hash(FrozenDict({"a": 1, "b": "c"})) == hash(FrozenDict({"b": "c", "a": 1.0}))
    assert hash(freeze({"a": 1, "b": [2]})) == hash(freeze({"b": [2], "a": 1}))
    assert hash(freeze({"a": [{"b": 1}]})) == hash(freeze({"a": [{"b": True}]}))
    assert len({freeze([1, 2]), freeze([1, 2]), freeze([2, 1])}) == 2
    with pytest.raises(TypeError, match="unhashable"):
        hash(FrozenList([[1]]))  # a plain list inside does not hash: nor does its holder


def test_contract_objects_are_set_members_and_dict_keys(model: dict[str, Any]) -> None:
    loaded = ss.load(ss.Model, model)
    again = ss.load(ss.Model, copy.deepcopy(model))
    assert {loaded: "model"}[again] == "model"
    assert len({loaded, again, ss.ModelParameters(rank=16)}) == 2


@pytest.mark.parametrize("name", NAMES)
def test_equal_objects_hash_equal(name: SchemaName) -> None:
    """Over generated documents: an object, its reload and its rebuild hash alike."""
    cls = resolve_schema(name)

    @given(_payloads(name), ss_st.payloads(name))
    def check(lenient: dict[str, Any], strict: dict[str, Any]) -> None:
        loaded = ss.load(cls, lenient, mode="lenient")
        reloaded = ss.load(cls, ss.dump(loaded), mode="lenient")
        assert reloaded == loaded
        assert hash(reloaded) == hash(loaded)
        built = ss.load(cls, strict)
        rebuilt = attrs.evolve(built)  # through __init__, which copies containers in
        assert rebuilt == built
        assert hash(rebuilt) == hash(built)

    check()


def test_a_tuple_is_taken_as_a_list_when_built_by_hand() -> None:
    """Fields are typed as sequences: a tuple is one, kept read-only as a list."""
    built = ss.ModelParameters(sample_prompts=("a", "b"))
    assert built == ss.ModelParameters(sample_prompts=["a", "b"])
    assert type(built.sample_prompts) is FrozenList
    assert ss.dump(built) == {"samplePrompts": ["a", "b"]}
