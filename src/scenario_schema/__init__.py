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

from importlib.metadata import version as _version

from ._api import dump, load, load_json, validate, validate_json
from ._diff import Change, Diff, diff
from ._drift import DriftReport, Finding, drift
from ._hypothesis import register_if_hypothesis_loaded as _register_with_hypothesis
from ._json_schema import json_schema
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

__version__: str = _version("scenario-schema")
"""The installed distribution's version: ``pyproject.toml`` is its one source."""

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
    "json_schema",
    "load",
    "load_json",
    "make_converter",
    "validate",
    "validate_json",
]

# st.from_type() knows the contract classes once Hypothesis is loaded (see _hypothesis.py).
_register_with_hypothesis()
