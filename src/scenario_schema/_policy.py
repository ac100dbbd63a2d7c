"""The training policy table: model types to trainer families, families to their rules.

Data, not branches: :mod:`scenario_schema.training` reads it. Kept apart from the
checker so the table can be read in one sitting, and its sources checked line by line
against the page and the training guide (``docs/spec-notes.md``, "Trainer families").
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from fnmatch import fnmatchcase
from typing import Any

import attrs

from ._preview import format_number
from .literals import ModelType


@attrs.frozen
class Limits:
    """An inclusive range; ``None`` is "no limit" on that side."""

    minimum: float | None = None
    maximum: float | None = None

    def __str__(self) -> str:
        low = "-" if self.minimum is None else format_number(self.minimum)
        high = "-" if self.maximum is None else format_number(self.maximum)
        return f"[{low}, {high}]"


@attrs.frozen
class StepsPerImage:
    """A step count default from ``n`` training images: ``round(n * numerator / denominator)``."""

    numerator: int
    denominator: int = 1

    def steps(self, images: int) -> int:
        """The default for ``images`` training images."""
        return round(images * self.numerator / self.denominator)

    def formula(self, images: int) -> str:
        """How the default is computed, for messages (numbers bounded as in every message)."""
        shown = format_number(images)
        if self.denominator == 1:
            return f"{shown} x {self.numerator}"
        return f"round({shown} x {self.numerator} / {self.denominator})"


@attrs.frozen
class ImageCount:
    """What a trainer takes as its number of training images (pairs, for edit trainers).

    Attributes:
        minimum: Fewer is an error (``None``: no documented minimum).
        maximum: More is an error (``None``: no documented maximum).
        recommended: Outside this range is a warning.
        unit: What one counts, for messages (``images``, ``image pairs``).
    """

    minimum: int | None = None
    maximum: int | None = None
    recommended: Limits | None = None
    unit: str = "images"


@attrs.frozen
class TrainerRules:
    """What one trainer family takes, limits and fills in.

    Attributes:
        name: The family's name as the page writes it (``Flux LoRA``, ``SDXL``...).
        parameters: The "Only available for ..." parameters this trainer takes.
        limits: Tighter bounds than the general ones, per parameter.
        defaults: Documented defaults, per parameter, with a note where one helps.
        steps_per_image: The ``maxTrainSteps`` default from the number of training images.
        deprecated: Parameters this trainer takes but discourages, with advice.
        ignored: Parameters this trainer accepts and ignores: left out of ``effective``.
        source: Where the family's rules come from (``page``, ``training guide``).
        most_items: The most items a list parameter holds, per parameter.
        images: The number of training images the trainer takes (``None``: no rule).
        step_count: How the trainer counts its steps from ``nbEpochs`` and ``nbRepeats``,
            as a source documents it; empty when no source does.
        observed_max_length: Undocumented length limits the API was seen to enforce
            (warnings, never errors: one observation is not a contract).
        only_with: Parameters the trainer uses only when another parameter holds one
            of some values: ``{name: (other, values)}``.
    """

    name: str
    parameters: frozenset[str]
    limits: Mapping[str, Limits] = attrs.field(factory=dict)
    defaults: Mapping[str, tuple[Any, str]] = attrs.field(factory=dict)
    steps_per_image: StepsPerImage | None = None
    deprecated: Mapping[str, str] = attrs.field(factory=dict)
    ignored: frozenset[str] = frozenset()
    source: str = "page"
    most_items: Mapping[str, int] = attrs.field(factory=dict)
    images: ImageCount | None = None
    step_count: str = ""
    observed_max_length: Mapping[str, int] = attrs.field(factory=dict)
    only_with: Mapping[str, tuple[str, tuple[Any, ...]]] = attrs.field(factory=dict)


@attrs.frozen
class TrainingPolicy:
    """The whole table: model type to family, family to rules, and the rules of every family.

    Attributes:
        families: Every model type, mapped to a key of ``trainers`` or to ``None``
            (not trainable).
        trainers: The rules of each family.
        whole_numbers: Counts: a fractional value is an ``integer`` issue.
        concept_scale: Model types whose concepts' ``scale`` has tighter limits.
        clone_types: The values ``cloneType`` takes.
        legacy: Per revision, the parameters that revision calls "Deprecated legacy
            training parameter": a ``deprecated`` warning for every family that does
            not take them, from that revision on.
    """

    families: Mapping[str, str | None]
    trainers: Mapping[str, TrainerRules]
    whole_numbers: frozenset[str]
    concept_scale: Mapping[str, Limits] = attrs.field(factory=dict)
    clone_types: tuple[str, ...] = ("instant", "professional")
    legacy: Mapping[str, frozenset[str]] = attrs.field(factory=dict)

    @property
    def restricted(self) -> frozenset[str]:
        """Parameters only some trainers take: the union of every family's ``parameters``."""
        return frozenset().union(*(rules.parameters for rules in self.trainers.values()))


