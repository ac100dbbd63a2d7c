"""Training preflight: check parameters against the trainer of a model type, before submission.

The page documents rules that depend on the model type: which trainer a
parameter applies to, tighter per-trainer bounds, defaults computed from the
number of training images, and rules between fields. They live in one policy
table (:data:`DEFAULT_POLICY`), data rather than branches: each model type maps
to a trainer family (or to none: not trainable), each family to its rules.
Callers can pass their own :class:`TrainingPolicy`. Which model type trains on
which trainer is a decision the page leaves open; see ``docs/spec-notes.md``.
"""

from __future__ import annotations

import math
import operator
import typing
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ._api import dump, validate
from ._fields import Scalar, class_spec
from ._policy import (
    DEFAULT_POLICY,
    FAMILY_PATTERNS,
    MODEL_TYPES,
    ImageCount,
    Limits,
    StepsPerImage,
    TrainerRules,
    TrainingPolicy,
    families_from_patterns,
)
from ._report import Issue, Report, pointer_token, shortened
from ._revisions import ALWAYS, REVISIONS, Revision, resolve_revision, value_lifespan
from ._validate import format_number, is_number, json_type, preview, safe_repr
from .literals import ModelType
from .models import Model, ModelParameters, TrainActionResponse

__all__ = [
    "DEFAULT_POLICY",
    "FAMILY_PATTERNS",
    "MODEL_TYPES",
    "ImageCount",
    "Limits",
    "Setting",
    "StepsPerImage",
    "TrainerRules",
    "TrainingPolicy",
    "TrainingReport",
    "check_model_training",
    "check_training_parameters",
    "families_from_patterns",
]


@attrs.frozen
class Setting:
    """One parameter as the trainer will use it: given by the caller, or a documented default."""

    value: Any = attrs.field(repr=False)
    source: Literal["given", "default"]
    note: str = ""
    secret: bool = False

    def __repr__(self) -> str:
        shown = "'<redacted>'" if self.secret and self.value is not None else safe_repr(self.value)
        return f"Setting(value={shown}, source={self.source!r}, note={self.note!r})"


@attrs.frozen
class TrainingReport(Report):
    """A :class:`Report` of the parameters, plus the parameters as the trainer will use them."""

    model_type: str | None = None
    family: str | None = None
    effective: Mapping[str, Setting] = attrs.field(factory=dict)
    revision: str = "page"

    @property
    def defaults(self) -> frozenset[str]:
        """The wire names of the parameters filled in from documented defaults."""
        return frozenset(name for name, s in self.effective.items() if s.source == "default")

    def effective_parameters(self) -> dict[str, Any]:
        """The effective parameters as a camelCase dict (defaults whose value is drawn left out)."""
        return {name: s.value for name, s in self.effective.items() if s.value is not None}


_SECRETS = frozenset(spec.wire for spec in class_spec(ModelParameters).fields if spec.secret)


def _general_limits(wire: str, revision: str) -> Limits:
    shape = class_spec(ModelParameters, revision).by_wire[wire].shape
    assert isinstance(shape, Scalar)
    return Limits(shape.constraints.minimum, shape.constraints.maximum)


class _Checker:
    """One preflight run: collects issues with paths under ``prefix``.

    Every path resolves in the document or names a missing member of an object
    that exists: an issue about a parameter the parameters object does not hold
    goes at that parameter's place in it (:meth:`missing`), or at ``prefix``
    itself when there is no parameters object at all (``has_container`` is false:
    the model has none, or ``null``).
    """

    def __init__(
        self, policy: TrainingPolicy, prefix: str, *, strict: bool, revision: str = "page"
    ) -> None:
        self.policy = policy
        self.revision = revision
        self.prefix = prefix
        self.strict = strict
        self.issues: list[Issue] = []
        self.has_container = True
        self.broken: set[str] = set()
        """Paths (under ``prefix``) of the parameters the general validation refused."""

    def missing(self, name: str) -> str:
        """Where to report about parameter ``name``, which the parameters do not hold."""
        return "/" + pointer_token(name) if self.has_container else ""

    def is_broken(self, name: str) -> bool:
        """Whether the general validation already refused parameter ``name``."""
        return "/" + pointer_token(name) in self.broken

    def add(self, where: str, code: str, message: str, *, upgradable: bool = False) -> None:
        severity: Literal["error", "warning"] = "error"
        if upgradable and not self.strict:
            severity = "warning"
        self.issues.append(Issue(self.prefix + where, code, message, severity))

    def warn(self, where: str, code: str, message: str) -> None:
        self.issues.append(Issue(self.prefix + where, code, message, "warning"))


