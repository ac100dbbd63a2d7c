"""Benchmark payloads: the page's example, and a large deterministic response.

Both are valid for scenario-schema (strict) and for the official SDK's models.
"""

from __future__ import annotations

import copy
import json
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
    model["trainingImages"] = [
        {
            "id": f"asset_{i:04d}",
            "automaticCaptioning": f"a photo of a daiton dog number {i}",
            "createdAt": "2025-01-02T03:04:05.678Z",
            "description": f"training image {i}",
            "downloadUrl": f"https://cdn.example.invalid/assets/{i}.png",
            "name": f"image-{i}.png",
        }
        for i in range(images)
    ]
    model["epochs"] = [
        {
            "epoch": f"{i:06d}",
            "assets": [
                {"assetId": f"asset_e{i}_{j}", "url": f"https://cdn.example.invalid/e/{i}/{j}.png"}
                for j in range(4)
            ],
        }
        for i in range(epochs)
    ]
    variant = model["performanceStats"]["variants"][0]
    model["performanceStats"]["variants"] = [
        {**copy.deepcopy(variant), "variantKey": f"txt2img:{k}K", "costPerAssetP50CU": 10.5 + k}
        for k in range(variants)
    ]
    model["tags"] = [f"tag-{i}" for i in range(20)]
    model["capabilities"] = ["txt2img", "img2img", "inpaint", "controlnet"]
    return document