MODEL_TYPES: tuple[str, ...] = typing.get_args(ModelType)

_SD = frozenset(
    {
        "lrScheduler",
        "priorLossWeight",
        "randomCrop",
        "randomCropRatio",
        "randomCropScale",
        "scaleLr",
        "seed",
        "textEncoderTrainingRatio",
        "validationFrequency",
        "validationPrompt",
    }
)
_SD_LEGACY = {
    "scaleLr": "scaleLr is a legacy parameter: the trainer ignores it",
    "textEncoderTrainingRatio": (
        "textEncoderTrainingRatio is a legacy parameter: use numTextTrainSteps and"
        " numUNetTrainSteps"
    ),
}
_SD_DEFAULTS: dict[str, tuple[Any, str]] = {
    "learningRate": (0.000005, ""),
    "lrScheduler": ("constant", ""),
    "seed": (None, "a random number is drawn"),
}

_GUIDE_TRAINER = TrainerRules(
    # The training guide's parameter table and training images, for its 18 types.
    name="Musubi",
    source="training guide",
    parameters=frozenset({"batchSize", "nbEpochs", "nbRepeats", "rank", "samplePrompts", "seed"}),
    limits={
        "learningRate": Limits(0.00001, 0.001),
        # rank [2, 128] is the general bound: no tighter limit.
        "batchSize": Limits(1, 8),
        "nbEpochs": Limits(1, 100),
        "nbRepeats": Limits(1, 100),
    },
    defaults={
        "learningRate": (0.00005, ""),
        "rank": (64, ""),
        "batchSize": (1, ""),
        "nbEpochs": (10, ""),
        "nbRepeats": (20, ""),
    },
    most_items={"samplePrompts": 4},
    images=ImageCount(maximum=50, recommended=Limits(5, 15)),
    observed_max_length={"conceptPrompt": 20},
)

_SD_LEGACY_SDK = _SD | {"classPrompt", "learningRateUnet", "numTextTrainSteps", "numUNetTrainSteps"}
"""The parameters SDK 2.4.0 calls "Deprecated legacy training parameter"."""

FAMILY_PATTERNS: tuple[tuple[str, str | None], ...] = (
    # docs/spec-notes.md, "Trainer families", explains each line. First match wins.
    ("*-composition", None),  # made of concepts, not trained
    ("elevenlabs-voice", "elevenlabs-voice"),
    ("flux.1*-lora", "flux-lora"),  # FLUX.1 dev, Krea and Kontext LoRAs
    ("flux.2-*-edit-lora", "musubi-edit"),  # before/after image pairs (training guide)
    ("qwen-image-edit*-lora", "musubi-edit"),  # the guide's three Qwen Image Edit types
    ("flux.2-*-lora", "musubi"),
    ("qwen-image*-lora", "musubi"),
    ("zimage*-lora", "musubi"),
    ("sd-1_5*", "sd-1_5"),
    ("sd-xl*", "sd-xl"),
    ("*", None),  # base and hosted models
)
"""Model type patterns (``fnmatch``) to trainer families; the default policy's mapping."""


