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
from typing import Any

import attrs

from ._api import dump, validate
from ._fields import class_spec
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
from ._preflight import (
    CROSS_RULES,
    GATES,
    VALUE_RULES,
    Context,
    Setting,
    check_limits,
    fill_defaults,
    note_step_count,
    severity,
    under,
)
from ._preview import format_number, is_number, json_type, preview
from ._report import Issue, Report, pointer_token, shortened, tokens_of, under_refused_keys
from ._revisions import (
    ALWAYS,
    DEFAULT_REVISION,
    REVISIONS,
    Revision,
    resolve_revision,
    value_lifespan,
)
from ._typos import did_you_mean, likely_typo
from .literals import ModelType
from .models import Model, ModelParameters, TrainActionResponse

__all__ = [
    "DEFAULT_POLICY",
    "FAMILY_PATTERNS",
    "MODEL_TYPES",
    "ImageCount",
    "Limits",
    "NoModelTypeError",
    "Setting",
    "StepsPerImage",
    "TrainerRules",
    "TrainingPolicy",
    "TrainingReport",
    "check_model_training",
    "check_training_parameters",
    "families_from_patterns",
    "resolve_model_type",
    "training_image_count",
]


@attrs.frozen
class TrainingReport(Report):
    """A :class:`Report` of the parameters, plus the parameters as the trainer will use them."""

    model_type: str | None = None
    family: str | None = None
    effective: Mapping[str, Setting] = attrs.field(factory=dict)
    revision: str = DEFAULT_REVISION

    @property
    def defaults(self) -> frozenset[str]:
        """The wire names of the parameters filled in from documented defaults."""
        return frozenset(name for name, s in self.effective.items() if s.source == "default")

    def effective_parameters(self) -> dict[str, Any]:
        """The effective parameters as a camelCase dict (defaults whose value is drawn left out)."""
        return {name: s.value for name, s in self.effective.items() if s.value is not None}


def _type_revisions(model_type: str) -> tuple[str, ...]:
    """The revisions that know a model type (a type only a custom policy knows: all)."""
    if model_type not in MODEL_TYPES:
        return ALWAYS.revisions()
    return value_lifespan(ModelType, model_type).revisions()


class NoModelTypeError(ValueError):
    """The preflight was asked to check parameters without a model type to check them for."""


_TYPES_SHOWN = 12
"""How many known model types a message about an unknown one lists."""


def resolve_model_type(
    model_type: str, policy: TrainingPolicy, revision: str = DEFAULT_REVISION
) -> str | None:
    """The family of a model type, in a revision.

    Raises:
        NoModelTypeError: for no model type (``None`` or ``""``).
        ValueError: for a type the policy does not know, or the revision does not have.
    """
    if model_type is None or model_type == "":
        msg = (
            "model_type is required: the preflight checks parameters against the trainer"
            " of a model type (check_model_training reads a Model's own type)"
        )
        raise NoModelTypeError(msg)
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


def training_image_count(value: object, name: str = "training_images") -> int:
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


def _document_images(number: Any, *, strict: bool) -> tuple[int | None, list[Issue]]:
    """A document's ``trainingImagesNumber`` as a count, or ``None`` with its issues."""
    if number is None:
        return None, []
    where = "/trainingImagesNumber"
    if not is_number(number):
        message = f"expected a number, got {json_type(number)} ({preview(number)})"
        return None, [Issue(where, "type", message)]
    problem = _image_problem(number)
    if problem is not None:
        code, message = problem
        level = severity(strict=strict, upgradable=code == "integer")
        return None, [Issue(where, code, message, level)]
    return int(number), []


