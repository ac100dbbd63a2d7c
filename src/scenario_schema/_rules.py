"""Rules the page writes in prose: a field that applies only for some values of another.

"Only available for `string` input type", "Only used for custom models", "The
concepts is required for the type model: composition": each sentence is one
:class:`FieldRule`, data declared once here (:data:`RULES`). The engine applies them
in two forms, both in ``_engine/prose.py``: the reference walker's ``ReferenceRules``,
and the plans the generated code is made from, one per value of the deciding field.

Every rule is a warning: the page's own example breaks several of them (a
``boolean`` input with ``color``, ``step``, ``modelTypes``...; ``epoch`` on a
``custom`` model), and it must stay valid in strict mode. See
``docs/spec-notes.md``, "Rules the page writes in prose".
"""

from __future__ import annotations

import functools
from fnmatch import fnmatchcase
from typing import Any, Literal

import attrs

__all__ = ["RULES", "SHORT_VALUE", "Condition", "FieldRule", "decider", "rules_for"]


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
        if len(value) > SHORT_VALUE:  # a type name is short: do not keep long ones
            return _matches.__wrapped__(self.patterns, value) != self.exclude
        return _matches(self.patterns, value) != self.exclude


SHORT_VALUE = 64
"""Longest value of a deciding field kept in caches: a type name is short."""


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


def rules_for(cls: type, wires: frozenset[str] | Any) -> tuple[FieldRule, ...]:
    """The rules of a class whose fields (``wires``, in one revision) hold every field they read."""
    return tuple(rule for rule in RULES.get(cls.__name__, ()) if rule.fields <= set(wires))


def decider(rules: tuple[FieldRule, ...]) -> str | None:
    """The field whose value decides every rule of a class (an input's ``type``), if one does."""
    deciders = {rule.when[0].field for rule in rules}
    return deciders.pop() if len(deciders) == 1 else None
