"""scenario-schema: the data contract of the Scenario API's Model object and train/action.

Validate API responses with every issue at its JSON Pointer (:func:`validate`,
or :func:`validate_json` from text), load them into frozen attrs classes and
dump them back losslessly (:func:`load`, :func:`load_json`, :func:`dump`), embed
contract classes in your own attrs classes with a cattrs :data:`converter`, give
non-Python consumers the same contract as JSON Schema (:func:`json_schema`),
check training parameters against the trainer of a model type before submitting
a job (:func:`check_training_parameters`), and annotate your code with the
literal types. Every entry point takes a contract
``revision`` (``latest``, the default, ``sdk-2.4`` or ``page``); :func:`diff` says what
changed between two and whom each change breaks.
"""

import importlib
from typing import TYPE_CHECKING, Any

from . import _version
from ._hooks import when_classes_built as _when_classes_built
from ._hypothesis import register_if_hypothesis_loaded as _register_if_hypothesis_loaded

if TYPE_CHECKING:  # every public name is imported on first use (see __getattr__)
    from . import literals as literals  # the modules, as `ss.models` was before
    from . import models as models
    from . import training as training
    from ._api import dump, dump_json, load, load_json, validate, validate_json
    from ._diff import Change, Diff, diff
    from ._drift import DriftReport, Finding, drift
    from ._json_schema import json_schema
    from ._openapi import openapi
    from ._public_converter import converter, make_converter
    from ._report import ContractError, Issue, Report
    from ._revisions import LATEST, REVISIONS, Revision
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
    from .models import (
        Model,
        ModelClass,
        ModelConcept,
        ModelEpoch,
        ModelEpochAsset,
        ModelInput,
        ModelInputRequired,
        ModelInputRequiredConditional,
        ModelParameters,
        ModelPerformanceStats,
        ModelPerformanceStatsVariant,
        ModelPerformanceStatsVariantArenaScore,
        ModelThumbnail,
        ModelTrainingImage,
        ModelTrainingImagePair,
        ModelTrainingProgress,
        ModelTrainingStats,
        ModelUiConfig,
        ModelUiConfigInputProperties,
        ModelUiConfigLorasComponent,
        ModelUiConfigOutputProperties,
        ModelUiConfigPreset,
        ModelUiConfigResolutionComponent,
        ModelUiConfigResolutionComponentPreset,
        ModelUiConfigTriggerGenerate,
        SchemaName,
        TrainActionParams,
        TrainActionResponse,
    )
    from .training import TrainingReport, check_model_training, check_training_parameters

__version__: str = _version.__version__
"""The package's version, written once in ``_version.py`` (the metadata reads it too)."""

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("dump", "dump_json", "load", "load_json", "validate", "validate_json"), "_api"
    ),
    **dict.fromkeys(("Change", "Diff", "diff"), "_diff"),
    **dict.fromkeys(("DriftReport", "Finding", "drift"), "_drift"),
    "json_schema": "_json_schema",
    "openapi": "_openapi",
    **dict.fromkeys(("converter", "make_converter"), "_public_converter"),
    **dict.fromkeys(("ContractError", "Issue", "Report"), "_report"),
    **dict.fromkeys(("LATEST", "REVISIONS", "Revision"), "_revisions"),
    "SchemaName": "models",  # a type alias, not in the module's __all__ of classes
    "literals": "literals",  # the modules themselves, as `ss.models` was before
    "models": "models",
    **dict.fromkeys(
        ("TrainingReport", "check_model_training", "check_training_parameters", "training"),
        "training",
    ),
}
"""The public names not among the classes of :mod:`.literals` or :mod:`.models`, and their modules.

Every public name is imported on first use: ``import scenario_schema`` costs almost
nothing (``make bench`` prints what it adds, and what the first ``validate`` adds on
top), and a program pays for what it touches (attrs and the contract classes with the
first class or verb, cattrs with the converter). The ``TYPE_CHECKING`` block above is
the same list for type checkers; a test holds the two and ``__all__`` equal."""

_MODULES_OF_NAMES = ("literals", "models")
"""Modules whose own ``__all__`` names the facade re-exports (after :data:`_LAZY`)."""


def __getattr__(name: str) -> Any:
    """Import a public name (and its module) when it is first asked for."""
    module_name = _LAZY.get(name) or _module_exporting(name)
    if module_name is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    module = importlib.import_module(f"{__name__}.{module_name}")
    value = module if name == module_name else getattr(module, name)
    globals()[name] = value
    return value


def _module_exporting(name: str) -> str | None:
    """The module of :data:`_MODULES_OF_NAMES` a public name comes from, if any."""
    if name not in __all__:
        return None
    for module_name in _MODULES_OF_NAMES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        if name in module.__all__:
            return module_name
    return None


def __dir__() -> list[str]:
    """The module's names, the ones imported on first use included."""
    return sorted({*globals(), *__all__, *_LAZY})


__all__ = [
    "LATEST",
    "REVISIONS",
    "AccessRestriction",
    "AssetKind",
    "BackgroundBehavior",
    "Capability",
    "Change",
    "ClassStatus",
    "ConditionalOperator",
    "ContractError",
    "Diff",
    "DriftReport",
    "Finding",
    "InputType",
    "Issue",
    "LrScheduler",
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
    "ModelStatus",
    "ModelThumbnail",
    "ModelTrainingImage",
    "ModelTrainingImagePair",
    "ModelTrainingProgress",
    "ModelTrainingStats",
    "ModelType",
    "ModelUiConfig",
    "ModelUiConfigInputProperties",
    "ModelUiConfigLorasComponent",
    "ModelUiConfigOutputProperties",
    "ModelUiConfigPreset",
    "ModelUiConfigResolutionComponent",
    "ModelUiConfigResolutionComponentPreset",
    "ModelUiConfigTriggerGenerate",
    "OptimizeFor",
    "Privacy",
    "Report",
    "Revision",
    "SchemaName",
    "Source",
    "TrainAction",
    "TrainActionParams",
    "TrainActionResponse",
    "TrainingReport",
    "TrainingStage",
    "TriggerPosition",
    "check_model_training",
    "check_training_parameters",
    "converter",
    "diff",
    "drift",
    "dump",
    "dump_json",
    "json_schema",
    "load",
    "load_json",
    "make_converter",
    "openapi",
    "validate",
    "validate_json",
]

# st.from_type() learns the contract classes when they are built, if Hypothesis is loaded
# (see _hooks.py; the plugin registers them if Hypothesis comes second).
_when_classes_built(_register_if_hypothesis_loaded)
