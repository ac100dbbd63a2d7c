"""The training preflight's rules: one small function per rule kind, in tables.

:mod:`scenario_schema.training` runs them. Each rule reads a frozen
:class:`Context` (the run's facts: policy, trainer, revision, what was given) and
yields :class:`Issue` objects with paths relative to the parameters object; the
caller puts them under the document's path once. No rule holds or changes state.

Three tables, run in this order for each run:

- :data:`GATES`, per parameter given: whether the trainer sees it at all (a
  legacy parameter, one only other trainers take). The first gate that refuses
  a parameter gives its only issue, and no other rule looks at it.
- :data:`VALUE_RULES`, per parameter the trainer sees: the trainer's own limits
  and advice on its value.
- :data:`CROSS_RULES`, once, on the effective parameters: rules between fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

import attrs

from ._fields import Scalar, class_spec
from ._policy import Limits, TrainerRules, TrainingPolicy
from ._preview import format_number, is_number, preview, safe_repr
from ._report import Issue, pointer_token
from ._revisions import REVISIONS
from .models import ModelParameters

__all__ = [
    "CROSS_RULES",
    "GATES",
    "VALUE_RULES",
    "Context",
    "Setting",
    "check_limits",
    "fill_defaults",
    "legacy",
    "note_step_count",
    "severity",
    "under",
]


@attrs.frozen
class Setting:
    """One parameter as the trainer will use it: given by the caller, or a documented default.

    Attributes:
        value: The value (``None``: a default drawn or computed by the trainer).
        source: ``given`` or ``default``.
        note: How a default comes about, or what to know about the value.
        secret: A credential: never shown.
        typos: Undocumented keys given that are likely typos of this parameter
            (``likely-typo`` errors): the trainer does not read them.
    """

    value: Any = attrs.field(repr=False)
    source: Literal["given", "default"]
    note: str = ""
    secret: bool = False
    typos: tuple[str, ...] = ()

    def __repr__(self) -> str:
        shown = "'<redacted>'" if self.secret and self.value is not None else safe_repr(self.value)
        typos = f", typos={self.typos!r}" if self.typos else ""
        return f"Setting(value={shown}, source={self.source!r}, note={self.note!r}{typos})"


def severity(*, strict: bool, upgradable: bool = False) -> Literal["error", "warning"]:
    """An error, or a warning for an upgradable issue outside strict mode."""
    return "warning" if upgradable and not strict else "error"


def under(prefix: str, issues: Iterator[Issue] | list[Issue]) -> list[Issue]:
    """The issues, their paths put under ``prefix`` (a JSON Pointer)."""
    return [attrs.evolve(issue, path=prefix + issue.path) if prefix else issue for issue in issues]


@attrs.frozen
class Context:
    """The facts every rule of one run reads; frozen: no rule changes them.

    Attributes:
        policy: The policy table.
        rules: The trainer's rules.
        model_type: The model type checked, for messages.
        revision: The contract revision.
        strict: Whether upgradable issues are errors.
        given: The documented parameters given, not null, in document order.
        broken: The parameters the general validation refused: not checked again
            (one field, one root cause: a NaN rank is ``not-finite``, not also ``integer``).
        has_container: Whether there is a parameters object (a model may have none).
    """

    policy: TrainingPolicy
    rules: TrainerRules
    model_type: str
    revision: str
    strict: bool
    given: Mapping[str, Any]
    broken: frozenset[str] = frozenset()
    has_container: bool = True

    def error(self, name: str, code: str, message: str, *, upgradable: bool = False) -> Issue:
        """An issue about parameter ``name`` (a warning if upgradable and not strict)."""
        level = severity(strict=self.strict, upgradable=upgradable)
        return Issue(self.where(name), code, message, level)

    def warning(self, name: str, code: str, message: str) -> Issue:
        """A warning about parameter ``name``."""
        return Issue(self.where(name), code, message, "warning")

    def where(self, name: str) -> str:
        """Where to report about parameter ``name``: its place, or the object's without one."""
        return "/" + pointer_token(name) if self.has_container else ""

    def is_broken(self, name: str) -> bool:
        """Whether the general validation already refused parameter ``name``."""
        return name in self.broken

    @property
    def whose(self) -> str:
        """The trainer a per-trainer limit belongs to, with its source, for messages."""
        rules = self.rules
        return rules.name if rules.source == "page" else f"{rules.name} ({rules.source})"


