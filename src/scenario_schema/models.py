"""The attrs classes of the Model object and of ``POST /models/{modelId}/train/action``.

One class per object of the API reference page, named as the official SDK
names it. Each field is declared once, with its page description and its
documented limits (see ``_fields.py``); wire names are camelCase and are the
converter's business, never the classes'. Spec decisions are marked with a
comment and explained in ``docs/spec-notes.md``.

The classes hold the fields of every contract revision: a field that only some
revisions document says so (``added=``/``removed=``), and so do bounds that a
revision changed (``revised=``); see ``docs/revisions.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from ._engine import check_constructed
from ._fields import declare, redacted
from ._frozen import NO_NULLS, ReadOnlyDict, ReadOnlyList, freeze
from ._hooks import classes_built
from ._preview import safe_repr
from .literals import (
    AccessRestriction,
    AssetKind,
    BackgroundBehavior,
    Capability,
    ClassStatus,
    ConditionalOperator,
    InputType,
    LrScheduler,
    ModelStatus,
    ModelType,
    OptimizeFor,
    Privacy,
    Source,
    TrainAction,
    TrainingStage,
    TriggerPosition,
)

__all__ = [
    "Contract",
    "Model",
    "ModelClass",
    "ModelConcept",
    "ModelEpoch",
    "ModelEpochAsset",
    "ModelInput",
    "ModelInputRequired",
    "ModelInputRequiredConditional",
    "ModelParameters",
    "ModelPerformanceStats",
    "ModelPerformanceStatsVariant",
    "ModelPerformanceStatsVariantArenaScore",
    "ModelThumbnail",
    "ModelTrainingImage",
    "ModelTrainingImagePair",
    "ModelTrainingProgress",
    "ModelTrainingStats",
    "ModelUiConfig",
    "ModelUiConfigInputProperties",
    "ModelUiConfigLorasComponent",
    "ModelUiConfigOutputProperties",
    "ModelUiConfigPreset",
    "ModelUiConfigResolutionComponent",
    "ModelUiConfigResolutionComponentPreset",
    "ModelUiConfigTriggerGenerate",
    "TrainActionParams",
    "TrainActionResponse",
]

# The page prints priorLossWeight's maximum as "1.7976931348623157": the renderer
# dropped the exponent of the largest double. See docs/spec-notes.md.
_LARGEST_DOUBLE = sys.float_info.max
# seed's documented maximum, 9007199254740991, is 2**53 - 1: the largest integer a
# double (and so a JavaScript number) holds exactly.
_LARGEST_EXACT_INTEGER = 2**53 - 1


def _keys_only(extra: dict[str, Any]) -> str:
    """Show which undocumented fields an object carries, never their values."""
    return "{" + ", ".join(f"{safe_repr(key)}: ..." for key in extra) + "}"


def _null_set(names: Iterable[str]) -> frozenset[str]:
    """``frozenset(names)``, the shared empty one when empty (what the dumpers test first)."""
    return frozenset(names) or NO_NULLS


@attrs.frozen(kw_only=True, repr=False)
class Contract:
    """Base of every contract class: the wire state that makes a round trip lossless.

    ``extra`` keeps undocumented fields (wire name to JSON value) so that a dump
    gives them back; ``null_fields`` names the optional fields that were sent as
    an explicit ``null`` rather than left out. Construction checks every field
    against its documented limits and raises :class:`ContractError` with all
    issues; :func:`scenario_schema.load` checks the document instead.

    Frozen all the way down: lists, dicts and ``object``-typed values are held in
    read-only copies (``_frozen.py``), so neither the values an object was built
    from nor the dicts :func:`scenario_schema.dump` returns share anything mutable
    with it. Every ``repr`` works, whatever the values (a 5000-digit integer too).
    """

    if TYPE_CHECKING:  # what attrs adds, declared for type checkers (attrs.evolve, attrs.fields)
        __attrs_attrs__: ClassVar[Any]

    extra: ReadOnlyDict[str, Any] = attrs.field(factory=dict, repr=_keys_only)
    """Undocumented fields, wire name to JSON value: kept, and given back by a dump."""
    null_fields: frozenset[str] = attrs.field(
        default=NO_NULLS, converter=_null_set, eq=False, repr=False
    )
    """Wire names of the optional fields that were sent as an explicit ``null``."""

    def __attrs_post_init__(self) -> None:
        # A field typed ReadOnlyList (a Sequence, for type checkers) takes a tuple too.
        for field in self.__attrs_attrs__:
            value = getattr(self, field.name)
            if value.__class__ is tuple:
                object.__setattr__(self, field.name, list(value))
        check_constructed(self)
        # Copy containers in, read-only (load's builders do the same without __init__).
        for field in self.__attrs_attrs__:
            value = getattr(self, field.name)
            frozen = freeze(value)
            if frozen is not value:
                object.__setattr__(self, field.name, frozen)

    def __repr__(self) -> str:
        """The repr attrs writes, each value shown by ``safe_repr`` (every class has repr=False)."""
        shown = []
        for field in self.__attrs_attrs__:
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            text = field.repr(value) if callable(field.repr) else safe_repr(value)
            shown.append(f"{field.name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"


@attrs.frozen(kw_only=True, repr=False)
class ModelClass(Contract):
    """The class of the model."""

    category: str = attrs.field(
        metadata=declare("The category slug of the class (example: 'art-style').")
    )
    concept_prompt: str = attrs.field(metadata=declare("The concept prompt of the class."))
    model_id: str = attrs.field(
        metadata=declare("The model ID of the class (example: 'stable-diffusion-v1-5').")
    )
    name: str = attrs.field(metadata=declare("The class name (example: 'Character Design')."))
    prompt: str = attrs.field(metadata=declare("The class prompt (example: 'a character design')."))
    slug: str = attrs.field(
        metadata=declare("The class slug (example: 'art-style-character-design').")
    )
    status: ClassStatus = attrs.field(
        metadata=declare(
            "The class status (only published classes are listed, but unpublished classes"
            " can still appear in existing models)."
        )
    )
    thumbnails: ReadOnlyList[str] = attrs.field(
        metadata=declare("Some example images URLs to showcase the class.")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelConcept(Contract):
    """A concept of a composition model."""

    model_id: str = attrs.field(
        metadata=declare("The model ID (example: 'model_eyVcnFJcR92BxBkz7N6g5w').")
    )
    # For Flux Kontext prompt editing the scale is [0, 2]; that tighter rule is a
    # training-policy check, the general bounds are the page's [-2, 2].
    scale: float = attrs.field(
        metadata=declare("The scale of the model (example: 1.0).", minimum=-2, maximum=2)
    )
    model_epoch: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The epoch of the model (example: '000001')."
            " Only available for Flux Lora Trained models."
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelEpochAsset(Contract):
    """An asset generated for an epoch from the sample prompts."""

    asset_id: str = attrs.field(metadata=declare("The AssetId of the image during training."))
    url: str = attrs.field(metadata=declare("The url of the asset."))


@attrs.frozen(kw_only=True, repr=False)
class ModelEpoch(Contract):
    """An epoch of a Flux LoRA trained model."""

    epoch: str = attrs.field(metadata=declare("The epoch hash to identify the epoch."))
    assets: ReadOnlyList[ModelEpochAsset] | None = attrs.field(
        default=None,
        metadata=declare(
            "The assets of the epoch if sample prompts as been supplied during training."
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelInputRequiredConditional(Contract):
    """Makes an input required when other inputs have one of the listed values (``sdk-2.4``)."""

    values: object = attrs.field(
        metadata=declare(
            "The conditions to check: the name of an input to the values of that input"
            " that satisfy the condition."
        )
    )
    operator: ConditionalOperator | None = attrs.field(
        default=None,
        metadata=declare(
            "How the conditions combine: 'and' (all must match) or 'or' (any must match)."
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelInputRequired(Contract):
    """Set of rules that describes when this input is required (by default it is not)."""

    always: bool | None = attrs.field(
        default=None, metadata=declare("Whether the input is always required.")
    )
    conditional: ModelInputRequiredConditional | None = attrs.field(
        default=None,
        metadata=declare(
            "Makes this input required when other inputs have one of the listed values.",
            added="sdk-2.4",
        ),
    )
    # The SDK 2.4.0 dropped it (the TS reference still lists it); see docs/spec-notes.md.
    conditional_values: object | None = attrs.field(
        default=None,
        metadata=declare(
            "Makes this input required when another input has a specific value.",
            removed="sdk-2.4",
        ),
    )
    if_defined: object | None = attrs.field(
        default=None, metadata=declare("Makes this input required when another input is defined.")
    )
    if_not_defined: object | None = attrs.field(
        default=None,
        metadata=declare("Makes this input required when another input is not defined."),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelInput(Contract):
    """An input of a custom model."""

    name: str = attrs.field(
        metadata=declare("The name that must be user to call the model through the API.")
    )
    type: InputType = attrs.field(metadata=declare("The data type of the input."))
    allowed_values: ReadOnlyList[object] | None = attrs.field(
        default=None,
        metadata=declare("The allowed values for the input (a single- or multi-select dropdown)."),
    )
    background_behavior: BackgroundBehavior | None = attrs.field(
        default=None,
        metadata=declare(
            "Specifies the background behavior for the input. Only available for `file`"
            " and `file_array` input types with kind `image`."
        ),
    )
    color: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether the input is a color or not. Only available for `string` input type."
        ),
    )
    cost_impact: bool | None = attrs.field(
        default=None, metadata=declare("Whether this input affects the model's cost calculation.")
    )
    default: object | None = attrs.field(
        default=None, metadata=declare("The default value for the input.")
    )
    description: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Help text displayed in the UI to provide additional information about the input."
        ),
    )
    group: str | None = attrs.field(
        default=None, metadata=declare("Used to visually group inputs together in the UI.")
    )
    hint: str | None = attrs.field(
        default=None,
        metadata=declare("Hint text displayed in the UI as a tooltip to guide the user."),
    )
    inputs: ReadOnlyList[ReadOnlyDict[str, object]] | None = attrs.field(
        default=None,
        metadata=declare(
            "The list of inputs which form an object within a container array."
            " Only available for type inputs_array inputs."
        ),
    )
    kind: AssetKind | None = attrs.field(
        default=None,
        metadata=declare(
            "The asset kind of the input. Only taken into account for `file` and"
            " `file_array` input types."
        ),
    )
    label: str | None = attrs.field(
        default=None, metadata=declare("The label displayed in the UI for this input.")
    )
    mask_from: str | None = attrs.field(
        default=None,
        metadata=declare("The name of the file input field to use as the mask source."),
    )
    max: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The maximum allowed value. Only available for `number` and `array` input types."
        ),
    )
    max_duration: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The maximum allowed media duration in seconds. Only applies to `file` and"
            " `file_array` input types for video and audio assets.",
            added="sdk-2.4",
        ),
    )
    max_length: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The maximum allowed length for `string` inputs. Also applies to each item in"
            " `string_array`."
        ),
    )
    max_size: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The maximum allowed file size in bytes. Only applies to `file` and `file_array`"
            " input types."
        ),
    )
    min: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The minimum allowed value. Only available for `number` and array input types."
        ),
    )
    min_duration: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The minimum allowed media duration in seconds. Only applies to `file` and"
            " `file_array` input types for video and audio assets.",
            added="sdk-2.4",
        ),
    )
    min_length: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The minimum allowed length for string inputs."
            " Also applies to each item in `string_array`."
        ),
    )
    model_types: ReadOnlyList[ModelType] | None = attrs.field(
        default=None,
        metadata=declare(
            "The allowed model types for this input. Only available for `model_array` input type."
        ),
    )
    parent: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether this input represents a parent asset to assign to the produced assets."
            " Only available for `file` and `file_array` input types."
        ),
    )
    placeholder: str | None = attrs.field(
        default=None,
        metadata=declare("Placeholder text for the input. Only available for 'string' input type."),
    )
    prompt: bool | None = attrs.field(
        default=None,
        metadata=declare("Whether the input is a prompt. Only available for `string` input type."),
    )
    prompt_spark: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether the input is used with prompt spark. Only available for `string` input type."
        ),
    )
    required: ModelInputRequired | None = attrs.field(
        default=None, metadata=declare("Set of rules that describes when this input is required.")
    )
    # The page prints "minimum1" under step; we enforce it as written.
    # See docs/spec-notes.md, "step".
    step: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The step increment for numeric inputs. Only available for `number` input type.",
            minimum=1,
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelParameters(Contract):
    """The training parameters of the model."""

    age: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Age group of the voice (for professional cloning)."
            " Only available for ElevenLabs voice training."
        ),
    )
    batch_size: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The batch size. Only available for Flux LoRA training.",
            minimum=1,
            maximum=4,
            # The training guide's FLUX.2, Qwen and Z-Image trainers take up to 8:
            # the general bound admits them. See docs/spec-notes.md.
            revised={"sdk-2.4": {"maximum": 8}},
        ),
    )
    class_prompt: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The prompt to specify images in the same class as provided instance images."
            " Only available for SD15 training."
        ),
    )
    clone_type: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Type of voice cloning: 'instant' (fast) or 'professional' (higher quality,"
            " requires captcha). Only available for ElevenLabs voice training."
        ),
    )
    concept_prompt: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The prompt with identifier specifying the instance (or subject) of the class"
            " (example: 'a daiton dog')."
        ),
    )
    gender: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Gender of the voice (for professional cloning)."
            " Only available for ElevenLabs voice training."
        ),
    )
    language: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Language of the audio samples (ISO 639-1 code)."
            " Only available for ElevenLabs voice training."
        ),
    )
    learning_rate: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Initial learning rate (after the potential warmup period).", exclusive_minimum=0
        ),
    )
    # The page's "Minimum [... Flux LoRA: 0.000001]" is a per-trainer rule of the
    # training policy; the general bound is (0, 0.001].
    learning_rate_text_encoder: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Initial learning rate (after the potential warmup period) for the text encoder.",
            exclusive_minimum=0,
            maximum=0.001,
        ),
    )
    learning_rate_unet: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Initial learning rate (after the potential warmup period) for the UNet."
            " Only available for SDXL LoRA training.",
            exclusive_minimum=0,
        ),
    )
    lr_scheduler: LrScheduler | None = attrs.field(
        default=None,
        metadata=declare(
            "The scheduler type to use (default: 'constant')."
            " Only available for SD15 and SDXL LoRA training."
        ),
    )
    max_train_steps: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Maximum number of training steps to execute (default: varies depending on the"
            " model type).",
            minimum=0,
            maximum=40000,
        ),
    )
    nb_epochs: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The number of epochs to train for. Only available for Flux LoRA training.",
            minimum=1,
            maximum=30,
            revised={"sdk-2.4": {"maximum": 100}},
        ),
    )
    nb_repeats: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The number of times to repeat the training. Only available for Flux LoRA training.",
            minimum=1,
            maximum=30,
            revised={"sdk-2.4": {"maximum": 100}},
        ),
    )
    num_text_train_steps: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The number of training steps for the text encoder."
            " Only available for SDXL LoRA training.",
            minimum=0,
            maximum=40000,
        ),
    )
    num_u_net_train_steps: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The number of training steps for the UNet. Only available for SDXL LoRA training.",
            minimum=0,
            maximum=40000,
        ),
    )
    optimize_for: OptimizeFor | None = attrs.field(
        default=None,
        metadata=declare(
            "Optimize the model training task for a specific type of input images."
            " Only available for Flux LoRA training."
        ),
    )
    prior_loss_weight: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The weight of prior preservation loss."
            " Only available for SD15 and SDXL LoRA training.",
            exclusive_minimum=0,
            maximum=_LARGEST_DOUBLE,
        ),
    )
    random_crop: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether to random crop or center crop images before resizing to the working"
            " resolution. Only available for SD15 and SDXL LoRA training."
        ),
    )
    random_crop_ratio: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Ratio of random crops. Only available for SD15 and SDXL LoRA training.",
            minimum=0,
            maximum=1,
        ),
    )
    random_crop_scale: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Scale of random crops. Only available for SD15 and SDXL LoRA training.",
            minimum=0,
            maximum=1,
        ),
    )
    rank: float | None = attrs.field(
        default=None,
        metadata=declare(
            "The dimension of the LoRA update matrices."
            " Only available for SDXL (deprecated), Flux LoRA and Musubi training.",
            minimum=2,
            maximum=128,
        ),
    )
    remove_background_noise: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether to remove background noise from audio samples before cloning."
            " Only available for ElevenLabs voice training."
        ),
    )
    sample_prompts: ReadOnlyList[str] | None = attrs.field(
        default=None,
        metadata=declare(
            "The prompts to use for each epoch. Only available for Flux LoRA training."
        ),
    )
    sample_source_images: ReadOnlyList[str] | None = attrs.field(
        default=None,
        metadata=declare(
            "The sample prompt images (AssetIds) paired with samplePrompts."
            " Only available for Flux LoRA training."
        ),
    )
    scale_lr: bool | None = attrs.field(
        default=None,
        metadata=declare("Whether to scale the learning rate. Legacy parameter, will be ignored."),
    )
    seed: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Used to reproduce previous results. Default: randomly generated number."
            " Only available for SD15 and SDXL LoRA training.",
            minimum=0,
            maximum=_LARGEST_EXACT_INTEGER,
        ),
    )
    text_encoder_training_ratio: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Whether to train the text encoder or not. Legacy parameter, please use"
            " numTextTrainSteps and numUNetTrainSteps.",
            minimum=0,
            maximum=0.99,
        ),
    )
    validation_frequency: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Validation frequency. Cannot be greater than maxTrainSteps value."
            " Only available for SD15 and SDXL LoRA training.",
            minimum=0,
        ),
    )
    validation_prompt: str | None = attrs.field(
        default=None,
        metadata=declare("Validation prompt. Only available for SD15 and SDXL LoRA training."),
    )
    voice_description: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Description of the voice characteristics."
            " Only available for ElevenLabs voice training."
        ),
    )
    # "The maximum length is 40 characters" is in the description, not in a bound line.
    wandb_key: str | None = attrs.field(
        default=None,
        repr=redacted,
        metadata=declare(
            "The Weights And Bias key to use for logging (a credential, never shown).",
            max_length=40,
            secret=True,
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelPerformanceStatsVariantArenaScore(Contract):
    """External quality score from the arena.ai leaderboard."""

    arena_category: str = attrs.field(
        metadata=declare("Arena category (example: 'text_to_image').")
    )
    arena_model_name: str = attrs.field(metadata=declare("Model name on arena.ai."))
    fetched_at: str = attrs.field(
        metadata=declare("When this score was last fetched (ISO date).", format="date-time")
    )
    rank: float = attrs.field(metadata=declare("Rank in the arena category."))
    rating: float = attrs.field(metadata=declare("ELO rating."))
    rating_lower: float = attrs.field(
        metadata=declare("ELO rating confidence interval lower bound.")
    )
    rating_upper: float = attrs.field(
        metadata=declare("ELO rating confidence interval upper bound.")
    )
    votes: float = attrs.field(metadata=declare("Number of human votes."))


@attrs.frozen(kw_only=True, repr=False)
class ModelPerformanceStatsVariant(Contract):
    """Performance metrics of one variant."""

    capability: str = attrs.field(
        metadata=declare(
            "The generation capability (example: 'txt2img', 'img2video', 'txt2audio')."
        )
    )
    computed_at: str = attrs.field(
        metadata=declare("When these stats were last computed (ISO date).", format="date-time")
    )
    variant_key: str = attrs.field(
        metadata=declare("Unique variant identifier (example: 'txt2img:1K').")
    )
    arena_score: ModelPerformanceStatsVariantArenaScore | None = attrs.field(
        default=None, metadata=declare("External quality score from arena.ai leaderboard.")
    )
    cost_per_asset_max_cu: float | None = attrs.field(
        default=None,
        metadata=declare("Maximum cost per output asset (CU).", wire="costPerAssetMaxCU"),
    )
    cost_per_asset_min_cu: float | None = attrs.field(
        default=None,
        metadata=declare("Minimum cost per output asset (CU).", wire="costPerAssetMinCU"),
    )
    cost_per_asset_p50_cu: float | None = attrs.field(
        default=None,
        metadata=declare("Median cost per output asset (CU).", wire="costPerAssetP50CU"),
    )
    inference_latency_p50_sec: float | None = attrs.field(
        default=None, metadata=declare("Inference latency P50 per output asset (seconds).")
    )
    inference_latency_p75_sec: float | None = attrs.field(
        default=None, metadata=declare("Inference latency P75 per output asset (seconds).")
    )
    resolution: str | None = attrs.field(
        default=None, metadata=declare("The resolution bucket (example: '0.5K', '1K', '2K').")
    )
    total_latency_p50_sec: float | None = attrs.field(
        default=None,
        metadata=declare("Total latency P50 per output asset, including queue time (seconds)."),
    )
    total_latency_p75_sec: float | None = attrs.field(
        default=None,
        metadata=declare("Total latency P75 per output asset, including queue time (seconds)."),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelPerformanceStats(Contract):
    """Aggregated performance stats."""

    variants: ReadOnlyList[ModelPerformanceStatsVariant] = attrs.field(
        metadata=declare("Performance metrics per variant.")
    )
    default: str | None = attrs.field(
        default=None, metadata=declare("Default variant key for quick model comparison.")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelThumbnail(Contract):
    """A thumbnail for your model."""

    asset_id: str = attrs.field(
        metadata=declare("The AssetId of the image used as a thumbnail for your model.")
    )
    url: str = attrs.field(
        metadata=declare("The url of the image used as a thumbnail for your model.")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelTrainingImagePair(Contract):
    """A pair of training images, source to target."""

    instruction: str | None = attrs.field(
        default=None, metadata=declare("The instruction for the image pair, source to target.")
    )
    source_id: str | None = attrs.field(
        default=None, metadata=declare("The source asset ID (must be a training asset).")
    )
    target_id: str | None = attrs.field(
        default=None, metadata=declare("The target asset ID (must be a training asset).")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelTrainingImage(Contract):
    """One of the first training images of the model."""

    id: str = attrs.field(
        metadata=declare("The training image ID (example: 'asset_GTrL3mq4SXWyMxkOHRxlpw').")
    )
    automatic_captioning: str = attrs.field(metadata=declare("Automatic captioning of the image."))
    created_at: str = attrs.field(
        metadata=declare("The training image upload date as an ISO string.", format="date-time")
    )
    description: str = attrs.field(metadata=declare("Description for the image."))
    download_url: str = attrs.field(metadata=declare("The URL of the image."))
    name: str = attrs.field(
        metadata=declare("The original file name of the image (example: 'my-training-image.jpg').")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelTrainingProgress(Contract):
    """Additional information about the training progress of the model."""

    stage: TrainingStage = attrs.field(metadata=declare("The stage of the request."))
    updated_at: float = attrs.field(
        metadata=declare(
            "Timestamp in milliseconds of the last time the training progress was updated."
        )
    )
    captcha_image_url: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Signed URL of the captcha image to read aloud during professional voice cloning.",
            added="sdk-2.4",
        ),
    )
    position: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Position of the job in the queue (the number of jobs in the queue before this one)."
        ),
    )
    progress: float | None = attrs.field(
        default=None, metadata=declare("The progress of the job.", minimum=0, maximum=1)
    )
    remaining_time_ms: float | None = attrs.field(
        default=None, metadata=declare("The remaining time in milliseconds.")
    )
    retryable_error: str | None = attrs.field(
        default=None,
        metadata=declare(
            "Last recoverable failure message during professional voice cloning.",
            added="sdk-2.4",
        ),
    )
    retry_count: float | None = attrs.field(
        default=None,
        metadata=declare(
            "Number of consecutive failures of professional voice cloning steps on this model.",
            added="sdk-2.4",
        ),
    )
    started_at: float | None = attrs.field(
        default=None,
        metadata=declare("The timestamp in millisecond marking the start of the process."),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelTrainingStats(Contract):
    """Additional information about the model's training."""

    ended_at: str | None = attrs.field(
        default=None,
        metadata=declare("The training end time as an ISO date string.", format="date-time"),
    )
    queue_duration: float | None = attrs.field(
        default=None, metadata=declare("The training queued duration in seconds.")
    )
    started_at: str | None = attrs.field(
        default=None,
        metadata=declare("The training start time as an ISO date string.", format="date-time"),
    )
    train_duration: float | None = attrs.field(
        default=None, metadata=declare("The training duration in seconds.")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigInputProperties(Contract):
    """UI configuration of one input."""

    collapsed: bool | None = attrs.field(
        default=None, metadata=declare("Whether the input is shown collapsed.")
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigLorasComponent(Contract):
    """Configuration for the loras component."""

    label: str = attrs.field(metadata=declare("The label of the component."))
    model_input: str = attrs.field(metadata=declare("The input name of the model (model_array)."))
    scale_input: str = attrs.field(metadata=declare("The input name of the scale (number_array)."))
    model_id_input: str | None = attrs.field(
        default=None,
        metadata=declare("The input model id (example: a composition or a single LoRA modelId)."),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigOutputProperties(Contract):
    """UI configuration of one provider output exposed by ``exposeOutput`` (``sdk-2.4``)."""

    label: str = attrs.field(metadata=declare("The label of the output."))


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigPreset(Contract):
    """A preset of input values."""

    fields: ReadOnlyList[str] = attrs.field(metadata=declare("The inputs the preset sets."))
    presets: object = attrs.field(metadata=declare("The preset values."))


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigResolutionComponentPreset(Contract):
    """A resolution preset."""

    height: float = attrs.field(metadata=declare("The preset height."))
    label: str = attrs.field(metadata=declare("The preset label."))
    width: float = attrs.field(metadata=declare("The preset width."))


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigResolutionComponent(Contract):
    """Configuration for the resolution component."""

    height_input: str = attrs.field(metadata=declare("The input name of the height."))
    label: str = attrs.field(metadata=declare("The label of the component."))
    presets: ReadOnlyList[ModelUiConfigResolutionComponentPreset] = attrs.field(
        metadata=declare("The resolution presets.")
    )
    width_input: str = attrs.field(metadata=declare("The input name of the width."))


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfigTriggerGenerate(Contract):
    """Configuration for the trigger generate button."""

    # "Do not specify both position and after."
    mutually_exclusive: ClassVar[tuple[str, ...]] = ("after", "position")

    label: str = attrs.field(metadata=declare("The label of the button."))
    after: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The 'name' of the input after which the trigger generate button is displayed."
            " Do not specify both position and after."
        ),
    )
    position: TriggerPosition | None = attrs.field(
        default=None,
        metadata=declare(
            "The position of the trigger generate button. Do not specify both position and after."
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class ModelUiConfig(Contract):
    """The UI configuration for the model."""

    input_properties: ReadOnlyDict[str, ModelUiConfigInputProperties] | None = attrs.field(
        default=None, metadata=declare("Configuration for the input properties.")
    )
    loras_component: ModelUiConfigLorasComponent | None = attrs.field(
        default=None, metadata=declare("Configuration for the loras component.")
    )
    output_properties: ReadOnlyDict[str, ModelUiConfigOutputProperties] | None = attrs.field(
        default=None,
        metadata=declare(
            "Configuration for the provider outputs exposed by `exposeOutput`.", added="sdk-2.4"
        ),
    )
    presets: ReadOnlyList[ModelUiConfigPreset] | None = attrs.field(
        default=None, metadata=declare("Configuration for the presets.")
    )
    resolution_component: ModelUiConfigResolutionComponent | None = attrs.field(
        default=None, metadata=declare("Configuration for the resolution component.")
    )
    selects: ReadOnlyDict[str, object] | None = attrs.field(
        default=None, metadata=declare("Configuration for the selects.")
    )
    trigger_generate: ModelUiConfigTriggerGenerate | None = attrs.field(
        default=None, metadata=declare("Configuration for the trigger generate button.")
    )


@attrs.frozen(kw_only=True, repr=False)
class Model(Contract):
    """A model of the Scenario API: what users train, list and run."""

    id: str = attrs.field(
        metadata=declare("The model ID (example: 'model_eyVcnFJcR92BxBkz7N6g5w').")
    )
    capabilities: ReadOnlyList[Capability] = attrs.field(
        metadata=declare("List of model capabilities.")
    )
    collection_ids: ReadOnlyList[str] = attrs.field(
        metadata=declare("A list of CollectionId this model belongs to.")
    )
    created_at: str = attrs.field(
        metadata=declare("The model creation date as an ISO string.", format="date-time")
    )
    custom: bool = attrs.field(
        metadata=declare(
            "Whether the model is a custom model and can be used only with"
            " POST /generate/custom/{modelId}."
        )
    )
    example_asset_ids: ReadOnlyList[str] = attrs.field(
        metadata=declare("List of all example asset IDs setup by the model owner.")
    )
    privacy: Privacy = attrs.field(metadata=declare("The privacy of the model (default: private)."))
    source: Source = attrs.field(metadata=declare("The source of the model."))
    status: ModelStatus = attrs.field(metadata=declare("The model status."))
    tags: ReadOnlyList[str] = attrs.field(
        metadata=declare("The associated tags (example: ['sci-fi', 'landscape']).")
    )
    training_images_number: float = attrs.field(
        metadata=declare("The total number of training images.")
    )
    type: ModelType = attrs.field(metadata=declare("The model type (example: 'flux.1-lora')."))
    updated_at: str = attrs.field(
        metadata=declare("The model last update date as an ISO string.", format="date-time")
    )
    access_restrictions: AccessRestriction | None = attrs.field(
        default=None,
        metadata=declare(
            "The access restrictions of the model: 0 Free, 25 Creator, 50 Pro, 75 Team,"
            " 100 Enterprise plan."
        ),
    )
    author_id: str | None = attrs.field(
        default=None,
        metadata=declare("The author user ID (example: 'user_VFhihHKMRZyDDnZAJwLb2Q')."),
    )
    class_: ModelClass | None = attrs.field(
        default=None, metadata=declare("The class of the model.")
    )
    compliant_model_ids: ReadOnlyList[str] | None = attrs.field(
        default=None,
        metadata=declare(
            "List of base model IDs compliant with the model (mainly for Flux LoRA models)."
        ),
    )
    concepts: ReadOnlyList[ModelConcept] | None = attrs.field(
        default=None, metadata=declare("The concepts; required for the type model: composition.")
    )
    deleted_at: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The model deletion date as an ISO string (only set on deleted models).",
            format="date-time",
            added="sdk-2.4",
        ),
    )
    disable_refund: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "When true, credits spent on a failed generation with this model are not refunded.",
            added="sdk-2.4",
        ),
    )
    epoch: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The epoch of the model. Only available for Flux Lora Trained models."
            " If not set, uses the final model epoch (latest)."
        ),
    )
    epochs: ReadOnlyList[ModelEpoch] | None = attrs.field(
        default=None,
        metadata=declare("The epochs of the model. Only available for Flux Lora Trained models."),
    )
    inputs: ReadOnlyList[ModelInput] | None = attrs.field(
        default=None, metadata=declare("The inputs of the model. Only used for custom models.")
    )
    job_id: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The ID of the job that trained the model, returned to the model owner only.",
            added="sdk-2.4",
        ),
    )
    model_keyword: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The model keyword, this is a legacy parameter, please use conceptPrompt in parameters."
        ),
    )
    name: str | None = attrs.field(
        default=None, metadata=declare("The model name (example: 'Cinematic Realism').")
    )
    negative_prompt_embedding: str | None = attrs.field(
        default=None,
        metadata=declare("Fine-tune the model's inferences with negative prompt embedding."),
    )
    owner_id: str | None = attrs.field(
        default=None, metadata=declare("The owner ID (example: 'team_VFhihHKMRZyDDnZAJwLb2Q').")
    )
    parameters: ModelParameters | None = attrs.field(
        default=None, metadata=declare("The parameters of the model.")
    )
    parent_model_id: str | None = attrs.field(
        default=None, metadata=declare("The id of the parent model.")
    )
    performance_stats: ModelPerformanceStats | None = attrs.field(
        default=None, metadata=declare("Aggregated performance stats.")
    )
    prompt_embedding: str | None = attrs.field(
        default=None, metadata=declare("Fine-tune the model's inferences with prompt embedding.")
    )
    short_description: str | None = attrs.field(
        default=None, metadata=declare("The model short description.")
    )
    # Not said to be an ISO string, so it carries no format; see docs/spec-notes.md.
    soft_deletion_on: str | None = attrs.field(
        default=None,
        metadata=declare("The date when the model will be soft deleted (only for Free plan)."),
    )
    thumbnail: ModelThumbnail | None = attrs.field(
        default=None, metadata=declare("A thumbnail for your model.")
    )
    training_image_pairs: ReadOnlyList[ModelTrainingImagePair] | None = attrs.field(
        default=None, metadata=declare("Array of training image pairs.")
    )
    training_images: ReadOnlyList[ModelTrainingImage] | None = attrs.field(
        default=None, metadata=declare("The URLs of the first 3 training images of the model.")
    )
    training_progress: ModelTrainingProgress | None = attrs.field(
        default=None,
        metadata=declare("Additional information about the training progress of the model."),
    )
    training_stats: ModelTrainingStats | None = attrs.field(
        default=None, metadata=declare("Additional information about the model's training.")
    )
    ui_config: ModelUiConfig | None = attrs.field(
        default=None, metadata=declare("The UI configuration for the model.")
    )
    user_id: str | None = attrs.field(
        default=None,
        metadata=declare("(Deprecated) The user ID (example: 'user_VFhihHKMRZyDDnZAJwLb2Q')."),
    )


