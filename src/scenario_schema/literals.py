"""The enum literal types of the Model object and train/action, one declaration each.

Every enum check, JSON Schema ``enum`` and Hypothesis strategy reads its values
from these ``Literal`` types (via :func:`typing.get_args`); nothing else in the
package spells a literal value again. Users annotate their own code with them.

Each type holds the values of every contract revision; :func:`revise_literal`,
beside it, says which values a revision added or removed (``docs/revisions.md``).
"""

from typing import Literal, get_args

from ._revisions import revise_literal

__all__ = [
    "AccessRestriction",
    "AssetKind",
    "BackgroundBehavior",
    "Capability",
    "ClassStatus",
    "ConditionalOperator",
    "InputType",
    "LrScheduler",
    "ModelStatus",
    "ModelType",
    "OptimizeFor",
    "Privacy",
    "Source",
    "TrainAction",
    "TrainingStage",
    "TriggerPosition",
]

Capability = Literal[
    "3d23d",
    "audio2audio",
    "audio2txt",
    "audio2video",
    "controlnet",
    "controlnet_img2img",
    "controlnet_inpaint",
    "controlnet_inpaint_ip_adapter",
    "controlnet_ip_adapter",
    "controlnet_reference",
    "controlnet_texture",
    "img23d",
    "img2img",
    "img2img_ip_adapter",
    "img2img_texture",
    "img2txt",
    "img2video",
    "inpaint",
    "inpaint_ip_adapter",
    "outpaint",
    "reference",
    "reference_texture",
    "txt23d",
    "txt2audio",
    "txt2img",
    "txt2img_ip_adapter",
    "txt2img_texture",
    "txt2txt",
    "txt2video",
    "video23d",
    "video2audio",
    "video2img",
    "video2txt",
    "video2video",
]
"""A generation capability of a model."""
revise_literal(Capability, added={"sdk-2.4": ("audio2txt", "video2txt")})

Privacy = Literal["private", "public", "unlisted"]
"""Who can see a model."""

Source = Literal["civitai", "huggingface", "other", "scenario"]
"""Where a model comes from."""

ModelStatus = Literal["copying", "failed", "new", "trained", "training", "training-canceled"]
"""The lifecycle status of a model."""

ModelType = Literal[
    "custom",
    "elevenlabs-voice",
    "flux.1",
    "flux.1-composition",
    "flux.1-kontext-dev",
    "flux.1-kontext-lora",
    "flux.1-krea-dev",
    "flux.1-krea-lora",
    "flux.1-lora",
    "flux.1-pro",
    "flux.1.1-pro-ultra",
    "flux.2-dev-edit-lora",
    "flux.2-dev-lora",
    "flux.2-klein-4b-edit-lora",
    "flux.2-klein-4b-lora",
    "flux.2-klein-9b-edit-lora",
    "flux.2-klein-9b-lora",
    "flux.2-klein-base-4b-edit-lora",
    "flux.2-klein-base-4b-lora",
    "flux.2-klein-base-9b-edit-lora",
    "flux.2-klein-base-9b-lora",
    "flux1.1-pro",
    "gpt-image-1",
    "qwen-image-2512-lora",
    "qwen-image-edit-2509-lora",
    "qwen-image-edit-2511-lora",
    "qwen-image-edit-lora",
    "qwen-image-lora",
    "sd-1_5",
    "sd-1_5-composition",
    "sd-1_5-lora",
    "sd-xl",
    "sd-xl-composition",
    "sd-xl-lora",
    "zimage-de-turbo-lora",
    "zimage-lora",
    "zimage-turbo-lora",
]
"""The model type (the base architecture or kind of a model)."""
# SDK 2.4.0 dropped every Stable Diffusion type (the six `sd-*` values above).
revise_literal(
    ModelType,
    removed={"sdk-2.4": tuple(value for value in get_args(ModelType) if value.startswith("sd-"))},
)

AccessRestriction = Literal[0, 25, 50, 75, 100]
"""The plan needed to use a model: 0 Free, 25 Creator, 50 Pro, 75 Team, 100 Enterprise."""

ClassStatus = Literal["published", "unpublished"]
"""Whether a model class is listed."""

InputType = Literal[
    "boolean",
    "file",
    "file_array",
    "inputs_array",
    "model",
    "model_array",
    "number",
    "number_array",
    "string",
    "string_array",
]
"""The data type of a custom model's input."""

BackgroundBehavior = Literal["opaque", "transparent"]
"""Background behaviour of an image input."""

AssetKind = Literal["3d", "audio", "document", "image", "image-hdr", "json", "text", "video"]
"""The asset kind a file input takes."""
revise_literal(AssetKind, added={"sdk-2.4": ("text",)})

LrScheduler = Literal[
    "constant",
    "constant-with-warmup",
    "cosine",
    "cosine-with-restarts",
    "linear",
    "polynomial",
]
"""The learning-rate scheduler of an SD 1.5 or SDXL LoRA training."""

# The page's Literal lists only "likeness"; its description names "all" and "none"
# as available values too. See docs/spec-notes.md, "optimizeFor".
OptimizeFor = Literal["likeness", "all", "none"]
"""Which transformer blocks a Flux LoRA training targets."""

TrainingStage = Literal[
    "pending",
    "pending-captcha",
    "queued-for-train",
    "ready-for-captcha",
    "running-train",
    "starting-train",
]
"""The stage of a training job."""
revise_literal(TrainingStage, added={"sdk-2.4": ("ready-for-captcha",)})

TriggerPosition = Literal["bottom", "top"]
"""Where the UI shows the generate button."""

TrainAction = Literal["cancel"]
"""An action on a model training."""

ConditionalOperator = Literal["and", "or"]
"""How the conditions of a conditional input requirement combine (since ``sdk-2.4``)."""
