"""Train/action responses built by the official SDK 2.4.0, for the ``sdk-2.4`` revision's tests.

The SDK ships no example responses, so they are built from its own pydantic types:
each response fills every field of ``scenario_sdk``'s ``TrainActionResponse`` the
way the reference page's example (``examples/train-action-response.json``, generated
from the same OpenAPI document) fills it: the page example's value where the page
has the field, the field's name for a string, ``0`` for a number, ``true`` for a
boolean, ``{}`` for any JSON value. Response ``i`` takes the ``i``-th value of every
literal (cycling), the first takes them all in its lists, and the last two give the
required fields only. The SDK then validates each one (``model_validate``) and
dumps it (``model_dump(by_alias=True, exclude_none=True)``). The page example's
``triggerGenerate`` gives both ``position`` and ``after``, which the SDK says not to
do: these responses give ``position`` only.

Regenerate ``examples/sdk-2.4-responses.jsonl`` with the SDK installed::

    python -m pip install scenario-sdk==2.4.0
    python -m tests.sdk_responses
"""

from __future__ import annotations

import importlib
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

ROOT = Path(__file__).resolve().parent.parent
STREAM = ROOT / "examples" / "sdk-2.4-responses.jsonl"
SDK_VERSION = "2.4.0"
_MISSING: Any = object()


def sdk_module() -> Any:
    """The SDK's ``train_action_response`` module (raises ImportError without the SDK)."""
    return importlib.import_module("scenario_sdk.types.models.train_action_response")


def _optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return rest[0], True
    return annotation, False


def _value(annotation: Any, name: str, page: Any, index: int, *, whole: bool) -> Any:
    annotation, _ = _optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        values = typing.get_args(annotation)
        return values[index % len(values)]
    if origin is list:
        (item,) = typing.get_args(annotation)
        if whole and typing.get_origin(_optional(item)[0]) is Literal:
            return list(typing.get_args(_optional(item)[0]))
        first = page[0] if isinstance(page, list) and page else _MISSING
        return [_value(item, name, first, index, whole=whole)]
    if origin is dict:
        _, item = typing.get_args(annotation)
        key, inner = (
            next(iter(page.items())) if isinstance(page, dict) and page else ("foo", _MISSING)
        )
        return {key: _value(item, name, inner, index, whole=whole)}
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return _document(annotation, page if isinstance(page, dict) else {}, index, whole=whole)
    if page is not _MISSING:
        return page
    if annotation is str:
        return name
    if annotation is float:
        return 0
    if annotation is bool:
        return True
    return {}  # the SDK's `object`: any JSON value


def _document(
    cls: Any, page: dict[str, Any], index: int, *, whole: bool, required_only: bool = False
) -> dict[str, Any]:
    document = {}
    for attribute, field in cls.model_fields.items():
        if required_only and not field.is_required():
            continue
        wire = field.alias or attribute
        if wire == "after":  # "Do not specify both position and after"
            continue
        document[wire] = _value(
            field.annotation, wire, page.get(wire, _MISSING), index, whole=whole
        )
    return document


def build() -> list[dict[str, Any]]:
    """The responses, each validated and dumped by the SDK."""
    sdk = sdk_module()
    page = json.loads((ROOT / "examples" / "train-action-response.json").read_text())
    longest = max(
        len(typing.get_args(_optional(a)[0]))
        for cls in (sdk.Model, sdk.ModelInput, sdk.ModelTrainingProgress)
        for f in cls.model_fields.values()
        for a in (f.annotation, *typing.get_args(_optional(f.annotation)[0]))
        if typing.get_origin(_optional(a)[0]) is Literal
    )
    raw = [
        _document(sdk.TrainActionResponse, page, index, whole=index == 0)
        for index in range(longest)
    ]
    raw += [
        _document(sdk.TrainActionResponse, page, index, whole=False, required_only=True)
        for index in (0, 1)
    ]
    for document in raw[-2:]:
        document["model"] = _document(sdk.Model, page["model"], 0, whole=False, required_only=True)
    built = [sdk.TrainActionResponse.model_validate(document) for document in raw]
    return [
        response.model_dump(mode="json", by_alias=True, exclude_none=True) for response in built
    ]


def read() -> list[dict[str, Any]]:
    """The committed responses."""
    return [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    """Write the responses, one per line."""
    responses = build()
    STREAM.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in responses))
    print(f"wrote {len(responses)} responses to {STREAM}")


if __name__ == "__main__":
    main()
