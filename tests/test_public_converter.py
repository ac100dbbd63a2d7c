"""The public cattrs converter: contract classes inside the user's own attrs classes."""

from __future__ import annotations

import copy
import dataclasses
import enum
from typing import Any, Literal, TypedDict

import attrs
import cattrs
import pytest
from cattrs.errors import StructureHandlerNotFoundError
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies as ss_st


@attrs.frozen
class Run:
    """A user's record of one training run."""

    name: str
    model: ss.Model
    history: list[ss.ModelParameters]
    steps: int = 0


@attrs.frozen
class Experiment:
    """A user's document: runs, parameters by label, an optional reference model."""

    runs: list[Run]
    presets: dict[str, ss.ModelParameters] = attrs.Factory(dict)
    reference: ss.Model | None = None


def _document(model: dict[str, Any]) -> dict[str, Any]:
    return {
        "runs": [
            {
                "name": "first",
                "model": model,
                "history": [{"rank": 16}, {"rank": 32, "batchSize": 2}],
                "steps": 3,
            },
            {"name": "second", "model": copy.deepcopy(model), "history": []},
        ],
        "presets": {"fast": {"rank": 4, "learningRate": 0.001}},
    }


def _errors(error: ss.ContractError) -> list[tuple[str, str]]:
    return [(issue.path, issue.code) for issue in error.issues if issue.severity == "error"]


def _refused(data: Any, cls: Any, conv: cattrs.Converter = ss.converter) -> list[tuple[str, str]]:
    with pytest.raises(ss.ContractError) as caught:
        conv.structure(data, cls)
    return _errors(caught.value)


def test_the_converter_is_a_cattrs_converter() -> None:
    assert isinstance(ss.converter, cattrs.Converter)
    assert isinstance(ss.make_converter(), cattrs.Converter)
    assert ss.make_converter() is not ss.make_converter()


def test_user_document_structures_and_unstructures_back_to_itself(
    model: dict[str, Any],
) -> None:
    document = _document(model)
    experiment = ss.converter.structure(document, Experiment)
    assert experiment.runs[0].model == ss.load(ss.Model, model)
    assert experiment.runs[0].history[1] == ss.ModelParameters(rank=32, batch_size=2)
    assert experiment.presets["fast"].learning_rate == 0.001
    assert experiment.runs[1].steps == 0
    assert ss.converter.unstructure(experiment) == {
        **document,
        "runs": [document["runs"][0], {**document["runs"][1], "steps": 0}],
        "reference": None,
    }


def test_contract_issues_come_at_full_pointers_from_the_top_of_the_user_document(
    model: dict[str, Any],
) -> None:
    document = _document(model)
    document["runs"][0]["model"]["parameters"]["rank"] = 500
    document["runs"][0]["history"][1]["batchSize"] = 0
    document["runs"][1]["model"]["capabilities"] = ["txt2img", "txt2hologram"]
    document["presets"]["a/b"] = {"rank": 1}
    assert _refused(document, Experiment) == [
        ("/runs/0/model/parameters/rank", "maximum"),
        ("/runs/0/history/1/batchSize", "minimum"),
        ("/runs/1/model/capabilities/1", "enum"),
        ("/presets/a~1b/rank", "minimum"),
    ]


def test_user_fields_are_checked_with_the_contract_fields_in_one_error(
    model: dict[str, Any],
) -> None:
    document = _document(model)
    del document["runs"][0]["name"]
    document["runs"][0]["steps"] = "3"
    document["runs"][1]["history"] = {"rank": 4}
    document["runs"][1]["model"]["parameters"]["rank"] = 500
    document["runs"].append(7)
    document["reference"] = []
    assert _refused(document, Experiment) == [
        ("/runs/0/name", "required"),
        ("/runs/0/steps", "type"),
        ("/runs/1/model/parameters/rank", "maximum"),
        ("/runs/1/history", "type"),
        ("/runs/2", "type"),
        ("/reference", "type"),
    ]


