"""Rules the page writes in prose: a field that applies only for some values of another.

"Only available for `string` input type", "Only used for custom models", "The
concepts is required for the type model: composition": each sentence is one
:class:`FieldRule`, data declared next to the classes (:data:`RULES`), applied by
the reference walker (``_validate``) and the generated fast path (``_fastpath``)
through the same function, :func:`apply_rules`, at the end of an object's check.

Every rule is a warning: the page's own example breaks several of them (a
``boolean`` input with ``color``, ``step``, ``modelTypes``...; ``epoch`` on a
``custom`` model), and it must stay valid in strict mode. See
``docs/spec-notes.md``, "Rules the page writes in prose".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from fnmatch import fnmatchcase
from typing import Any, Literal

import attrs

from ._report import Issue, one_line, pointer_token

__all__ = ["RULES", "Condition", "FieldRule", "Plan", "RuleSet", "apply_rules", "rules_for"]

_SHOWN = 40
"""Longest part of a value a message shows."""


@attrs.frozen
class Condition:
    """Holds when the object's ``field`` is a string matching one of ``patterns`` (``fnmatch``).

    With ``exclude``, holds when it matches none of them.
    """

    field: str
    patterns: tuple[str, ...]
    exclude: bool = False

    def holds(self, value: object) -> bool:
        """Whether the condition holds for the value of its field (absent: ``None``)."""
        if not isinstance(value, str):
            return False
        if len(value) > _CACHED_VALUE_CHARS:  # a type name is short: do not keep long ones
            return _matches.__wrapped__(self.patterns, value) != self.exclude
        return _matches(self.patterns, value) != self.exclude


_CACHED_VALUE_CHARS = 64


@functools.lru_cache(maxsize=1024)
def _matches(patterns: tuple[str, ...], value: str) -> bool:
    """Whether ``value`` is one of ``patterns`` (``fnmatch``); cached: documents repeat types."""
    if value in patterns:
        return True
    return any(fnmatchcase(value, p) for p in patterns if any(c in p for c in "*?["))


@attrs.frozen
class FieldRule:
    """One sentence of the page about when a field applies.

    Attributes:
        field: The wire name of the field the sentence is about.
        when: The conditions under which it applies (all of them); the first one's
            field decides whether the rule is checked at all: when it does not hold a
            string (missing, or of the wrong type), another issue is the root cause.
        applies_to: What the field applies to, in words, for messages.
        quote: The sentence of the page (or of the SDK), as written.
        kind: ``only``: given where the conditions do not hold, the field is
            ``not-applicable``; ``required``: missing where they hold, it is
            ``required-for-type``.
        within: The field is a member of each object in this array field
            (``concepts[].modelEpoch``), not of the object itself.
    """

    field: str
    when: tuple[Condition, ...]
    applies_to: str
    quote: str
    kind: Literal["only", "required"] = "only"
    within: str | None = None

    @property
    def fields(self) -> frozenset[str]:
        """Every field of the object the rule reads."""
        own = self.within if self.within is not None else self.field
        return frozenset({own, *(condition.field for condition in self.when)})


_FILES = ("file", "file_array")
# "`number` and `array` input types": no input type is called `array`; the page's
# `*_array` types are (docs/spec-notes.md, "Rules the page writes in prose").


def _input_rule(field: str, types: tuple[str, ...], applies_to: str, quote: str) -> FieldRule:
    return FieldRule(field, (Condition("type", types),), applies_to, quote)


_STRING_ONLY = "Only available for `string` input type."
_FILE_ONLY = "Only available for `file` and `file_array` input types."

RULES: dict[str, tuple[FieldRule, ...]] = {
    "ModelInput": (
        FieldRule(
            "backgroundBehavior",
            (Condition("type", _FILES), Condition("kind", ("image",))),
            "`file` and `file_array` inputs of kind `image`",
            "Only available for `file` and `file_array` input types with kind `image`.",
        ),
        _input_rule("color", ("string",), "`string` inputs", _STRING_ONLY),
        _input_rule(
            "inputs",
            ("inputs_array",),
            "`inputs_array` inputs",
            "This is only available for type inputs_array inputs.",
        ),
        _input_rule(
            "kind",
            _FILES,
            "`file` and `file_array` inputs",
            "Only taken into account for `file` and `file_array` input types.",
        ),
        _input_rule(
            "max",
            ("number", "*_array"),
            "`number` and `*_array` inputs",
            "Only available for `number` and `array` input types.",
        ),
        _input_rule(
            "maxDuration",
            _FILES,
            "`file` and `file_array` inputs",
            "only applies to `file` and `file_array` input types for video and audio assets",
        ),
        _input_rule(
            "maxSize",
            _FILES,
            "`file` and `file_array` inputs",
            "Only applies to `file` and `file_array` input types.",
        ),
        _input_rule(
            "min",
            ("number", "*_array"),
            "`number` and `*_array` inputs",
            "Only available for `number` and array input types.",
        ),
        _input_rule(
            "minDuration",
            _FILES,
            "`file` and `file_array` inputs",
            "only applies to `file` and `file_array` input types for video and audio assets",
        ),
        _input_rule(
            "modelTypes",
            ("model_array",),
            "`model_array` inputs",
            "Only available for `model_array` input type.",
        ),
        _input_rule("parent", _FILES, "`file` and `file_array` inputs", _FILE_ONLY),
        _input_rule("placeholder", ("string",), "`string` inputs", _STRING_ONLY),
        _input_rule("prompt", ("string",), "`string` inputs", _STRING_ONLY),
        _input_rule("promptSpark", ("string",), "`string` inputs", _STRING_ONLY),
        _input_rule(
            "step", ("number",), "`number` inputs", "Only available for `number` input type."
        ),
    ),
    "Model": (
        FieldRule(
            "concepts",
            (Condition("type", ("*-composition",)),),
            "composition models",
            "The concepts is required for the type model: composition",
            kind="required",
        ),
        FieldRule(
            "epoch",
            (Condition("type", ("flux*-lora",)),),
            "Flux LoRA trained models",
            "Only available for Flux Lora Trained models",
        ),
        FieldRule(
            "epochs",
            (Condition("type", ("flux*-lora",)),),
            "Flux LoRA trained models",
            "Only available for Flux Lora Trained models.",
        ),
        FieldRule(
            "inputs",
            (Condition("type", ("custom",)),),
            "custom models",
            "Only used for custom models.",
        ),
        FieldRule(
            "modelEpoch",
            (Condition("type", ("sd-*",), exclude=True),),
            "concepts of Flux LoRA trained models",
            "Only available for Flux Lora Trained models",
            within="concepts",
        ),
    ),
}
"""The prose rules, per class name: the sentences of the page (``maxDuration`` and
``minDuration``: of SDK 2.4.0, whose fields they are)."""


def rules_for(cls: type, wires: frozenset[str] | Any) -> RuleSet | None:
    """The rules of a class whose fields (``wires``, in one revision) hold every field they read."""
    rules = tuple(rule for rule in RULES.get(cls.__name__, ()) if rule.fields <= set(wires))
    return RuleSet(rules) if rules else None


_KINDS_KEPT = 256
"""Most values of the deciding field whose quick answer a rule set keeps."""


class RuleSet:
    """The rules of one class in one revision, as the checks call them.

    Calling it is :func:`apply_rules`, with a quick exit for the common case: for
    each value of the deciding field (an input's ``type``, a model's ``type``) it
    knows which fields could be reported, and an object holding none of them
    costs one ``get`` and one ``isdisjoint``.
    """

    def __init__(self, rules: tuple[FieldRule, ...]) -> None:
        self.rules = rules
        deciders = {rule.when[0].field for rule in rules}
        self.decider = deciders.pop() if len(deciders) == 1 else None
        self._quick: dict[str, tuple[frozenset[str], bool]] = {}

    def _suspects(self, kind: str) -> tuple[frozenset[str], bool]:
        """The fields an ``only`` rule could report, and whether a ``required`` rule could."""
        only: set[str] = set()
        required = False
        for rule in self.rules:
            decided = len(rule.when) == 1
            holds = rule.when[0].holds(kind)
            if rule.kind == "required":
                required = required or holds or not decided
            elif not (holds and decided):
                only.add(rule.within if rule.within is not None else rule.field)
        return frozenset(only), required

    def __call__(self, value: Mapping[str, Any], path: str, out: list[Issue], start: int) -> None:
        """Append the warnings of the rules about ``value`` (see :func:`apply_rules`)."""
        if self.decider is not None:
            kind = value.get(self.decider)
            if not isinstance(kind, str):
                return
            quick = self._quick.get(kind)
            if quick is None:
                quick = self._suspects(kind)
                if len(self._quick) < _KINDS_KEPT:
                    self._quick[kind] = quick
            only, required = quick
            if not required and only.isdisjoint(value):
                return
        apply_rules(self.rules, value, path, out, start)


class Step:
    """One rule that can fire for one value of the deciding field, ready to report."""

    def __init__(self, rule: FieldRule, kind: str, others: tuple[Condition, ...]) -> None:
        decider = rule.when[0].field
        self.field = rule.within if rule.within is not None else rule.field
        self.required = rule.kind == "required"
        self.code = "required-for-type" if self.required else "not-applicable"
        self.token = _slash(self.field)
        self.inner = None if rule.within is None else _slash(rule.field)
        self.inner_field = rule.field
        self.others = others
        self.message = one_line(_message(rule, decider, kind))
        self._issues: dict[str, Issue] = {}
        self.by_object: dict[str, Issue] = {}
        """The warnings given, by the path of their object (for the clean tier's lookups)."""

    def issue(self, where: str) -> Issue:
        """The warning at ``where`` (issues are immutable: one object per path is kept)."""
        found = self._issues.get(where)
        if found is None:
            found = Issue(where, self.code, self.message, "warning")
            if len(self._issues) < _ISSUES_KEPT:
                self._issues[where] = found
        return found

    def at(self, path: str) -> Issue:
        """The warning about the field of the object at ``path`` (see :attr:`by_object`)."""
        found = self.by_object.get(path)
        if found is None:
            found = Issue(path + self.token, self.code, self.message, "warning")
            if len(self.by_object) < _ISSUES_KEPT:
                self.by_object[path] = found
        return found

    @property
    def reads(self) -> tuple[str, ...]:
        """The fields of the object the step reads: its own, then its conditions'."""
        return (self.field, *(condition.field for condition in self.others))


_ISSUES_KEPT = 256
"""Most warnings (paths) a plan step keeps for reuse."""


class Plan:
    """The steps of a rule set that can fire for one value of its deciding field, in order."""

    def __init__(self, rules: tuple[FieldRule, ...], kind: str) -> None:
        steps: list[Step] = []
        for rule in rules:
            first, others = rule.when[0], rule.when[1:]
            if rule.kind == "required":
                if first.holds(kind):
                    steps.append(Step(rule, kind, others))
            elif not first.holds(kind):
                steps.append(Step(rule, kind, ()))  # never applies: given is reported
            elif others:
                steps.append(Step(rule, kind, others))
        self.steps = tuple(steps)
        self.suspects: frozenset[str] | None = (
            None if any(step.required for step in steps) else frozenset(s.field for s in steps)
        )

    def emit(self, value: Mapping[str, Any], path: str, out: list[Issue]) -> None:
        """Append the warnings of the steps, as :func:`apply_rules` would for a clean object."""
        get = value.get
        for step in self.steps:
            given = get(step.field) is not None
            if step.required:
                if not given and all(c.holds(get(c.field)) for c in step.others):
                    out.append(step.issue(path + step.token))
                continue
            if not given or (step.others and all(c.holds(get(c.field)) for c in step.others)):
                continue
            if step.inner is None:
                out.append(step.issue(path + step.token))
                continue
            items = get(step.field)
            if isinstance(items, list):
                for index, item in enumerate(items):
                    if isinstance(item, Mapping) and item.get(step.inner_field) is not None:
                        out.append(step.issue(f"{path}{step.token}/{index}{step.inner}"))


def _shown(value: str) -> str:
    return repr(value) if len(value) <= _SHOWN else repr(value[:_SHOWN]) + "..."


def apply_rules(
    rules: tuple[FieldRule, ...], value: Mapping[str, Any], path: str, out: list[Issue], start: int
) -> None:
    """Append the warnings of ``rules`` about the object ``value`` found at ``path``.

    ``out[start:]`` holds the issues already found inside this object: a field an
    error was reported at is not reported again, and a rule whose deciding field
    was reported (an unknown input ``type``, in either mode) is not checked: which
    fields apply is then unknown (one root cause). Both are looked up only when a
    rule would report; a rule whose field is absent (``only``) or given
    (``required``) costs one ``get``.
    """
    get = value.get
    found = _Found(out, start)
    for rule in rules:
        given = get(rule.within if rule.within is not None else rule.field) is not None
        if given is (rule.kind == "required"):
            continue
        decider = rule.when[0]
        kind = get(decider.field)
        if not isinstance(kind, str):
            continue
        if len(rule.when) == 1:
            applies = decider.holds(kind)
        else:
            applies = all(condition.holds(get(condition.field)) for condition in rule.when)
        if rule.kind == "required":
            where = path + _slash(rule.field)
            if (
                applies
                and not found.refused(where)
                and not found.reported(path + _slash(decider.field))
            ):
                message = _message(rule, decider.field, kind)
                out.append(Issue(where, "required-for-type", message, "warning"))
            continue
        if applies:
            continue
        if rule.within is None:
            targets = [path + _slash(rule.field)] if get(rule.field) is not None else []
        else:
            items = get(rule.within)
            targets = (
                [
                    f"{path}{_slash(rule.within)}/{index}{_slash(rule.field)}"
                    for index, item in enumerate(items)
                    if isinstance(item, Mapping) and item.get(rule.field) is not None
                ]
                if isinstance(items, list)
                else []
            )
        if not targets or found.reported(path + _slash(decider.field)):
            continue
        message = _message(rule, decider.field, kind)
        for where in targets:
            if not found.refused(where):
                out.append(Issue(where, "not-applicable", message, "warning"))


@functools.lru_cache(maxsize=256)
def _slash(name: str) -> str:
    """``/`` and the pointer token of a field name (the rules name a few fixed fields)."""
    return "/" + pointer_token(name)


def _message(rule: FieldRule, decider: str, kind: str) -> str:
    """The warning of a rule for a value of its deciding field (cached for short values)."""
    if len(kind) > _CACHED_VALUE_CHARS:
        return _message_for.__wrapped__(rule.kind, rule.field, rule.applies_to, decider, kind)
    return _message_for(rule.kind, rule.field, rule.applies_to, decider, kind)


@functools.lru_cache(maxsize=1024)
def _message_for(kind_of_rule: str, field: str, applies_to: str, decider: str, kind: str) -> str:
    if kind_of_rule == "required":
        return f"{field} is required for {applies_to}, type {_shown(kind)}"
    return f"{field} is only available for {applies_to}, not with {decider} {_shown(kind)}"


class _Found:
    """The paths of the issues already found inside one object, gathered once, when first asked.

    The warnings a rule appends are never at a deciding field's path nor errors, so
    gathering before them answers as the whole list would.
    """

    def __init__(self, out: list[Issue], start: int) -> None:
        self._out, self._start = out, start
        self._paths: set[str] | None = None
        self._errors: set[str] = set()

    def _gather(self) -> set[str]:
        if self._paths is None:
            found = self._out[self._start :]
            self._paths = {issue.path for issue in found}
            self._errors = {issue.path for issue in found if issue.severity == "error"}
        return self._paths

    def reported(self, where: str) -> bool:
        """Whether an issue of this object is at ``where``."""
        return where in self._gather()

    def refused(self, where: str) -> bool:
        """Whether an error of this object is at ``where``."""
        self._gather()
        return where in self._errors
