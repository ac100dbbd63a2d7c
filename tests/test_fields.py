"""The declarations and what derives from them: wire names, shapes, refusals."""

from __future__ import annotations

import typing

import attrs
import pytest

import scenario_schema as ss
from scenario_schema._fields import (
    Array,
    Enum,
    Map,
    Object,
    Scalar,
    class_spec,
    declare,
    wire_name,
)
from scenario_schema._revisions import ANY_REVISION
from scenario_schema.models import SCHEMAS, Contract


@pytest.mark.parametrize(
    ("attribute", "wire"),
    [
        ("class_", "class"),
        ("num_u_net_train_steps", "numUNetTrainSteps"),
        ("inference_latency_p50_sec", "inferenceLatencyP50Sec"),
        ("learning_rate_unet", "learningRateUnet"),
        ("id", "id"),
        ("model_id_input", "modelIdInput"),
    ],
)
def test_wire_names_are_camel_case(attribute: str, wire: str) -> None:
    assert wire_name(attribute) == wire


def test_irregular_wire_names_are_declared() -> None:
    wires = {spec.name: spec.wire for spec in class_spec(ss.ModelPerformanceStatsVariant).fields}
    assert wires["cost_per_asset_max_cu"] == "costPerAssetMaxCU"
    assert wires["cost_per_asset_min_cu"] == "costPerAssetMinCU"
    assert wires["cost_per_asset_p50_cu"] == "costPerAssetP50CU"
    assert class_spec(ss.Model).by_wire["class"].name == "class_"


def test_shapes_come_from_the_annotations() -> None:
    spec = class_spec(ss.Model).by_wire
    everything = class_spec(ss.Model, ANY_REVISION).by_wire  # the classes hold every revision
    assert everything["capabilities"].shape == Array(Enum("string", typing.get_args(ss.Capability)))
    assert spec["accessRestrictions"].shape == Enum("number", (0, 25, 50, 75, 100))
    assert spec["class"].shape == Object(ss.ModelClass)
    rank = class_spec(ss.ModelParameters).by_wire["rank"]
    assert isinstance(rank.shape, Scalar)
    assert (rank.shape.constraints.minimum, rank.shape.constraints.maximum) == (2, 128)
    assert (rank.required, rank.nullable) == (False, True)


@pytest.mark.parametrize(("revision", "classes"), [("page", 25), ("sdk-2.4", 27)])
def test_every_schema_class_derives_a_spec(revision: str, classes: int) -> None:
    seen: set[type] = set()

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for spec in class_spec(cls, revision).fields:
            shape = spec.shape
            while isinstance(shape, (Array, Map)):
                shape = shape.item if isinstance(shape, Array) else shape.value
            if isinstance(shape, Object):
                visit(shape.cls)

    for cls in SCHEMAS.values():
        visit(cls)
    assert len(seen) == classes


def test_a_field_without_a_declaration_is_refused() -> None:
    @attrs.frozen(kw_only=True)
    class Undeclared(Contract):
        name: str

    with pytest.raises(TypeError, match="no declare"):
        class_spec(Undeclared)


def test_an_optional_annotation_without_default_none_is_refused() -> None:
    @attrs.frozen(kw_only=True)
    class Mismatched(Contract):
        name: str | None = attrs.field(metadata=declare("A name."))

    with pytest.raises(TypeError, match="default=None"):
        class_spec(Mismatched)


def test_limits_on_a_non_scalar_are_refused() -> None:
    @attrs.frozen(kw_only=True)
    class Misplaced(Contract):
        names: list[str] = attrs.field(metadata=declare("Names.", max_length=3))

    with pytest.raises(TypeError, match="limits"):
        class_spec(Misplaced)


def test_a_secret_field_must_hide_its_repr() -> None:
    @attrs.frozen(kw_only=True)
    class Leaky(Contract):
        token: str | None = attrs.field(default=None, metadata=declare("A key.", secret=True))

    with pytest.raises(TypeError, match="redacted"):
        class_spec(Leaky)