def _type_revisions(model_type: str) -> tuple[str, ...]:
    """The revisions that know a model type (a type only a custom policy knows: all)."""
    if model_type not in MODEL_TYPES:
        return ALWAYS.revisions()
    return value_lifespan(ModelType, model_type).revisions()


_TYPES_SHOWN = 12
"""How many known model types a message about an unknown one lists."""


def _resolve_type(model_type: str, policy: TrainingPolicy, revision: str = "page") -> str | None:
    """The family of a model type, in a revision.

    Raises:
        ValueError: for a type the policy does not know, or the revision does not have.
    """
    if model_type not in policy.families:
        known = shortened(sorted(policy.families), _TYPES_SHOWN)
        msg = f"unknown model type {model_type!r}; known: {known}"
        raise ValueError(msg)
    revisions = _type_revisions(model_type)
    if revision not in revisions:
        msg = (
            f"model type {model_type!r} does not exist in revision {revision!r};"
            f" it is documented in {', '.join(revisions)}"
        )
        raise ValueError(msg)
    return policy.families[model_type]


_MOST_IMAGES = 2**53
"""The most training images the preflight takes: the largest whole number a JSON number
(a double) holds exactly. The page sets no limit; beyond this no default is meaningful."""


def _image_problem(value: float) -> tuple[str, str] | None:
    """What makes a number unfit as a count of training images, as ``(code, message)``."""
    if isinstance(value, float) and not math.isfinite(value):
        return "not-finite", f"expected a finite number, got {preview(value)}"
    if isinstance(value, float) and not value.is_integer():
        return "integer", f"trainingImagesNumber is a count: {preview(value)} is not whole"
    if value < 0:
        return "minimum", f"{preview(value)} is less than the minimum of 0"
    if value > _MOST_IMAGES:
        return "maximum", f"{preview(value)} is greater than the maximum of {_MOST_IMAGES}"
    return None


def _image_count(value: object, name: str = "training_images") -> int:
    """Check an argument that gives a number of training images; return it as an ``int``.

    Raises:
        TypeError: for anything but a number (a bool included).
        ValueError: for a number that is not whole, not finite, negative or above 2**53.
    """
    if isinstance(value, bool) or not isinstance(value, (float, typing.SupportsIndex)):
        msg = f"{name} must be a whole number, not {type(value).__name__}"
        raise TypeError(msg)
    number = value if isinstance(value, float) else operator.index(value)
    if _image_problem(number) is not None:
        msg = f"{name} must be a whole number from 0 to {_MOST_IMAGES}, not {preview(number)}"
        raise ValueError(msg)
    return int(number)


def _document_images(checker: _Checker, number: Any) -> int | None:
    """A document's ``trainingImagesNumber`` as a count, or ``None`` (issues reported)."""
    if number is None:
        return None
    where = "/trainingImagesNumber"
    if not is_number(number):
        checker.add(
            where, "type", f"expected a number, got {json_type(number)} ({preview(number)})"
        )
        return None
    problem = _image_problem(number)
    if problem is not None:
        code, message = problem
        checker.add(where, code, message, upgradable=code == "integer")
        return None
    return int(number)


