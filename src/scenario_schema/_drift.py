"""Drift: where a stream of real documents and the contract part ways.

One pass, constant memory: each document is validated in lenient mode and its
issues are folded into counters keyed by a path *pattern* (array indices and
free object keys become ``*``: ``/model/inputs/*/kind``). Counters keep at most
:data:`EXAMPLES` example positions and :data:`DISTINCT_VALUES` distinct values
per finding, and at most :data:`MAX_FINDINGS` findings, so memory does not grow
with the stream. Values are previewed only when short, credentials never.

Drift runs under one contract revision; a finding that another revision
documents (a field it declares, a value it lists, a number within its bounds)
says so in ``known_in`` (and each value of an enum finding in
``values_known_in``). Every document is also checked under each other revision,
so the report knows how many findings the stream has under each
(``findings_by_revision``) and which revision each document fits best: it
suggests a revision only when the stream has fewer findings under it, and says
when the stream mixes documents of several revisions.
"""

from __future__ import annotations

import re
import sys
import typing
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from ._api import resolve_schema, validate
from ._engine import Check, Options, compile_shape
from ._fields import Array, FieldSpec, Map, Object, Shape, class_spec
from ._preview import is_number, json_type
from ._report import Issue, pointer_token, tokens_of
from ._revisions import ANY_REVISION, DEFAULT_REVISION, REVISIONS, Revision, resolve_revision
from ._shapes import Unrecognised, detect_schema
from ._typos import likely_typo
from .models import SCHEMAS, Contract, SchemaName, schema_name

__all__ = [
    "DEFAULT_FAIL_ON",
    "FINDING_KINDS",
    "DriftCollector",
    "DriftReport",
    "Finding",
    "documented_patterns",
    "drift",
    "pattern_of",
]

EXAMPLES = 3
DISTINCT_VALUES = 20
MAX_FINDINGS = 10_000
_SHORT = 40
_CREDENTIAL_NAME = re.compile(r"key|token|secret|password|passwd|auth|credential", re.IGNORECASE)

FINDING_KINDS: tuple[str, ...] = (
    "unknown-field",
    "unknown-enum",
    "required",
    "bound",
    "type",
    "not-finite",
    "depth",
    "conflict",
    "format",
)
"""Kinds of finding: issue codes, with the four bound codes folded into ``bound``."""
DEFAULT_FAIL_ON: tuple[str, ...] = tuple(
    kind for kind in FINDING_KINDS if kind not in ("conflict", "format")
)
"""The kinds that are drift, and fail ``scenario-schema drift`` by default: not a
``conflict`` between two documented fields (the page's own example has one), nor a
``format`` (checked only on request)."""
_KIND_OF_CODE: dict[str, str] = {
    "unknown-field": "unknown-field",
    "unknown-enum": "unknown-enum",
    "required": "required",
    "minimum": "bound",
    "maximum": "bound",
    "exclusiveMinimum": "bound",
    "maxLength": "bound",
    "type": "type",
    "not-finite": "not-finite",
    "depth": "depth",
}
_OVERFLOW = "(other values)"
_USAGE_CODES = frozenset({"not-applicable", "required-for-type"})
"""The prose rules of the page (``_rules.py``): documented fields used where the page says
they do not apply. The documents keep the contract's shape: not drift."""


def pattern_of(pointer: str, cls: type, revision: str = DEFAULT_REVISION) -> str:
    """The path pattern of a JSON Pointer: array indices and free keys folded to ``*``."""
    shape: Shape | None = Object(cls)
    parts: list[str] = []
    for token in tokens_of(pointer):
        if isinstance(shape, Object):
            field = class_spec(shape.cls, revision).by_wire.get(token)
            parts.append(pointer_token(token))
            shape = field.shape if field is not None else None
        elif isinstance(shape, (Array, Map)):
            parts.append("*")
            shape = shape.item if isinstance(shape, Array) else shape.value
        else:  # inside an `object` value or an undocumented field: fold indices only
            parts.append("*" if token.isdigit() else pointer_token(token))
    return "".join("/" + part for part in parts)