def families_from_patterns(
    patterns: tuple[tuple[str, str | None], ...] | None = None,
) -> dict[str, str | None]:
    """Map every model type literal to the family of the first pattern it matches.

    ``patterns`` defaults (``None``) to :data:`FAMILY_PATTERNS`.
    """
    if patterns is None:
        patterns = FAMILY_PATTERNS
    return {
        model_type: next(family for pattern, family in patterns if fnmatchcase(model_type, pattern))
        for model_type in MODEL_TYPES
    }


DEFAULT_POLICY = TrainingPolicy(
    families=families_from_patterns(),
    trainers={
        "flux-lora": TrainerRules(
            name="Flux LoRA",
            parameters=frozenset(
                {
                    "batchSize",
                    "nbEpochs",
                    "nbRepeats",
                    "optimizeFor",
                    "rank",
                    "samplePrompts",
                    "sampleSourceImages",
                }
            ),
            defaults={
                "learningRate": (0.0001, ""),
                "learningRateTextEncoder": (0.00001, ""),
                "rank": (16, ""),
                "conceptPrompt": ("", ""),
            },
            steps_per_image=StepsPerImage(100),
            # The page's bound lines; the general bounds of sdk-2.4 are the guide's, wider.
            limits={
                "rank": Limits(2, 64),
                "maxTrainSteps": Limits(0, 10000),
                "learningRateTextEncoder": Limits(0.000001, 0.001),
                "batchSize": Limits(1, 4),
                "nbEpochs": Limits(1, 30),
                "nbRepeats": Limits(1, 30),
            },
        ),
        "musubi": _GUIDE_TRAINER,
        "musubi-edit": attrs.evolve(
            _GUIDE_TRAINER,
            name="Musubi edit",
            parameters=_GUIDE_TRAINER.parameters | {"sampleSourceImages"},
            images=ImageCount(minimum=2, maximum=50, recommended=Limits(5, 15), unit="image pairs"),
        ),
        "sd-1_5": TrainerRules(
            name="SD 1.5",
            parameters=_SD | {"classPrompt"},
            # maxTrainSteps [0, 40000] is the general range: no tighter limit.
            defaults={
                **_SD_DEFAULTS,
                "conceptPrompt": ("daiton", "when no class is associated with the model"),
            },
            steps_per_image=StepsPerImage(225, 3),
            deprecated=_SD_LEGACY,
            ignored=frozenset({"scaleLr"}),
        ),
        "sd-xl": TrainerRules(
            name="SDXL",
            parameters=_SD | {"learningRateUnet", "numTextTrainSteps", "numUNetTrainSteps", "rank"},
            defaults={
                **_SD_DEFAULTS,
                "learningRateTextEncoder": (0.00005, ""),
                "rank": (64, "rank is deprecated for SDXL"),
                "conceptPrompt": ("daiton", ""),
            },
            steps_per_image=StepsPerImage(175),
            deprecated={
                **_SD_LEGACY,
                "maxTrainSteps": "for SDXL, use numTextTrainSteps and numUNetTrainSteps instead",
                "rank": "rank is deprecated for SDXL training",
            },
            ignored=frozenset({"scaleLr"}),
        ),
        "elevenlabs-voice": TrainerRules(
            name="ElevenLabs voice",
            only_with={
                # "Age group of the voice (for professional cloning)", "Gender ... (for
                # professional cloning)": with an instant clone, not used.
                "age": ("cloneType", ("professional",)),
                "gender": ("cloneType", ("professional",)),
            },
            parameters=frozenset(
                {
                    "age",
                    "cloneType",
                    "gender",
                    "language",
                    "removeBackgroundNoise",
                    "voiceDescription",
                }
            ),
        ),
    },
    whole_numbers=frozenset(
        {
            "batchSize",
            "maxTrainSteps",
            "nbEpochs",
            "nbRepeats",
            "numTextTrainSteps",
            "numUNetTrainSteps",
            "rank",
            "seed",
            "validationFrequency",
        }
    ),
    legacy={"sdk-2.4": _SD_LEGACY_SDK},
    concept_scale={
        "flux.1-kontext-dev": Limits(0, 2),
        "flux.1-kontext-lora": Limits(0, 2),
    },
)
"""The policy the page documents, with the family mapping decided in ``docs/spec-notes.md``."""