def check_training_parameters(
    parameters: Mapping[str, Any] | ModelParameters,
    model_type: str,
    *,
    training_images: int | None = None,
    strict: bool = False,
    policy: TrainingPolicy = DEFAULT_POLICY,
    revision: Revision = "page",
) -> TrainingReport:
    """Check training parameters against the trainer of ``model_type``, before submission.

    Args:
        parameters: The camelCase parameters dict, or a :class:`ModelParameters`.
        model_type: A model type literal (``flux.1-lora``, ``sd-xl-lora``...).
        training_images: How many training images the job has; needed for the
            ``maxTrainSteps`` default.
        strict: Make ``not-applicable`` and ``integer`` issues errors, not warnings.
        policy: The table of trainer rules (default: :data:`DEFAULT_POLICY`).
        revision: The contract revision: ``page`` (the default), ``sdk-2.4`` or
            ``latest``. It sets the general bounds, the model types that exist and
            the parameters called legacy.

    Returns:
        A :class:`TrainingReport`: every issue, with paths relative to the parameters
        object, and ``effective``, the parameters with every documented default filled in.

    Raises:
        ValueError: for a model type the policy (or the revision) does not know, an
            unknown revision, or a ``training_images`` that is not a whole number
            from 0 to 2**53.
        TypeError: for a ``training_images`` that is not a number.
    """
    resolved = resolve_revision(revision)
    if training_images is not None:
        training_images = _image_count(training_images)
    payload = dump(parameters) if isinstance(parameters, ModelParameters) else parameters
    family = _resolve_type(model_type, policy, resolved)
    checker = _Checker(policy, "", strict=strict, revision=resolved)
    if family is None:
        checker.add("", "not-trainable", f"model type {model_type!r} is not trainable")
    effective = _check_parameters(
        checker, payload, model_type, family, training_images=training_images, has_class=None
    )
    # One path, one root cause: parameters that are not an object are the issue at "".
    if family is not None and not any(i.path == "" for i in checker.issues):
        _check_images(checker, "", policy.trainers[family], training_images)
    return TrainingReport(
        issues=tuple(checker.issues),
        model_type=model_type,
        family=family,
        effective=effective,
        revision=resolved,
    )


def check_model_training(
    document: Mapping[str, Any] | Model | TrainActionResponse,
    *,
    training_images: int | None = None,
    strict: bool = False,
    policy: TrainingPolicy = DEFAULT_POLICY,
    revision: Revision = "page",
) -> TrainingReport:
    """Check a whole ``Model`` (or train/action response) against its own ``type``, in one call.

    Its ``parameters`` and ``concepts`` are checked, with paths from the document
    root. ``training_images`` defaults to the model's ``trainingImagesNumber``; one
    that is not a count (negative, fractional, not finite, above 2**53, not a number)
    is an issue at ``/trainingImagesNumber``, and so is a count the trainer does not
    take (``training-images``). A ``type`` the ``revision`` does not have is an
    ``unknown-model-type`` warning, as a type no revision has.

    Raises:
        ValueError: for a ``training_images`` that is not a whole number from 0 to 2**53,
            or an unknown revision.
        TypeError: for a ``training_images`` that is not a number.
    """
    resolved = resolve_revision(revision)
    if training_images is not None:
        training_images = _image_count(training_images)
    payload: Any = (
        dump(document) if isinstance(document, (Model, TrainActionResponse)) else document
    )
    prefix = ""
    if isinstance(payload, Mapping) and "model" in payload and "id" not in payload:
        payload, prefix = payload["model"], "/model"
    checker = _Checker(policy, prefix, strict=strict, revision=resolved)
    if not isinstance(payload, Mapping):
        checker.add("", "type", "expected a Model object")
        return TrainingReport(issues=tuple(checker.issues), revision=resolved)
    model_type = payload.get("type")
    if not isinstance(model_type, str) or model_type not in policy.families:
        checker.warn(
            "/type", "unknown-model-type", f"no training policy for type {preview(model_type)}"
        )
        return TrainingReport(issues=tuple(checker.issues), model_type=None, revision=resolved)
    revisions = _type_revisions(model_type)
    if resolved not in revisions:
        checker.warn(
            "/type",
            "unknown-model-type",
            f"model type {model_type!r} does not exist in revision {resolved!r};"
            f" it is documented in {', '.join(revisions)}",
        )
        return TrainingReport(issues=tuple(checker.issues), model_type=None, revision=resolved)
    family = policy.families[model_type]
    if family is None:
        checker.add("/type", "not-trainable", f"model type {model_type!r} is not trainable")
    reported = len(checker.issues)
    images = _document_images(checker, payload.get("trainingImagesNumber"))
    if training_images is None:
        training_images = images
    if family is not None and len(checker.issues) == reported:  # one path, one root cause
        _check_images(checker, "/trainingImagesNumber", policy.trainers[family], training_images)
    parameters = payload.get("parameters")
    checker.prefix = prefix + "/parameters"
    if parameters is None:  # no parameters object: every default applies
        parameters, checker.has_container = {}, False
    effective = _check_parameters(
        checker,
        parameters,
        model_type,
        family,
        training_images=training_images,
        has_class=payload.get("class") is not None,
    )
    checker.prefix = prefix
    _check_concepts(checker, payload.get("concepts"), model_type)
    return TrainingReport(
        issues=tuple(checker.issues),
        model_type=model_type,
        family=family,
        effective=effective,
        revision=resolved,
    )


