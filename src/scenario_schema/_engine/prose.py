"""The prose rules in their two forms: the reference's, and the plans generated code is made from.

The rules are declared once, in ``_rules.py``. :class:`ReferenceRules` is the reference
form: it reads an object as it is, whatever is wrong with it, and is what the walker
(``reference.py``) runs. A :class:`Plan` is the generated form's: for one value of
the deciding field (an input's ``type``) of an object with nothing wrong in it, the
steps that can fire; ``generated.py`` turns each into a small function. Both word
their warnings with :func:`_message`, so they cannot differ.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .._report import Issue, one_line, pointer_token
from .._rules import SHORT_VALUE, Condition, FieldRule, decider

__all__ = ["Plan", "ReferenceRules", "Step"]

_SHOWN = 40
"""Longest part of a value a message shows."""


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
        """The warnings given, by the path of their object (generated code looks them up)."""

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


def _shown(value: str) -> str:
    return repr(value) if len(value) <= _SHOWN else repr(value[:_SHOWN]) + "..."


class ReferenceRules:
    """The reference form of a class's rules: :meth:`apply` reads an object as it is.

    For each value of the deciding field met (an input's ``type``), the rules that can
    report anything are worked out once (:meth:`_can_report`): a rule that applies to
    that value whatever else the object holds reports nothing, and is not looked at;
    a rule about one field of the object itself that never applies to the value
    (most of them) is kept with its path token and its message, ready to report.
    """

    def __init__(self, rules: tuple[FieldRule, ...]) -> None:
        self.rules = rules
        self.decider = decider(rules)
        self._token = _slash(self.decider) if self.decider is not None else ""
        self._by_kind: dict[str, tuple[tuple[FieldRule, str, str] | FieldRule, ...]] = {}

    def _can_report(self, kind: str) -> tuple[tuple[FieldRule, str, str] | FieldRule, ...]:
        found = self._by_kind.get(kind)
        if found is None:
            found = tuple(
                (rule, _slash(rule.field), _message(rule, rule.when[0].field, kind))
                if rule.kind == "only" and len(rule.when) == 1 and rule.within is None
                else rule
                for rule in self.rules
                if rule.when[0].holds(kind) == (rule.kind == "required") or len(rule.when) > 1
            )
            if len(kind) <= SHORT_VALUE and len(self._by_kind) < _KINDS_KEPT:
                self._by_kind[kind] = found
        return found

    def apply(self, value: Mapping[str, Any], path: str, out: list[Issue], start: int) -> None:
        """Append the warnings of the rules about the object ``value`` found at ``path``.

        ``out[start:]`` holds the issues already found inside this object: a field an
        error was reported at is not reported again, and a rule whose deciding field
        was reported (an unknown input ``type``, in either mode) is not checked: which
        fields apply is then unknown (one root cause). Both are looked up only when a
        rule would report.
        """
        get = value.get
        found = _Found(out, start)
        if self.decider is None:  # several deciding fields: every rule, in order
            for rule in self.rules:
                kind = get(rule.when[0].field)
                if isinstance(kind, str):
                    _apply_rule(rule, kind, get, path, out, found)
            return
        kind = get(self.decider)  # every rule of the class decided by one field
        if not isinstance(kind, str):
            return
        decided: bool | None = None  # whether the deciding field was reported, once asked
        for step in self._can_report(kind):
            if not isinstance(step, tuple):
                _apply_rule(step, kind, get, path, out, found)
                continue
            rule, token, message = step
            if get(rule.field) is None:
                continue
            if decided is None:
                decided = found.reported(path + self._token)
            where = path + token
            if not decided and not found.refused(where):
                out.append(_warning(where, "not-applicable", message))


_KINDS_KEPT = 256
"""Most values of a deciding field whose rules are worked out once and kept."""


def _apply_rule(
    rule: FieldRule, kind: str, get: Any, path: str, out: list[Issue], found: _Found
) -> None:
    """Append the warnings of one rule about an object whose deciding field holds ``kind``."""
    given = get(rule.within if rule.within is not None else rule.field) is not None
    if given is (rule.kind == "required"):
        return
    decider = rule.when[0]
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
            out.append(_warning(where, "required-for-type", _message(rule, decider.field, kind)))
        return
    if applies:
        return
    if rule.within is None:
        targets = [path + _slash(rule.field)]
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
        return
    message = _message(rule, decider.field, kind)
    for where in targets:
        if not found.refused(where):
            out.append(_warning(where, "not-applicable", message))


def _warning(where: str, code: str, message: str) -> Issue:
    """The warning of a rule at a place: made once, then reused (issues are immutable)."""
    issue = _WARNINGS.get((where, message))
    if issue is None:
        issue = Issue(where, code, message, "warning")
        if len(_WARNINGS) < _WARNINGS_KEPT:
            _WARNINGS[where, message] = issue
    return issue


_WARNINGS: dict[tuple[str, str], Issue] = {}
_WARNINGS_KEPT = 4096


@functools.lru_cache(maxsize=256)
def _slash(name: str) -> str:
    """``/`` and the pointer token of a field name (the rules name a few fixed fields)."""
    return "/" + pointer_token(name)


def _message(rule: FieldRule, decider: str, kind: str) -> str:
    """The warning of a rule for a value of its deciding field (cached for short values)."""
    if len(kind) > SHORT_VALUE:
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
