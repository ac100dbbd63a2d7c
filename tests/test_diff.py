"""diff: every change between two revisions, and a proof of whom each one breaks.

A change breaks the ``consumer`` when some document valid in strict mode under the
new revision (with no undocumented field) is invalid under the old one, and the
``producer`` when some such document of the old revision is invalid under the new
one. For every change and party, Hypothesis either finds the witness document
(the change breaks that party) or checks that no generated document gets an
error at the change's path (it does not).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema import strategies as ss_st
from scenario_schema._diff import _admits_more, diff_views
from scenario_schema._drift import pattern_of
from scenario_schema._fields import (
    AnyValue,
    Array,
    ClassSpec,
    Constraints,
    Enum,
    FieldSpec,
    Map,
    Object,
    Scalar,
    Shape,
    class_spec,
)
from scenario_schema._report import tokens_of
from scenario_schema.cli import main
from scenario_schema.models import SCHEMAS, SchemaName

# --- the facts file, row by row -------------------------------------------------------

RESPONSE, PARAMS = "train-action-response", "train-action-params"
NO_ONE: tuple[str, ...] = ()
CONSUMER, PRODUCER = ("consumer",), ("producer",)

# (schema, path, kind, breaks): every row of shared/spec/sdk-2.4-facts.md that changes
# the contract, in the order diff lists them (the document's order).
FACTS = [
    (RESPONSE, "/model/capabilities/*", "value-added", CONSUMER),
    (RESPONSE, "/model/type", "value-removed", PRODUCER),
    (RESPONSE, "/model/deletedAt", "field-added", NO_ONE),
    (RESPONSE, "/model/disableRefund", "field-added", NO_ONE),
    (RESPONSE, "/model/inputs/*/kind", "value-added", CONSUMER),
    (RESPONSE, "/model/inputs/*/maxDuration", "field-added", NO_ONE),
    (RESPONSE, "/model/inputs/*/minDuration", "field-added", NO_ONE),
    (RESPONSE, "/model/inputs/*/modelTypes/*", "value-removed", PRODUCER),
    (RESPONSE, "/model/inputs/*/required/conditional", "field-added", NO_ONE),
    (RESPONSE, "/model/inputs/*/required/conditionalValues", "field-removed", NO_ONE),
    (RESPONSE, "/model/jobId", "field-added", NO_ONE),
    (RESPONSE, "/model/parameters/batchSize", "bound-changed", CONSUMER),
    (RESPONSE, "/model/parameters/nbEpochs", "bound-changed", CONSUMER),
    (RESPONSE, "/model/parameters/nbRepeats", "bound-changed", CONSUMER),
    (RESPONSE, "/model/trainingProgress/stage", "value-added", CONSUMER),
    (RESPONSE, "/model/trainingProgress/captchaImageUrl", "field-added", NO_ONE),
    (RESPONSE, "/model/trainingProgress/retryableError", "field-added", NO_ONE),
    (RESPONSE, "/model/trainingProgress/retryCount", "field-added", NO_ONE),
    (RESPONSE, "/model/uiConfig/outputProperties", "field-added", NO_ONE),
    (PARAMS, "/projectId", "field-added", NO_ONE),
    (PARAMS, "/originalAssets", "field-removed", NO_ONE),
]

_REVERSED_KIND = {
    "field-added": "field-removed",
    "field-removed": "field-added",
    "value-added": "value-removed",
    "value-removed": "value-added",
}
_OTHER_PARTY = {"consumer": "producer", "producer": "consumer"}


def _rows(found: ss.Diff) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(c.schema, c.path, c.kind, c.breaks) for c in found.changes]


def test_page_to_sdk_lists_every_row_of_the_facts_file() -> None:
    assert _rows(ss.diff("page", "sdk-2.4")) == FACTS


def test_the_values_and_bounds_of_each_change_are_the_facts() -> None:
    changes = {change.path: change for change in ss.diff("page", "latest").changes}
    assert changes["/model/capabilities/*"].after == ["audio2txt", "video2txt"]
    assert changes["/model/inputs/*/kind"].after == ["text"]
    assert changes["/model/trainingProgress/stage"].after == ["ready-for-captcha"]
    removed = ["sd-1_5", "sd-1_5-composition", "sd-1_5-lora", "sd-xl", "sd-xl-composition"]
    assert changes["/model/type"].before == [*removed, "sd-xl-lora"]
    assert changes["/model/inputs/*/modelTypes/*"].before == changes["/model/type"].before
    batch = changes["/model/parameters/batchSize"]
    assert (batch.before, batch.after, batch.description) == (
        {"maximum": 4},
        {"maximum": 8},
        "maximum 4 -> 8",
    )
    assert changes["/model/parameters/nbEpochs"].after == {"maximum": 100}
    assert changes["/model/parameters/nbRepeats"].after == {"maximum": 100}
    assert (
        changes["/model/deletedAt"].description == "'deletedAt' added: optional string, date-time"
    )
    assert "map of object ModelUiConfigOutputProperties" in (
        changes["/model/uiConfig/outputProperties"].description
    )


def test_the_reverse_diff_mirrors_kinds_and_parties() -> None:
    forward, backward = ss.diff("page", "sdk-2.4"), ss.diff("sdk-2.4", "page")
    mirrored = {
        (schema, path, _REVERSED_KIND.get(kind, kind), tuple(_OTHER_PARTY[p] for p in breaks))
        for schema, path, kind, breaks in _rows(forward)
    }
    assert set(_rows(backward)) == mirrored


def test_a_revision_has_no_change_from_itself() -> None:
    assert ss.diff("page", "page").changes == ()
    assert ss.diff("sdk-2.4", "latest").changes == ()


def test_unknown_revision_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown revision 'sdk-9'"):
        ss.diff("page", "sdk-9")  # type: ignore[arg-type]


def test_breaking_lists_the_changes_that_break_a_party() -> None:
    found = ss.diff("page", "sdk-2.4")
    assert {c.kind for c in found.breaking("consumer")} == {"value-added", "bound-changed"}
    assert {c.kind for c in found.breaking("producer")} == {"value-removed"}


# --- the classification, proven --------------------------------------------------------

CASES = [
    (old, new, change, party)
    for old, new in (("page", "sdk-2.4"), ("sdk-2.4", "page"))
    for change in ss.diff(old, new).changes  # type: ignore[arg-type]
    for party in ("consumer", "producer")
]
_DELETE: Any = object()


def _item(shape: Shape) -> Shape:
    return shape.item if isinstance(shape, Array) else shape.value  # type: ignore[union-attr]


def _place(
    data: st.DataObject,
    document: dict[str, Any],
    cls: type,
    path: str,
    revision: Any,
    make: Callable[[Shape, FieldSpec | None], Any],
) -> bool:
    """Put ``make(shape)`` at a path pattern, drawing the containers on the way; False when
    the path is not documented in ``revision``."""
    node: Any = document
    shape: Shape = Object(cls)
    tokens = tokens_of(path)
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        field = None
        if token == "*":
            inner = _item(shape)
            if not node:
                value = data.draw(ss_st._shape(inner, "strict", revision))
                if isinstance(node, list):
                    node.append(value)
                else:
                    node["k"] = value
            key: Any = 0 if isinstance(node, list) else next(iter(node))
        else:
            assert isinstance(shape, Object)
            field = class_spec(shape.cls, revision).by_wire.get(token)
            if field is None:
                return False
            inner, key = field.shape, token
            if not last and node.get(key) is None:
                node[key] = data.draw(ss_st._shape(inner, "strict", revision))
        if last:
            value = make(inner, field)
            if value is _DELETE:
                node.pop(key, None)
            else:
                node[key] = value
            return True
        node, shape = node[key], inner
    raise AssertionError(path)


def _check_of(shape: Shape, revision: str) -> Callable[[Any], bool]:
    """Whether a value passes a revision's strict check of a shape."""
    from scenario_schema._engine import Options, compile_shape

    check = compile_shape(shape, Options(mode="strict", check_formats=False, revision=revision))

    def passes(value: Any) -> bool:
        out: list[Any] = []
        check(value, "", out)
        return not out

    return passes