def legacy(policy: TrainingPolicy, revision: str) -> frozenset[str]:
    """The parameters called legacy in a revision: declared in it or in an earlier one."""
    upto = REVISIONS[: REVISIONS.index(revision) + 1]
    return frozenset().union(*(names for rev, names in policy.legacy.items() if rev in upto))


# Gates: whether the trainer sees a parameter. An issue means it does not.

Gate = Callable[[Context, str], "Issue | None"]


def _legacy_gate(context: Context, name: str) -> Issue | None:
    """A legacy parameter of the revision that this trainer does not take: a warning."""
    if name not in legacy(context.policy, context.revision) or name in context.rules.parameters:
        return None
    return context.warning(
        name,
        "deprecated",
        f"{name} is a deprecated legacy training parameter (revision"
        f" {context.revision}): {context.rules.name} training ({context.model_type})"
        " does not take it",
    )


def _restricted_gate(context: Context, name: str) -> Issue | None:
    """A parameter only other trainers take: ``not-applicable``."""
    policy, rules = context.policy, context.rules
    if name not in policy.restricted or name in rules.parameters:
        return None
    takers = sorted(r.name for r in policy.trainers.values() if name in r.parameters)
    return context.error(
        name,
        "not-applicable",
        f"{name} is only available for {' and '.join(takers)} training, not"
        f" {rules.name} ({context.model_type})",
        upgradable=True,
    )


GATES: tuple[Gate, ...] = (_legacy_gate, _restricted_gate)
"""Run in order on every parameter given; the first issue stops the parameter."""


# Value rules: the trainer's own rules on the value of a parameter it sees.

ValueRule = Callable[[Context, str, Any], Iterator[Issue]]


def _deprecated(context: Context, name: str, value: Any) -> Iterator[Issue]:
    advice = context.rules.deprecated.get(name)
    if advice is not None:
        yield context.warning(name, "deprecated", advice)


def _trainer_limits(context: Context, name: str, value: Any) -> Iterator[Issue]:
    limits = context.rules.limits.get(name)
    if limits is not None and is_number(value):
        yield from check_limits(context.where(name), value, limits, context.whose)


def _most_items(context: Context, name: str, value: Any) -> Iterator[Issue]:
    most = context.rules.most_items.get(name)
    if most is not None and isinstance(value, list) and len(value) > most:
        message = f"{name} holds {len(value)} items: {context.whose} takes at most {most}"
        yield context.error(name, "max-items", message)


def _observed_length(context: Context, name: str, value: Any) -> Iterator[Issue]:
    longest = context.rules.observed_max_length.get(name)
    if longest is not None and isinstance(value, str) and len(value) > longest:
        yield context.warning(
            name,
            "observed-limit",
            f"{name} is {len(value)} characters: the API was observed (not documented)"
            f" to refuse more than {longest} for {context.rules.name} training",
        )


def _only_with(context: Context, name: str, value: Any) -> Iterator[Issue]:
    if name not in context.rules.only_with:
        return
    other, values = context.rules.only_with[name]
    chosen = context.given.get(other)
    if chosen is not None and chosen not in values:
        yield context.error(
            name,
            "not-applicable",
            f"{name} is only for {other} {' or '.join(map(repr, values))}, not {preview(chosen)}",
            upgradable=True,
        )


def _whole_number(context: Context, name: str, value: Any) -> Iterator[Issue]:
    if name in context.policy.whole_numbers and isinstance(value, float) and not value.is_integer():
        message = f"{name} is a count: {preview(value)} is not whole"
        yield context.error(name, "integer", message, upgradable=True)


VALUE_RULES: tuple[ValueRule, ...] = (
    _deprecated,
    _trainer_limits,
    _most_items,
    _observed_length,
    _only_with,
    _whole_number,
)
"""Run in order on every parameter the trainer sees (and the general validation took)."""


def check_limits(where: str, value: float, limits: Limits, whose: str) -> Iterator[Issue]:
    """``minimum`` and ``maximum`` errors of a number against a trainer's (or type's) limits."""
    if limits.minimum is not None and value < limits.minimum:
        bound = format_number(limits.minimum)
        message = f"{preview(value)} is less than the minimum of {bound} for {whose}"
        yield Issue(where, "minimum", message)
    if limits.maximum is not None and value > limits.maximum:
        bound = format_number(limits.maximum)
        message = f"{preview(value)} is greater than the maximum of {bound} for {whose}"
        yield Issue(where, "maximum", message)