def _check_images(checker: _Checker, where: str, rules: TrainerRules, images: int | None) -> None:
    """The number of training images against the trainer's (errors, then the recommendation)."""
    count = rules.images
    if count is None or images is None:
        return
    shown, whose = format_number(images), f"{rules.name} training ({rules.source})"
    if count.minimum is not None and images < count.minimum:
        message = f"{shown} {count.unit}: {whose} needs at least {count.minimum}"
        checker.add(where, "training-images", message)
    elif count.maximum is not None and images > count.maximum:
        message = f"{shown} {count.unit}: {whose} takes at most {count.maximum}"
        checker.add(where, "training-images", message)
    elif count.recommended is not None and not _within(images, count.recommended):
        checker.warn(
            where,
            "training-images",
            f"{shown} {count.unit}: {whose} recommends {count.recommended}",
        )


def _within(value: float, limits: Limits) -> bool:
    return (limits.minimum is None or value >= limits.minimum) and (
        limits.maximum is None or value <= limits.maximum
    )


def _check_concepts(checker: _Checker, concepts: Any, model_type: str) -> None:
    limits = checker.policy.concept_scale.get(model_type)
    if limits is None or not isinstance(concepts, list):
        return
    for index, concept in enumerate(concepts):
        scale = concept.get("scale") if isinstance(concept, Mapping) else None
        if isinstance(scale, bool) or not isinstance(scale, (int, float)):
            continue
        _check_limits(checker, f"/concepts/{index}/scale", scale, limits, model_type)


def _check_limits(checker: _Checker, where: str, value: float, limits: Limits, whose: str) -> None:
    if limits.minimum is not None and value < limits.minimum:
        bound = format_number(limits.minimum)
        checker.add(
            where, "minimum", f"{preview(value)} is less than the minimum of {bound} for {whose}"
        )
    if limits.maximum is not None and value > limits.maximum:
        bound = format_number(limits.maximum)
        message = f"{preview(value)} is greater than the maximum of {bound} for {whose}"
        checker.add(where, "maximum", message)


