"""The library against the API reference page: every field, type, literal and bound.

The page is read independently of the library (``spec_page.py``), and the
library's classes are walked in the page's depth-first order. The only
differences allowed are the decisions listed in ``docs/spec-notes.md``.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

import scenario_schema as ss
from scenario_schema._fields import (
    WIRE_STATE_ATTRIBUTES,
    AnyValue,
    Array,
    Enum,
    Map,
    Object,
    Scalar,
    Shape,
    class_spec,
)
from scenario_schema._revisions import REVISIONS
from tests import spec_page

PAGE_FIELDS = spec_page.read_fields()


def _render(shape: Shape) -> str:
    """The page's spelling of a shape's type (literals abbreviated to ``Literal``)."""
    if isinstance(shape, Scalar):
        return {"string": "str", "number": "float", "boolean": "bool"}[shape.kind]
    if isinstance(shape, Enum):
        return "Literal"
    if isinstance(shape, Array):
        return f"List[{_render(shape.item)}]"
    if isinstance(shape, Map):
        return f"Dict[str, {_render(shape.value)}]"
    if isinstance(shape, Object):
        return shape.cls.__name__
    assert isinstance(shape, AnyValue)
    return "object"


def _page_type(text: str) -> str:
    if "Literal[" in text:
        start = text.index("Literal[")
        end = text.index("]", start)
        text = text[:start] + "Literal" + text[end + 1 :]
    return text


def _enum_of(shape: Shape) -> Enum | None:
    while isinstance(shape, Array):
        shape = shape.item
    return shape if isinstance(shape, Enum) else None


def _library_fields(cls: type) -> list[tuple[str, str, Shape, Any]]:
    """(name, type, shape, constraints) of a class and the classes it holds, depth first."""
    rows = []
    for spec in class_spec(cls, "page").fields:
        rendered = _render(spec.shape)
        rows.append(
            (
                spec.name,
                f"Optional[{rendered}]" if spec.nullable else rendered,
                spec.shape,
                spec,
            )
        )
        inner: Shape = spec.shape
        while isinstance(inner, (Array, Map)):
            inner = inner.item if isinstance(inner, Array) else inner.value
        if isinstance(inner, Object):
            rows.extend(_library_fields(inner.cls))
    return rows


LIBRARY_FIELDS = [
    # The page lists the path parameter model_id with the call's parameters.
    ("model_id", "str", Scalar(kind="string"), None),
    *_library_fields(ss.TrainActionParams),
    ("model", "Model", Object(cls=ss.Model), None),
    *_library_fields(ss.Model),
]


def test_vendored_page_is_the_shared_page() -> None:
    if not spec_page.SHARED_PAGE.exists():
        pytest.skip("no shared/ checkout beside the project")
    assert spec_page.PAGE.read_bytes() == spec_page.SHARED_PAGE.read_bytes()


def test_every_page_field_is_in_the_library_in_page_order() -> None:
    page = [(field.name, _page_type(field.type)) for field in PAGE_FIELDS]
    library = [(name, rendered) for name, rendered, _, _ in LIBRARY_FIELDS]
    assert library == page


# (field, what the page says, what the library does): docs/spec-notes.md explains each.
LITERAL_DECISIONS = {"optimize_for": (["likeness"], ["likeness", "all", "none"])}


def test_every_literal_list_matches_the_page() -> None:
    seen = set()
    for field, (name, _, shape, _) in zip(PAGE_FIELDS, LIBRARY_FIELDS, strict=True):
        enum = _enum_of(shape)
        if enum is None:
            assert not field.literals, name
            continue
        seen.add(name)
        page_values = sorted(field.literals, key=str)
        library_values = sorted(enum.values, key=str)
        if name in LITERAL_DECISIONS:
            page_said, we_do = LITERAL_DECISIONS[name]
            assert page_values == sorted(page_said, key=str)
            assert library_values == sorted(we_do, key=str)
        else:
            assert library_values == page_values, name
    assert "type" in seen
    assert "capabilities" in seen


def test_every_bound_matches_the_page() -> None:
    """Each bound line of the page is the declared bound, except the listed decisions."""
    checked = 0
    for field, (name, _, shape, _) in zip(PAGE_FIELDS, LIBRARY_FIELDS, strict=True):
        limits = shape.constraints if isinstance(shape, Scalar) else None
        if limits is None:
            assert field.minimum is None, name
            assert field.maximum is None, name
            continue
        if field.exclusive_minimum:
            assert (limits.exclusive_minimum, limits.minimum) == (field.minimum, None), name
        else:
            assert (limits.minimum, limits.exclusive_minimum) == (field.minimum, None), name
        if name == "prior_loss_weight":
            # The renderer dropped the exponent of the largest double.
            assert field.maximum == 1.7976931348623157
            assert limits.maximum == 1.7976931348623157e308
        else:
            assert limits.maximum == field.maximum, name
        checked += field.minimum is not None or field.maximum is not None
    assert checked == 19


def test_wandb_key_length_comes_from_its_description() -> None:
    limits = class_spec(ss.ModelParameters, "page").by_wire["wandbKey"].shape
    assert isinstance(limits, Scalar)
    assert limits.constraints.max_length == 40
    description = next(f for f in PAGE_FIELDS if f.name == "wandb_key")
    assert description.type == "Optional[str]"


def test_page_example_is_the_shipped_example() -> None:
    shipped = json.loads(
        (
            spec_page.PAGE.parent.parent.parent / "examples" / "train-action-response.json"
        ).read_text()
    )
    assert shipped == spec_page.example_response()


def test_every_class_named_by_the_sdk_is_exported() -> None:
    names = [
        "Model", "ModelClass", "ModelConcept", "ModelEpoch", "ModelEpochAsset", "ModelInput",
        "ModelInputRequired", "ModelInputRequiredConditional", "ModelParameters",
        "ModelPerformanceStats",
        "ModelPerformanceStatsVariant", "ModelPerformanceStatsVariantArenaScore",
        "ModelThumbnail", "ModelTrainingImagePair", "ModelTrainingImage",
        "ModelTrainingProgress", "ModelTrainingStats", "ModelUiConfig",
        "ModelUiConfigInputProperties", "ModelUiConfigLorasComponent",
        "ModelUiConfigOutputProperties", "ModelUiConfigPreset",
        "ModelUiConfigResolutionComponent", "ModelUiConfigResolutionComponentPreset",
        "ModelUiConfigTriggerGenerate", "TrainActionParams", "TrainActionResponse",
    ]  # fmt: skip
    for name in names:
        cls = getattr(ss, name)
        assert attrs.has(cls)
        params = cls.__attrs_attrs__
        assert all(a.kw_only for a in params), name
        assert "__slots__" in cls.__dict__, name
        assert cls.__setattr__ is not object.__setattr__, name
        attributes = {attribute.name for attribute in attrs.fields(cls)}
        # The classes hold the fields of every revision (docs/revisions.md).
        declared = {s.name for revision in REVISIONS for s in class_spec(cls, revision).fields}
        assert attributes - WIRE_STATE_ATTRIBUTES == declared