# Cross rules: between the effective parameters, once per run.

CrossRule = Callable[[Context, Mapping[str, Setting]], Iterator[Issue]]


def _value(effective: Mapping[str, Setting], name: str) -> Any:
    setting = effective.get(name)
    return None if setting is None else setting.value


def _usable(context: Context, effective: Mapping[str, Setting], name: str) -> bool:
    return name in effective and not context.is_broken(name)


def _paired_samples(context: Context, effective: Mapping[str, Setting]) -> Iterator[Issue]:
    prompts = _value(effective, "samplePrompts")
    sources = _value(effective, "sampleSourceImages")
    if (
        _usable(context, effective, "sampleSourceImages")
        and not context.is_broken("samplePrompts")
        and isinstance(sources, list)
        and isinstance(prompts if prompts is not None else [], list)
        and len(sources) != len(prompts or [])
    ):
        yield Issue(
            "/sampleSourceImages",
            "length-mismatch",
            f"sampleSourceImages and samplePrompts are paired one to one, but they hold"
            f" {len(sources)} and {len(prompts or [])} items",
        )


def _validation_frequency(context: Context, effective: Mapping[str, Setting]) -> Iterator[Issue]:
    frequency = _value(effective, "validationFrequency")
    steps = _value(effective, "maxTrainSteps")
    if (
        _usable(context, effective, "validationFrequency")
        and _usable(context, effective, "maxTrainSteps")
        and "validationFrequency" in context.rules.parameters
        and is_number(frequency)
        and is_number(steps)
        and frequency > steps
    ):
        source = "" if effective["maxTrainSteps"].source == "given" else " (the default)"
        yield Issue(
            "/validationFrequency",
            "exceeds-max-train-steps",
            f"validationFrequency {preview(frequency)} is greater than maxTrainSteps"
            f" {preview(steps)}{source}",
        )


def _clone_type(context: Context, effective: Mapping[str, Setting]) -> Iterator[Issue]:
    clone_type = _value(effective, "cloneType")
    allowed = context.policy.clone_types
    if (
        _usable(context, effective, "cloneType")
        and "cloneType" in context.rules.parameters
        and clone_type not in allowed
    ):
        shown = " or ".join(repr(v) for v in allowed)
        yield Issue("/cloneType", "enum", f"cloneType must be {shown}, not {preview(clone_type)}")


def _sample_length(context: Context, effective: Mapping[str, Setting]) -> Iterator[Issue]:
    if (
        _value(effective, "removeBackgroundNoise") is True
        and "removeBackgroundNoise" in context.rules.parameters
    ):
        yield Issue(
            "/removeBackgroundNoise",
            "sample-length",
            "with removeBackgroundNoise, every audio sample must be at least 5 seconds long",
            "warning",
        )


CROSS_RULES: tuple[CrossRule, ...] = (
    _paired_samples,
    _validation_frequency,
    _clone_type,
    _sample_length,
)
"""Rules between fields; one that involves a field already refused is not checked."""


# Defaults and notes: the effective parameters the trainer will use.


def fill_defaults(
    context: Context,
    effective: dict[str, Setting],
    *,
    training_images: int | None,
    has_class: bool | None,
) -> Iterator[Issue]:
    """Fill the trainer's documented defaults into ``effective``; yield a default's issue."""
    rules = context.rules
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
    limits = rules.limits.get("maxTrainSteps") or _general_limits("maxTrainSteps", context.revision)
    if limits.maximum is not None and value > limits.maximum:
        yield context.error(
            "maxTrainSteps",
            "default-exceeds-maximum",
            f"the default maxTrainSteps for {format_number(training_images)} training images"
            f" ({steps.formula(training_images)} = {format_number(value)}) exceeds"
            f" {rules.name}'s maximum of {format_number(limits.maximum)}:"
            " set maxTrainSteps explicitly",
        )


def _general_limits(wire: str, revision: str) -> Limits:
    shape = class_spec(ModelParameters, revision).by_wire[wire].shape
    assert isinstance(shape, Scalar)
    return Limits(shape.constraints.minimum, shape.constraints.maximum)


def note_step_count(rules: TrainerRules, effective: dict[str, Setting]) -> None:
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