def test_messages_are_the_contracts_own(model: dict[str, Any]) -> None:
    document = _document(model)
    document["runs"][0]["steps"] = "3"
    document["runs"][0]["history"][0]["rank"] = 500
    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure(document, Experiment)
    messages = {issue.path: issue.message for issue in caught.value.issues}
    assert messages == {
        "/runs/0/history/0/rank": "500 is greater than the maximum of 128",
        "/runs/0/steps": "expected an integer, got string ('3')",
    }
    assert "/runs/0/steps: expected an integer" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "code"),
    [("5", "type"), (True, "type"), (5.5, "type"), (None, "type")],
)
def test_user_int_field_takes_an_integer_only(value: Any, code: str) -> None:
    @attrs.frozen
    class Counter:
        count: int

    assert _refused({"count": value}, Counter) == [("/count", code)]
    assert ss.converter.structure({"count": 5}, Counter) == Counter(5)


@pytest.mark.parametrize(
    ("cls", "value", "path", "code"),
    [
        (str, 5, "", "type"),
        (bool, 1, "", "type"),
        (bool, "false", "", "type"),
        (float, True, "", "type"),
        (float, "1.5", "", "type"),
        (float, float("nan"), "", "not-finite"),
        (float, float("inf"), "", "not-finite"),
        (list[str], "abc", "", "type"),
        (list[str], {"a": 1}, "", "type"),
        (list[str], ["a", 1], "/1", "type"),
        (tuple[str, ...], "ab", "", "type"),
        (set[str], {"a": 1}, "", "type"),
        (dict[str, int], [["a", 1]], "", "type"),
        (dict[str, int], {"a": True}, "/a", "type"),
        (Literal[True], 1, "", "enum"),
        (Literal["a", "b"], "c", "", "enum"),
    ],
)
def test_cattrs_coercions_are_refused(cls: Any, value: Any, path: str, code: str) -> None:
    assert _refused(value, cls) == [(path, code)]


def test_valid_values_of_user_types_pass_unchanged() -> None:
    assert ss.converter.structure(3, float) == 3
    assert ss.converter.structure(["a", "b"], tuple[str, ...]) == ("a", "b")
    assert ss.converter.structure(["a", 1], tuple[str, int]) == ("a", 1)
    assert ss.converter.structure(["a"], set[str]) == {"a"}
    literal: Any = Literal[True]
    assert ss.converter.structure(True, literal) is True


def test_enums_in_user_classes_are_built_and_checked() -> None:
    class Size(enum.IntEnum):
        SMALL = 1

    class Tier(str, enum.Enum):
        FREE = "free"

    class Flag(enum.Enum):
        ON = True

    assert ss.converter.structure(1, Size) is Size.SMALL
    assert ss.converter.structure("free", Tier) is Tier.FREE
    assert ss.converter.structure(True, Flag) is Flag.ON
    assert _refused(2, Size) == [("", "enum")]
    assert _refused(True, Size) == [("", "type")]
    assert _refused(1, Flag) == [("", "enum")]


def test_list_of_models(model: dict[str, Any]) -> None:
    loaded = ss.converter.structure([model, model], list[ss.Model])
    assert loaded == [ss.load(ss.Model, model)] * 2
    assert ss.converter.unstructure(loaded) == [model, model]
    broken = copy.deepcopy(model)
    del broken["id"]
    broken["parameters"]["rank"] = 500
    assert _refused([model, broken], list[ss.Model]) == [
        ("/1/id", "required"),
        ("/1/parameters/rank", "maximum"),
    ]
    assert _refused(model, list[ss.Model]) == [("", "type")]


def test_dict_of_model_parameters() -> None:
    data: dict[str, dict[str, Any]] = {"small": {"rank": 4}, "large": {"rank": 128, "seed": 1}}
    loaded = ss.converter.structure(data, dict[str, ss.ModelParameters])
    assert loaded == {name: ss.load(ss.ModelParameters, p) for name, p in data.items()}
    assert ss.converter.unstructure(loaded) == data
    data["large"]["rank"] = 129
    data["x~y"] = {"batchSize": "2"}
    assert _refused(data, dict[str, ss.ModelParameters]) == [
        ("/large/rank", "maximum"),
        ("/x~0y/batchSize", "type"),
    ]