def _shape_at(cls: type, path: str, revision: str) -> Shape | None:
    shape: Shape = Object(cls)
    for token in tokens_of(path):
        if token == "*":
            shape = _item(shape)
            continue
        assert isinstance(shape, Object)
        field = class_spec(shape.cls, revision).by_wire.get(token)
        if field is None:
            return None
        shape = field.shape
    return shape


def _witness_value(
    data: st.DataObject, change: ss.Change, good: str, bad: str, cls: type
) -> Callable[[Shape, FieldSpec | None], Any]:
    """What to put at the change's path so that the document shows the change."""

    def make(shape: Shape, field: FieldSpec | None) -> Any:
        if change.kind in ("field-added", "field-removed", "requirement-changed"):
            return _DELETE if field is None or not field.required else None
        if change.kind == "value-added":
            return data.draw(st.sampled_from(change.after))
        if change.kind == "value-removed":
            return data.draw(st.sampled_from(change.before))
        bad_shape = _shape_at(cls, change.path, bad)
        assert bad_shape is not None
        refused = _check_of(bad_shape, bad)
        values = ss_st._shape(shape, "strict", good)
        return data.draw(values.filter(lambda value: not refused(value)))

    return make


def _errors_at(report: ss.Report, pattern: str, cls: type, revision: str) -> list[ss.Issue]:
    return [
        issue
        for issue in report.errors
        if (found := pattern_of(issue.path, cls, revision)) == pattern
        or found.startswith(pattern + "/")
    ]