def check_training_parameters(
    parameters: Mapping[str, Any] | ModelParameters,
    model_type: str,
    *,
    training_images: int | None = None,
    strict: bool = False,
    forbid_unknown: bool = False,
    policy: TrainingPolicy | None = None,
    revision: Revision = "latest",
) -> TrainingReport:
    """Check training parameters against the trainer of ``model_type``, before submission.

    An undocumented parameter whose name is close to a documented one (``learningrate``,
    ``maxTrainStep``) is a ``likely-typo`` error: the trainer would ignore it and use
    its default. Any other undocumented parameter is an ``unknown-field`` warning, or
    an error with ``forbid_unknown``.

    Args:
        parameters: The camelCase parameters dict, or a :class:`ModelParameters`.
        model_type: A model type literal (``flux.1-lora``, ``sd-xl-lora``...).
        training_images: How many training images the job has; needed for the
            ``maxTrainSteps`` default.
        strict: Make ``not-applicable`` and ``integer`` issues errors, not warnings.
        forbid_unknown: Make every undocumented parameter an ``unknown-field`` error.
        policy: The table of trainer rules (``None``: :data:`DEFAULT_POLICY`).
        revision: The contract revision: ``latest`` (the default, today ``sdk-2.4``),
            ``sdk-2.4`` or ``page``. It sets the general bounds, the documented parameters, the
            model types that exist and the parameters called legacy.

    Returns:
        A :class:`TrainingReport`: every issue, with paths relative to the parameters
        object, and ``effective``, the parameters with every documented default filled in.

    Raises:
        ValueError: for no model type (``None`` or ``""``), a model type the policy (or
            the revision) does not know, an unknown revision, or a ``training_images``
            that is not a whole number from 0 to 2**53.
        TypeError: for a ``training_images`` that is not a number.
    """
    resolved = resolve_revision(revision)
    policy = DEFAULT_POLICY if policy is None else policy
    if training_images is not None:
        training_images = training_image_count(training_images)
    payload = dump(parameters) if isinstance(parameters, ModelParameters) else parameters
    family = resolve_model_type(model_type, policy, resolved)
    issues: list[Issue] = []
    if family is None:
        issues.append(Issue("", "not-trainable", f"model type {model_type!r} is not trainable"))
    run = _Run(policy, model_type, family, resolved, strict=strict, forbid_unknown=forbid_unknown)
    found, effective = _check_parameters(run, payload, training_images, has_class=None)
    issues += found
    # One path, one root cause: parameters that are not an object are the issue at "".
    if family is not None and not any(issue.path == "" for issue in issues):
        issues += _check_images("", policy.trainers[family], training_images)
    return TrainingReport(
        issues=tuple(issues),
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
    forbid_unknown: bool = False,
    policy: TrainingPolicy | None = None,
    revision: Revision = "latest",
) -> TrainingReport:
    """Check a whole ``Model`` (or train/action response) against its own ``type``, in one call.

    Its ``parameters`` and ``concepts`` are checked, with paths from the document
    root. ``training_images`` defaults to the model's ``trainingImagesNumber``; one
    that is not a count (negative, fractional, not finite, above 2**53, not a number)
    is an issue at ``/trainingImagesNumber``, and so is a count the trainer does not
    take (``training-images``). A ``type`` the ``revision`` does not have is an
    ``unknown-model-type`` warning, as a type no revision has. Likely typos and
    ``forbid_unknown`` apply to its parameters as in :func:`check_training_parameters`.

    Raises:
        ValueError: for a document that names no model type (no ``type``, or ``null``:
            to check bare parameters, call :func:`check_training_parameters` with their
            model type), a ``training_images`` that is not a whole number from 0 to
            2**53, or an unknown revision.
        TypeError: for a ``training_images`` that is not a number.
    """
    resolved = resolve_revision(revision)
    policy = DEFAULT_POLICY if policy is None else policy
    if training_images is not None:
        training_images = training_image_count(training_images)
    payload: Any = (
        dump(document) if isinstance(document, (Model, TrainActionResponse)) else document
    )
    prefix = ""
    if isinstance(payload, Mapping) and "model" in payload and "id" not in payload:
        payload, prefix = payload["model"], "/model"
    if not isinstance(payload, Mapping):
        issue = Issue(prefix, "type", "expected a Model object")
        return TrainingReport(issues=(issue,), revision=resolved)
    model_type = payload.get("type")
    typos = _model_typos(payload, resolved)
    problem = _model_type_problem(model_type, policy, resolved, typos)
    if problem is not None:
        issue = Issue(prefix + "/type", "unknown-model-type", problem, "warning")
        return TrainingReport(issues=(issue,), model_type=None, revision=resolved)
    model_type = typing.cast("str", model_type)  # a type of the policy: a string
    family = policy.families[model_type]
    run = _Run(policy, model_type, family, resolved, strict=strict, forbid_unknown=forbid_unknown)
    issues: list[Issue] = []
    if family is None:
        issues.append(
            Issue("/type", "not-trainable", f"model type {model_type!r} is not trainable")
        )
    issues += typos
    images, found = _document_images(payload.get("trainingImagesNumber"), strict=strict)
    issues += found
    if training_images is None:
        training_images = images
    if family is not None and not found:  # one path, one root cause
        issues += _check_images("/trainingImagesNumber", policy.trainers[family], training_images)
    parameters = payload.get("parameters")
    found, effective = _check_parameters(
        run,
        {} if parameters is None else parameters,  # no parameters object: every default applies
        training_images,
        has_class=payload.get("class") is not None,
        has_container=parameters is not None,
    )
    issues += under("/parameters", found)
    issues += _check_concepts(policy, payload.get("concepts"), model_type)
    return TrainingReport(
        issues=tuple(under(prefix, issues)),
        model_type=model_type,
        family=family,
        effective=effective,
        revision=resolved,
    )