def _check_parameters(
    checker: _Checker,
    parameters: Any,
    model_type: str,
    family: str | None,
    *,
    training_images: int | None,
    has_class: bool | None,
) -> dict[str, Setting]:
    policy = checker.policy
    general = validate(parameters, ModelParameters, revision=_as_revision(checker.revision))
    checker.issues.extend(
        attrs.evolve(issue, path=checker.prefix + issue.path) for issue in general.issues
    )
    if family is None or not isinstance(parameters, Mapping):
        return {}
    rules = policy.trainers[family]
    # One field, one root cause: a parameter the general validation refused is not
    # checked again (a NaN rank is `not-finite`, not also `integer`).
    checker.broken = {issue.path for issue in general.errors}
    given = {
        name: value
        for name, value in parameters.items()
        if value is not None and name in class_spec(ModelParameters).by_wire
    }
    used = dict(given)
    legacy = _legacy(policy, checker.revision)
    for name, value in given.items():
        where = "/" + pointer_token(name)
        if checker.is_broken(name):
            continue
        if name in legacy and name not in rules.parameters:
            checker.warn(
                where,
                "deprecated",
                f"{name} is a deprecated legacy training parameter (revision"
                f" {checker.revision}): {rules.name} training ({model_type}) does not take it",
            )
            del used[name]
            continue
        if name in policy.restricted and name not in rules.parameters:
            takers = sorted(r.name for r in policy.trainers.values() if name in r.parameters)
            checker.add(
                where,
                "not-applicable",
                f"{name} is only available for {' and '.join(takers)} training, not"
                f" {rules.name} ({model_type})",
                upgradable=True,
            )
            del used[name]  # the trainer never sees it
            continue
        if name in rules.ignored:
            del used[name]
        if name in rules.deprecated:
            checker.warn(where, "deprecated", rules.deprecated[name])
        if name in rules.limits and is_number(value):
            _check_limits(checker, where, value, rules.limits[name], _whose(rules))
        if name in rules.most_items and isinstance(value, list):
            most = rules.most_items[name]
            if len(value) > most:
                checker.add(
                    where,
                    "max-items",
                    f"{name} holds {len(value)} items: {_whose(rules)} takes at most {most}",
                )
        if name in rules.observed_max_length and isinstance(value, str):
            longest = rules.observed_max_length[name]
            if len(value) > longest:
                checker.warn(
                    where,
                    "observed-limit",
                    f"{name} is {len(value)} characters: the API was observed (not documented)"
                    f" to refuse more than {longest} for {rules.name} training",
                )
        if name in rules.only_with:
            other, values = rules.only_with[name]
            if given.get(other) is not None and given[other] not in values:
                checker.add(
                    where,
                    "not-applicable",
                    f"{name} is only for {other} {' or '.join(map(repr, values))},"
                    f" not {preview(given[other])}",
                    upgradable=True,
                )
        if name in policy.whole_numbers and isinstance(value, float) and not value.is_integer():
            checker.add(
                where,
                "integer",
                f"{name} is a count: {preview(value)} is not whole",
                upgradable=True,
            )
    effective = {
        name: Setting(value, "given", secret=name in _SECRETS) for name, value in used.items()
    }
    _fill_defaults(checker, rules, effective, training_images=training_images, has_class=has_class)
    _note_step_count(rules, effective)
    _check_cross_fields(checker, rules, effective)
    order = {spec.wire: i for i, spec in enumerate(class_spec(ModelParameters).fields)}
    return dict(sorted(effective.items(), key=lambda item: order.get(item[0], len(order))))


def _whose(rules: TrainerRules) -> str:
    """The trainer a per-trainer limit belongs to, with its source, for messages."""
    return rules.name if rules.source == "page" else f"{rules.name} ({rules.source})"


def _as_revision(name: str) -> Revision:
    assert name in REVISIONS
    return typing.cast("Revision", name)


def _legacy(policy: TrainingPolicy, revision: str) -> frozenset[str]:
    """The parameters called legacy in a revision: declared in it or in an earlier one."""
    upto = REVISIONS[: REVISIONS.index(revision) + 1]
    return frozenset().union(*(names for rev, names in policy.legacy.items() if rev in upto))


def _note_step_count(rules: TrainerRules, effective: dict[str, Setting]) -> None:
    """Say, in the notes of ``effective``, how the trainer counts steps, or that no source says.

    With ``nbEpochs`` or ``nbRepeats`` in play, a ``maxTrainSteps`` default is not
    presented as the step count the job will run unless a source documents it.
    """
    counts = [name for name in ("nbEpochs", "nbRepeats") if name in effective]
    if not counts:
        return
    told = rules.step_count or (
        f"no source says how {rules.name} counts steps from nbEpochs and nbRepeats"
    )
    for name in counts:
        effective[name] = _with_note(effective[name], told)
    steps = effective.get("maxTrainSteps")
    if steps is not None and steps.source == "default" and not rules.step_count:
        effective["maxTrainSteps"] = _with_note(
            steps,
            f"the page's default, not known to be the job's step count (see {', '.join(counts)})",
        )


