"""Benchmark payloads: the page's example (as it is, and with no issue), and two large ones.

Every payload is valid for scenario-schema (strict) and for the official SDK's models,
and round-trips: ``dump(load(p)) == p`` (``tests/test_fastpath_payloads.py``).
``large_response`` grows the page's example (whose one input breaks most of the page's
prose rules: 106 warnings) to 34 KiB; ``container_response`` is a 53.5 KiB response
shaped like a real custom model, with container-valued free-form fields and inputs
that follow the prose rules (one warning).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def page_example() -> dict[str, Any]:
    """The page's example response, less the `after`/`position` pair it says not to give."""
    example: dict[str, Any] = json.loads(
        (ROOT / "examples" / "train-action-response.json").read_text()
    )
    del example["model"]["uiConfig"]["triggerGenerate"]["after"]
    return example


def clean_example() -> dict[str, Any]:
    """The page's example with no issue: less the fields its prose rules refuse it.

    `epoch` and `epochs` (a `custom` model's), and the input made a `number` one
    without the fields of other input types (as the tests' `response` fixture).
    """
    example = page_example()
    model = example["model"]
    del model["epoch"], model["epochs"]
    entry = model["inputs"][0]
    entry["type"] = "number"
    for name in (
        "backgroundBehavior", "color", "inputs", "kind", "maxSize", "modelTypes", "parent",
        "placeholder", "prompt", "promptSpark",
    ):  # fmt: skip
        del entry[name]
    return example


def _training_images(count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"asset_{i:04d}",
            "automaticCaptioning": f"a photo of a daiton dog number {i}",
            "createdAt": "2025-01-02T03:04:05.678Z",
            "description": f"training image {i}",
            "downloadUrl": f"https://cdn.example.invalid/assets/{i}.png",
            "name": f"image-{i}.png",
        }
        for i in range(count)
    ]


def _epochs(count: int) -> list[dict[str, Any]]:
    return [
        {
            "epoch": f"{i:06d}",
            "assets": [
                {"assetId": f"asset_e{i}_{j}", "url": f"https://cdn.example.invalid/e/{i}/{j}.png"}
                for j in range(4)
            ],
        }
        for i in range(count)
    ]


def _variants(model: dict[str, Any], count: int) -> list[dict[str, Any]]:
    variant = model["performanceStats"]["variants"][0]
    return [
        {**copy.deepcopy(variant), "variantKey": f"txt2img:{k}K", "costPerAssetP50CU": 10.5 + k}
        for k in range(count)
    ]


def large_response(
    inputs: int = 50, images: int = 40, epochs: int = 30, variants: int = 6
) -> dict[str, Any]:
    """A large response: many inputs, training images, epochs with assets, perf variants."""
    document = page_example()
    model = document["model"]
    input_types = [
        "boolean",
        "file",
        "file_array",
        "number",
        "string",
        "string_array",
        "model_array",
    ]
    model["inputs"] = [
        {
            "name": f"input_{i}",
            "type": input_types[i % len(input_types)],
            "label": f"Input {i}",
            "description": "A generated input for the benchmark",
            "default": i if i % 2 else f"value-{i}",
            "min": 0,
            "max": 100 + i,
            "step": 1,
            "allowedValues": [1, 2, 3] if i % 3 == 0 else None,
            "kind": "image" if i % 4 == 0 else None,
            "modelTypes": ["flux.1-lora", "qwen-image-lora"] if i % 7 == 0 else None,
            "required": {"always": i % 5 == 0},
            "group": f"group-{i % 4}",
        }
        for i in range(inputs)
    ]
    for entry in model["inputs"]:
        for key in [k for k, v in entry.items() if v is None]:
            del entry[key]
    model["trainingImages"] = _training_images(images)
    model["epochs"] = _epochs(epochs)
    model["performanceStats"]["variants"] = _variants(model, variants)
    model["tags"] = [f"tag-{i}" for i in range(20)]
    model["capabilities"] = ["txt2img", "img2img", "inpaint", "controlnet"]
    return document


# The ten input types in turn: five inputs of each among fifty.
_INPUT_TYPES = (
    "string",
    "number",
    "file",
    "string_array",
    "boolean",
    "number_array",
    "model",
    "model_array",
    "file_array",
    "inputs_array",
)

_STYLES = ["photo", "illustration", "3d render", "watercolor", "line art", "pixel art"]


def _name(i: int) -> str:
    return f"{_INPUT_TYPES[i % len(_INPUT_TYPES)]}_{i}"