def test_a_contract_class_structures_as_load_does(response: dict[str, Any]) -> None:
    loaded = ss.converter.structure(response, ss.TrainActionResponse)
    assert loaded == ss.load(ss.TrainActionResponse, response)
    response["model"]["parameters"]["rank"] = 0
    response["model"]["unknownField"] = 1
    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure(response, ss.TrainActionResponse)
    assert caught.value.issues == ss.validate(response, ss.TrainActionResponse).issues


def test_unstructure_of_a_contract_object_is_its_dump(model: dict[str, Any]) -> None:
    model["undocumented"] = {"kept": True}
    model["parameters"]["seed"] = None
    loaded = ss.load(ss.Model, model)
    assert ss.converter.unstructure(loaded) == ss.dump(loaded) == model
    assert ss.converter.unstructure(loaded.parameters) == model["parameters"]


def test_lenient_converter_keeps_what_lenient_load_keeps(model: dict[str, Any]) -> None:
    document = _document(model)
    document["runs"][0]["model"]["type"] = "flux.3-lora"
    assert _refused(document, Experiment) == [("/runs/0/model/type", "enum")]
    lenient = ss.make_converter(mode="lenient")
    experiment = lenient.structure(document, Experiment)
    assert str(experiment.runs[0].model.type) == "flux.3-lora"
    assert lenient.unstructure(experiment)["runs"][0]["model"] == document["runs"][0]["model"]


def test_check_formats_reaches_the_contract_classes(model: dict[str, Any]) -> None:
    model["createdAt"] = "2024-01-01T00:00:00Z"
    model["updatedAt"] = "yesterday"
    runs = [{"name": "a", "model": model, "history": []}]
    assert ss.converter.structure(runs, list[Run])[0].model.updated_at == "yesterday"
    checking = ss.make_converter(check_formats=True)
    assert ("/0/model/updatedAt", "format") in _refused(runs, list[Run], checking)
    assert ("/0/model/createdAt", "format") not in _refused(runs, list[Run], checking)


def test_forbid_extra_keys_reports_each_at_its_pointer() -> None:
    document = {"runs": [], "note": 1, "a/b": 2}
    assert ss.converter.structure(document, Experiment) == Experiment(runs=[])
    forbidding = ss.make_converter(forbid_extra_keys=True)
    assert _refused(document, Experiment, forbidding) == [
        ("/a~1b", "unknown-field"),
        ("/note", "unknown-field"),
    ]


def test_a_failing_user_validator_is_one_bounded_line_at_its_object() -> None:
    def refuse(instance: Any, attribute: Any, value: int) -> None:
        raise ValueError("not today\n" + "x" * 10_000)

    @attrs.frozen
    class Checked:
        count: int = attrs.field(validator=refuse)

    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure([{"count": 1}], list[Checked])
    (issue,) = caught.value.issues
    assert (issue.path, issue.code) == ("/0", "invalid")
    assert issue.message == "ValueError: not today"


def test_a_long_exception_message_is_cut() -> None:
    def refuse(instance: Any, attribute: Any, value: int) -> None:
        raise ValueError("y" * 10_000)

    @attrs.frozen
    class Checked:
        count: int = attrs.field(validator=refuse)

    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure({"count": 1}, Checked)
    (issue,) = caught.value.issues
    assert len(issue.message) <= 160
    assert issue.message.endswith("...")


