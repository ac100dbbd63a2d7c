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
from ._api import dump, dump_json, load, load_json, validate, validate_json
from ._hypothesis import register_if_hypothesis_loaded as _register_with_hypothesis
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

if TYPE_CHECKING:  # imported on first use (see __getattr__)
    from . import training as training  # the module, as `ss.training` was before
    from ._diff import Change, Diff, diff
    from ._drift import DriftReport, Finding, drift
    from ._json_schema import json_schema
    from ._openapi import openapi
    from ._public_converter import converter, make_converter
    from .training import TrainingReport, check_model_training, check_training_parameters

__version__: str = _version.__version__
"""The package's version, written once in ``_version.py`` (the metadata reads it too)."""

_LAZY: dict[str, str] = {
    "Change": "_diff",
    "Diff": "_diff",
    "DriftReport": "_drift",
    "Finding": "_drift",
    "TrainingReport": "training",
    "check_model_training": "training",
    "check_training_parameters": "training",
    "converter": "_public_converter",
    "diff": "_diff",
    "drift": "_drift",
    "json_schema": "_json_schema",
    "make_converter": "_public_converter",
    "openapi": "_openapi",
    "training": "training",
}
"""Public names imported on first use, and their modules: ``import scenario_schema`` costs
only what validate, load and dump need (the cattrs converter imports cattrs only then)."""


def __getattr__(name: str) -> Any:
    """Import a name of :data:`_LAZY` (and its module) when it is first asked for."""
    module_name = _LAZY.get(name)
    if module_name is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    module = importlib.import_module(f"{__name__}.{module_name}")
    value = module if name == module_name else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the ones imported on first use included."""
    return sorted({*globals(), *_LAZY})


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

# st.from_type() knows the contract classes once Hypothesis is loaded (see _hypothesis.py).
_register_with_hypothesis()