_READ = frozenset({"class", "concepts", "parameters", "trainingImagesNumber", "type"})
"""The fields of a Model the preflight reads: a likely typo of one is an error."""


def _model_typos(model: Mapping[Any, Any], revision: str) -> list[Issue]:
    """``likely-typo`` errors for the Model's undocumented keys close to a field it reads.

    A misspelt ``parameters`` would leave every parameter to its default unseen.
    """
    documented = class_spec(Model, revision).by_wire
    issues = []
    for key in model:
        if not isinstance(key, str) or key in documented:
            continue
        meant = likely_typo(key, documented)
        if meant in _READ:
            message = (
                f"undocumented field {preview(key)}: the preflight and the trainer do not"
                f" read it; {did_you_mean(meant)}"
            )
            issues.append(Issue("/" + pointer_token(key), "likely-typo", message))
    return issues


def _model_type_problem(
    model_type: Any, policy: TrainingPolicy, revision: str, typos: list[Issue]
) -> str | None:
    """Why a document's ``type`` has no policy in the revision, or ``None``.

    Raises:
        NoModelTypeError: for a document without a ``type`` (or a ``null`` one).
    """
    if model_type is None:
        hint = any(issue.message.endswith(did_you_mean("type")) for issue in typos)
        msg = (
            "the document names no model type (no 'type'): to check bare parameters,"
            " call check_training_parameters with their model type"
            + (f"; {did_you_mean('type')}" if hint else "")
        )
        raise NoModelTypeError(msg)
    if not isinstance(model_type, str) or model_type not in policy.families:
        return f"no training policy for type {preview(model_type)}"
    revisions = _type_revisions(model_type)
    if revision not in revisions:
        return (
            f"model type {model_type!r} does not exist in revision {revision!r};"
            f" it is documented in {', '.join(revisions)}"
        )
    return None


def _check_images(where: str, rules: TrainerRules, images: int | None) -> list[Issue]:
    """The number of training images against the trainer's (errors, then the recommendation)."""
    count = rules.images
    if count is None or images is None:
        return []
    shown, whose = format_number(images), f"{rules.name} training ({rules.source})"
    if count.minimum is not None and images < count.minimum:
        message = f"{shown} {count.unit}: {whose} needs at least {count.minimum}"
        return [Issue(where, "training-images", message)]
    if count.maximum is not None and images > count.maximum:
        message = f"{shown} {count.unit}: {whose} takes at most {count.maximum}"
        return [Issue(where, "training-images", message)]
    if count.recommended is not None and not _within(images, count.recommended):
        message = f"{shown} {count.unit}: {whose} recommends {count.recommended}"
        return [Issue(where, "training-images", message, "warning")]
    return []


def _within(value: float, limits: Limits) -> bool:
    return (limits.minimum is None or value >= limits.minimum) and (
        limits.maximum is None or value <= limits.maximum
    )


def _check_concepts(policy: TrainingPolicy, concepts: Any, model_type: str) -> list[Issue]:
    limits = policy.concept_scale.get(model_type)
    if limits is None or not isinstance(concepts, list):
        return []
    issues: list[Issue] = []
    for index, concept in enumerate(concepts):
        scale = concept.get("scale") if isinstance(concept, Mapping) else None
        if isinstance(scale, bool) or not isinstance(scale, (int, float)):
            continue
        issues += check_limits(f"/concepts/{index}/scale", scale, limits, model_type)
    return issues