def _required(i: int) -> dict[str, Any]:
    """A required rule: each of the page's four kinds in turn, the last three dict-valued."""
    other, another = _name((i + 1) % 50), _name((i + 3) % 50)
    rules: list[dict[str, Any]] = [
        {"always": True},
        {"ifDefined": {other: f"Set {_name(i)} when {other} is given"}},
        {"ifNotDefined": {other: f"Give {_name(i)} or {other}", another: "Or this one"}},
        {
            "conditionalValues": {
                other: {"operator": "in", "values": _STYLES[: 2 + i % 3]},
                another: {"operator": "gte", "values": [i, i * 2.5]},
            }
        },
    ]
    return rules[i % len(rules)]


def _input(i: int) -> dict[str, Any]:
    """One input of a custom model, with only the fields the page gives its type."""
    kind = _INPUT_TYPES[i % len(_INPUT_TYPES)]
    entry: dict[str, Any] = {
        "name": _name(i),
        "type": kind,
        "label": f"{kind.replace('_', ' ').title()} {i}",
        "description": f"Input {i} of the benchmark model: a {kind} the UI shows in group {i % 5}",
        "group": f"group-{i % 5}",
        "required": _required(i),
    }
    if i % 2 == 0:
        entry["hint"] = "Leave empty to use the model's own default"
        entry["costImpact"] = i % 4 == 0
    if kind == "string":
        entry.update(
            default=f"a {_STYLES[i % len(_STYLES)]} of a daiton dog, studio light",
            placeholder="Describe the image",
            prompt=i % 2 == 0,
            promptSpark=i % 2 == 0,
            minLength=1,
            maxLength=2000,
        )
        if i % 4 == 0:
            entry["allowedValues"] = _STYLES
    elif kind == "number":
        entry.update(default=7.5 + i, min=1, max=100 + i, step=1)
        if i % 4 == 1:
            entry["allowedValues"] = [512, 768, 1024, 1536]
    elif kind == "number_array":
        entry.update(default=[0.8, 0.6, 0.4][: 1 + i % 3], min=0, max=2)
    elif kind == "string_array":
        entry.update(default=["sharp", "detailed"], allowedValues=_STYLES, min=0, max=4)
        entry["maxLength"] = 64
    elif kind == "boolean":
        entry["default"] = i % 2 == 0
    elif kind in ("file", "file_array"):
        entry.update(kind="image", backgroundBehavior="opaque", maxSize=10_485_760, parent=True)
        if kind == "file_array":
            entry.update(default=[f"asset_ref_{i}_{j}" for j in range(3)], min=1, max=8)
        else:
            entry["maskFrom"] = _name((i + 6) % 50)
    elif kind == "model":
        entry["default"] = {"modelId": f"model_base_{i}", "epoch": f"{i:06d}"}
    elif kind == "model_array":
        entry.update(
            default=[{"modelId": f"model_lora_{i}_{j}", "scale": 0.5 + j / 4} for j in range(2)],
            modelTypes=["flux.1-lora", "flux.1-kontext-lora", "qwen-image-lora"],
            min=0,
            max=5,
        )
    elif kind == "inputs_array":
        entry.update(
            inputs=[
                {"name": "prompt", "type": "string", "label": "Region prompt", "maxLength": 500},
                {"name": "weight", "type": "number", "min": 0, "max": 2, "step": 1, "default": 1},
                {"name": "mask", "type": "file", "kind": "image", "required": {"always": True}},
            ],
            default=[
                {"prompt": f"region {j} of input {i}", "weight": 1 + j, "mask": None}
                for j in range(2)
            ],
            min=1,
            max=4,
        )
    return entry


def _ui_config(names: list[str]) -> dict[str, Any]:
    """Presets, selects and components that name the inputs, as a real model's UI would."""
    of_type: dict[str, list[str]] = {}
    for name in names:
        of_type.setdefault(name.rsplit("_", 1)[0], []).append(name)
    numbers, strings = of_type["number"], of_type["string"]
    return {
        "inputProperties": {name: {"collapsed": i % 2 == 0} for i, name in enumerate(names[::4])},
        "lorasComponent": {
            "label": "LoRAs",
            "modelInput": of_type["model_array"][0],
            "scaleInput": of_type["number_array"][0],
            "modelIdInput": of_type["model"][0],
        },
        "presets": [
            {
                "fields": [numbers[k], strings[k], of_type["boolean"][k]],
                "presets": {
                    label: {numbers[k]: 7.5 + j, strings[k]: f"{label} look", "enabled": j % 2 == 0}
                    for j, label in enumerate(["fast", "balanced", "quality", "max"])
                },
            }
            for k in range(5)
        ],
        "resolutionComponent": {
            "heightInput": numbers[0],
            "label": "Resolution",
            "presets": [
                {"height": height, "label": f"{width}x{height}", "width": width}
                for width, height in ((1024, 1024), (1152, 896), (896, 1152), (1344, 768))
            ],
            "widthInput": numbers[1],
        },
        "selects": {
            name: {
                "options": [
                    {
                        "label": style.title(),
                        "value": style,
                        "preview": f"/previews/{style}.png",
                        "tooltip": f"A {style} look",
                    }
                    for style in _STYLES
                ],
                "multiple": name.startswith("string_array"),
                "searchable": True,
            }
            for name in [*strings, *of_type["string_array"]]
        },
        "triggerGenerate": {"label": "Generate", "position": "bottom"},
    }