@attrs.frozen(kw_only=True, repr=False)
class TrainActionResponse(Contract):
    """The response of ``POST /models/{modelId}/train/action``."""

    model: Model = attrs.field(metadata=declare("The model the action was performed on."))


@attrs.frozen(kw_only=True, repr=False)
class TrainActionParams(Contract):
    """The parameters of ``POST /models/{modelId}/train/action`` (``modelId`` is in the path)."""

    action: TrainAction = attrs.field(
        metadata=declare("The action to perform on the model training.")
    )
    # Gone from the SDK 2.4.0's parameters, which add the query parameter projectId.
    # See docs/spec-notes.md, "TrainActionParams".
    original_assets: bool | None = attrs.field(
        default=None,
        metadata=declare(
            "If set to true, returns the original asset without transformation.",
            removed="sdk-2.4",
        ),
    )
    project_id: str | None = attrs.field(
        default=None,
        metadata=declare(
            "The projectId used for ownership resource management (a query parameter).",
            added="sdk-2.4",
        ),
    )


SchemaName = Literal["model", "train-action-response", "train-action-params", "model-parameters"]
"""The name of a document that can be validated by name; a misspelt name is a type error."""

SCHEMAS: dict[SchemaName, type[Contract]] = {
    "model": Model,
    "train-action-response": TrainActionResponse,
    "train-action-params": TrainActionParams,
    "model-parameters": ModelParameters,
}
"""The class of each schema name, in the order of :data:`SchemaName` (a test holds them equal)."""


def schema_name(cls: type) -> str:
    """The schema name of a class (``model``...), or the class name for the other classes."""
    return next((name for name, value in SCHEMAS.items() if value is cls), cls.__name__)


# The classes exist: st.from_type() learns them if Hypothesis is loaded (see _hooks.py).
classes_built()