@attrs.frozen
class _Run:
    """The options of one preflight run, the same for every part it checks."""

    policy: TrainingPolicy
    model_type: str
    family: str | None
    revision: str
    strict: bool
    forbid_unknown: bool


_SECRETS = frozenset(spec.wire for spec in class_spec(ModelParameters).fields if spec.secret)


def _check_parameters(
    run: _Run,
    parameters: Any,
    training_images: int | None,
    *,
    has_class: bool | None,
    has_container: bool = True,
) -> tuple[list[Issue], dict[str, Setting]]:
    """The issues of a parameters object (paths relative to it) and its effective parameters.

    The general validation first, then the trainer's rules (``_preflight``'s tables).
    """
    documented = class_spec(ModelParameters, run.revision).by_wire
    general = validate(parameters, ModelParameters, revision=_as_revision(run.revision))
    issues, typos = _undocumented(general.issues, documented, forbid=run.forbid_unknown)
    if run.family is None or not isinstance(parameters, Mapping):
        return issues, {}
    given = {
        name: value
        for name, value in parameters.items()
        if value is not None and name in documented
    }
    refused = {issue.path for issue in general.errors}
    context = Context(
        policy=run.policy,
        rules=run.policy.trainers[run.family],
        model_type=run.model_type,
        revision=run.revision,
        strict=run.strict,
        given=given,
        broken=frozenset(name for name in given if "/" + pointer_token(name) in refused),
        has_container=has_container,
    )
    used = _apply_rules(context, issues)
    effective = {
        name: Setting(value, "given", secret=name in _SECRETS) for name, value in used.items()
    }
    issues += fill_defaults(
        context, effective, training_images=training_images, has_class=has_class
    )
    note_step_count(context.rules, effective)
    for rule in CROSS_RULES:
        issues += rule(context, effective)
    for meant, keys in typos.items():
        if meant in effective:
            effective[meant] = attrs.evolve(effective[meant], typos=tuple(keys))
    order = {spec.wire: i for i, spec in enumerate(class_spec(ModelParameters).fields)}
    return issues, dict(sorted(effective.items(), key=lambda item: order.get(item[0], len(order))))


def _apply_rules(context: Context, issues: list[Issue]) -> dict[str, Any]:
    """Run the gates and value rules on every parameter given; return what the trainer uses."""
    used: dict[str, Any] = {}
    for name, value in context.given.items():
        if context.is_broken(name):  # refused already: one field, one root cause
            used[name] = value
            continue
        refusal = next((i for gate in GATES if (i := gate(context, name)) is not None), None)
        if refusal is not None:  # the trainer never sees it
            issues.append(refusal)
            continue
        if name not in context.rules.ignored:
            used[name] = value
        for rule in VALUE_RULES:
            issues += rule(context, name, value)
    return used


def _undocumented(
    issues: tuple[Issue, ...], documented: Mapping[str, Any], *, forbid: bool
) -> tuple[list[Issue], dict[str, list[str]]]:
    """The general issues, with undocumented parameters made preflight issues.

    A likely typo of a documented parameter is a ``likely-typo`` error (the trainer
    would ignore it and use its default); with ``forbid``, every other undocumented
    field is an ``unknown-field`` error. Returns the issues, and the keys taken for
    typos of each documented parameter.
    """
    out: list[Issue] = []
    typos: dict[str, list[str]] = {}
    for issue in issues:
        if issue.code != "unknown-field":
            out.append(issue)
            continue
        tokens = tokens_of(issue.path)
        meant = likely_typo(tokens[0], documented) if len(tokens) == 1 else None
        if meant is not None:
            typos.setdefault(meant, []).append(tokens[0])
            message = (
                f"undocumented parameter {preview(tokens[0])}: the trainer ignores it;"
                f" {did_you_mean(meant)}"
            )
            out.append(Issue(issue.path, "likely-typo", message, "error"))
        elif forbid:
            out.append(attrs.evolve(issue, severity="error"))
        else:
            out.append(issue)
    refused = {
        i.path for i in out if i.code in ("likely-typo", "unknown-field") and i.severity == "error"
    }
    return under_refused_keys(out, refused), typos


def _as_revision(name: str) -> Revision:
    assert name in REVISIONS
    return typing.cast("Revision", name)