def _resolve(payload: Any, pointer: str) -> Any:
    value = payload
    for token in tokens_of(pointer):
        if isinstance(value, Mapping):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


@attrs.frozen
class Finding:
    """One way the stream departs from the contract, at one path pattern.

    Attributes:
        kind: ``unknown-field``, ``unknown-enum``, ``required``, ``bound``, ``type``, ...
        pattern: The path pattern (``/model/inputs/*/kind``).
        documents: How many documents show it.
        codes: The issue codes seen, with counts (``maximum``, ``minimum``...).
        values: Short previews of the values seen, with counts (at most 20 distinct; never
            credentials); for undocumented fields and type errors, the JSON types seen.
        minimum: The smallest offending number seen (bound findings).
        maximum: The largest offending number (or string length, for ``maxLength``) seen.
        examples: Up to three positions of documents that show it.
        known_in: The other revisions that document every occurrence of it (an
            undocumented field they declare, a value they list, a number within
            their bounds), oldest first.
        did_you_mean: For an undocumented field that is a likely typo of a documented
            field of the same object, that field's name (``_typos.likely_typo``).
        values_known_in: For an ``unknown-enum`` finding, the other revisions that
            document each value (keyed as in ``values``; a value no revision lists
            is absent), so a documented value shows beside an unknown one.
    """

    kind: str
    pattern: str
    documents: int
    codes: dict[str, int]
    values: dict[str, int]
    minimum: float | None
    maximum: float | None
    examples: tuple[str, ...]
    known_in: tuple[str, ...] = ()
    did_you_mean: str | None = None
    values_known_in: dict[str, tuple[str, ...]] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with stable key order."""
        return {
            "kind": self.kind,
            "pattern": self.pattern,
            "documents": self.documents,
            "codes": dict(sorted(self.codes.items())),
            "values": dict(sorted(self.values.items())),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "examples": list(self.examples),
            "known_in": list(self.known_in),
            "did_you_mean": self.did_you_mean,
            "values_known_in": {
                value: list(revisions) for value, revisions in sorted(self.values_known_in.items())
            },
        }


@attrs.frozen
class DriftReport:
    """Every finding of a stream, plus how often each documented field was present.

    Attributes:
        documents: How many documents were read.
        schemas: How many documents were checked against each schema.
        findings: Every finding, most documents first.
        fields: For each documented path pattern, in how many documents it held a value
            (a field that stops being sent shows here).
        dropped: Findings not kept because :data:`MAX_FINDINGS` were already tracked.
        revision: The contract revision the documents were checked against.
        findings_by_revision: How many findings the stream has under each revision
            (this one's included), measured: each document is checked under each.
        fits: For each revision, how many documents have fewer findings under it than
            under any other (documents that fit several equally are not counted).
        unrecognised: Positions of documents (up to :data:`EXAMPLES`) whose schema
            ``auto`` could not tell from their shape; they are counted in ``documents``
            and in ``unrecognised_count``, and checked against nothing.
        unrecognised_count: How many documents ``auto`` could not tell.
    """

    documents: int
    schemas: dict[str, int]
    findings: tuple[Finding, ...]
    fields: dict[str, int]
    dropped: int = 0
    revision: str = DEFAULT_REVISION
    findings_by_revision: dict[str, int] = attrs.field(factory=dict)
    fits: dict[str, int] = attrs.field(factory=dict)
    unrecognised: tuple[str, ...] = ()
    unrecognised_count: int = 0

    def kinds(self) -> set[str]:
        """The kinds of finding present."""
        return {finding.kind for finding in self.findings}

    def never_sent(self) -> list[str]:
        """Documented fields no document held, though their parent object was present."""
        absent = []
        for name in self.schemas:
            if name not in SCHEMAS:
                continue
            for pattern in documented_patterns(SCHEMAS[name], self.revision):
                parent = pattern.rsplit("/", 1)[0]
                while parent.endswith("/*"):
                    parent = parent[:-2]
                if pattern not in self.fields and (parent == "" or parent in self.fields):
                    absent.append(pattern)
        return absent

    def explained_by(self) -> dict[str, int]:
        """For each other revision, how many findings it documents (most first)."""
        counts = Counter(revision for finding in self.findings for revision in finding.known_in)
        ranked = sorted(counts.items(), key=lambda i: (-i[1], -REVISIONS.index(i[0])))
        return dict(ranked)

    def suggested_revision(self) -> str | None:
        """The revision under which the stream has the fewest findings, if not this one.

        Never one with as many findings as this one or more (on a tie between others,
        the newest), so following the advice, then the advice given there, converges.
        """
        counts = self.findings_by_revision
        here = counts.get(self.revision, len(self.findings))
        better = [(n, -REVISIONS.index(r)) for r, n in counts.items() if n < here]
        if not better:
            return None
        return REVISIONS[-min(better)[1]]

    def mixed(self) -> bool:
        """Whether the stream mixes documents that fit different revisions best."""
        return sum(1 for count in self.fits.values() if count) > 1

    def to_json(self) -> dict[str, Any]:
        """A stable JSON document, suitable for diffing between two days."""
        ordered = sorted(self.findings, key=lambda f: (f.kind, f.pattern))
        return {
            "revision": self.revision,
            "suggestedRevision": self.suggested_revision(),
            "findingsByRevision": dict(self.findings_by_revision),
            "mixed": self.mixed(),
            "fits": dict(self.fits),
            "documents": self.documents,
            "schemas": dict(sorted(self.schemas.items())),
            "findings": [finding.to_json() for finding in ordered],
            "fields": dict(sorted(self.fields.items())),
            "neverSent": self.never_sent(),
            "dropped": self.dropped,
            "unrecognised": self.unrecognised_count,
        }


@attrs.define
class _Tally:
    kind: str
    pattern: str
    documents: int = 0
    last_document: int = -1
    codes: Counter[str] = attrs.Factory(Counter)
    values: Counter[str] = attrs.Factory(Counter)
    minimum: float | None = None
    maximum: float | None = None
    examples: list[str] = attrs.Factory(list)
    known_in: set[str] | None = None  # None until the first occurrence
    did_you_mean: str | None = None
    value_known: dict[str, set[str]] = attrs.Factory(dict)  # per value, as known_in

    def count_value(self, label: str) -> bool:
        """Count a value's label; False when it went to the overflow count instead."""
        if label in self.values or len(self.values) < DISTINCT_VALUES:
            self.values[label] += 1
            return True
        self.values[_OVERFLOW] += 1
        return False

    def know_value(self, label: str, known: set[str]) -> None:
        before = self.value_known.get(label)
        self.value_known[label] = known if before is None else before & known

    def observe(self, number: float) -> None:
        number = _as_float(number)
        self.minimum = number if self.minimum is None else min(self.minimum, number)
        self.maximum = number if self.maximum is None else max(self.maximum, number)

    def freeze(self) -> Finding:
        return Finding(
            kind=self.kind,
            pattern=self.pattern,
            documents=self.documents,
            codes=dict(self.codes),
            values=dict(self.values),
            minimum=self.minimum,
            maximum=self.maximum,
            examples=tuple(self.examples),
            known_in=tuple(r for r in REVISIONS if r in (self.known_in or ()))
            if self.kind in _KNOWABLE
            else (),
            did_you_mean=self.did_you_mean,
            values_known_in={
                label: tuple(r for r in REVISIONS if r in known)
                for label, known in self.value_known.items()
                if known
            },
        )


def _as_float(number: float) -> float:
    """A number as a finding keeps it, so that every report prints and serialises.

    An integer past 64 bits becomes a float (the largest one, past the double range).
    """
    if isinstance(number, float) or -(2**63) < number < 2**63:
        return number
    try:
        return float(number)
    except OverflowError:
        return sys.float_info.max if number > 0 else -sys.float_info.max


def _short(value: Any, *, secret: bool) -> str | None:
    """A preview of a short scalar value, or None when it must not or cannot be shown."""
    if secret:
        return None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if is_number(value):
        # An integer of more than _SHORT digits is not short (and past 4300 digits,
        # Python will not even write it out).
        if isinstance(value, int) and value.bit_length() > 4 * _SHORT:
            return None
        text = repr(value)
        return text if len(text) <= _SHORT else None
    if isinstance(value, str) and len(value) <= _SHORT:
        return repr(value)
    return None


_KNOWABLE = frozenset({"unknown-field", "unknown-enum", "required", "bound", "type"})
"""Kinds of finding another revision can explain."""


class _Revisions:
    """Whether other revisions document what one revision reports, per path pattern."""

    def __init__(self, revision: str) -> None:
        self.others = tuple(other for other in REVISIONS if other != revision)
        self._fields: dict[tuple[type, str, str], FieldSpec | None] = {}
        self._checks: dict[tuple[type, str, str], Check] = {}

    def field(self, cls: type, pattern: str, revision: str) -> FieldSpec | None:
        """The documented field a pattern ends at in a revision (after any ``/*``), if any."""
        key = (cls, pattern, revision)
        if key not in self._fields:
            self._fields[key] = _field_at(cls, pattern, revision)
        return self._fields[key]

    def accepts(self, cls: type, pattern: str, revision: str, value: Any) -> bool:
        """Whether a revision's (strict) check of the value at a pattern passes."""
        key = (cls, pattern, revision)
        check = self._checks.get(key)
        if check is None:
            field = self.field(cls, pattern, revision)
            if field is None:
                return False
            shape = _item_shape(field.shape, pattern)
            options = Options(mode="strict", check_formats=False, revision=revision)
            check = self._checks[key] = compile_shape(shape, options)
        out: list[Issue] = []
        check(value, "", out)
        return not out

    def knowing(self, kind: str, cls: type, pattern: str, value: Any) -> set[str]:
        """The other revisions that document this occurrence of a finding."""
        known = set()
        for other in self.others:
            field = self.field(cls, pattern, other)
            if kind == "unknown-field":
                ok = field is not None
            elif kind == "required":
                ok = field is None or not field.required
            elif value is None and not pattern.endswith("/*"):  # a null where none was allowed
                ok = field is not None and field.nullable
            else:  # unknown-enum, bound, type: the value passes the other's check
                ok = self.accepts(cls, pattern, other, value)
            if ok:
                known.add(other)
        return known


def _field_at(cls: type, pattern: str, revision: str) -> FieldSpec | None:
    shape: Shape = Object(cls)
    field: FieldSpec | None = None
    for token in tokens_of(pattern):
        if token == "*" and isinstance(shape, (Array, Map)):
            shape = shape.item if isinstance(shape, Array) else shape.value
            continue
        if not isinstance(shape, Object):
            return None
        field = class_spec(shape.cls, revision).by_wire.get(token)
        if field is None:
            return None
        shape = field.shape
    return field


def _typo_at(cls: type, pattern: str, revision: str) -> str | None:
    """The documented field an undocumented one (at ``pattern``) is a likely typo of."""
    parent, _, token = pattern.rpartition("/")
    shape: Shape = Object(cls)
    if parent:
        field = _field_at(cls, parent, revision)
        if field is None:
            return None
        shape = _item_shape(field.shape, parent)
    if not isinstance(shape, Object):
        return None
    return likely_typo(tokens_of("/" + token)[0], class_spec(shape.cls, revision).by_wire)


def _item_shape(shape: Shape, pattern: str) -> Shape:
    """The shape a pattern's trailing ``/*`` tokens reach from a field's shape."""
    tokens = tokens_of(pattern)
    while tokens and tokens[-1] == "*" and isinstance(shape, (Array, Map)):
        shape = shape.item if isinstance(shape, Array) else shape.value
        tokens.pop()
    return shape


class DriftCollector:
    """Accumulates drift over documents added one at a time (see :func:`drift`)."""

    def __init__(
        self,
        schema: SchemaName | Literal["auto"] | type[Contract] = "auto",
        *,
        revision: Revision = "latest",
    ) -> None:
        self._schema = schema
        self._revision: Revision = typing.cast("Revision", resolve_revision(revision))
        self._others = _Revisions(self._revision)
        self._documents = 0
        self._schemas: Counter[str] = Counter()
        self._tallies: dict[tuple[str, str], _Tally] = {}
        self._fields: Counter[str] = Counter()
        self._dropped = 0
        self._elsewhere: dict[str, set[tuple[str, str]]] = {r: set() for r in self._others.others}
        self._fits: Counter[str] = Counter()
        self._unrecognised: list[str] = []
        self._unrecognised_count = 0
        self._secrets = {
            (cls, spec.wire)
            for cls in _all_classes()
            for spec in class_spec(cls, ANY_REVISION).fields  # a secret of any revision
            if spec.secret
        }

    def add(self, payload: Any, position: str | None = None) -> None:
        """Fold one document into the counts; ``position`` names it in examples."""
        self._documents += 1
        where = position if position is not None else f"#{self._documents}"
        if self._schema == "auto":
            detected = detect_schema(payload)
            if isinstance(detected, Unrecognised):
                self._unrecognised_count += 1
                if len(self._unrecognised) < EXAMPLES:
                    self._unrecognised.append(where)
                return
            name: SchemaName | type[Contract] = detected
        else:
            name = self._schema
        cls = resolve_schema(name)
        label = schema_name(cls)
        self._schemas[label] += 1
        issues = validate(payload, cls, mode="lenient", revision=self._revision).issues
        for issue in issues:
            self._fold(issue, payload, cls, where)
        for pattern in _present_patterns(payload, cls, self._revision):
            self._fields[pattern] += 1
        self._measure_elsewhere(payload, cls, _drift_count(issues))

    def _measure_elsewhere(self, payload: Any, cls: type, here: int) -> None:
        """Check the document under every other revision: its findings there, its best fit."""
        counts: dict[str, int] = {self._revision: here}
        for other, keys in self._elsewhere.items():
            revision = typing.cast("Revision", other)
            issues = validate(payload, cls, mode="lenient", revision=revision).issues
            counts[other] = _drift_count(issues)
            for issue in issues:
                if issue.code not in _USAGE_CODES and len(keys) < MAX_FINDINGS:
                    kind = _KIND_OF_CODE.get(issue.code, issue.code)
                    keys.add((kind, pattern_of(issue.path, cls, other)))
        fewest = min(counts.values())
        best = [revision for revision, count in counts.items() if count == fewest]
        if len(best) == 1:
            self._fits[best[0]] += 1

    def _fold(self, issue: Issue, payload: Any, cls: type, where: str) -> None:
        if issue.code in _USAGE_CODES:
            return
        kind = _KIND_OF_CODE.get(issue.code, issue.code)
        pattern = pattern_of(issue.path, cls, self._revision)
        key = (kind, pattern)
        tally = self._tallies.get(key)
        if tally is None:
            if len(self._tallies) >= MAX_FINDINGS:
                self._dropped += 1
                return
            tally = self._tallies[key] = _Tally(kind, pattern)
            if kind == "unknown-field":
                tally.did_you_mean = _typo_at(cls, pattern, self._revision)
        if tally.last_document != self._documents:
            tally.last_document = self._documents
            tally.documents += 1
            if len(tally.examples) < EXAMPLES:
                tally.examples.append(where)
        tally.codes[issue.code] += 1
        value = _resolve(payload, issue.path)
        if kind in _KNOWABLE and tally.known_in != set():
            known = self._others.knowing(kind, cls, pattern, value)
            tally.known_in = known if tally.known_in is None else tally.known_in & known
        secret = self._is_secret(pattern, cls)
        if kind in ("unknown-field", "type"):
            tally.count_value(json_type(value))
        elif kind == "unknown-enum":
            label = _short(value, secret=secret) or json_type(value)
            if tally.count_value(label):
                tally.know_value(label, self._others.knowing(kind, cls, pattern, value))
        elif kind == "bound":
            if issue.code == "maxLength" and isinstance(value, str):
                tally.observe(len(value))
            elif is_number(value):
                tally.observe(value)

    def _is_secret(self, pattern: str, cls: type) -> bool:
        last = tokens_of(pattern)[-1] if pattern else ""
        if _CREDENTIAL_NAME.search(last):
            return True
        return any(wire == last for _, wire in self._secrets)

    def report(self) -> DriftReport:
        """The findings so far, most documents first."""
        findings = sorted(
            (tally.freeze() for tally in self._tallies.values()),
            key=lambda f: (-f.documents, f.kind, f.pattern),
        )
        return DriftReport(
            documents=self._documents,
            schemas=dict(self._schemas),
            findings=tuple(findings),
            fields=dict(self._fields),
            dropped=self._dropped,
            revision=self._revision,
            findings_by_revision={
                revision: len(self._tallies) + self._dropped
                if revision == self._revision
                else len(self._elsewhere[revision])
                for revision in REVISIONS
            },
            fits={revision: self._fits[revision] for revision in REVISIONS},
            unrecognised=tuple(self._unrecognised),
            unrecognised_count=self._unrecognised_count,
        )


def _drift_count(issues: Iterable[Issue]) -> int:
    """How many of a document's issues are findings (the prose rules' are not)."""
    return sum(1 for issue in issues if issue.code not in _USAGE_CODES)


def _all_classes() -> list[type]:
    from . import models

    return [getattr(models, name) for name in models.__all__ if name != "Contract"]


def _present_patterns(payload: Any, cls: type, revision: str) -> set[str]:
    """The documented path patterns that hold a (non-null) value in this document."""
    found: set[str] = set()
    stack: list[tuple[Any, type, str]] = [(payload, cls, "")]
    while stack:
        value, current, prefix = stack.pop()
        if not isinstance(value, Mapping):
            continue
        for field in class_spec(current, revision).fields:
            item = value.get(field.wire)
            if item is None:
                continue
            here = f"{prefix}/{pointer_token(field.wire)}"
            found.add(here)
            shape, items, suffix = field.shape, [item], ""
            while isinstance(shape, (Array, Map)):
                suffix += "/*"
                if isinstance(shape, Array):
                    items = [
                        child for parent in items if isinstance(parent, list) for child in parent
                    ]
                    shape = shape.item
                else:
                    items = [c for p in items if isinstance(p, Mapping) for c in p.values()]
                    shape = shape.value
            if isinstance(shape, Object):
                stack.extend((child, shape.cls, here + suffix) for child in items)
    return found


def documented_patterns(cls: type, revision: str = DEFAULT_REVISION) -> list[str]:
    """Every documented path pattern of a schema in a revision, in page order."""
    found: list[str] = []

    def visit(current: type, prefix: str) -> None:
        for field in class_spec(current, revision).fields:
            here = f"{prefix}/{pointer_token(field.wire)}"
            found.append(here)
            shape, suffix = field.shape, ""
            while isinstance(shape, (Array, Map)):
                suffix += "/*"
                shape = shape.item if isinstance(shape, Array) else shape.value
            if isinstance(shape, Object):
                visit(shape.cls, here + suffix)

    visit(cls, "")
    return found


def drift(
    documents: Iterable[Any],
    schema: SchemaName | Literal["auto"] | type[Contract] = "auto",
    *,
    revision: Revision = "latest",
) -> DriftReport:
    """Where a stream of documents departs from the contract, in one pass and constant memory.

    Args:
        documents: Decoded JSON documents (any iterable; a generator is read once).
        schema: A schema name or class, or ``auto`` to tell each document's schema from
            its shape (one it cannot tell is counted in ``unrecognised``, not checked).
        revision: The contract revision to check against (``latest`` by default);
            findings another revision documents say so (``Finding.known_in``).

    Raises:
        ValueError: for an unknown schema or revision.
    """
    collector = DriftCollector(schema, revision=revision)
    for payload in documents:
        collector.add(payload)
    return collector.report()