def _with_note(setting: Setting, note: str) -> Setting:
    return attrs.evolve(setting, note=f"{setting.note}; {note}" if setting.note else note)


def _fill_defaults(
    checker: _Checker,
    rules: TrainerRules,
    effective: dict[str, Setting],
    *,
    training_images: int | None,
    has_class: bool | None,
) -> None:
    for name, (value, note) in rules.defaults.items():
        if name in effective:
            continue
        if name == "conceptPrompt" and has_class and rules.name == "SD 1.5":
            continue  # the page gives SD 1.5's default only for models without a class
        effective[name] = Setting(value, "default", note)
    steps = rules.steps_per_image
    if steps is None or "maxTrainSteps" in effective:
        return
    if training_images is None:
        effective["maxTrainSteps"] = Setting(
            None, "default", "depends on the number of training images (pass training_images)"
        )
        return
    value = steps.steps(training_images)
    effective["maxTrainSteps"] = Setting(value, "default", steps.formula(training_images))
    limits = rules.limits.get("maxTrainSteps") or _general_limits("maxTrainSteps", checker.revision)
    if limits.maximum is not None and value > limits.maximum:
        checker.add(
            checker.missing("maxTrainSteps"),
            "default-exceeds-maximum",
            f"the default maxTrainSteps for {format_number(training_images)} training images"
            f" ({steps.formula(training_images)} = {format_number(value)}) exceeds"
            f" {rules.name}'s maximum of {format_number(limits.maximum)}:"
            " set maxTrainSteps explicitly",
        )


def _check_cross_fields(
    checker: _Checker, rules: TrainerRules, effective: dict[str, Setting]
) -> None:
    """Rules between fields; one that involves a field already refused is not checked."""

    def value(name: str) -> Any:
        setting = effective.get(name)
        return None if setting is None else setting.value

    def usable(name: str) -> bool:
        return name in effective and not checker.is_broken(name)

    prompts, sources = value("samplePrompts"), value("sampleSourceImages")
    if (
        usable("sampleSourceImages")
        and not checker.is_broken("samplePrompts")
        and isinstance(sources, list)
        and isinstance(prompts if prompts is not None else [], list)
        and len(sources) != len(prompts or [])
    ):
        checker.add(
            "/sampleSourceImages",
            "length-mismatch",
            f"sampleSourceImages and samplePrompts are paired one to one, but they hold"
            f" {len(sources)} and {len(prompts or [])} items",
        )
    frequency, steps = value("validationFrequency"), value("maxTrainSteps")
    if (
        usable("validationFrequency")
        and usable("maxTrainSteps")
        and "validationFrequency" in rules.parameters
        and is_number(frequency)
        and is_number(steps)
        and frequency > steps
    ):
        source = "" if effective["maxTrainSteps"].source == "given" else " (the default)"
        checker.add(
            "/validationFrequency",
            "exceeds-max-train-steps",
            f"validationFrequency {preview(frequency)} is greater than maxTrainSteps"
            f" {preview(steps)}{source}",
        )
    clone_type = value("cloneType")
    if (
        usable("cloneType")
        and "cloneType" in rules.parameters
        and (clone_type not in checker.policy.clone_types)
    ):
        allowed = " or ".join(repr(v) for v in checker.policy.clone_types)
        checker.add("/cloneType", "enum", f"cloneType must be {allowed}, not {preview(clone_type)}")
    if value("removeBackgroundNoise") is True and "removeBackgroundNoise" in rules.parameters:
        checker.warn(
            "/removeBackgroundNoise",
            "sample-length",
            "with removeBackgroundNoise, every audio sample must be at least 5 seconds long",
        )