def container_response(
    inputs: int = 50, images: int = 40, epochs: int = 30, variants: int = 6
) -> dict[str, Any]:
    """A 53.5 KiB response whose free-form values are containers.

    Fifty inputs of every type with only the fields the page gives that type: list
    ``default``s, dict-valued ``required`` rules (``ifDefined``, ``ifNotDefined``,
    ``conditionalValues``), nested ``inputs``; ``uiConfig`` presets and selects that
    name the inputs; 40 training images, 30 epochs of 4 assets, 6 variants. One
    prose-rule warning remains: a ``custom`` model with ``epochs``.
    """
    document = page_example()
    model = document["model"]
    model["type"] = "custom"
    del model["epoch"]
    model["capabilities"] = ["txt2img", "img2img", "inpaint", "controlnet"]
    model["tags"] = [f"tag-{i}" for i in range(20)]
    model["inputs"] = [_input(i) for i in range(inputs)]
    model["uiConfig"] = _ui_config([entry["name"] for entry in model["inputs"]])
    model["trainingImages"] = _training_images(images)
    model["trainingImagesNumber"] = images
    model["epochs"] = _epochs(epochs)
    model["performanceStats"]["variants"] = _variants(model, variants)
    return document


def today_response() -> dict[str, Any]:
    """A response shaped like the API's today: SDK 2.4.0's fields and values, and drift.

    The page's example with no issue, as SDK 2.4.0 describes a Model: the two
    capabilities it adds, `deletedAt`, `disableRefund`, `jobId`, a `ready-for-captcha`
    training stage with its retry fields, the `conditional` rule in place of
    `conditionalValues`, `outputProperties`; then four fields no revision documents,
    at three depths. Valid under `sdk-2.4` (strict) and under `page` in lenient mode
    (where the SDK's values are undocumented), and for the SDK's own types.
    """
    example = clean_example()
    model = example["model"]
    model["capabilities"] += ["audio2txt", "video2txt"]
    model.update(deletedAt="2026-12-01T09:30:00Z", disableRefund=False, jobId="job_8f2c")
    model["trainingProgress"].update(
        stage="ready-for-captcha", retryCount=1, captchaImageUrl="https://cdn.example/c.png"
    )
    required = model["inputs"][0]["required"]
    del required["conditionalValues"]
    required["conditional"] = {"values": {"width": [512, 1024]}, "operator": "and"}
    model["uiConfig"]["outputProperties"] = {"image": {"label": "Image"}}
    # Drift: fields no revision documents, as the API adds them.
    model["thumbnailBlurhash"] = "L6PZfSi_.AyE_3t7t7R**0o#DgR4"
    model["costEstimate"] = {"credits": 12, "currency": "CU", "perStep": [0.5, 0.25]}
    model["parameters"]["ditheringStrength"] = 0.25
    model["inputs"][0]["uiHint"] = "slider"
    return example


def with_undocumented(payload: dict[str, Any], count: int) -> dict[str, Any]:
    """A copy of a response with ``count`` undocumented fields.

    They go on the model, its parameters and its first input in turn, each a string, a
    number or a small object.
    """
    copied = copy.deepcopy(payload)
    model = copied["model"]
    places = [model, model["parameters"], model["inputs"][0]]
    values: list[Any] = ["value", 7, {"nested": [1, 2]}]
    for index in range(count):
        places[index % 3][f"undocumented{index}"] = values[index % 3]
    return copied


PAYLOADS: dict[str, Callable[[], dict[str, Any]]] = {
    "spec example": page_example,
    "large response": large_response,
    "container response": container_response,
}
"""The payloads of `make bench`, by name."""