class _Hostile(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no message")


def test_an_exception_without_a_printable_message_is_still_an_issue() -> None:
    def refuse(instance: Any, attribute: Any, value: int) -> None:
        raise _Hostile

    @attrs.frozen
    class Checked:
        count: int = attrs.field(validator=refuse)

    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure({"count": 1}, Checked)
    assert [(i.path, i.code, i.message) for i in caught.value.issues] == [
        ("", "invalid", "_Hostile: (a message that cannot be shown)")
    ]


def test_wandb_key_never_appears_in_the_error(model: dict[str, Any]) -> None:
    secret = "SECRET-" + "k" * 50
    model["parameters"]["wandbKey"] = secret
    runs = [{"name": "a", "model": model, "history": [{"wandbKey": secret}]}]
    with pytest.raises(ss.ContractError) as caught:
        ss.converter.structure(runs, list[Run])
    assert _errors(caught.value) == [
        ("/0/model/parameters/wandbKey", "maxLength"),
        ("/0/history/0/wandbKey", "maxLength"),
    ]
    assert "SECRET" not in str(caught.value)
    assert all("SECRET" not in issue.message for issue in caught.value.issues)


@attrs.frozen
class Node:
    """A recursive user class."""

    name: str
    children: list[Node] = attrs.Factory(list)


def test_recursive_user_classes_report_at_every_depth() -> None:
    data = {"name": "a", "children": [{"name": "b", "children": [{"name": 2}, "c"]}]}
    assert _refused(data, Node) == [
        ("/children/0/children/0/name", "type"),
        ("/children/0/children/1", "type"),
    ]
    good = {"name": "a", "children": [{"name": "b", "children": [{"name": "c", "children": []}]}]}
    assert ss.converter.unstructure(ss.converter.structure(good, Node)) == good


class Stamp(str):
    """A user type with a hook of its own."""


def test_hooks_registered_on_a_converter_or_its_copy_apply_inside_containers() -> None:
    mine = ss.make_converter()

    def stamp(value: Any, _: Any) -> Stamp:
        if not isinstance(value, str) or not value.startswith("@"):
            raise ValueError("a stamp starts with @")
        return Stamp(value)

    copied = mine.copy()
    copied.register_structure_hook(Stamp, stamp)
    assert copied.structure(["@a"], list[Stamp]) == [Stamp("@a")]
    assert _refused(["@a", "b"], list[Stamp], copied) == [("/1", "invalid")]
    assert _refused({"x": 1}, list[Stamp], copied) == [("", "type")]


def test_typed_dicts_and_dataclasses_take_an_object_only() -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    class Box(TypedDict):
        size: int

    assert ss.converter.structure({"x": 1}, Point) == Point(1)
    assert ss.converter.structure({"size": 2}, Box) == {"size": 2}
    assert _refused([1], Point) == [("", "type")]
    assert _refused("s", Box) == [("", "type")]
    assert _refused({"size": "2"}, Box) == [("/size", "type")]


class Opaque:
    """A type cattrs has no hook for."""


@attrs.frozen
class Holder:
    """A user class cattrs cannot structure."""

    thing: Opaque


def test_usage_errors_are_not_document_errors() -> None:
    with pytest.raises(StructureHandlerNotFoundError):
        ss.converter.structure({"thing": 1}, Holder)
    with pytest.raises(StructureHandlerNotFoundError):  # (cattrs < 25 skips an empty list)
        ss.converter.structure([{"thing": 1}], list[Holder])

    @attrs.frozen
    class Unresolvable:
        thing: Missing  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(NameError):
        ss.converter.structure({"thing": 1}, Unresolvable)
    with pytest.raises(ValueError, match="mode must be"):
        ss.make_converter(mode="loose")  # type: ignore[arg-type]


@given(
    presets=st.dictionaries(st.text(max_size=5), ss_st.instances(ss.ModelParameters), max_size=3)
)
def test_round_trip_through_a_user_class_for_generated_parameters(
    presets: dict[str, ss.ModelParameters],
) -> None:
    experiment = Experiment(runs=[], presets=presets)
    data = ss.converter.unstructure(experiment)
    assert data["presets"] == {label: ss.dump(p) for label, p in presets.items()}
    assert ss.converter.structure(data, Experiment) == experiment


@given(mutation=ss_st.invalid_payloads("model-parameters"))
def test_every_contract_mutation_is_reported_under_the_users_path(
    mutation: ss_st.Mutation,
) -> None:
    document = {"runs": [], "presets": {"x/y": mutation.payload}}
    assert _refused(document, Experiment) == [("/presets/x~1y" + mutation.path, mutation.code)]