def _conforms(report: ss.Report) -> bool:
    return report.ok and not any(issue.code == "unknown-field" for issue in report.issues)


@pytest.mark.parametrize(
    ("old", "new", "change", "party"),
    CASES,
    ids=[f"{o}->{n}:{c.path}:{c.kind}:{p}" for o, n, c, p in CASES],
)
def test_every_change_breaks_exactly_the_parties_it_names(
    old: Any, new: Any, change: ss.Change, party: str
) -> None:
    """A witness for each party a change breaks; no error at its path for the others."""
    # A consumer is broken by documents of the new revision, a producer by the old one's.
    good, bad = (new, old) if party == "consumer" else (old, new)
    schema = cast("SchemaName", change.schema)  # the documents diff() walks are schemas
    cls = SCHEMAS[schema]
    breaks = party in change.breaks

    @settings(max_examples=6)
    @given(ss_st.payloads(schema, revision=good), st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        if breaks:
            make = _witness_value(data, change, good, bad, cls)
        else:  # exercise the changed field with any value it may take

            def make(shape: Shape, field: FieldSpec | None) -> Any:
                if isinstance(shape, AnyValue):
                    return data.draw(ss_st.json_values(max_leaves=4, null=False))
                return data.draw(ss_st._shape(shape, "strict", good))

        placed = _place(data, document, cls, change.path, good, make)
        assert placed or not breaks
        assert _conforms(ss.validate(document, schema, revision=good))
        errors = _errors_at(ss.validate(document, schema, revision=bad), change.path, cls, bad)
        assert bool(errors) == breaks, errors

    check()


# --- classification of the kinds the data does not use yet -----------------------------


class _Doc:
    """A stand-in class for hand-built views."""


def _view(*fields: FieldSpec) -> Callable[[type], ClassSpec]:
    spec = ClassSpec(cls=_Doc, doc="", fields=fields)
    return lambda cls: spec


def _field(shape: Shape, *, required: bool = False, wire: str = "x") -> FieldSpec:
    return FieldSpec(wire, wire, shape, required, not required, "", False)


NUMBER = Scalar("number")


@pytest.mark.parametrize(
    ("old", "new", "kind", "breaks"),
    [
        (_field(NUMBER), _field(NUMBER, required=True), "requirement-changed", PRODUCER),
        (_field(NUMBER, required=True), _field(NUMBER), "requirement-changed", CONSUMER),
        (_field(NUMBER), _field(Scalar("string")), "type-changed", ("consumer", "producer")),
        (_field(Scalar("string")), _field(AnyValue()), "type-changed", CONSUMER),
        (_field(AnyValue()), _field(Array(NUMBER)), "type-changed", PRODUCER),
        (_field(Map(NUMBER)), _field(Object(_Doc)), "type-changed", ("consumer", "producer")),
        (_field(Enum("string", ("a",))), _field(Scalar("string")), "value-added", CONSUMER),
        (_field(Scalar("string")), _field(Enum("string", ("a",))), "value-removed", PRODUCER),
    ],
)
def test_requirement_and_type_changes_are_classified(
    old: FieldSpec, new: FieldSpec, kind: str, breaks: tuple[str, ...]
) -> None:
    (change,) = diff_views(_view(old), _view(new), {"doc": _Doc})
    assert (change.path, change.kind, change.breaks) == ("/x", kind, breaks)


def test_required_fields_added_or_removed_break_a_party() -> None:
    required = _field(NUMBER, required=True, wire="y")
    (added,) = diff_views(_view(), _view(required), {"doc": _Doc})
    (removed,) = diff_views(_view(required), _view(), {"doc": _Doc})
    assert (added.kind, added.breaks) == ("field-added", PRODUCER)
    assert (removed.kind, removed.breaks) == ("field-removed", CONSUMER)


@pytest.mark.parametrize(
    ("wide", "narrow", "admits_more"),
    [
        (Constraints(maximum=8), Constraints(maximum=4), True),
        (Constraints(maximum=4), Constraints(maximum=8), False),
        (Constraints(), Constraints(minimum=0), True),
        (Constraints(minimum=0), Constraints(exclusive_minimum=0), True),
        (Constraints(exclusive_minimum=0), Constraints(minimum=0), False),
        (Constraints(max_length=40), Constraints(max_length=20), True),
        (Constraints(format="date-time"), Constraints(), False),
    ],
)
def test_bounds_compare_by_the_values_they_admit(
    wide: Constraints, narrow: Constraints, admits_more: bool
) -> None:
    assert _admits_more(wide, narrow) is admits_more


def test_a_bound_moved_both_ways_breaks_both_parties() -> None:
    old = _field(Scalar("number", Constraints(minimum=1, maximum=4)))
    new = _field(Scalar("number", Constraints(minimum=2, maximum=8)))
    (change,) = diff_views(_view(old), _view(new), {"doc": _Doc})
    assert change.breaks == ("consumer", "producer")
    assert change.description == "minimum 1 -> 2; maximum 4 -> 8"


# --- CLI --------------------------------------------------------------------------------


def test_cli_lists_the_changes_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "page", "sdk-2.4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "page -> sdk-2.4: 21 changes (6 break consumers, 2 break producers)"
    assert lines[1] == "train-action-response:"
    assert lines[2].split() == [
        "value-added",
        "consumer",
        "/model/capabilities/*",
        *["2", "values", "added:", "'audio2txt',", "'video2txt'"],
    ]
    assert "train-action-params:" in lines


def test_cli_json_is_the_diff(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "page", "latest", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["from"], record["to"]) == ("page", "sdk-2.4")
    assert [(c["schema"], c["path"], c["kind"], tuple(c["breaks"])) for c in record["changes"]] == (
        FACTS
    )
    assert set(record["changes"][0]) == {
        "schema",
        "path",
        "kind",
        "description",
        "breaks",
        "before",
        "after",
    }


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["page", "sdk-2.4"], 0),
        (["page", "sdk-2.4", "--fail-on", "consumer"], 1),
        (["page", "sdk-2.4", "--fail-on", "producer"], 1),
        (["page", "page", "--fail-on", "consumer,producer"], 0),
        (["sdk-2.4", "page", "--fail-on", "consumer"], 1),
        (["page", "sdk-2.4", "--fail-on", "reader"], 2),
        (["page", "sdk-9"], 2),
    ],
)
def test_cli_exit_status_is_a_ci_gate(
    argv: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", *argv]) == status
